"""What the stories package refuses or cannot do."""


class StoryError(Exception):
    """An exhibition that cannot be sent out as asked (a video with no pictures, say)."""


class VideoFailed(StoryError):
    """ffmpeg could not make the video (its own words follow)."""


class FfmpegMissing(StoryError):
    """ffmpeg is not installed (Debian's ffmpeg package)."""
