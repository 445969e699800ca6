"""The sample catalogue (``museum load-sample``): records first, then generated media and layouts.

Each step module has ``load(app, echo)``; a feature that ships sample data adds its module to STEPS.
Everything loaded here is marked as sample data.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable

STEPS = (
    "museum.sample.records",
    "museum.sample.images",
    "museum.sample.layouts",
    "museum.sample.models3d",
    "museum.sample.audio",
)


def load_sample(app, echo: Callable[[str], None] = print) -> None:
    for name in STEPS:
        importlib.import_module(name).load(app, echo)
