"""Framework-free track tools: format sniffing, clipping, captions, loudness, channel layouts."""

from __future__ import annotations

import numpy as np
import pytest

from assets.audio import captions, decode, layout, loudness
from assets.audio.exceptions import ChannelLayoutError, TranscriptError


def test_sniff_by_magic_bytes():
    assert decode.sniff(b"RIFF\x10\x00\x00\x00WAVEfmt ") == "wav"
    assert decode.sniff(b"fLaC\x00\x00\x00\x22") == "flac"
    assert decode.sniff(b"OggS\x00\x02") == "ogg"
    assert decode.sniff(b"ID3\x04\x00") == "mp3" and decode.sniff(b"\xff\xfb\x90\x64") == "mp3"
    assert decode.sniff(b"<html><body>") is None


def test_clipping_counts_only_runs_at_full_scale():
    samples = np.zeros((10_000, 1), np.float32)
    samples[100] = 1.0                  # a single full-scale sample is a peak, not clipping
    samples[200:205] = 1.0              # a run of five is clipping
    assert decode.clipped_fraction(samples) == pytest.approx(5 / 10_000)


def test_transcript_becomes_ordered_cues_over_the_voiced_span():
    text = "第一句话。第二句话比第一句长得多，而且有逗号，需要更多时间。\nA short English line. Another one!"
    cues = captions.cues_from_text(text, (0.5, 10.5))
    # a long sentence is cut at a comma so that a cue stays readable
    assert [c.text for c in cues][:3] == ["第一句话。", "第二句话比第一句长得多，而且有逗号，",
                                          "需要更多时间。"]
    assert [c.text for c in cues][3:] == ["A short English line.", "Another one!"]
    assert cues[0].start == 0.5 and cues[-1].end == 10.5
    assert all(a.end == b.start for a, b in zip(cues, cues[1:], strict=False))
    assert (cues[1].end - cues[1].start) > 2 * (cues[0].end - cues[0].start)
    vtt = captions.to_webvtt(cues, "zh")
    assert vtt.startswith("WEBVTT") and "00:00:00.500 --> " in vtt
    assert len(captions.parse_webvtt(vtt, 11.0)) == len(cues)


def test_voiced_span_skips_leading_and_trailing_silence():
    rate = 8000
    signal = np.zeros(rate * 3)
    signal[rate: 2 * rate] = np.sin(np.arange(rate) * 0.3)
    start, end = captions.voiced_span(signal, rate)
    assert start == pytest.approx(1.0, abs=0.03) and end == pytest.approx(2.0, abs=0.03)


@pytest.mark.parametrize(("text", "message"), [
    ("", "empty"),
])
def test_empty_transcript_is_refused(text, message):
    with pytest.raises(TranscriptError, match=message):
        captions.cues_from_text(text, (0, 1))


@pytest.mark.parametrize(("vtt", "message"), [
    ("1\n00:00.000 --> 00:01.000\nx\n", "starts with 'WEBVTT'"),
    ("WEBVTT\n\n00:02.000 --> 00:01.000\nx\n", "ends before it starts"),
    ("WEBVTT\n\n00:00.000 -> 00:01.000\nx\n", "no cues"),
    ("WEBVTT\n\n0:0.0 --> 00:01.000\nx\n", "malformed"),
])
def test_bad_webvtt_names_the_line(vtt, message):
    with pytest.raises(TranscriptError, match=message):
        captions.parse_webvtt(vtt, 5.0, "guide.vtt")


def test_normalise_reaches_target_and_holds_true_peak():
    rate = 48_000
    t = np.arange(rate * 6) / rate
    spiky = 0.02 * np.sin(2 * np.pi * 300 * t)
    spiky[::12_000] = 0.95                      # crest factor far above the target's headroom
    out, report = loudness.normalise(spiky, rate)
    assert abs(loudness.integrated_lufs(out, rate) - loudness.TARGET_LUFS) <= 0.5
    assert loudness.true_peak_dbtp(out) <= loudness.CEILING_DBTP
    assert report.limited and report.input_lufs < -30


def test_layout_checks():
    rate = 8000
    t = np.arange(rate) / rate
    stereo = np.stack([np.sin(2 * np.pi * 440 * t), np.sin(2 * np.pi * 550 * t)], axis=1)
    assert layout.validate_layout(stereo, rate, "stereo", "s.wav") == ("FL", "FR")
    with pytest.raises(ChannelLayoutError, match="channel 2 \\(FR\\) is silent"):
        layout.validate_layout(stereo * [1, 0], rate, "stereo", "s.wav")
    with pytest.raises(ChannelLayoutError, match="unknown channel layout"):
        layout.validate_layout(stereo, rate, "9.1", "s.wav")
