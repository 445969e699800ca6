"""A small hand-written catalogue for the search contract: real objects of the museum in six languages,
plus records made to catch mistakes (scattered characters, accents, unpublished, no years)."""

from __future__ import annotations

FACTS = {"category": None, "period": None, "gallery": None, "years": (None, None), "published": True,
         "has_3d": False, "keywords": None}  # what doc() accepts as keywords, with the defaults


def doc(accession, title, description=None, **facts):
    unknown = facts.keys() - FACTS.keys()
    if unknown:
        raise TypeError(f"doc() got unknown facts {sorted(unknown)}")
    facts = {**FACTS, **facts}
    start_year, end_year = facts["years"]
    return {"accession_number": accession, "title": title, "description": description or {},
            "keywords": facts["keywords"] or {}, "category": facts["category"], "period": facts["period"],
            "gallery": facts["gallery"], "start_year": start_year, "end_year": end_year,
            "published": facts["published"], "has_3d": facts["has_3d"]}


WARRING_STATES = {"zh": ["战国"], "en": ["Warring States"], "fr": ["Royaumes combattants"]}

DOCUMENTS = [
    doc("1989.0107",
        {"zh": "战国铜虎钮錞于", "zh-Hant": "戰國銅虎鈕錞于", "en": "Bronze chunyu with tiger knob",
         "ja": "戦国 虎鈕錞于", "ko": "전국시대 호랑이 꼭지 청동 순우",
         "fr": "Chunyu en bronze à bouton en forme de tigre"},
        {"zh": "1989年7月万县甘宁乡出土，是已知最大的錞于。巴人以金錞和鼓。",
         "en": "Found in July 1989 at Ganning, Wanxian; the largest chunyu known, sounded with drums in "
               "war."},
        category="bronze", period="warring-states", gallery="ancient-ba-yu", years=(-475, -221),
        has_3d=True, keywords=WARRING_STATES),
    doc("2002.0031", {"zh": "鸟形铜尊", "en": "Bird-shaped bronze zun",
                      "fr": "Zun en bronze en forme d'oiseau"},
        {"zh": "2002年涪陵小田溪出土。"}, category="bronze", period="warring-states",
        gallery="ancient-ba-yu", years=(-475, -221), keywords=WARRING_STATES),
    doc("1977.0012", {"zh": "三羊铜尊", "en": "Bronze zun with three rams", "ja": "三羊青銅尊"},
        {"en": "An important Shang ritual bronze from the upper Yangtze."}, category="bronze",
        period="shang", gallery="ancient-ba-yu", years=(-1600, -1046)),
    doc("1972.0008", {"zh": "错金编钟", "zh-Hant": "錯金編鐘", "en": "Gold-inlaid chime bells",
                      "fr": "Cloches de carillon incrustées d'or", "ko": "금 상감 편종"},
        {"zh": "一套十四件，高27至15厘米。"}, category="instruments", period="warring-states",
        gallery="ancient-ba-yu", years=(-475, -221), has_3d=True, keywords=WARRING_STATES),
    doc("1954.0003", {"zh": "巴式柳叶剑", "en": "Ba-style willow-leaf sword",
                      "fr": "Épée en feuille de saule de style Ba"},
        {"zh": "巴县冬笋坝出土。"}, category="weapons", period="warring-states",
        gallery="ancient-ba-yu", years=(-475, -221)),
    doc("1986.0001", {"zh": "巫山人下颌骨化石", "en": "Wushan Man mandible"},
        {"zh": "龙骨坡出土，约二百万年。"}, category="specimens-fossils", period="palaeolithic",
        gallery="ancient-ba-yu", years=(-2000000, -10000)),
    doc("1955.0021", {"zh": "偏将军金印", "en": "Gold seal of a lieutenant general", "ja": "偏将軍金印"},
        {"zh": "重108.95克。"}, category="seals", period="eastern-han", gallery="han-sculpture",
        years=(25, 220)),
    doc("2004.0117", {"zh": "景云碑", "zh-Hant": "景雲碑", "en": "Jingyun stele"},
        {"zh": "东汉熹平二年（173年）刻。"}, category="stone-carving", period="eastern-han",
        gallery="han-sculpture", years=(173, 173)),
    doc("2002.0158", {"zh": "乌杨阙", "en": "Wuyang que (gate pillar)"}, {"zh": "主阙高5.4米，忠县出土。"},
        category="stone-carving", period="eastern-han", gallery="han-sculpture", years=(25, 220)),
    doc("1987.0042", {"zh": "击鼓说唱俑", "en": "Drum-beating storyteller figurine"},
        {"zh": "陶质，忠县出土。"}, category="pottery", period="eastern-han", gallery="han-sculpture",
        years=(25, 220)),
    doc("1951.0203", {"zh": "唐寅临韩熙载夜宴图", "en": "The Night Revels of Han Xizai, copy by Tang Yin"},
        {"zh": "手卷，纵30.8厘米，横547.8厘米。"}, category="calligraphy-painting", period="ming",
        gallery="calligraphy-painting", years=(1368, 1644)),
    doc("1964.0012", {"zh": "秦良玉铠甲", "en": "Armour of Qin Liangyu"}, {"zh": "明末石柱女将秦良玉遗物。"},
        category="relics-notables", period="ming", gallery="chongqing-city", years=(1599, 1648)),
    doc("T0001", {"zh": "青花缠枝莲纹碗", "en": "Blue-and-white bowl with lotus scroll"}, {},
        category="porcelain", period="ming", gallery="porcelain", years=(1403, 1424)),
    doc("T0002", {"zh": "缠枝纹莲碗"}, {"zh": "碗上有莲，莲旁缠枝纹。"}, category="porcelain", period="qing",
        gallery="porcelain", years=(1644, 1911)),
    doc("T0003", {"fr": "Aiguière en porcelaine", "en": "Porcelain ewer"}, {}, category="porcelain",
        period="song", gallery="porcelain", years=(960, 1279)),
    doc("T0004", {"zh": "開元通寶", "en": "Kaiyuan tongbao coin"}, {"zh": "唐代銅錢。"}, category="coins",
        period="tang", gallery="coins", years=(621, 907)),
    doc("T0005", {"zh": "未公开铜镜", "en": "Unpublished bronze mirror"}, {}, category="bronze", period="han",
        gallery="ancient-ba-yu", years=(-206, 220), published=False),
    doc("T0006", {"zh": "年代不详的陶罐", "en": "Pottery jar of unknown date"}, {}, category="pottery"),
]
PUBLISHED = [d for d in DOCUMENTS if d["published"]]
