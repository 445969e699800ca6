"""Errors of the audio track pipeline. Each names the file and the problem; ``code`` is machine-readable."""

from __future__ import annotations

from assets.exceptions import MediaError


class AudioError(MediaError):
    code = "audio_error"


class UnsupportedFormat(AudioError):
    code = "unsupported_audio_format"


class Undecodable(AudioError):
    code = "undecodable_audio"


class LimitExceeded(AudioError):
    """Duration, sample rate or size outside the configured limits."""

    code = "audio_limit"


class SilentAudio(AudioError):
    code = "silent_audio"


class ClippedAudio(AudioError):
    code = "clipped_audio"


class ChannelLayoutError(AudioError):
    code = "bad_channel_layout"


class TranscriptError(AudioError):
    code = "bad_transcript"


class EncoderFailed(AudioError):
    code = "encoder_failed"
