"""Audio tracks (guides, soundscapes) as a media kind: decode and check, normalise to −16 LUFS, encode the
web derivatives, draw the waveform, time the captions.

Keys: everything of one track under ``audio/<item>/``: ``track.flac`` (the normalised master), ``track.opus``,
``track.m4a``, ``track.mp3``, ``peaks.json``, ``waveform.png``, ``captions.<language>.vtt`` when transcribed,
and ``manifest.json`` (the track's metadata, also the ingest's). ``item`` is the track's folder.
"""

from __future__ import annotations

import json
from pathlib import Path

from assets.audio import captions, decode, encode, loudness, waveform
from assets.audio.exceptions import TranscriptError
from assets.audio.layout import validate_layout
from assets.media import Derivative, Ingested, Limits, MediaKind, Source, register, sha256_of
from assets.storage import MediaStorage

MEDIA_TYPES = {"wav": "audio/wav", "flac": "audio/flac", "ogg": "audio/ogg", "mp3": "audio/mpeg"}


class AudioKind(MediaKind):
    name, folder, noun = "audio", "audio", "audio"
    accepts = "WAV, FLAC, Ogg or MP3"
    limits = decode.LIMITS

    def sniff(self, head: bytes, size: int) -> str | None:
        return decode.sniff(head)

    def check(self, path: Path, limits: Limits | None = None) -> Source:
        container = decode.check_file(path, limits or self.limits)
        return Source(path.name, container, MEDIA_TYPES[container], path.stat().st_size)

    def ingest(self, path: Path, storage: MediaStorage, item: str, limits: Limits | None = None, *,
               language: str, transcript: Path | None = None, layout: str | None = None) -> Ingested:
        """``language`` is the track's; ``transcript`` a plain text (timed into WebVTT cues) or a WebVTT file
        (checked); ``layout`` the channel layout of a multichannel file (mono and stereo are told)."""
        limits = limits or self.limits
        source = self.check(path, limits)
        decoded = decode.decode(path)
        decode.check(decoded, path.name, limits)
        channel_layout = layout or {1: "mono", 2: "stereo"}.get(decoded.channels)
        speakers = validate_layout(decoded.samples, decoded.rate, channel_layout or "?", path.name)
        cue_list = _captions(Path(transcript), decoded) if transcript else None
        measured = [i for i, label in enumerate(speakers) if label != "LFE"][:5]
        normalised, report = loudness.normalise(decoded.samples, decoded.rate, measured=measured)
        with storage.scratch() as folder:
            encoded = encode.encode_all(normalised, decoded.rate, folder, layout=channel_layout)
            files = {role: written.name for role, written in encoded.items()}
            peak_data = waveform.peaks(normalised, decoded.rate)
            _write(folder / "peaks.json", json.dumps(peak_data))
            (folder / "waveform.png").write_bytes(waveform.waveform_png(peak_data))
            files |= {"peaks": "peaks.json", "waveform": "waveform.png"}
            if cue_list:
                files["captions"] = f"captions.{language}.vtt"
                _write(folder / files["captions"], captions.to_webvtt(cue_list, language))
            manifest = {
                "source": path.name, "container": decoded.container, "language": language,
                "duration": round(decoded.seconds, 3), "sample_rate": decoded.rate,
                "channels": decoded.channels, "layout": channel_layout, "speakers": list(speakers),
                "loudness": report.__dict__, "files": files, "cues": len(cue_list or []),
            }
            _write(folder / "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1))
            derivatives = [Derivative(role, encode.MIME_BY_SUFFIX.get(Path(name).suffix, "application/json"),
                                      (folder / name).stat().st_size, path=folder / name).stored(
                               storage, f"audio/{item}/{name}")
                           for role, name in [*files.items(), ("manifest", "manifest.json")]]
        return Ingested(source, sha256_of(path), derivatives, manifest)

    def remove(self, storage: MediaStorage, keys) -> None:
        """The keys, and whatever else is left in their track folders."""
        keys = list(keys)
        super().remove(storage, keys)
        for folder in {key.rsplit("/", 1)[0] + "/" for key in keys}:
            super().remove(storage, storage.list(folder))


def _write(path: Path, text: str) -> None:
    path.write_text(text, encoding="utf-8")


def _captions(transcript: Path, decoded: decode.Decoded) -> list[captions.Cue]:
    try:
        text = transcript.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise TranscriptError(f"{transcript.name}: not UTF-8 text") from None
    if transcript.suffix.lower() == ".vtt" or text.lstrip("\ufeff").startswith("WEBVTT"):
        return captions.parse_webvtt(text, decoded.seconds, transcript.name)
    return captions.cues_from_text(text, captions.voiced_span(decoded.samples, decoded.rate), transcript.name)


AUDIO = register(AudioKind())
