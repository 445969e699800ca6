"""Sample online exhibition: 壮丽三峡·线上展 (The Magnificent Three Gorges online), built from the sample's
records, images, 3D models and audio guide (run after them). Published as version 1 and marked sample;
loading again leaves it as it is."""

from __future__ import annotations

from museum.catalogue import exhibitions
from museum.catalogue.audio import TRACKS
from museum.catalogue.images import IMAGES
from museum.catalogue.models3d import MODELS
from museum.catalogue.repository import get_record
from museum.extensions import db

SLUG = "magnificent-three-gorges"
TITLE = {"zh": "壮丽三峡·线上展", "zh-Hant": "壯麗三峽·線上展",
         "en": "The Magnificent Three Gorges online", "ja": "壮麗なる三峡 オンライン",
         "ko": "장려한 삼협 온라인", "fr": "Les Trois Gorges majestueuses en ligne"}
SUMMARY = {
    "zh": "从巫山人到白鹤梁：长江三峡的人、器物与江水，以馆藏文物讲述。",
    "zh-Hant": "從巫山人到白鶴梁：長江三峽的人、器物與江水，以館藏文物講述。",
    "en": "From Wushan Man to the Baiheliang inscriptions: the people, objects and river of the Three "
          "Gorges, told through the collection.",
    "ja": "巫山人から白鶴梁まで：長江三峡の人々と器物と川を、館蔵品で語ります。",
    "ko": "무산인에서 백학량까지: 장강 삼협의 사람과 유물과 강을 소장품으로 이야기합니다.",
    "fr": "De l’Homme de Wushan aux inscriptions de Baiheliang : les gens, les objets et le fleuve des Trois "
          "Gorges, racontés par la collection."}
SECTIONS = [
    ({"zh": "巴人的青铜", "zh-Hant": "巴人的青銅", "en": "The bronzes of the Ba", "ja": "巴人の青銅器",
      "ko": "파인의 청동기", "fr": "Les bronzes des Ba"},
     {"zh": "战国时期，巴人在峡江两岸铸造**錞于**与编钟，用于军阵与祭祀。虎是巴人的图腾。",
      "zh-Hant": "戰國時期，巴人在峽江兩岸鑄造**錞于**與編鐘，用於軍陣與祭祀。虎是巴人的圖騰。",
      "en": "In the Warring States period the Ba cast **chunyu** drums and chime bells on the banks of the "
            "gorges, for war and for rites. The tiger was their emblem.",
      "ja": ("戦国時代、巴人は峡江の両岸で**錞于**と編鐘を鋳造し、"
             "軍陣と祭祀に用いました。虎は巴人の象徴です。"),
      "ko": ("전국시대 파인은 협강 양안에서 **순우**와 편종을 주조하여 "
             "전쟁과 제사에 썼습니다. 호랑이는 그들의 상징이었습니다."),
      "fr": "À l’époque des Royaumes combattants, les Ba fondaient des **chunyu** et des carillons de "
            "cloches, pour la guerre et les rites. Le tigre était leur emblème."}),
    ({"zh": "江水的记忆", "zh-Hant": "江水的記憶", "en": "The river remembers", "ja": "川の記憶",
      "ko": "강의 기억", "fr": "La mémoire du fleuve"},
     {"zh": "白鹤梁题刻记录了一千二百年间长江枯水的水位，石鱼出水，预兆丰年。",
      "zh-Hant": "白鶴梁題刻記錄了一千二百年間長江枯水的水位，石魚出水，預兆豐年。",
      "en": "The Baiheliang inscriptions record the Yangtze's low water over twelve centuries: when the "
            "stone fish showed, a good harvest would follow.",
      "ja": ("白鶴梁題刻は千二百年にわたる長江の渇水位を記録します。"
             "石魚が現れると豊年の兆しでした。"),
      "ko": ("백학량 제각은 1200년 동안 장강의 갈수 수위를 기록합니다. "
             "돌물고기가 드러나면 풍년의 징조였습니다."),
      "fr": "Les inscriptions de Baiheliang notent les basses eaux du Yangzi sur douze siècles : quand le "
            "poisson de pierre apparaissait, la récolte serait bonne."}),
]
CAPTIONS = {
    "scroll": {"zh": "唐寅临《韩熙载夜宴图》局部", "en": "A detail of Tang Yin's copy of The Night Revels",
               "fr": "Détail de la copie par Tang Yin du Banquet nocturne"},
    "compare": {"zh": "两件青铜尊：鸟形尊与三羊尊", "en": "Two bronze zun: bird-shaped and with three rams",
                "fr": "Deux zun en bronze : en forme d’oiseau et aux trois béliers"},
    "map": {"zh": "样本文物的出土地点", "en": "Where the sample objects were found",
            "fr": "Lieux de découverte des objets de l’échantillon"},
    "timeline": {"zh": "从旧石器时代到明代", "en": "From the Palaeolithic to the Ming",
                 "fr": "Du Paléolithique aux Ming"},
}


def _first_image(session, accession: str):
    record = get_record(session, accession, published_only=False)
    images = IMAGES.of(session, record) if record is not None else []
    return images[0] if images else None


def document(session) -> dict:
    """The sample exhibition's document, from what the sample loaded (blocks whose media is missing are
    left out)."""
    blocks: list[dict] = []
    heading, body = SECTIONS[0]
    blocks.append({"kind": "text", "heading": heading, "body": body})
    blocks.append({"kind": "object", "accession": "1989.0107"})
    models = MODELS.list(session, "1989.0107")
    if models and models[0].hotspots:
        hotspot = str(models[0].hotspots[0]["id"])
        blocks.append({"kind": "model", "accession": "1989.0107", "hotspot": hotspot})
    tracks = [t for t in TRACKS.list(session, "1989.0107") if t.language == "zh"]
    if tracks:
        blocks.append({"kind": "audio", "track": tracks[0].folder})
    bird, rams = _first_image(session, "2002.0031"), _first_image(session, "1977.0012")
    if bird and rams:
        blocks.append({"kind": "compare", "before": bird.identifier, "after": rams.identifier,
                       "caption": CAPTIONS["compare"]})
    scroll = _first_image(session, "1951.0203")
    if scroll:
        w, h = scroll.width, scroll.height
        region = f"{w // 3},{0},{min(w // 3, w - w // 3)},{h}"
        blocks.append({"kind": "image", "image": scroll.identifier, "region": region,
                       "caption": CAPTIONS["scroll"]})
    heading, body = SECTIONS[1]
    blocks.append({"kind": "text", "heading": heading, "body": body})
    blocks.append({"kind": "object", "accession": "1963.0088"})
    blocks.append({"kind": "map", "caption": CAPTIONS["map"],
                   "places": ["wanxian-ganning", "fuling-xiaotianxi", "baxian-dongsunba", "wushan-longgupo",
                              "yunyang", "zhongxian-wuyang", "zhongxian", "shizhu", "fuling-baiheliang"]})
    blocks.append({"kind": "timeline", "caption": CAPTIONS["timeline"],
                   "periods": ["palaeolithic", "shang", "warring-states", "eastern-han", "tang", "ming"]})
    rubbing = _first_image(session, "1963.0088")
    cover = {"image": rubbing.identifier, "region": "full"} if rubbing else None
    return {"title": TITLE, "summary": SUMMARY, "cover": cover, "blocks": blocks}


def load(app, echo) -> None:
    with db.transaction() as session:
        try:
            exhibitions.get(session, SLUG)
        except exhibitions.NotFound:
            pass
        else:
            echo(f"exhibition {SLUG}: already there")
            return
        exhibitions.create(session, SLUG, TITLE, author="sample", is_sample=True)
        exhibitions.save(session, SLUG, document(session), author="sample", note="sample exhibition")
        exhibitions.publish(session, SLUG, actor="sample")
        echo(f"exhibition {SLUG}: published")
