"""A short vertical video of an exhibition (Douyin, WeChat Channels): 1080 × 1920, H.264 and AAC.

Each scene is a picture panned slowly across (a Ken Burns move: the picture is scaled to overfill the frame
by :data:`TRAVEL` and the frame travels across it, alternately sideways and up or down) under a still
overlay with the scene's words, faded in and out; the scenes are joined and laid over the exhibition's
audio, or, without one, a generated soundscape (brown noise filtered like a river under a low drone).
ffmpeg does the moving and the encoding, libvips draws the overlays (Pango, the reader's Noto CJK face).

Framework-free: the shell hands in picture files and words (``museum/exhibition_exports.py``).
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from html import escape
from pathlib import Path

import pyvips

from exhibits.stories.exceptions import FfmpegMissing, StoryError, VideoFailed

WIDTH, HEIGHT, FPS = 1080, 1920, 30
TRAVEL = 1.18  # how much larger than the frame a picture is, along the way it travels
FADE = 0.5  # seconds of fade at each end of a scene
FACES = {"zh": "Noto Sans CJK SC", "zh-Hant": "Noto Sans CJK TC", "ja": "Noto Sans CJK JP",
         "ko": "Noto Sans CJK KR", "en": "Noto Sans CJK SC", "fr": "Noto Sans CJK SC"}


@dataclass
class Scene:
    picture: pyvips.Image  # the scene's picture (an image region), any size
    title: str
    caption: str = ""


SHORTEST, LONGEST = 2.5, 30.0  # a scene's seconds
MAX_SCENES = 24  # 24 scenes of 2.5 s fill the 60 s the channels' short format allows


def seconds_per_scene(count: int, total: float = 45.0) -> float:
    """Each scene's length for ``count`` scenes (at most :data:`MAX_SCENES`) to make about ``total``
    seconds; with ``total`` within 30–60 s the video is too."""
    return max(SHORTEST, min(LONGEST, total / max(min(count, MAX_SCENES), 1)))


def _text(value: str, lang: str, size: int, width: int, bold: bool = False) -> pyvips.Image:
    face = f"{FACES.get(lang, FACES['zh'])}{' Bold' if bold else ''} {size}px"
    mask = pyvips.Image.text(escape(value or " "), font=face, width=width, wrap="word-char", dpi=72,
                             spacing=round(size * .2), align="centre")
    return mask


def _shortened(value: str, limit: int) -> str:
    """``value`` cut to at most ``limit`` characters, at a word for Latin text, with "…" when cut."""
    if len(value) <= limit:
        return value
    cut = value[:limit - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:·、，") + "…"


def overlay(scene: Scene, lang: str, site: str) -> pyvips.Image:
    """The scene's words on a transparent frame: the title in a dark band in the upper third (the
    channels put their own buttons and captions over the lower third and the right edge), the caption
    under it, the museum's name at the top."""
    frame = pyvips.Image.black(WIDTH, HEIGHT, bands=4).copy(interpretation="srgb")
    column = WIDTH - 2 * 96
    title = _text(scene.title, lang, 64, column, bold=True)
    caption = _text(_shortened(scene.caption, 110), lang, 36, column) if scene.caption else None
    height = title.height + (caption.height + 28 if caption else 0) + 96
    top = 420
    band = (pyvips.Image.black(WIDTH, height, bands=3) + [20, 18, 16]).cast("uchar").bandjoin(178)
    frame = frame.insert(band.copy(interpretation="srgb"), 0, top)

    def ink(mask: pyvips.Image, colour: list[int]) -> pyvips.Image:
        return mask.new_from_image(colour).cast("uchar").copy(interpretation="srgb").bandjoin(mask)

    frame = frame.composite2(ink(title, [255, 255, 255]), "over", x=(WIDTH - title.width) // 2, y=top + 48)
    if caption is not None:
        frame = frame.composite2(ink(caption, [236, 228, 212]), "over", x=(WIDTH - caption.width) // 2,
                                 y=top + 48 + title.height + 28)
    mark = _text(site, lang, 34, column)
    plate_w, plate_h = mark.width + 64, mark.height + 56  # a dark plate: the name reads on a light picture
    plate = (pyvips.Image.black(plate_w, plate_h, bands=3) + [20, 18, 16]).cast("uchar").bandjoin(178)
    frame = frame.composite2(plate.copy(interpretation="srgb"), "over", x=(WIDTH - plate_w) // 2, y=136)
    seal = (pyvips.Image.black(64, 8, bands=3) + [155, 59, 42]).cast("uchar").bandjoin(255)
    frame = frame.composite2(seal.copy(interpretation="srgb"), "over", x=(WIDTH - 64) // 2, y=150)
    return frame.composite2(ink(mark, [255, 255, 255]), "over", x=(WIDTH - mark.width) // 2, y=174)


def _still(picture: pyvips.Image, sideways: bool) -> pyvips.Image:
    """The picture scaled to cover the frame with room to travel, cut to what the move will show. A picture
    so wide (or tall) that covering the frame would show less than half of it is shown whole instead, on a
    blurred and darkened copy of itself (a landscape handscroll in a vertical video)."""
    if picture.bands == 4:
        picture = picture.flatten(background=[0, 0, 0])
    if picture.interpretation != "srgb" or picture.bands == 1:
        picture = picture.colourspace("srgb")
    want_w, want_h = (WIDTH * TRAVEL, HEIGHT) if sideways else (WIDTH, HEIGHT * TRAVEL)
    ratio, frame = picture.width / picture.height, want_w / want_h
    scale = max(want_w / picture.width, want_h / picture.height)
    covered = picture.resize(scale, kernel="lanczos3")
    w, h = min(covered.width, round(want_w)), min(covered.height, round(want_h))
    covered = covered.crop((covered.width - w) // 2, (covered.height - h) // 2, w, h)
    if min(ratio, frame) / max(ratio, frame) >= .5:
        return covered.cast("uchar")
    ground = (covered.gaussblur(24) * .45).cast("uchar")
    fit = min(want_w / picture.width, want_h * .9 / picture.height)
    whole = picture.resize(fit, kernel="lanczos3").cast("uchar")
    return ground.insert(whole, (ground.width - whole.width) // 2, (ground.height - whole.height) // 2)


def render(scenes: list[Scene], out: Path, *, lang: str, site: str, seconds: float,
           audio: Path | None = None, preset: str = "veryfast",
           progress: Callable[[float, str], None] | None = None) -> Path:
    """Write the video of ``scenes`` (``seconds`` each) to ``out`` (MP4) and return it; ``progress`` is told
    the fraction done (0…1) and what is being done after each scene.

    Each scene is encoded on its own, then the scenes are joined without re-encoding (ffmpeg's concat
    demuxer) under the sound: one ffmpeg for all scenes would hold every later scene's frames while the
    first plays (about 90 MB a scene)."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise FfmpegMissing("ffmpeg is missing (Debian's ffmpeg package)")
    if not scenes:
        raise StoryError("the exhibition has no pictures to show (give it a cover or an image block)")
    total = seconds * len(scenes)
    with tempfile.TemporaryDirectory(prefix="exhibition-video-") as work:
        folder = Path(work)
        parts = []
        for number, scene in enumerate(scenes):
            if progress:
                progress(number / (len(scenes) + 1), f"scene {number + 1} of {len(scenes)}")
            parts.append(_scene(ffmpeg, folder, number, scene, lang, site, seconds, preset))
        if progress:
            progress(len(scenes) / (len(scenes) + 1), "joining the scenes under the sound")
        listing = folder / "scenes.txt"
        listing.write_text("".join(f"file '{part.name}'\n" for part in parts), encoding="utf-8")
        inputs = ["-f", "concat", "-safe", "0", "-i", str(listing)]
        if audio is not None:
            inputs += ["-stream_loop", "-1", "-i", str(audio)]
            graph = (f"[1:a]atrim=0:{total:.3f},asetpts=N/SR/TB,aresample=48000,"
                     f"afade=t=in:d=0.5,afade=t=out:st={max(total - 1.5, 0):.3f}:d=1.5[sound]")
        else:  # a soundscape: the river (brown noise, low-passed) and a low drone
            river = f"anoisesrc=color=brown:amplitude=0.5:duration={total:.3f}:seed=3"
            inputs += ["-f", "lavfi", "-i", river]
            inputs += ["-f", "lavfi", "-i", f"sine=frequency=110:duration={total:.3f}"]
            graph = ("[1:a]lowpass=f=500,volume=0.35[river];[2:a]volume=0.04[drone];"
                     "[river][drone]amix=inputs=2:normalize=0,aresample=48000,"
                     f"afade=t=in:d=1,afade=t=out:st={max(total - 2, 0):.3f}:d=2[sound]")
        _run([ffmpeg, "-v", "error", "-y", *inputs, "-filter_complex", graph, "-map", "0:v",
              "-map", "[sound]", "-c:v", "copy", "-c:a", "aac", "-b:a", "128k", "-ac", "2",
              "-t", f"{total:.3f}", "-movflags", "+faststart", str(out)])
    return out


def _scene(ffmpeg: str, folder: Path, number: int, scene: Scene, lang: str, site: str, seconds: float,
           preset: str) -> Path:
    """Scene ``number`` encoded alone (H.264, no sound): its picture travelling under its words."""
    sideways = number % 2 == 0
    still_path, words_path = folder / f"still-{number}.jpg", folder / f"words-{number}.png"
    _still(scene.picture, sideways).jpegsave(str(still_path), Q=92)
    overlay(scene, lang, site).pngsave(str(words_path), compression=1)
    # the frame travels from one end to the other (reversed every other sideways scene)
    span = max(round(seconds * FPS) - 1, 1)
    if sideways:
        x = f"(iw-{WIDTH})*n/{span}" if number % 4 == 0 else f"(iw-{WIDTH})*(1-n/{span})"
        move = f"crop={WIDTH}:{HEIGHT}:x='{x}':y='(ih-{HEIGHT})/2'"
    else:
        move = f"crop={WIDTH}:{HEIGHT}:x='(iw-{WIDTH})/2':y='(ih-{HEIGHT})*(1-n/{span})'"
    graph = (f"[0:v]{move},setsar=1,format=rgb24[bg];[bg][1:v]overlay=0:0:format=auto,"
             f"fade=t=in:st=0:d={FADE},fade=t=out:st={seconds - FADE:.3f}:d={FADE},format=yuv420p[video]")
    part = folder / f"scene-{number:03d}.mp4"
    loop = ["-loop", "1", "-framerate", str(FPS), "-t", f"{seconds:.3f}"]
    _run([ffmpeg, "-v", "error", "-y", *loop, "-i", str(still_path), *loop, "-i", str(words_path),
          "-filter_complex", graph, "-map", "[video]", "-c:v", "libx264", "-preset", preset, "-crf", "22",
          "-profile:v", "high", "-pix_fmt", "yuv420p", "-r", str(FPS), "-video_track_timescale", "15360",
          "-frames:v", str(round(seconds * FPS)), str(part)])
    return part


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise VideoFailed(f"ffmpeg failed: {done.stderr.strip()[-600:]}")
