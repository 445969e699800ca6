"""The ten permanent galleries of the Three Gorges Museum (sample data, names in six languages)."""

from __future__ import annotations

# Descriptions in Japanese, Korean and French (zh-Hant pages convert the simplified text with OpenCC).
DESCRIPTIONS = {
    "three-gorges": ("三峡の自然と人々。巫山人から白鶴梁まで。2024年5月17日に改装再開、展示文物321点。",
                     "삼협의 자연과 사람들: 무산인에서 백학량까지. 2024년 5월 17일 새 단장 후 재개관, 유물 321점 전시.",
                     "La nature et les hommes des Trois Gorges, de l'homme de Wushan à Baiheliang ; "
                     "rénovée et rouverte le 17 mai 2024 avec 321 objets."),
    "ancient-ba-yu": ("旧石器時代から秦漢までの巴渝地方の歴史。巴人の青銅器と武器。",
                      "구석기 시대부터 진한까지 파유 지역의 역사, 파인의 청동기와 무기.",
                      "La région de Ba-Yu du Paléolithique aux Qin et Han : bronzes et armes du peuple Ba."),
    "chongqing-city": ("巴国の都から近代都市へ、重慶の歩み。", "파국의 도읍에서 현대 도시로 성장한 충칭의 역사.",
                       "Comment Chongqing, capitale du royaume de Ba, est devenue une ville moderne."),
    "war-of-resistance": ("抗日戦争期、戦時の首都となった重慶。", "항일 전쟁 시기 전시 수도였던 충칭.",
                          "Chongqing, capitale de guerre pendant la guerre de résistance contre le Japon."),
    "calligraphy-painting": ("館蔵の歴代書画の名品。", "소장 역대 서예와 회화 명품.",
                             "Chefs-d'œuvre de calligraphie et de peinture de la collection."),
    "porcelain": ("青磁から青花、五彩、粉彩まで。", "청자에서 청화, 오채, 분채까지.",
                  "Du céladon au bleu et blanc, au wucai et à la famille rose."),
    "coins": ("先秦の貨幣から近代の紙幣まで。", "선진 시대 화폐에서 근대 지폐까지.",
              "Des monnaies pré-Qin aux billets de banque modernes."),
    "han-sculpture": ("漢代の画像磚、石闕、陶俑と揺銭樹。", "한대의 화상전, 석궐, 도용과 요전수.",
                      "Briques historiées, piliers de porte en pierre, figurines en terre cuite et arbres à monnaie des Han."),
    "southwest-folk-customs": ("西南地方の少数民族の服飾、銀細工と生活用具。", "서남 지역 소수 민족의 복식, 은 장신구와 생활 용구.",
                               "Costumes, orfèvrerie d'argent et vie quotidienne des peuples du Sud-Ouest."),
    "li-chuli-donation": ("李初梨氏が寄贈した書画と磁器。", "리추리 선생이 기증한 서화와 자기.",
                          "Peintures et porcelaines données au musée par Li Chuli."),
}


def _g(slug, zh, zh_hant, en, ja, ko, fr, desc_zh, desc_en):
    desc_ja, desc_ko, desc_fr = DESCRIPTIONS[slug]
    return {"slug": slug, "name": {"zh": zh, "zh-Hant": zh_hant, "en": en, "ja": ja, "ko": ko, "fr": fr},
            "description": {"zh": desc_zh, "en": desc_en, "ja": desc_ja, "ko": desc_ko, "fr": desc_fr}}


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
