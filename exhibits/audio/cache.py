"""Strike sounds, spectrograms and drum sounds, rendered once and kept as files (framework-free).

A strike is synthesised from the instrument's cached modes in milliseconds, but a kiosk asks for the same
dozen sounds all day: each is written once under ``folder`` and served as a file from then on. A file's
name carries a digest of the modes it was made from, so new modes never serve an old sound. Files are
written beside their place and renamed into it, so a reader never sees half a file.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from exhibits.audio import player, spectrum, synthesis

SPECTROGRAM_MIN_HZ, SPECTROGRAM_MAX_HZ = 2_000.0, 12_000.0


class StrikeCache:
    """``folder`` holds one subfolder per instrument and the drum's files."""

    def __init__(self, folder: str | Path):
        self.folder = Path(folder)

    def strike(self, accession: str, data: dict, position: str, force: float, bell: int | None) -> Path:
        """The WAV of one strike (``force`` already rounded to the steps the station offers)."""
        player.scaled_modes(data, bell)  # validates the bell number before anything is cached
        path = self._file(accession, data, ".wav", position, f"{force:.2f}", bell or 1)
        return self._cached(path,
                            lambda: synthesis.wav_bytes(player.strike_signal(data, position, force, bell)))

    def spectrogram(self, accession: str, data: dict, position: str, force: float, bell: int | None) -> Path:
        """The PNG spectrogram of one strike, its modes marked."""
        marks = [m["frequency"] for m in player.scaled_modes(data, bell)]
        path = self._file(accession, data, ".png", "spectrogram", position, f"{force:.2f}", bell or 1)

        def make() -> bytes:
            signal = player.strike_signal(data, position, force, bell)
            top = min(SPECTROGRAM_MAX_HZ, max(SPECTROGRAM_MIN_HZ, 1.3 * max(marks)))
            return spectrum.spectrogram_png(signal, synthesis.SAMPLE_RATE, max_hz=top, marks=marks)

        return self._cached(path, make)

    def drum(self, force: float) -> Path:
        """The WAV of the drum pad beside the bronzes."""
        path = self.folder / f"drum-{force:.2f}.wav"
        return self._cached(path, lambda: synthesis.wav_bytes(synthesis.drum(force=force)))

    def _file(self, accession: str, data: dict, suffix: str, *parts) -> Path:
        modes = json.dumps(data["modes"], sort_keys=True).encode()
        digest = hashlib.blake2b(modes, digest_size=5).hexdigest()
        return self.folder / accession / ("-".join(str(p) for p in parts) + f"-{digest}{suffix}")

    @staticmethod
    def _cached(path: Path, make: Callable[[], bytes]) -> Path:
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            partial = path.with_suffix(path.suffix + ".partial")
            partial.write_bytes(make())
            partial.replace(path)
        return path
