"""Every media kind the service ships, registered in this one place by importing its module (each module
calls :func:`assets.media.register`, as Pillow's plugins do). A new kind is one module with a
:class:`~assets.media.MediaKind` subclass, plus one import here.

Kinds claim files by content (JPEG, PNG, TIFF, WebP; OBJ, PLY, STL, OFF, glTF, zip; WAV, FLAC, Ogg, MP3):
no two kinds may claim the same bytes, so :func:`assets.media.kind_of` does not depend on the order of
registration.
"""

from __future__ import annotations

from assets.audio.kind import AUDIO
from assets.images.kind import IMAGE
from assets.media import KINDS, kind_named, kind_of
from assets.models.kind import MODEL3D

__all__ = ["AUDIO", "IMAGE", "KINDS", "MODEL3D", "kind_named", "kind_of"]
