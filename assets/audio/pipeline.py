"""One uploaded track through the whole pipeline: decode and check, normalise, encode web derivatives,
waveform, captions. Writes into a folder and returns a manifest; on any error nothing is left behind."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from assets.audio import captions, decode, encode, layout, loudness, waveform
from assets.audio.exceptions import TranscriptError


def process_track(source: str | Path, folder: str | Path, language: str, transcript: str | Path | None = None,
                  channel_layout: str | None = None, limits: decode.Limits = decode.Limits(),
                  formats: tuple[str, ...] = ("opus", "aac", "mp3")) -> dict:
    source, folder = Path(source), Path(folder)
    decoded = decode.decode(source)
    decode.check(decoded, source.name, limits)
    if channel_layout is None:
        channel_layout = {1: "mono", 2: "stereo"}.get(decoded.channels)
    speakers = layout.validate_layout(decoded.samples, decoded.rate, channel_layout or "?", source.name)
    cue_list = _captions(transcript, decoded) if transcript else None

    measured = [i for i, label in enumerate(speakers) if label != "LFE"][:5]
    normalised, report = loudness.normalise(decoded.samples, decoded.rate, measured=measured)
    staging = folder.with_name(folder.name + ".partial")
    shutil.rmtree(staging, ignore_errors=True)
    try:
        files = {k: p.name for k, p in encode.encode_all(normalised, decoded.rate, staging, formats=formats,
                                                                layout=channel_layout).items()}
        peak_data = waveform.peaks(normalised, decoded.rate)
        (staging / "peaks.json").write_text(json.dumps(peak_data), encoding="utf-8")
        (staging / "waveform.png").write_bytes(waveform.waveform_png(peak_data))
        files |= {"peaks": "peaks.json", "waveform": "waveform.png"}
        if cue_list:
            (staging / f"captions.{language}.vtt").write_text(captions.to_webvtt(cue_list, language), encoding="utf-8")
            files["captions"] = f"captions.{language}.vtt"
        manifest = {
            "source": source.name, "container": decoded.container, "language": language,
            "duration": round(decoded.seconds, 3), "sample_rate": decoded.rate, "channels": decoded.channels,
            "layout": channel_layout, "speakers": list(speakers), "loudness": report.__dict__, "files": files,
            "cues": len(cue_list or []),
        }
        (staging / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
        shutil.rmtree(folder, ignore_errors=True)
        staging.replace(folder)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return manifest


def _captions(transcript: str | Path, decoded: decode.Decoded) -> list[captions.Cue]:
    path = Path(transcript)
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TranscriptError(f"{path.name}: not UTF-8 text") from None
    if path.suffix.lower() == ".vtt" or text.lstrip("\ufeff").startswith("WEBVTT"):
        return captions.parse_webvtt(text, decoded.seconds, path.name)
    return captions.cues_from_text(text, captions.voiced_span(decoded.samples, decoded.rate), path.name)
