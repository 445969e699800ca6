"""Compare a model's bounding box with the catalogue dimensions; name the likely unit mistake.

The horizontal orientation of a scan is arbitrary, so catalogue width/depth/diameter are compared
with the model's horizontal extents in sorted order; height is compared with the +Y extent.
"""

from __future__ import annotations

from assets.models.normalise import UNIT_SCALE

TOLERANCE = 0.05


def crosscheck(bbox_cm: dict, catalogue: dict, units: str = "m", tolerance: float = TOLERANCE) -> dict:
    """``bbox_cm`` from :func:`mesh_stats`; ``catalogue`` with any of height_cm, width_cm, depth_cm,
    diameter_cm. Returns the checks, whether any mismatch exceeds ``tolerance`` and, when every
    dimension is off by the same power of ten, the units the file was probably in."""
    pairs: list[tuple[str, float, float]] = []
    if catalogue.get("height_cm"):
        pairs.append(("height", float(catalogue["height_cm"]), bbox_cm["height"]))
    horizontal_model = sorted([bbox_cm["width"], bbox_cm["depth"]], reverse=True)
    if catalogue.get("diameter_cm"):
        pairs.append(("diameter", float(catalogue["diameter_cm"]), horizontal_model[0]))
    widths = sorted([v for v in (catalogue.get("width_cm"), catalogue.get("depth_cm")) if v], reverse=True)
    if not catalogue.get("diameter_cm"):
        for name, value, model in zip(("width", "depth"), widths, horizontal_model, strict=False):
            pairs.append((name, float(value), model))
    checks = []
    for name, expected, actual in pairs:
        ratio = actual / expected if expected else float("inf")
        checks.append({"dimension": name, "catalogue_cm": expected, "model_cm": round(actual, 2),
                       "ratio": round(ratio, 4), "ok": abs(ratio - 1) <= tolerance})
    mismatch = any(not check["ok"] for check in checks)
    result = {"checked": bool(checks), "mismatch": mismatch, "tolerance": tolerance, "checks": checks,
              "suspected_units": None, "message": ""}
    if not checks:
        result["message"] = "no catalogue dimensions to compare with"
    elif mismatch:
        result["suspected_units"] = _suspected_units([c["ratio"] for c in checks], units, tolerance)
        worst = max(checks, key=lambda c: abs(c["ratio"] - 1))
        result["message"] = (f"{worst['dimension']}: model {worst['model_cm']} cm vs catalogue "
                             f"{worst['catalogue_cm']} cm ({(worst['ratio'] - 1) * 100:+.1f} %)")
        if result["suspected_units"]:
            result["message"] += (f"; the file looks like it is in {result['suspected_units']}, "
                                  f"not {units}: add it again with --units {result['suspected_units']}")
    else:
        result["message"] = f"matches the catalogue dimensions within {tolerance * 100:.0f} %"
    return result


def _suspected_units(ratios: list[float], units: str, tolerance: float) -> str | None:
    for candidate, scale in UNIT_SCALE.items():
        factor = scale / UNIT_SCALE[units]  # what every ratio becomes if the file were in `candidate`
        if candidate != units and all(abs(ratio * factor - 1) <= tolerance for ratio in ratios):
            return candidate
    return None
