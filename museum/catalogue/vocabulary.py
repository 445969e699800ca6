"""Controlled vocabularies of the catalogue: the one source for every field stored by key.

Categories (national standard), periods and grades are declared below; materials (质地), acquisition methods
(来源方式) and find-site places (出土地点) are read from ``vocabularies.json`` beside this module. Every term
is stored by a language-neutral key and shown in the reader's language; the pages, the API, the importer and
the search index all go through :func:`lookup` / :func:`by_key` / :func:`label`.

A material may name several terms (``铁、织物``): it is stored as keys joined by ``,`` (``iron,textile``).
A value that is not a key (a record written before the vocabularies, kept verbatim by migration 0005) is
free text in Chinese: :func:`label` returns it with ``is_key=False`` so pages mark it as untranslated.

Languages and their fallback chains live in :mod:`languages`.
Names come from ``shared/reference/catalogue-facts.md`` (WW/T 0017-2013 and common periodisation).
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

# BCP47 ... normalise_language: still imported from here by museum/api, museum/cli/media.py and
# museum/iiif/manifests.py until the changes under way there import ``languages``; new code does.
from languages import BCP47, LANGUAGES, URL_SEGMENTS, normalise_language, pick  # noqa: F401


@dataclass(frozen=True)
class Term:
    key: str
    names: dict
    aliases: tuple = field(default=())

    def name(self, lang: str) -> str:
        return pick(self.names, lang)[0] or self.key


def _t(key, zh, en, zh_hant, ja, ko, fr, *aliases):
    return Term(key, {"zh": zh, "zh-Hant": zh_hant, "en": en, "ja": ja, "ko": ko, "fr": fr}, tuple(aliases))


# The 35 categories of the national standard (馆藏文物登录规范 WW/T 0017-2013).
CATEGORIES = (
    _t("jade-stone", "玉石器", "Jade and stone", "玉石器", "玉石器", "옥석기", "Jade et pierre", "玉器", "jade"),
    _t("pottery", "陶器", "Pottery", "陶器", "陶器", "도기", "Poterie", "陶"),
    _t("porcelain", "瓷器", "Porcelain", "瓷器", "磁器", "자기", "Porcelaine", "瓷", "ceramics"),
    _t("bronze", "铜器", "Bronze", "銅器", "青銅器", "청동기", "Bronze", "青铜器", "青铜", "bronzes"),
    _t("gold-silver", "金银器", "Gold and silver", "金銀器", "金銀器", "금은기", "Or et argent"),
    _t("iron-metal", "铁器、其他金属器", "Iron and other metals", "鐵器、其他金屬器", "鉄器・その他金属器",
       "철기·기타 금속기", "Fer et autres métaux", "铁器", "iron"),
    _t("lacquer", "漆器", "Lacquerware", "漆器", "漆器", "칠기", "Laques", "lacquer"),
    _t("sculpture", "雕塑、造像", "Sculpture and statues", "雕塑、造像", "彫刻・造像", "조각·조상",
       "Sculpture et statues", "雕塑 造像", "雕塑", "造像", "sculpture"),
    _t("stone-carving", "石器、石刻、砖瓦", "Stone tools, carvings, bricks and tiles", "石器、石刻、磚瓦",
       "石器・石刻・磚瓦", "석기·석각·전와", "Outils de pierre, gravures, briques et tuiles",
       "石器 石刻 砖瓦", "石刻", "石器", "砖瓦"),
    _t("calligraphy-painting", "书法、绘画", "Calligraphy and painting", "書法、繪畫", "書画", "서화",
       "Calligraphie et peinture", "书法 绘画", "书画", "书法", "绘画", "painting", "calligraphy"),
    _t("stationery", "文具", "Stationery", "文具", "文房具", "문구", "Objets de lettré"),
    _t("oracle-bones", "甲骨", "Oracle bones", "甲骨", "甲骨", "갑골", "Os oraculaires"),
    _t("seals", "玺印符牌", "Seals and tallies", "璽印符牌", "璽印符牌", "새인부패", "Sceaux et insignes", "印章", "seals"),
    _t("coins", "钱币", "Coins", "錢幣", "銭貨", "화폐", "Monnaies", "货币", "coin"),
    _t("ivory-bone-horn", "牙骨角器", "Ivory, bone and horn", "牙骨角器", "牙骨角器", "아골각기", "Ivoire, os et corne"),
    _t("bamboo-wood", "竹木雕", "Bamboo and wood carving", "竹木雕", "竹木彫", "죽목조", "Sculpture sur bambou et bois"),
    _t("furniture", "家具", "Furniture", "傢具", "家具", "가구", "Mobilier"),
    _t("enamel", "珐琅器", "Enamel", "琺瑯器", "琺瑯器", "법랑기", "Émaux"),
    _t("textiles", "织绣", "Textiles and embroidery", "織繡", "染織・刺繍", "직수", "Textiles et broderies", "textiles"),
    _t("rare-books", "古籍图书", "Rare books", "古籍圖書", "古籍図書", "고적 도서", "Livres anciens"),
    _t("rubbings", "碑帖拓本", "Rubbings", "碑帖拓本", "碑帖拓本", "비첩 탁본", "Estampages"),
    _t("weapons", "武器", "Weapons", "武器", "武器", "무기", "Armes", "兵器"),
    _t("stamps", "邮品", "Stamps", "郵品", "郵便切手類", "우표류", "Timbres"),
    _t("documents", "文件、宣传品", "Documents and propaganda", "文件、宣傳品", "文書・宣伝品", "문건·선전물",
       "Documents et propagande", "文件 宣传品"),
    _t("archives", "档案文书", "Archives", "檔案文書", "档案文書", "문서 기록", "Archives"),
    _t("relics-notables", "名人遗物", "Relics of notable people", "名人遺物", "著名人物の遺品", "명인 유물",
       "Objets de personnalités"),
    _t("glass", "玻璃器", "Glass", "玻璃器", "ガラス器", "유리기", "Verre"),
    _t("instruments", "乐器、法器", "Musical and ritual instruments", "樂器、法器", "楽器・法具", "악기·법기",
       "Instruments de musique et rituels", "乐器 法器", "乐器", "musical instruments"),
    _t("leather", "皮革", "Leather", "皮革", "皮革", "피혁", "Cuir"),
    _t("audio-visual", "音像制品", "Audio-visual", "音像製品", "音響映像資料", "음향 영상물", "Audiovisuel"),
    _t("bills-tickets", "票据", "Bills and tickets", "票據", "証票類", "증권·표", "Billets et titres"),
    _t("transport", "交通、运输工具", "Transport", "交通、運輸工具", "交通・運輸用具", "교통·운송 도구",
       "Transports", "交通 运输工具"),
    _t("weights-measures", "度量衡器", "Weights and measures", "度量衡器", "度量衡器", "도량형기", "Poids et mesures"),
    _t("specimens-fossils", "标本、化石", "Specimens and fossils", "標本、化石", "標本・化石", "표본·화석",
       "Spécimens et fossiles", "标本 化石", "化石", "fossils"),
    _t("other", "其他", "Other", "其他", "その他", "기타", "Autres"),
)


@dataclass(frozen=True)
class Period(Term):
    start_year: int | None = None
    end_year: int | None = None


def _p(key, zh, en, zh_hant, ja, ko, fr, start, end, *aliases):
    names = {"zh": zh, "zh-Hant": zh_hant, "en": en, "ja": ja, "ko": ko, "fr": fr}
    return Period(key, names, tuple(aliases), start, end)


# Year ranges; negative = BCE. Palaeolithic has no fixed start; the PRC no end.
PERIODS = (
    _p("palaeolithic", "旧石器时代", "Palaeolithic", "舊石器時代", "旧石器時代", "구석기 시대", "Paléolithique",
       -2000000, -10000, "Paleolithic"),
    _p("neolithic", "新石器时代", "Neolithic", "新石器時代", "新石器時代", "신석기 시대", "Néolithique", -10000, -2070),
    _p("xia", "夏", "Xia", "夏", "夏", "하", "Xia", -2070, -1600, "夏代", "Xia dynasty"),
    _p("shang", "商", "Shang", "商", "殷（商）", "상", "Shang", -1600, -1046, "商代", "殷", "Shang dynasty"),
    _p("western-zhou", "西周", "Western Zhou", "西周", "西周", "서주", "Zhou de l'Ouest", -1046, -771),
    _p("spring-autumn", "春秋", "Spring and Autumn", "春秋", "春秋", "춘추", "Printemps et Automnes", -770, -476,
       "春秋时期", "Spring and Autumn period"),
    _p("warring-states", "战国", "Warring States", "戰國", "戦国", "전국", "Royaumes combattants", -475, -221,
       "战国时期", "Warring States period"),
    _p("ba-state", "巴国", "Ba state", "巴國", "巴国", "파국", "Royaume de Ba", -1046, -316, "巴", "Ba"),
    _p("qin", "秦", "Qin", "秦", "秦", "진", "Qin", -221, -207, "秦代", "Qin dynasty"),
    _p("western-han", "西汉", "Western Han", "西漢", "前漢", "서한", "Han de l'Ouest", -206, 8, "前汉"),
    _p("xin", "新", "Xin", "新", "新", "신", "Xin", 9, 23, "新莽"),
    _p("eastern-han", "东汉", "Eastern Han", "東漢", "後漢", "동한", "Han de l'Est", 25, 220, "后汉"),
    _p("han", "汉", "Han", "漢", "漢", "한", "Han", -206, 220, "汉代", "Han dynasty"),
    _p("three-kingdoms", "三国", "Three Kingdoms", "三國", "三国", "삼국", "Trois Royaumes", 220, 280, "蜀汉"),
    _p("western-jin", "西晋", "Western Jin", "西晉", "西晋", "서진", "Jin de l'Ouest", 266, 316),
    _p("eastern-jin", "东晋", "Eastern Jin", "東晉", "東晋", "동진", "Jin de l'Est", 317, 420),
    _p("southern-northern", "南北朝", "Northern and Southern Dynasties", "南北朝", "南北朝", "남북조",
       "Dynasties du Nord et du Sud", 420, 589, "Northern and Southern"),
    _p("sui", "隋", "Sui", "隋", "隋", "수", "Sui", 581, 618, "隋代"),
    _p("tang", "唐", "Tang", "唐", "唐", "당", "Tang", 618, 907, "唐代", "Tang dynasty"),
    _p("five-dynasties", "五代十国", "Five Dynasties and Ten Kingdoms", "五代十國", "五代十国", "오대십국",
       "Cinq Dynasties et Dix Royaumes", 907, 979, "五代", "Five Dynasties"),
    _p("northern-song", "北宋", "Northern Song", "北宋", "北宋", "북송", "Song du Nord", 960, 1127),
    _p("southern-song", "南宋", "Southern Song", "南宋", "南宋", "남송", "Song du Sud", 1127, 1279),
    _p("song", "宋", "Song", "宋", "宋", "송", "Song", 960, 1279, "宋代", "Song dynasty"),
    _p("yuan", "元", "Yuan", "元", "元", "원", "Yuan", 1271, 1368, "元代", "Yuan dynasty"),
    _p("ming", "明", "Ming", "明", "明", "명", "Ming", 1368, 1644, "明代", "Ming dynasty"),
    _p("qing", "清", "Qing", "清", "清", "청", "Qing", 1644, 1911, "清代", "Qing dynasty"),
    _p("republic", "中华民国", "Republic of China", "中華民國", "中華民国", "중화민국", "République de Chine",
       1912, 1949, "民国", "Republic"),
    _p("prc", "中华人民共和国", "People's Republic of China", "中華人民共和國", "中華人民共和国",
       "중화인민공화국", "République populaire de Chine", 1949, None, "新中国", "People's Republic", "当代"),
)

GRADES = (
    _t("first", "一级", "First grade", "一級", "一級", "1급", "Première classe", "一级文物", "1", "grade 1"),
    _t("second", "二级", "Second grade", "二級", "二級", "2급", "Deuxième classe", "二级文物", "2", "grade 2"),
    _t("third", "三级", "Third grade", "三級", "三級", "3급", "Troisième classe", "三级文物", "3", "grade 3"),
    _t("general", "一般", "General", "一般", "一般", "일반", "Générale", "一般文物", "ungraded"),
)


DATA_FILE = Path(__file__).with_name("vocabularies.json")
LIST_KINDS = ("material",)  # kinds whose value may hold several keys
SEPARATORS = re.compile(r"\s*[、,，;；/+]\s*")


def _load(path: Path = DATA_FILE) -> dict[str, tuple[Term, ...]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    kinds = {}
    for kind, rows in data.items():
        if kind.startswith("_"):
            continue
        kinds[kind] = tuple(Term(row["key"], dict(row["names"]), tuple(row.get("aliases", ()))) for row in rows)
    return kinds


_LOADED = _load()
MATERIALS = _LOADED["material"]
ACQUISITIONS = _LOADED["acquisition"]
PLACES = _LOADED["place"]
KINDS = {"category": CATEGORIES, "period": PERIODS, "grade": GRADES,
         "material": MATERIALS, "acquisition": ACQUISITIONS, "place": PLACES}
# record field -> vocabulary kind
FIELD_KINDS = {"category": "category", "period": "period", "grade": "grade", "material": "material",
               "acquisition_method": "acquisition", "find_site": "place"}


def _fold(text: str) -> str:
    from museum.catalogue.chinese import to_simplified

    text = to_simplified(text.strip()).lower()
    text = re.sub(r"[\s·,，、'’]+", "", text)
    for suffix in ("时期", "时代", "朝", "代", "period", "dynasty"):
        if text.endswith(suffix) and len(text) > len(suffix) + 0:
            stripped = text[: -len(suffix)]
            if stripped:
                text = stripped
    return text


@cache
def _index(kind: str) -> dict:
    terms = KINDS[kind]
    index = {}
    for term in terms:
        for label in (term.key, *term.names.values(), *term.aliases):
            index.setdefault(_fold(label), term)
    return index


class UnknownTerm(ValueError):
    def __init__(self, kind: str, value: str, suggestions: list[str]):
        hint = f"; did you mean {' or '.join(repr(s) for s in suggestions)}?" if suggestions else ""
        super().__init__(f"unknown {kind} {value!r}{hint}")
        self.suggestions = suggestions


def lookup(kind: str, value: str) -> Term:
    """Find a category, period or grade by key or by any of its names/aliases in any language."""
    index = _index(kind)
    term = index.get(_fold(value))
    if term is None:
        close = difflib.get_close_matches(_fold(value), list(index), n=2, cutoff=0.6)
        names = []
        for c in close:
            t = index[c]
            label = t.names["en"] if re.match(r"[a-z]", value.strip(), re.I) else t.names["zh"]
            if label not in names:
                names.append(label)
        raise UnknownTerm(kind, value, names)
    return term


def lookup_value(kind: str, value: str) -> str:
    """The stored form of an imported value: its key, or for list kinds the keys joined by ``,``.
    Raises :class:`UnknownTerm` naming the first unknown part."""
    if kind not in LIST_KINDS:
        return lookup(kind, value).key
    try:
        return lookup(kind, value).key  # a name that itself contains a separator
    except UnknownTerm:
        parts = [p for p in SEPARATORS.split(value.strip()) if p]
        if len(parts) < 2:
            raise
        return ",".join(dict.fromkeys(lookup(kind, part).key for part in parts))


@cache
def _by_key(kind: str) -> dict[str, Term]:
    return {t.key: t for t in KINDS[kind]}


def by_key(kind: str, key: str | None) -> Term | None:
    if not key:
        return None
    return _by_key(kind).get(key)


def terms_of(kind: str, value: str | None) -> list[Term] | None:
    """The terms a stored value names, or None when it is not made of keys (free text)."""
    if not value:
        return []
    keys = value.split(",") if kind in LIST_KINDS else [value]
    terms = [by_key(kind, k) for k in keys]
    return None if any(t is None for t in terms) else terms


LIST_JOINERS = {"zh": "、", "zh-Hant": "、", "ja": "・", "ko": ", ", "en": ", ", "fr": ", "}


def label(kind: str, value: str | None, lang: str) -> tuple[str, bool]:
    """(text in ``lang``, True) for a stored key (or keys); (the value itself, False) for free text."""
    terms = terms_of(kind, value)
    if terms is None:
        return value or "", False
    names = [t.name(lang) for t in terms]
    if names and lang not in ("en", "fr") and len(names) > 1:
        return LIST_JOINERS[lang].join(names), True
    if len(names) > 1:
        return names[0] + LIST_JOINERS[lang] + LIST_JOINERS[lang].join(n[0].lower() + n[1:] for n in names[1:]), True
    return (names[0] if names else ""), True


def names_of(kind: str, value: str | None) -> dict[str, list[str]]:
    """Every language's names and the aliases of a stored value (for the search index)."""
    names: dict[str, list[str]] = {}
    for term in terms_of(kind, value) or []:
        for lang, name in term.names.items():
            if name:
                names.setdefault(lang, []).append(name)
        for alias in term.aliases:
            names.setdefault("en" if alias.isascii() else "zh", []).append(alias)
    if value and terms_of(kind, value) is None:
        names.setdefault("zh", []).append(value)
    return names


def format_years(start: int | None, end: int | None, lang: str) -> str:
    """'475–221 BC', '206 BC–AD 8', '公元前475年—前221年', '618–907' ..."""
    if start is None and end is None:
        return ""
    if lang in ("zh", "zh-Hant", "ja"):
        bce, ce, yr, dash = {"zh": ("公元前", "公元", "年", "—"), "zh-Hant": ("公元前", "公元", "年", "—"),
                             "ja": ("紀元前", "", "年", "–")}[lang]

        def one(y, first):
            if y is None:
                return "今" if lang != "ja" else "現在"
            if y < 0:
                return f"{bce if first or lang == 'ja' else '前'}{-y}{yr}"
            return f"{ce if (first and start is not None and start < 0) or (not first and start is not None and start < 0) else ''}{y}{yr}"

        return one(start, True) + (dash + one(end, False) if end != start else "")
    if lang == "ko":
        def one(y):
            return "현재" if y is None else (f"기원전 {-y}년" if y < 0 else f"{y}년")
        return one(start) + ("–" + one(end) if end != start else "")
    bc, ad = ("av. J.-C.", "apr. J.-C.") if lang == "fr" else ("BC", "AD")
    if start is not None and end is not None and start < 0 and end < 0:
        return f"{-start}–{-end} {bc}" if start != end else f"{-start} {bc}"
    if start is not None and start < 0:
        end_text = "present" if end is None else (f"{ad} {end}" if lang == "en" else f"{end} {ad}")
        return f"{-start} {bc}–{end_text}"
    end_text = ("présent" if lang == "fr" else "present") if end is None else str(end)
    return f"{start}–{end_text}" if end != start else str(start)
