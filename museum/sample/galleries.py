"""The ten permanent galleries of the Three Gorges Museum (sample data, names in six languages)."""

from __future__ import annotations


def _g(slug, zh, zh_hant, en, ja, ko, fr, desc_zh, desc_en):
    return {"slug": slug, "name": {"zh": zh, "zh-Hant": zh_hant, "en": en, "ja": ja, "ko": ko, "fr": fr},
            "description": {"zh": desc_zh, "en": desc_en}}


GALLERIES = [
    _g("three-gorges", "壮丽三峡", "壯麗三峽", "Magnificent Three Gorges", "壮麗なる三峡", "장려한 삼협",
       "Les magnifiques Trois Gorges",
       "三峡的自然与人文：从巫山人到白鹤梁，2024年5月17日改陈开放，展出文物321件。",
       "Nature and people of the Three Gorges, from Wushan Man to Baiheliang; refitted and reopened on 17 May 2024 with 321 objects."),
    _g("ancient-ba-yu", "远古巴渝", "遠古巴渝", "Ancient Ba-Yu", "古代の巴渝", "고대 파유", "Ba-Yu antique",
       "巴渝地区从旧石器时代到秦汉的历史，巴人的青铜器与兵器。",
       "The Ba-Yu region from the Palaeolithic to Qin and Han: bronzes and weapons of the Ba people."),
    _g("chongqing-city", "重庆·城市之路", "重慶·城市之路", "Chongqing: The Road of a City", "重慶・都市の歩み",
       "충칭·도시의 길", "Chongqing : le chemin d'une ville",
       "重庆从巴国都城到现代都市的发展历程。", "How Chongqing grew from the Ba capital into a modern city."),
    _g("war-of-resistance", "抗战岁月", "抗戰歲月", "The War of Resistance Years", "抗戦の歳月", "항전의 세월",
       "Les années de la guerre de résistance",
       "抗日战争时期作为战时首都的重庆。", "Chongqing as the wartime capital during the War of Resistance against Japan."),
    _g("calligraphy-painting", "历代书画", "歷代書畫", "Calligraphy and Painting Through the Dynasties",
       "歴代の書画", "역대 서화", "Calligraphie et peinture à travers les dynasties",
       "馆藏历代书法与绘画精品。", "Masterpieces of calligraphy and painting from the collection."),
    _g("porcelain", "历代瓷器", "歷代瓷器", "Porcelain Through the Dynasties", "歴代の磁器", "역대 자기",
       "La porcelaine à travers les dynasties", "从青瓷到青花、五彩与粉彩。",
       "From celadon to blue-and-white, wucai and famille rose."),
    _g("coins", "历代钱币", "歷代錢幣", "Coins Through the Dynasties", "歴代の銭貨", "역대 화폐",
       "Les monnaies à travers les dynasties", "从先秦货币到近代纸币。", "From pre-Qin money to modern banknotes."),
    _g("han-sculpture", "巴蜀汉代雕塑艺术", "巴蜀漢代雕塑藝術", "Han Dynasty Sculpture of Ba-Shu",
       "巴蜀漢代の彫刻芸術", "파촉 한대 조각 예술", "La sculpture Han du Ba-Shu",
       "汉代画像砖、石阙、陶俑与摇钱树。", "Han pictorial bricks, stone gate pillars, pottery figurines and money trees."),
    _g("southwest-folk-customs", "西南民族民俗风情", "西南民族民俗風情",
       "Folk Customs of Southwest Ethnic Groups", "西南少数民族の民俗", "서남 민족 민속",
       "Coutumes populaires des peuples du Sud-Ouest",
       "西南地区少数民族的服饰、银饰与生活用具。", "Costume, silverwork and daily life of the ethnic groups of the southwest."),
    _g("li-chuli-donation", "李初梨捐献文物", "李初梨捐獻文物", "Relics Donated by Li Chuli", "李初梨寄贈文物",
       "리추리 기증 문물", "Objets donnés par Li Chuli", "李初梨先生捐献的书画与瓷器。",
       "Paintings and porcelain given to the museum by Li Chuli."),
]
