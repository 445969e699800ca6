"""Sample live link: the video link to the Baiheliang Underwater Museum (白鹤梁水下博物馆), with one recorded
clip made here by ffmpeg from the sample's own image of the Baiheliang rubbing (1963.0088): a slow pan over
the stone fish and inscriptions, tinted as if seen through the water (10 s, 960×540, H.264, no sound).

The sample's stream address is a placeholder on this machine (``LIVE_SAMPLE_STREAM``): nothing answers
there until a real source (or the tests' ffmpeg) serves it, so the station shows the recorded clip.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import pyvips

from museum.catalogue import live_links
from museum.catalogue.images import IMAGES
from museum.exceptions import NotFound
from museum.extensions import db
from museum.media import storage

SLUG = "baiheliang"
CLIP = "baiheliang-rubbing"
RUBBING = "1963.0088"
LIVE_SAMPLE_STREAM = "http://127.0.0.1:8089/baiheliang/index.m3u8"
NAME = {"zh": "白鹤梁水下博物馆", "zh-Hant": "白鶴梁水下博物館", "en": "Baiheliang Underwater Museum",
        "ja": "白鶴梁水中博物館", "ko": "백학량 수중 박물관", "fr": "Musée subaquatique de Baiheliang"}
CAPTION = {
    "zh": "水下40米，白鹤梁题刻：唐代以来的石鱼标记着长江的枯水位。",
    "zh-Hant": "水下40米，白鶴梁題刻：唐代以來的石魚標記著長江的枯水位。",
    "en": "40 m under the water, the Baiheliang inscriptions: stone fish carved since the Tang mark the "
          "Yangtze's low water.",
    "ja": "水深40メートル、白鶴梁題刻。唐代以来の石魚が長江の渇水位を記す。",
    "ko": "수심 40m의 백학량 제각: 당나라 때부터 새긴 돌물고기가 장강의 갈수위를 표시합니다.",
    "fr": "À 40 m sous l’eau, les inscriptions de Baiheliang : des poissons de pierre gravés depuis les Tang "
          "marquent les basses eaux du Yangzi.",
}
SESSIONS = "10:00-10:30 王老师\n14:00-14:30 李老师\n16:00-16:20"


def make_clip(still: Path, out: Path, seconds: int = 10) -> None:
    """A slow pan of a 960×540 window across ``still`` (at least that large), low on it where the stone fish
    are, as an H.264 MP4 the kiosks play (yuv420p, faststart). No scaling per frame: cheap to encode."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise NotFound("ffmpeg is missing (Debian's ffmpeg package)")
    frames = seconds * 25
    pan = (f"crop=960:540:x='(in_w-960)*n/{frames}':y='max(0,in_h-560)',"
           "colorchannelmixer=rr=0.55:gg=0.85:bb=1.0:gb=0.15,format=yuv420p")
    subprocess.run([ffmpeg, "-v", "error", "-y", "-loop", "1", "-framerate", "25", "-i", str(still),
                    "-t", str(seconds), "-vf", pan, "-c:v", "libx264", "-preset", "veryfast", "-crf", "26",
                    "-movflags", "+faststart", str(out)], check=True, timeout=300)


def load(app, echo) -> None:
    with app.app_context():
        if CLIP not in live_links.clip_names(storage()):
            with db.transaction() as session:
                try:
                    images = IMAGES.list(session, RUBBING)
                except NotFound:
                    images = []
            if not images:
                echo(f"live link: {RUBBING} has no image, sample clip skipped")
                return
            with tempfile.TemporaryDirectory(prefix="sample-live-") as scratch:
                still, clip = Path(scratch) / "still.png", Path(scratch) / f"{CLIP}.mp4"
                source = pyvips.Image.new_from_file(str(storage().local_path(images[0].pyramid_path)))
                source.thumbnail_image(1280, height=1280).write_to_file(str(still))
                make_clip(still, clip)
                info = live_links.add_clip(storage(), CLIP, clip)
            echo(f"live link: recorded clip {CLIP} {info['seconds']:.0f} s {info['codec']}")
        with db.transaction() as session:
            if live_links.get(session, SLUG) is None:
                form = {"stream_url": LIVE_SAMPLE_STREAM, "playlist": CLIP, "sessions": SESSIONS,
                        **{f"name_{code}": text for code, text in NAME.items()},
                        **{f"caption_{code}": text for code, text in CAPTION.items()}}
                live_links.save(session, SLUG, live_links.validate(form, live_links.clip_names(storage())))
                echo(f"live link: {SLUG} (station live:{SLUG})")
