"""Guide tracks through the command line and the API: checks, loudness, derivatives, captions, Range."""

from __future__ import annotations

import subprocess
from pathlib import Path

import numpy as np
import pytest
import soundfile

from assets.audio import decode, loudness
from museum.cli.audio import audio_group
from museum.sample.audio import soundscape_5_1

from .conftest import speech_like


def _add(runner, *args):
    with runner.app.app_context():
        return runner.invoke(audio_group, ["add", *map(str, args)])


def test_add_normalises_encodes_captions_and_streams(audio_app, runner, client, guide_wav, tmp_path):
    transcript = tmp_path / "guide.txt"
    transcript.write_text("The chunyu is a bronze bell. The Ba sounded it with drums, in war and ritual.\n"
                          "战国铜虎钮錞于，高六十八厘米。", encoding="utf-8")
    result = _add(runner, "1989.0107", guide_wav, "--lang", "en", "--transcript", transcript)
    assert result.exit_code == 0, result.output
    listing = client.get("/api/v1/objects/1989.0107/audio").get_json()
    (track,) = listing["languages"]["en"]
    assert track["duration"] == pytest.approx(4.0, abs=0.01)
    assert abs(track["loudness_lufs"] - loudness.TARGET_LUFS) <= 0.5
    assert track["true_peak_dbtp"] <= loudness.CEILING_DBTP
    folder = audio_app.config["MEDIA_ROOT"] + "/audio/"
    master = soundfile.read(folder + track["urls"]["flac"].split("/audio/")[1])[0]
    assert abs(loudness.integrated_lufs(master, 44_100) + 16.0) <= 0.5
    for kind in ("opus", "aac", "mp3"):
        body = client.get(track["urls"][kind]).data
        decoded = subprocess.run(["ffmpeg", "-v", "error", "-i", "pipe:0", "-f", "f32le", "-ac", "1", "-"],
                                 input=body, capture_output=True, check=True).stdout
        assert abs(len(np.frombuffer(decoded, "<f4")) / (48_000 if kind == "opus" else 44_100) - 4.0) < 0.2
    vtt = client.get(track["urls"]["captions"]).get_data(as_text=True)
    assert vtt.startswith("WEBVTT") and vtt.count("-->") == 3 and "錞于" in vtt
    ranged = client.get(track["urls"]["mp3"], headers={"Range": "bytes=0-99"})
    assert ranged.status_code == 206 and len(ranged.data) == 100
    assert ranged.headers["Content-Range"].startswith("bytes 0-99/")
    peaks = client.get(track["urls"]["peaks"]).get_json()
    assert peaks["length"] == len(peaks["data"]) // 2 and max(peaks["data"]) > 50


def test_mp3_upload_and_gallery_soundscape_in_5_1(audio_app, runner, client, guide_wav, tmp_path):
    mp3 = tmp_path / "guide.mp3"
    subprocess.run(["ffmpeg", "-v", "error", "-i", str(guide_wav), "-c:a", "libmp3lame", str(mp3)],
                   check=True)
    assert _add(runner, "1989.0107", mp3, "--lang", "zh").exit_code == 0
    surround = tmp_path / "river.flac"
    soundfile.write(str(surround), soundscape_5_1(seconds=3.0), 48_000)
    result = _add(runner, "three-gorges", surround, "--lang", "zh", "--kind", "soundscape", "--layout", "5.1")
    assert result.exit_code == 0, result.output
    (track,) = client.get("/api/v1/galleries/three-gorges/audio").get_json()["languages"]["zh"]
    assert (track["channels"], track["layout"], track["kind"]) == (6, "5.1", "soundscape")


@pytest.mark.parametrize(("make", "message"), [
    (lambda p: soundfile.write(str(p), np.zeros(48_000 * 2, np.float32), 48_000), "silent"),
    (lambda p: soundfile.write(str(p), np.clip(speech_like(level=2.0), -1, 1), 44_100), "clipped"),
    (lambda p: soundfile.write(str(p), speech_like(seconds=0.5), 44_100), "duration"),
    (lambda p: soundfile.write(str(p), speech_like(rate=8_000), 8_000), "sample rate"),
    (lambda p: p.write_text("not audio at all"), "not WAV"),
    (lambda p: p.write_bytes(b"RIFF\x00\x00\x00\x00WAVEjunkjunk"), "cannot decode"),
])
def test_bad_uploads_are_refused_with_a_reason_and_leave_nothing(audio_app, runner, client, tmp_path, make,
                                                                 message):
    path = tmp_path / "upload.wav"
    make(path)
    result = _add(runner, "1989.0107", path, "--lang", "en")
    assert result.exit_code != 0 and message in result.output and "upload.wav" in result.output
    assert client.get("/api/v1/objects/1989.0107/audio").get_json()["languages"] == {}


def test_channel_layout_is_validated(audio_app, runner, tmp_path):
    wrong_order = soundscape_5_1(seconds=2.0)[:, [3, 1, 2, 0, 4, 5]]  # river noise where the LFE belongs
    path = tmp_path / "swapped.flac"
    soundfile.write(str(path), wrong_order, 48_000)
    result = _add(runner, "three-gorges", path, "--lang", "zh", "--layout", "5.1")
    assert result.exit_code != 0 and "LFE" in result.output
    result = _add(runner, "three-gorges", path, "--lang", "zh", "--layout", "7.1")
    assert "needs 8 channels" in result.output


def test_unknown_target_and_language(audio_app, runner, guide_wav):
    assert "no record" in _add(runner, "1900.0001", guide_wav, "--lang", "en").output
    assert "unknown language" in _add(runner, "1989.0107", guide_wav, "--lang", "xx").output


def test_uploaded_webvtt_is_checked(audio_app, runner, guide_wav, tmp_path):
    vtt = tmp_path / "captions.vtt"
    vtt.write_text("WEBVTT\n\n00:00.000 --> 00:09.000\ntoo long\n", encoding="utf-8")
    result = _add(runner, "1989.0107", guide_wav, "--lang", "en", "--transcript", vtt)
    assert result.exit_code != 0 and "after the track" in result.output
    assert decode.sniff(guide_wav.read_bytes()[:16]) == "wav"


def test_remove_deletes_the_track_and_its_folder(audio_app, runner, client, guide_wav):
    assert _add(runner, "1989.0107", guide_wav, "--lang", "zh").exit_code == 0
    (track,) = client.get("/api/v1/objects/1989.0107/audio").get_json()["languages"]["zh"]
    folder = Path(audio_app.config["MEDIA_ROOT"]) / "audio"
    assert len(list(folder.iterdir())) == 1
    with runner.app.app_context():
        removed = runner.invoke(audio_group, ["remove", str(track["id"])])
    assert removed.exit_code == 0, removed.output
    assert list(folder.iterdir()) == [] and client.get(track["urls"]["mp3"]).status_code == 404
    assert client.get("/api/v1/objects/1989.0107/audio").get_json()["languages"] == {}
