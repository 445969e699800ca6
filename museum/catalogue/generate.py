"""A realistic synthetic catalogue for scale tests and benchmarks (``museum generate``).

Titles follow Chinese catalogue practice — period + decoration + object (清青花缠枝莲纹碗) — with an English
title on most records; every category, period and gallery occurs. Deterministic for a seed.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from museum.catalogue.vocabulary import CATEGORIES, PERIODS

# category key -> [(zh object, en object, typical height cm, material zh)]
OBJECTS = {
    "bronze": [("錞于", "chunyu", 60, "青铜"), ("尊", "zun vessel", 35, "青铜"),
               ("编钟", "chime bell", 22, "青铜"), ("鼎", "ding cauldron", 30, "青铜"),
               ("釜", "fu cauldron", 25, "青铜"), ("镜", "mirror", 2, "青铜"),
               ("戈", "dagger-axe", 3, "青铜"), ("钺", "yue axe", 15, "青铜"),
               ("壶", "hu vessel", 40, "青铜")],
    "porcelain": [("碗", "bowl", 7, "瓷"), ("盘", "dish", 5, "瓷"), ("瓶", "vase", 35, "瓷"),
                  ("罐", "jar", 28, "瓷"), ("梅瓶", "meiping vase", 38, "瓷"), ("执壶", "ewer", 24, "瓷"),
                  ("杯", "cup", 6, "瓷")],
    "pottery": [("俑", "figurine", 45, "陶"), ("罐", "jar", 20, "陶"), ("灯", "lamp", 30, "陶"),
                ("井", "well model", 25, "陶"), ("房屋模型", "house model", 50, "陶"),
                ("摇钱树座", "money-tree base", 40, "陶")],
    "jade-stone": [("璧", "bi disc", 1, "玉"), ("玦", "jue ring", 1, "玉"), ("琮", "cong", 8, "玉"),
                   ("斧", "axe", 3, "石")],
    "calligraphy-painting": [("山水图轴", "landscape hanging scroll", 150, "纸本"),
                             ("花鸟图册", "bird-and-flower album", 30, "绢本"),
                             ("行书诗卷", "poem in running script, handscroll", 30, "纸本"),
                             ("人物图", "figure painting", 120, "绢本")],
    "coins": [("半两钱", "banliang coin", 0.2, "铜"), ("五铢钱", "wuzhu coin", 0.2, "铜"),
              ("开元通宝", "Kaiyuan tongbao coin", 0.2, "铜"), ("银锭", "silver ingot", 3, "银")],
    "weapons": [("柳叶剑", "willow-leaf sword", 4, "青铜"), ("矛", "spear head", 3, "青铜"),
                ("刀", "sabre", 3, "铁")],
    "sculpture": [("佛造像", "Buddha statue", 60, "石"), ("画像砖", "pictorial brick", 40, "陶"),
                  ("石狮", "stone lion", 80, "石")],
}
DECORATIONS = [("缠枝莲纹", "with lotus scroll"), ("云雷纹", "with cloud-and-thunder pattern"),
               ("虎纹", "with tiger design"), ("龙纹", "with dragon design"),
               ("凤鸟纹", "with phoenix design"), ("错金", "inlaid with gold"), ("青花", "blue-and-white"),
               ("素面", "plain"), ("兽面纹", "with animal-mask design"), ("鱼纹", "with fish design"),
               ("蟠螭纹", "with coiled-dragon design"), ("山水纹", "with landscape scene")]
SITES = ["涪陵小田溪", "巴县冬笋坝", "万县甘宁乡", "忠县乌杨", "云阳李家坝", "巫山大溪", "奉节白帝城",
         "开县余家坝", "丰都汇南", "重庆市区"]
ACQUISITION = ["考古发掘", "征集", "捐赠", "旧藏", "拨交", "购买"]
GALLERY_SLUGS = ["three-gorges", "ancient-ba-yu", "chongqing-city", "war-of-resistance",
                 "calligraphy-painting", "porcelain", "coins", "han-sculpture", "southwest-folk-customs",
                 "li-chuli-donation"]
GRADES = ["一级", "二级", "三级", "一般", "一般", "一般"]
COLUMNS = ["accession_number", "title_zh", "title_en", "description_zh", "description_en", "category",
           "period", "material", "quantity", "height_cm", "diameter_cm", "weight_g", "find_site",
           "acquisition_method", "acquisition_date", "grade", "gallery"]


def _period_prefix(period) -> str:
    name = period.names["zh"]
    return name if len(name) <= 2 else name[:2]


def generate_rows(count: int, seed: int):
    rng = random.Random(seed)
    categories = [c.key for c in CATEGORIES]
    for i in range(count):
        period = PERIODS[i % len(PERIODS)] if i < len(PERIODS) else rng.choice(PERIODS)
        if i < len(categories):
            category = categories[i]
        else:
            category = rng.choice(list(OBJECTS)) if rng.random() < 0.8 else rng.choice(categories)
        kinds = OBJECTS.get(category) or rng.choice(list(OBJECTS.values()))
        zh_obj, en_obj, height, material = rng.choice(kinds)
        deco_zh, deco_en = rng.choice(DECORATIONS)
        title_zh = f"{_period_prefix(period)}{deco_zh}{zh_obj}"
        title_en = f"{period.names['en']} {en_obj} {deco_en}"
        site = rng.choice(SITES)
        size = round(height * rng.uniform(0.6, 1.5), 1)
        year = rng.randint(1951, 2024)
        yield {
            "accession_number": f"G{year}.{i:06d}",
            "title_zh": title_zh,
            "title_en": title_en if rng.random() < 0.85 else "",
            "description_zh": (f"{title_zh}，{site}出土，{material}质，保存较好。"
                               if rng.random() < 0.7 else ""),
            "description_en": (f"A {en_obj} {deco_en} from {period.names['en']}."
                               if rng.random() < 0.5 else ""),
            "category": category,
            "period": period.key,
            "material": material,
            "quantity": str(rng.choice([1, 1, 1, 1, 2, 14])),
            "height_cm": str(size),
            "diameter_cm": str(round(size * rng.uniform(0.3, 0.9), 1)) if rng.random() < 0.5 else "",
            "weight_g": str(round(size * rng.uniform(10, 400), 1)) if rng.random() < 0.4 else "",
            "find_site": site,
            "acquisition_method": rng.choice(ACQUISITION),
            "acquisition_date": str(year),
            "grade": rng.choice(GRADES),
            "gallery": (GALLERY_SLUGS[i % len(GALLERY_SLUGS)] if i < len(GALLERY_SLUGS)
                        else rng.choice(GALLERY_SLUGS)),
        }


def write_csv(path: Path, count: int, seed: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, COLUMNS)
        writer.writeheader()
        writer.writerows(generate_rows(count, seed))
