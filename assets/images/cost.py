"""What one IIIF image request will cost, worked out from its :class:`Plan` before any pixel is decoded.

:func:`estimate` follows the request through the pipeline of :mod:`assets.images.render`: the pyramid
level the region is cut from (and so how many source pixels are decoded), the scaled size, the output
canvas after rotation (an angle that is not a multiple of 90° enlarges the bounding box, up to twice the
area at 45°), and the encoder of the output format. Its time and memory figures come from per-pixel
costs measured with ``benchmarks/iiif_hostile.py`` on a 2-core machine (libvips 8.14); they are
deliberately pessimistic, since the only use of the estimate is to refuse.

:func:`check` refuses what is over any :class:`Budget` limit with :class:`IIIFOverLimit`, whose message
names the parameter, the value and the limit. Each limit holds on its own, so no combination of
parameters gets round them: a small output cannot hide a huge decode (``full/20000,1/...``), a small
region cannot hide a huge upscale (``0,0,2,2/^max/...``), a cheap size cannot hide a huge rotated canvas
or an expensive encoder (``full/^4500,/45/default.webp``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from assets.images.exceptions import IIIFOverLimit
from assets.images.iiif_request import ImageRequest, Plan

PYRAMID_TILE = 256  # the pyramid's internal tile (assets.images.ingest.PYRAMID_TILE): the unit of decoding
MEGA = 1_000_000

# CPU seconds per million pixels (``benchmarks/iiif_hostile.py --calibrate`` and its "allowed" requests,
# libvips 8.14, rounded up): decoding the pyramid's JPEG tiles together with the shrink to the output
# size, rotating by an arbitrary angle (an affine transform with transparent corners), and each encoder
# at the settings of ``render.encode`` (deflate tif ranges from 0.16 to 0.5 with the content: the worst
# is taken). CPU time is the sum over libvips' threads, so on a machine with a free
# core the wall time is at most this; it does not grow with other processes' load, as wall time does.
DECODE_SECONDS = 0.05
ROTATE_SECONDS = 0.09
ENCODE_SECONDS = {"jpg": 0.02, "png": 0.15, "webp": 0.1, "tif": 0.6}
BASE_SECONDS = 0.02
# Bytes per output pixel held at once (same script, and the peak memory of its hostile requests): webp
# needs the whole image in memory (about 20 bytes/px once rotated), tif and png write the whole file to
# memory, jpg streams; an arbitrary rotation buffers the rotated image.
ENCODE_BYTES = {"jpg": 1, "png": 6, "webp": 8, "tif": 4}
ROTATE_BYTES = 12
BASE_BYTES = 40 * 1024 * 1024  # libvips' threads, tile buffers and caches


@dataclass(frozen=True)
class Budget:
    """Limits a request cannot get round. ``0`` turns a limit off."""

    max_canvas_pixels: int = 16_000_000  # the output image after rotation
    max_rotated_pixels: int = 4_000_000  # the output canvas of a rotation that is not a multiple of 90°
    max_decoded_pixels: int = 60_000_000  # source pixels decoded from the chosen pyramid level
    max_seconds: float = 1.5  # estimated time to cut, scale, rotate and encode
    max_memory_bytes: int = 200 * 1024 * 1024  # estimated peak memory of one request


@dataclass(frozen=True)
class Cost:
    level: int  # pyramid level the region is cut from (0 = full resolution)
    decoded_pixels: int  # pixels of the JPEG tiles covering the region at that level
    canvas_width: int  # the output image, after rotation
    canvas_height: int
    seconds: float
    memory_bytes: int

    @property
    def canvas_pixels(self) -> int:
        return self.canvas_width * self.canvas_height


def pyramid_sizes(width: int, height: int, tile: int = PYRAMID_TILE) -> list[tuple[int, int]]:
    """The level sizes libvips writes for a ``width`` × ``height`` pyramid (largest first): each level
    halves the one above (rounding down) until one tile holds it. Known without opening the file."""
    sizes = [(width, height)]
    while (width > tile or height > tile) and width > 1 and height > 1:
        width, height = width // 2, height // 2
        sizes.append((width, height))
    return sizes


def choose_level(plan: Plan, sizes: list[tuple[int, int]]) -> int:
    """The smallest level that still has at least the output's resolution over the region."""
    width, height = sizes[0]
    chosen = 0
    for index, (level_w, level_h) in enumerate(sizes[1:], start=1):
        if plan.w * level_w / width >= plan.width and plan.h * level_h / height >= plan.height:
            chosen = index
        else:
            break
    return chosen


def canvas_size(width: int, height: int, degrees: float) -> tuple[int, int]:
    """The bounding box of a ``width`` × ``height`` image rotated by ``degrees``."""
    if degrees % 180 == 0:
        return width, height
    if degrees % 90 == 0:
        return height, width
    radians = math.radians(degrees)
    cos, sin = abs(math.cos(radians)), abs(math.sin(radians))
    return math.ceil(width * cos + height * sin), math.ceil(width * sin + height * cos)


def is_arbitrary(degrees: float) -> bool:
    return degrees % 90 != 0


def estimate(plan: Plan, sizes: list[tuple[int, int]]) -> Cost:
    """The cost of ``plan`` on a pyramid whose level sizes are ``sizes`` (see :func:`pyramid_sizes`)."""
    level = choose_level(plan, sizes)
    (width, height), (level_w, level_h) = sizes[0], sizes[level]
    x0, y0 = plan.x * level_w / width, plan.y * level_h / height
    x1, y1 = (plan.x + plan.w) * level_w / width, (plan.y + plan.h) * level_h / height
    tiles_x = math.ceil(x1 / PYRAMID_TILE) - math.floor(x0 / PYRAMID_TILE)
    tiles_y = math.ceil(y1 / PYRAMID_TILE) - math.floor(y0 / PYRAMID_TILE)
    decoded = min(tiles_x * PYRAMID_TILE, level_w) * min(tiles_y * PYRAMID_TILE, level_h)
    canvas_w, canvas_h = canvas_size(plan.width, plan.height, plan.rotation)
    canvas = canvas_w * canvas_h
    seconds = BASE_SECONDS + (decoded * DECODE_SECONDS + canvas * ENCODE_SECONDS[plan.format]) / MEGA
    memory = BASE_BYTES + canvas * ENCODE_BYTES[plan.format]
    if is_arbitrary(plan.rotation):
        seconds += canvas * ROTATE_SECONDS / MEGA
        memory += canvas * ROTATE_BYTES
    return Cost(level, decoded, canvas_w, canvas_h, seconds, memory)


def assess(request: ImageRequest, plan: Plan, sizes: list[tuple[int, int]], budget: Budget) -> Cost:
    """The cost of ``plan`` (resolved from ``request``); :class:`IIIFOverLimit` if over ``budget``."""
    cost = estimate(plan, sizes)
    check(request, plan, cost, budget)
    return cost


def check(request: ImageRequest, plan: Plan, cost: Cost, budget: Budget) -> None:
    """Raise :class:`IIIFOverLimit` when ``cost`` is over a limit of ``budget``; the message quotes the
    parameter as the request gave it."""
    region, size, rotation, fmt = request.region, request.size, request.rotation, request.format
    canvas = f"{cost.canvas_width:,} × {cost.canvas_height:,} = {cost.canvas_pixels:,} px"
    if budget.max_decoded_pixels and cost.decoded_pixels > budget.max_decoded_pixels:
        raise IIIFOverLimit(
            f"region '{region}' at size '{size}' would decode {cost.decoded_pixels:,} source pixels; "
            f"the limit is {budget.max_decoded_pixels:,} (ask for a smaller region or a smaller size)",
            "region")
    rotated_over = budget.max_rotated_pixels and cost.canvas_pixels > budget.max_rotated_pixels
    if rotated_over and is_arbitrary(plan.rotation):
        raise IIIFOverLimit(
            f"rotation '{rotation}' of size '{size}' gives a {canvas} canvas; a rotation that is not a "
            f"multiple of 90 is limited to {budget.max_rotated_pixels:,} px", "rotation")
    if budget.max_canvas_pixels and cost.canvas_pixels > budget.max_canvas_pixels:
        raise IIIFOverLimit(f"size '{size}' at rotation '{rotation}' gives a {canvas} image; the limit is "
                            f"{budget.max_canvas_pixels:,} px", "size")
    if budget.max_seconds and cost.seconds > budget.max_seconds:
        raise IIIFOverLimit(
            f"format '{fmt}' for a {canvas} image would take about {cost.seconds:.1f} s to make; the limit "
            f"is {budget.max_seconds:g} s (ask for a smaller size or the jpg format)", "format")
    if budget.max_memory_bytes and cost.memory_bytes > budget.max_memory_bytes:
        raise IIIFOverLimit(
            f"format '{fmt}' for a {canvas} image would need about {cost.memory_bytes / 2**20:,.0f} MB; the "
            f"limit is {budget.max_memory_bytes / 2**20:,.0f} MB (ask for a smaller size or the jpg format)",
            "format")
