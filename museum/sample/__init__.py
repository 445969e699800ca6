"""The sample catalogue (``museum load-sample``): records first, then generated media and layouts.

Each step is a ``load(app, echo)`` function; a feature that ships sample data adds its module's to STEPS.
Everything loaded here is marked as sample data.
"""

from __future__ import annotations

from collections.abc import Callable

from museum.sample import audio, exhibitions, images, layouts, live, models3d, records, shows

STEPS = (records.load, images.load, layouts.load, models3d.load, audio.load, live.load, shows.load,
         exhibitions.load)


def load_sample(app, echo: Callable[[str], None] = print) -> None:
    for step in STEPS:
        step(app, echo)
