"""IIIF Image API 3.0 image information (``info.json``) for one pyramid."""

from __future__ import annotations

from assets.images.iiif_request import MaxSize

CONTEXT = "http://iiif.io/api/image/3/context.json"
PROFILE_URI = "http://iiif.io/api/image/3/level2.json"
TILE_SIZE = 512
EXTRA_FORMATS = ["webp", "tif"]
EXTRA_QUALITIES = ["bitonal"]
EXTRA_FEATURES = ["mirroring", "rotationArbitrary", "sizeUpscaling", "canonicalLinkHeader",
                  "profileLinkHeader"]


def image_information(service_id: str, width: int, height: int, level_sizes: list[tuple[int, int]],
                      limits: MaxSize = MaxSize(), rights: str | None = None) -> dict:
    """The info.json document. ``level_sizes`` are the pyramid's levels, largest first."""
    scale_factors = [2**index for index in range(len(level_sizes))]
    info = {
        "@context": CONTEXT,
        "id": service_id,
        "type": "ImageService3",
        "protocol": "http://iiif.io/api/image",
        "profile": "level2",
        "width": width,
        "height": height,
    }
    for key, value in (("maxWidth", limits.max_width), ("maxHeight", limits.max_height),
                       ("maxArea", limits.max_area)):
        if value:
            info[key] = value
    # Sizes that are cheap to serve: the pyramid levels below full size (smallest first, as the spec asks).
    cheap = [{"width": w, "height": h} for w, h in reversed(level_sizes[1:])
             if not limits.max_area or w * h <= limits.max_area]
    info["sizes"] = cheap or [{"width": width, "height": height}]
    info["tiles"] = [{"width": TILE_SIZE, "height": TILE_SIZE, "scaleFactors": scale_factors}]
    info["extraFormats"] = list(EXTRA_FORMATS)
    info["extraQualities"] = list(EXTRA_QUALITIES)
    info["extraFeatures"] = list(EXTRA_FEATURES)
    if rights:
        info["rights"] = rights
    return info
