"""Channel layouts of gallery soundscapes: the declared layout must match the file, and its LFE channel
(if any) must carry only low frequencies; no speaker channel may be silent."""

from __future__ import annotations

import numpy as np

from assets.audio.exceptions import ChannelLayoutError

# ffmpeg/SMPTE channel order
LAYOUTS = {
    "mono": ("FC",),
    "stereo": ("FL", "FR"),
    "quad": ("FL", "FR", "BL", "BR"),
    "5.1": ("FL", "FR", "FC", "LFE", "BL", "BR"),
    "7.1": ("FL", "FR", "FC", "LFE", "BL", "BR", "SL", "SR"),
}
LFE_CUTOFF_HZ = 200.0
MAX_LFE_HIGH_FRACTION = 0.05   # energy share above the cut-off allowed in the LFE channel
SILENT_CHANNEL_DB = -70.0


def validate_layout(samples: np.ndarray, rate: int, layout: str, name: str) -> tuple[str, ...]:
    if layout not in LAYOUTS:
        raise ChannelLayoutError(
            f"{name}: unknown channel layout {layout!r}; use one of {', '.join(LAYOUTS)}")
    channels = LAYOUTS[layout]
    if samples.shape[1] != len(channels):
        raise ChannelLayoutError(f"{name}: layout {layout} needs {len(channels)} channels, the file has "
                                 f"{samples.shape[1]}")
    for index, label in enumerate(channels):
        channel = samples[:, index].astype(np.float64)
        rms = np.sqrt(np.mean(channel**2))
        if rms == 0 or 20 * np.log10(rms) < SILENT_CHANNEL_DB:
            raise ChannelLayoutError(f"{name}: channel {index + 1} ({label}) is silent")
        if label == "LFE":
            spectrum = np.abs(np.fft.rfft(channel)) ** 2
            freqs = np.fft.rfftfreq(len(channel), 1 / rate)
            high = spectrum[freqs > LFE_CUTOFF_HZ].sum() / spectrum.sum()
            if high > MAX_LFE_HIGH_FRACTION:
                raise ChannelLayoutError(
                    f"{name}: channel {index + 1} (LFE) has {high * 100:.0f} % of its energy above "
                    f"{LFE_CUTOFF_HZ:g} Hz; is the channel order right ({', '.join(channels)})?")
    return channels
