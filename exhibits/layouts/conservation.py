"""Light limits for conservation by material, after GB/T 23863-2009 (博物馆照明设计规范, table 4.2.2)
and CIE 157:2004: highly light-sensitive materials ≤ 50 lux, sensitive ≤ 150 lux, insensitive ≤ 300 lux.

Materials are free text in the catalogue (Chinese or English), so they are matched by keywords; the
most sensitive matching class wins, and an unknown material is treated as sensitive (150 lux).
"""

from __future__ import annotations

HIGHLY_SENSITIVE = 50.0
SENSITIVE = 150.0
INSENSITIVE = 300.0

KEYWORDS: tuple[tuple[float, str, tuple[str, ...]], ...] = (
    (HIGHLY_SENSITIVE, "paper, textiles, dyes, photographs", (
        "纸", "绢", "丝", "织", "绣", "布", "棉", "麻", "纺", "书画", "拓本", "拓片", "照片", "羽",
        "paper", "silk", "textile", "cloth", "cotton", "linen", "embroider", "rubbing", "photo", "feather",
        "watercolour", "watercolor", "manuscript", "ink")),
    (SENSITIVE, "wood, lacquer, leather, bone, ivory, horn, oil paint", (
        "木", "竹", "漆", "皮", "革", "骨", "牙", "角", "油画", "藤",
        "wood", "bamboo", "lacquer", "leather", "bone", "ivory", "horn", "oil", "rattan", "fossil")),
    (INSENSITIVE, "metal, stone, ceramics, glass, jade", (
        "铜", "铁", "金", "银", "锡", "铅", "石", "陶", "瓷", "玉", "玻璃", "砖", "瓦",
        "bronze", "copper", "iron", "gold", "silver", "metal", "stone", "pottery", "ceramic", "porcelain",
        "earthenware", "jade", "glass", "brick", "tile")),
)


# each class by a language-neutral key (a workspace names it in the curator's language)
CLASS_KEYS = {HIGHLY_SENSITIVE: "highly_sensitive", SENSITIVE: "sensitive", INSENSITIVE: "insensitive"}
UNKNOWN = "unknown material (treated as sensitive)"


def light_limit(material: str | None) -> tuple[float, str]:
    """The highest illuminance (lux) allowed on an object of this material, and the class name."""
    text = (material or "").lower()
    for limit, name, words in KEYWORDS:  # ordered from the most sensitive class
        if any(word in text for word in words):
            return limit, name
    return SENSITIVE, UNKNOWN


def light_class(material: str | None) -> str:
    """The key of the material's light class: highly_sensitive, sensitive, insensitive or unknown."""
    limit, name = light_limit(material)
    return "unknown" if name == UNKNOWN else CLASS_KEYS[limit]
