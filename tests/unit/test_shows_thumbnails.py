"""Thumbnails of a show's media made by ffmpeg (exhibits/shows/thumbnails.py): a video's poster frame, a
still scaled down, a sound's waveform strip; a file ffmpeg cannot read is refused."""

from __future__ import annotations

import subprocess

import pytest
from PIL import Image

from exhibits.shows import thumbnails
from exhibits.shows.probe import ProbeFailed


def _ffmpeg(*args):
    subprocess.run(["ffmpeg", "-v", "error", "-y", *map(str, args)], check=True, timeout=60)


def test_poster_frame_still_and_waveform(tmp_path):
    clip, still, sound = tmp_path / "clip.mp4", tmp_path / "still.png", tmp_path / "sound.m4a"
    # a clip red for its first half second, then blue: the poster is taken one second in (blue)
    _ffmpeg("-f", "lavfi", "-i", "color=red:size=320x180:rate=10:duration=0.5", "-f", "lavfi", "-i",
            "color=blue:size=320x180:rate=10:duration=1.5", "-filter_complex", "[0][1]concat=n=2",
            "-pix_fmt", "yuv420p", clip)
    _ffmpeg("-f", "lavfi", "-i", "color=green:size=640x360", "-frames:v", "1", still)
    _ffmpeg("-f", "lavfi", "-i", "sine=frequency=440:duration=1", "-ac", "6", "-c:a", "aac", sound)
    poster = thumbnails.make(clip, "video", 2.0, tmp_path / "poster.jpg")
    with Image.open(poster) as picture:
        assert picture.format == "JPEG" and picture.width == thumbnails.WIDTH
        red, green, blue = picture.convert("RGB").getpixel((picture.width // 2, picture.height // 2))
        assert blue > 200 and red < 60
    with Image.open(thumbnails.make(still, "still", None, tmp_path / "still.jpg")) as picture:
        assert picture.size == (thumbnails.WIDTH, 108)
    with Image.open(thumbnails.make(sound, "audio", 1.0, tmp_path / "wave.png")) as picture:
        assert picture.format == "PNG" and picture.size == thumbnails.WAVE
        assert picture.convert("RGBA").getbbox() is not None  # something is drawn
    assert thumbnails.suffix("audio") == ".png" and thumbnails.suffix("video") == ".jpg"


def test_an_audio_tracks_peaks_are_drawn_without_ffmpeg(tmp_path):
    """An audio track's peaks (as its ingest wrote them): loud in the first half, silent after."""
    peaks = {"data": [-127, 127] * 50 + [0, 0] * 50}
    made = thumbnails.make(tmp_path / "none.flac", "audio", None, tmp_path / "w.png", peaks)
    with Image.open(made) as strip:
        assert strip.size == thumbnails.WAVE and strip.mode == "RGBA"
        width, height = strip.size
        assert strip.getpixel((width // 4, 2))[3] == 255 and strip.getpixel((3 * width // 4, 2))[3] == 0


def test_a_file_ffmpeg_cannot_read_is_refused(tmp_path):
    bad = tmp_path / "bad.mp4"
    bad.write_bytes(b"not a video")
    with pytest.raises(ProbeFailed):
        thumbnails.make(bad, "video", 1.0, tmp_path / "bad.jpg")
