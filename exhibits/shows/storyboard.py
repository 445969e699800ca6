"""The storyboard of a show: a contact sheet (PNG) with a row for each output of the room and a column for
each moment a cue starts, each cell the output's picture at that moment (a frame of its video, its still,
or for an audio output the cue's media named on a dark cell), with the cue's caption in one language under
it. Frames are cut by ffmpeg, the sheet is drawn by libvips (Pango, Noto CJK fonts)."""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from pathlib import Path

import pyvips

from exhibits.shows.model import Output, Show

CELL_W, CELL_H = 320, 180
LABEL_W, HEADER_H, CAPTION_H, GAP = 120, 32, 44, 8
BACKGROUND = [246, 244, 240]
FONT = "Noto Sans CJK SC"


def _text(markup: str, width: int, size: int = 12) -> pyvips.Image:
    image = pyvips.Image.text(markup, font=f"{FONT} {size}", width=width, dpi=96, wrap="word-char")
    return image


def _frame(path: Path, at: float, scratch: Path, number: int) -> pyvips.Image | None:
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        return None
    out = scratch / f"frame-{number}.png"
    run = subprocess.run([ffmpeg, "-v", "error", "-y", "-ss", f"{at:.3f}", "-i", str(path), "-frames:v", "1",
                          "-vf", f"scale={CELL_W}:{CELL_H}:force_original_aspect_ratio=increase,"
                                 f"crop={CELL_W}:{CELL_H}", str(out)],
                         capture_output=True, timeout=60, check=False)
    if run.returncode != 0 or not out.exists():
        return None
    return pyvips.Image.new_from_file(str(out), access="sequential").extract_band(0, n=3)


def _cell(colour: list[int], note: str) -> pyvips.Image:
    cell = pyvips.Image.black(CELL_W, CELL_H, bands=3).new_from_image(colour).copy(interpretation="srgb")
    label = _text(f'<span foreground="white">{html.escape(note)}</span>', CELL_W - 16, 11)
    ink = pyvips.Image.black(label.width, label.height, bands=3).new_from_image([255, 255, 255])
    return cell.composite2(ink.bandjoin(label).copy(interpretation="srgb"), "over", x=8, y=8).flatten()


def render(show: Show, outputs: list[Output] | tuple[Output, ...], local_path: Callable[[str], Path | None],
           lang: str = "zh", durations: Callable[[str], float | None] | None = None) -> bytes:
    """The contact sheet as PNG bytes; ``local_path(key)`` is a media file on disk (None if missing),
    ``durations(key)`` a video's length (frames of a looped video are cut at the looped position)."""
    moments = show.starts
    width = LABEL_W + len(moments) * (CELL_W + GAP)
    height = HEADER_H + len(outputs) * (CELL_H + CAPTION_H + GAP)
    sheet = pyvips.Image.black(width, height, bands=3).new_from_image(BACKGROUND).copy(interpretation="srgb")
    placed: list[tuple[pyvips.Image, int, int]] = []
    with tempfile.TemporaryDirectory(prefix="storyboard-") as folder:
        scratch = Path(folder)
        for column, moment in enumerate(moments):
            x = LABEL_W + column * (CELL_W + GAP)
            placed.append((_text(f"<b>{moment:g} s</b>", CELL_W, 13), x, 6))
        for row, output in enumerate(outputs):
            y = HEADER_H + row * (CELL_H + CAPTION_H + GAP)
            placed.append((_text(f"<b>{html.escape(output.name)}</b>\n{output.kind}"
                                 + (f" {output.layout}" if output.layout else ""), LABEL_W - 10, 12), 4, y))
            for column, moment in enumerate(moments):
                x = LABEL_W + column * (CELL_W + GAP)
                cue = show.cue_at(output.name, moment)
                if cue is None:
                    cell = _cell([40, 40, 40], "—")
                else:
                    path = local_path(cue.media)
                    if path is None:
                        cell = _cell([150, 30, 30], f"missing: {cue.media}")
                    elif output.kind == "audio":
                        cell = _cell([25, 45, 70], f"♪ {cue.media.rsplit('/', 1)[-1]}  "
                                                   f"{cue.start:g}–{cue.end:g} s")
                    else:
                        into = moment - cue.start + min(cue.duration / 2, 2.0)
                        length = durations(cue.media) if durations else None
                        if length:
                            into %= length
                        cell = _frame(path, into, scratch, row * 1000 + column) or _cell([90, 90, 90],
                                                                                       cue.media)
                    caption = cue.text.get(lang) or cue.text.get("zh") or ""
                    if caption:
                        placed.append((_text(html.escape(caption), CELL_W, 11), x, y + CELL_H + 4))
                placed.append((cell, x, y))
        for image, x, y in placed:
            if image.bands == 1:  # text: a mask, drawn in dark ink
                ink = pyvips.Image.black(image.width, image.height, bands=3).new_from_image([30, 30, 30])
                image = ink.bandjoin(image).copy(interpretation="srgb")
                sheet = sheet.composite2(image, "over", x=x, y=y).flatten()
            else:
                sheet = sheet.insert(image, x, y)
        return sheet.write_to_buffer(".png")
