"""Sample show "三峡云雨" (mist, rain and light over the gorges) in the room ``three-gorges-hall``: two LED
walls and a ceiling, and the 壮丽三峡 gallery's 5.1 soundscape on the surround output.

The sample has no footage of weather, so its pictures are generated here at load time (nothing committed):
numpy draws each scene — layered ridges of the gorge, bands of mist, rain streaks, the low sun — as a still
a little wider than the screen, and ffmpeg pans across it into a 12-s H.264 clip (640×360, cheap to encode).
Three cues (mist, rain, light) on each wall and the ceiling, 12 s each, fading into one another; the
soundscape (12 s) plays again under each. The room's programme loops the show all day.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

import numpy as np
import pyvips

from museum.catalogue import shows
from museum.catalogue.audio import TRACKS
from museum.exceptions import NotFound
from museum.extensions import db
from museum.media import storage
from museum.sample.audio import SOUNDSCAPE_GALLERY

SLUG = "sanxia-yunyu"
ROOM = "three-gorges-hall"
CUE_SECONDS = 12
WIDTH, HEIGHT, STILL_WIDTH = 640, 360, 800
OUTPUTS = [{"name": "wall-west", "kind": "video"}, {"name": "wall-east", "kind": "video"},
           {"name": "ceiling", "kind": "video"}, {"name": "surround", "kind": "audio", "layout": "5.1"}]
SCENES = ("mist", "rain", "light")
# sky top, sky bottom, ridge colours near → far
PALETTES = {
    "mist": ((150, 170, 180), (215, 222, 222), (46, 70, 66), (120, 140, 140)),
    "rain": ((70, 80, 92), (130, 140, 150), (28, 40, 42), (80, 92, 98)),
    "light": ((70, 110, 170), (250, 200, 130), (50, 48, 46), (150, 120, 110)),
}
CAPTIONS = {
    "mist": {"zh": "云雾：清晨，雾从江面升起，漫过瞿塘峡的峭壁。",
             "zh-Hant": "雲霧：清晨，霧從江面升起，漫過瞿塘峽的峭壁。",
             "en": "Mist: at dawn it rises off the river and climbs the cliffs of the Qutang Gorge.",
             "ja": "霧：夜明け、川面から霧が立ちのぼり、瞿塘峡の絶壁を越えていく。",
             "ko": "안개: 새벽, 강물 위로 피어오른 안개가 구당협의 절벽을 넘습니다.",
             "fr": "Brume : à l’aube, elle monte du fleuve et gravit les falaises de la gorge de Qutang."},
    "rain": {"zh": "夜雨：巫山多雨，雨水沿石灰岩的裂隙流入长江。",
             "zh-Hant": "夜雨：巫山多雨，雨水沿石灰岩的裂隙流入長江。",
             "en": "Rain: the Wu mountains are wet; water runs down the limestone's cracks into the Yangtze.",
             "ja": "雨：巫山は雨が多く、石灰岩の割れ目を伝って水が長江へ流れ込む。",
             "ko": "비: 비가 잦은 무산, 빗물은 석회암 틈을 따라 장강으로 흘러듭니다.",
             "fr": "Pluie : les monts Wu sont humides ; l’eau suit les fissures du calcaire "
                   "jusqu’au Yangzi."},
    "light": {"zh": "天光：雨后斜阳照进西陵峡，两岸山色一层层亮起来。",
              "zh-Hant": "天光：雨後斜陽照進西陵峽，兩岸山色一層層亮起來。",
              "en": "Light: after the rain the low sun enters the Xiling Gorge and the ridges light up, "
                    "one by one.",
              "ja": "光：雨上がり、西陵峡に斜めの日が差し、両岸の山並みが一層ずつ明るくなる。",
              "ko": "빛: 비가 갠 뒤 서릉협에 비낀 햇살이 들어 양쪽 산줄기가 차례로 밝아집니다.",
              "fr": "Lumière : après la pluie, le soleil bas entre dans la gorge de Xiling et les crêtes "
                    "s’allument une à une."},
}
TITLE = {"zh": "三峡云雨", "zh-Hant": "三峽雲雨", "en": "Clouds and Rain over the Three Gorges",
         "ja": "三峡の雲と雨", "ko": "삼협의 구름과 비", "fr": "Nuages et pluie sur les Trois Gorges"}
ROOM_NAME = {"zh": "壮丽三峡 沉浸厅", "zh-Hant": "壯麗三峽 沉浸廳",
             "en": "Magnificent Three Gorges: immersive hall", "ja": "壮麗なる三峡 没入ホール",
             "ko": "장려한 삼협 몰입관", "fr": "Trois Gorges : salle immersive"}


def _ridge(width: int, rng: np.random.Generator, base: float, amplitude: float) -> np.ndarray:
    x = np.linspace(0, 1, width)
    line = np.full(width, base)
    for octave in range(1, 6):
        line += amplitude / octave * np.sin(2 * np.pi * (octave * 1.7 * x + rng.random()))
    return line


def draw(scene: str, output: str, seed: int) -> np.ndarray:
    """An RGB still (HEIGHT × STILL_WIDTH) of ``scene`` as seen on ``output`` (the ceiling sees only sky)."""
    rng = np.random.default_rng(seed)
    top, bottom, near, far = (np.array(c, dtype=float) for c in PALETTES[scene])
    h, w = HEIGHT, STILL_WIDTH
    y = np.linspace(0, 1, h)[:, None, None]
    image = top * (1 - y) + bottom * y + np.zeros((h, w, 3))
    xs, ys = np.meshgrid(np.arange(w), np.arange(h))
    if scene == "light":  # the low sun: a warm glow on one side
        sx = w * (0.85 if output == "wall-west" else 0.15)
        glow = np.exp(-(((xs - sx) / (w * 0.25)) ** 2 + ((ys - h * 0.55) / (h * 0.35)) ** 2))
        image += glow[..., None] * np.array([90, 60, 10])
    if output != "ceiling":
        for layer in range(4):  # far to near ridges
            t = layer / 3
            colour = far * (1 - t) + near * t
            line = _ridge(w, rng, h * (0.35 + 0.15 * layer), h * (0.18 - 0.02 * layer))
            mask = ys > line[None, :]
            image[mask] = colour
            if scene == "mist":  # a band of mist above each ridge
                band = np.exp(-((ys - line[None, :] + h * 0.03) / (h * 0.05)) ** 2)
                image = image * (1 - 0.6 * band[..., None]) + 235 * 0.6 * band[..., None]
    else:  # clouds drifting over the ceiling
        clouds = np.zeros((h, w))
        for _ in range(28):
            cx, cy, r = rng.random() * w, rng.random() * h, 15 + rng.random() * 45
            clouds += np.exp(-(((xs - cx) / (r * 1.8)) ** 2 + ((ys - cy) / r) ** 2))
        clouds = np.clip(clouds, 0, 1)[..., None]
        shade = np.array({"mist": (252, 252, 250), "rain": (150, 155, 162), "light": (255, 236, 205)}[scene])
        image = image * 0.7 * (1 - 0.85 * clouds) + shade * 0.85 * clouds  # a deeper sky behind the clouds
    if scene == "rain":  # streaks
        for _ in range(900):
            x0, y0, length = int(rng.random() * w), int(rng.random() * h), int(8 + rng.random() * 18)
            for k in range(length):
                yy, xx = y0 + k, x0 + k // 3
                if 0 <= yy < h and 0 <= xx < w:
                    image[yy, xx] = image[yy, xx] * 0.5 + 110
    return np.clip(image, 0, 255).astype(np.uint8)


def make_clip(still: Path, out: Path, seconds: int = CUE_SECONDS, reverse: bool = False) -> None:
    """Pan a WIDTH×HEIGHT window across ``still`` for ``seconds``: an H.264 MP4 (yuv420p, faststart, a
    keyframe each second so the displays seek fast)."""
    ffmpeg = shutil.which("ffmpeg")
    if ffmpeg is None:
        raise NotFound("ffmpeg is missing (Debian's ffmpeg package)")
    frames = seconds * 25
    x = f"(in_w-{WIDTH})*(1-n/{frames})" if reverse else f"(in_w-{WIDTH})*n/{frames}"
    subprocess.run([ffmpeg, "-v", "error", "-y", "-loop", "1", "-framerate", "25", "-i", str(still),
                    "-t", str(seconds), "-vf", f"crop={WIDTH}:{HEIGHT}:x='{x}':y=0,format=yuv420p",
                    "-c:v", "libx264", "-preset", "ultrafast", "-crf", "28", "-g", "25",
                    "-movflags", "+faststart", str(out)], check=True, timeout=300)


def media_key(scene: str, output: str) -> str:
    return f"{shows.MEDIA_PREFIX}{SLUG}/{scene}-{output}.mp4"


def soundscape_key(session) -> str | None:
    try:
        tracks = [t for t in TRACKS.list(session, SOUNDSCAPE_GALLERY) if t.kind == "soundscape"]
    except NotFound:
        return None
    if not tracks:
        return None
    track = tracks[0]
    return f"audio/{track.folder}/{track.manifest['files']['opus']}"


def document(sound: str | None) -> dict:
    cues = []
    for number, scene in enumerate(SCENES):
        for output in ("wall-west", "wall-east", "ceiling"):
            cues.append({"output": output, "start": number * CUE_SECONDS, "duration": CUE_SECONDS,
                         "media": media_key(scene, output), "fade_in": 1.0, "fade_out": 1.0,
                         "text": CAPTIONS[scene] if output != "ceiling" else {}})
        if sound:  # the soundscape under each scene, from its beginning (it lasts a scene)
            cues.append({"output": "surround", "start": number * CUE_SECONDS, "duration": CUE_SECONDS,
                         "media": sound, "fade_in": 0.5, "fade_out": 0.5})
    return {"slug": SLUG, "title": TITLE, "duration": CUE_SECONDS * len(SCENES), "cues": cues}


def load(app, echo) -> None:
    with app.app_context():
        store = storage()
        with tempfile.TemporaryDirectory(prefix="sample-show-") as scratch:
            for index, scene in enumerate(SCENES):
                for turn, output in enumerate(("wall-west", "wall-east", "ceiling")):
                    key = media_key(scene, output)
                    if store.stat(key) is not None:
                        continue
                    still, clip = Path(scratch) / f"{scene}-{output}.png", Path(scratch) / "clip.mp4"
                    pixels = draw(scene, output, seed=20 + index * 3 + turn)
                    pyvips.Image.new_from_array(pixels, interpretation="srgb").write_to_file(str(still))
                    make_clip(still, clip, reverse=output == "wall-east")
                    store.put(key, clip)
        with db.transaction() as session:
            sound = soundscape_key(session)
            if sound is None:
                echo("show: the 5.1 soundscape is missing; the sample show plays without sound")
            shows.save_show(session, document(sound))
            if shows.get_room(session, ROOM) is None:
                shows.save_room(session, {"slug": ROOM, "name": ROOM_NAME, "outputs": OUTPUTS,
                                          "programme": {"hours": "09:00-17:30", "loop": [SLUG]}})
            problems = shows.check(store, shows.get_show(session, SLUG).show(), shows.get_room(session, ROOM))
        echo(f"show: {SLUG} in {ROOM}, {len(SCENES)} cues on 3 screens and 5.1 sound; "
             f"problems: {len(problems)}")
