"""Real objects of the Three Gorges Museum with their published facts (sample data).

Facts from shared/reference/catalogue-facts.md; accession numbers are this sample's own.
"""

from __future__ import annotations

RIGHTS = "© Chongqing China Three Gorges Museum (sample record)"


def _titles(zh, zh_hant, en, ja, ko, fr):
    return {"zh": zh, "zh-Hant": zh_hant, "en": en, "ja": ja, "ko": ko, "fr": fr}


REAL_OBJECTS = [
    {"accession_number": "1989.0107",
     "title": _titles("战国铜虎钮錞于", "戰國銅虎鈕錞于", "Bronze chunyu with tiger knob", "戦国 虎鈕銅錞于",
                      "전국 호뉴 청동 순우", "Chunyu en bronze à bouton en forme de tigre"),
     "description": {"zh": "通高68厘米，顶径36厘米，底径28厘米，重30千克，1989年7月出土于万县甘宁乡，是已知最大的錞于。"
                           "錞于是巴人的军乐器，“以金錞和鼓”，与鼓相和以指挥进退。顶部虎钮反映了巴人的白虎崇拜。",
                     "en": "68 cm high, 36 cm across the top and 28 cm at the base, weighing 30 kg; found in July 1989 at "
                           "Ganning township, Wanxian, it is the largest chunyu known. The Ba sounded the chunyu together "
                           "with drums in war; the tiger knob reflects the Ba reverence for the white tiger."},
     "category": "bronze", "period": "warring-states", "material": "青铜", "height_cm": 68, "diameter_cm": 36,
     "dimensions_text": "高68厘米 顶径36厘米 底径28厘米", "weight_g": 30000, "find_site": "万县甘宁乡",
     "acquisition_method": "考古发掘", "acquisition_date": "1989-07", "grade": "first", "gallery": "ancient-ba-yu"},
    {"accession_number": "2002.0031",
     "title": _titles("战国鸟形铜尊", "戰國鳥形銅尊", "Bird-shaped bronze zun", "戦国 鳥形銅尊", "전국 새 모양 청동 준",
                      "Vase zun en bronze en forme d'oiseau"),
     "description": {"zh": "长28厘米，宽16.8厘米，高29厘米，2002年出土于涪陵小田溪，鸟首鱼嘴，通体饰羽纹，是巴人青铜艺术的代表作。",
                     "en": "28 × 16.8 × 29 cm, excavated in 2002 at Xiaotianxi, Fuling: a bird with a fish's mouth, covered "
                           "in feather patterns, a masterpiece of Ba bronze art."},
     "category": "bronze", "period": "warring-states", "material": "青铜", "width_cm": 28, "depth_cm": 16.8,
     "height_cm": 29, "dimensions_text": "28×16.8×29厘米", "find_site": "涪陵小田溪", "acquisition_method": "考古发掘",
     "acquisition_date": "2002", "grade": "first", "gallery": "ancient-ba-yu"},
    {"accession_number": "1977.0012",
     "title": _titles("商三羊铜尊", "商三羊銅尊", "Bronze zun with three rams", "商 三羊銅尊", "상 세 양 청동 준",
                      "Vase zun en bronze aux trois béliers"),
     "description": {"zh": "高43.8厘米，肩部饰三个卷角羊首，是长江上游出土的重要商代青铜礼器。",
                     "en": "43.8 cm high, with three curled-horn ram heads on the shoulder: an important Shang ritual "
                           "bronze from the upper Yangtze."},
     "category": "bronze", "period": "shang", "material": "青铜", "height_cm": 43.8, "grade": "first",
     "acquisition_method": "征集", "gallery": "ancient-ba-yu"},
    {"accession_number": "1972.0008",
     "title": _titles("战国错金编钟", "戰國錯金編鐘", "Gold-inlaid chime bells (set of 14)", "戦国 錯金編鐘",
                      "전국 착금 편종", "Carillon de cloches incrustées d'or (14 cloches)"),
     "description": {"zh": "一套14件，高27至15厘米，1972年出土于涪陵小田溪，钟体错金纹饰。双音钟正鼓音与侧鼓音约成三度。",
                     "en": "A set of 14 bells, 27 to 15 cm high, excavated in 1972 at Xiaotianxi, Fuling, inlaid with gold. "
                           "Each two-tone bell sounds a front and a side note about a third apart."},
     "category": "instruments", "period": "warring-states", "material": "青铜", "quantity": 14, "height_cm": 27,
     "dimensions_text": "高27—15厘米", "find_site": "涪陵小田溪", "acquisition_method": "考古发掘",
     "acquisition_date": "1972", "grade": "first", "gallery": "three-gorges"},
    {"accession_number": "1954.0003",
     "title": _titles("巴式柳叶剑", "巴式柳葉劍", "Willow-leaf sword, Ba style", "巴式柳葉剣", "파식 버들잎 검",
                      "Épée en feuille de saule de style Ba"),
     "description": {"zh": "出土于巴县冬笋坝船棺葬，剑身如柳叶，无格，饰虎纹与巴蜀符号。",
                     "en": "From the boat-coffin burials at Dongsunba, Baxian: a blade shaped like a willow leaf, without "
                           "guard, with tiger designs and Ba-Shu symbols."},
     "category": "weapons", "period": "warring-states", "material": "青铜", "find_site": "巴县冬笋坝",
     "acquisition_method": "考古发掘", "acquisition_date": "1954", "grade": "second", "gallery": "ancient-ba-yu"},
    {"accession_number": "1986.0001",
     "title": _titles("巫山人下颌骨化石", "巫山人下頜骨化石", "Wushan Man mandible", "巫山人下顎骨化石",
                      "무산인 아래턱뼈 화석", "Mandibule de l'homme de Wushan"),
     "description": {"zh": "出土于巫山龙骨坡，距今约200万年（年代存在争议），是中国境内最早的古人类化石之一。",
                     "en": "From Longgupo, Wushan, about 2 million years old (the date is disputed): one of the earliest "
                           "hominin fossils found in China."},
     "category": "specimens-fossils", "period": "palaeolithic", "start_year": -2000000, "end_year": -2000000,
     "find_site": "巫山龙骨坡", "acquisition_method": "考古发掘", "acquisition_date": "1986", "grade": "first",
     "gallery": "three-gorges"},
    {"accession_number": "1955.0021",
     "title": _titles("东汉偏将军金印", "東漢偏將軍金印", "Gold seal of a Lieutenant General", "後漢 偏将軍金印",
                      "동한 편장군 금인", "Sceau en or de lieutenant général"),
     "description": {"zh": "重108.95克，印文“偏将军印章”，龟钮。", "en": "Weighing 108.95 g, inscribed "
                     "'seal of the Lieutenant General', with a tortoise knob."},
     "category": "seals", "period": "eastern-han", "material": "金", "weight_g": 108.95, "grade": "first",
     "gallery": "three-gorges"},
    {"accession_number": "2004.0117",
     "title": _titles("景云碑", "景雲碑", "Jingyun stele", "景雲碑", "경운비", "Stèle de Jingyun"),
     "description": {"zh": "东汉熹平二年（173年）刻，高220厘米，宽137.5厘米，隶书，出土于云阳，为三峡地区重要汉碑。",
                     "en": "Carved in 173 AD, 220 × 137.5 cm, in clerical script, found at Yunyang: a key Han stele of the "
                           "Three Gorges."},
     "category": "stone-carving", "period": "eastern-han", "start_year": 173, "end_year": 173, "material": "石",
     "height_cm": 220, "width_cm": 137.5, "dimensions_text": "高220厘米 宽137.5厘米", "find_site": "云阳",
     "acquisition_method": "考古发掘", "acquisition_date": "2004", "grade": "first", "gallery": "han-sculpture"},
    {"accession_number": "2002.0158",
     "title": _titles("乌杨阙", "烏楊闕", "Wuyang que gate pillar", "烏楊闕", "오양궐", "Pilier de porte que de Wuyang"),
     "description": {"zh": "东汉石阙，主阙高5.4米，出土于忠县乌杨镇，是三峡库区唯一经考古发掘的汉阙。",
                     "en": "An Eastern Han stone gate pillar; the main pillar is 5.4 m high. Excavated at Wuyang, Zhongxian."},
     "category": "stone-carving", "period": "eastern-han", "material": "石", "height_cm": 540,
     "dimensions_text": "主阙高5.4米", "find_site": "忠县乌杨", "acquisition_method": "考古发掘",
     "acquisition_date": "2002", "grade": "first", "gallery": "han-sculpture"},
    {"accession_number": "1987.0042",
     "title": _titles("东汉击鼓说唱俑", "東漢擊鼓說唱俑", "Drum-beating storyteller figurine", "後漢 撃鼓説唱俑",
                      "동한 북 치는 설창용", "Figurine de conteur au tambour"),
     "description": {"zh": "陶质，出土于忠县，说唱者袒腹击鼓，神情诙谐。", "en": "Pottery, from Zhongxian: a bare-bellied "
                     "storyteller beats a drum with a comic expression."},
     "category": "pottery", "period": "eastern-han", "material": "陶", "find_site": "忠县",
     "acquisition_method": "考古发掘", "grade": "first", "gallery": "han-sculpture"},
    {"accession_number": "1992.0066",
     "title": _titles("东汉摇钱树座", "東漢搖錢樹座", "Money-tree base", "後漢 揺銭樹座", "동한 요전수 받침",
                      "Socle d'arbre à monnaie"),
     "description": {"zh": "陶质摇钱树座，塑有羊与骑者，寓意财富与升仙。", "en": "A pottery base of a money tree, "
                     "modelled with a ram and rider, symbols of wealth and immortality."},
     "category": "pottery", "period": "eastern-han", "material": "陶", "acquisition_method": "考古发掘",
     "grade": "second", "gallery": "han-sculpture"},
    {"accession_number": "1951.0203",
     "title": _titles("明唐寅临韩熙载夜宴图卷", "明唐寅臨韓熙載夜宴圖卷", "Tang Yin's copy of The Night Revels of Han Xizai",
                      "明 唐寅 臨韓熙載夜宴図巻", "명 당인 임한희재야연도", "Copie par Tang Yin des Festivités nocturnes de Han Xizai"),
     "description": {"zh": "手卷，纵30.8厘米，横547.8厘米，唐寅临五代顾闳中原作，设色绢本。",
                     "en": "Handscroll, 30.8 × 547.8 cm: Tang Yin's copy of Gu Hongzhong's Five Dynasties painting, ink and "
                           "colour on silk."},
     "category": "calligraphy-painting", "period": "ming", "material": "绢本设色", "height_cm": 30.8,
     "width_cm": 547.8, "dimensions_text": "纵30.8厘米 横547.8厘米", "acquisition_method": "旧藏", "grade": "first",
     "gallery": "calligraphy-painting"},
    {"accession_number": "1964.0012",
     "title": _titles("秦良玉铠甲", "秦良玉鎧甲", "Armour of Qin Liangyu", "秦良玉の鎧", "진양옥 갑옷", "Armure de Qin Liangyu"),
     "description": {"zh": "明末石柱女将军秦良玉遗物。", "en": "A relic of Qin Liangyu, the late-Ming woman general of Shizhu."},
     "category": "relics-notables", "period": "ming", "material": "铁、织物", "find_site": "石柱",
     "acquisition_method": "征集", "grade": "first", "gallery": "chongqing-city"},
    {"accession_number": "1963.0088",
     "title": _titles("白鹤梁题刻拓片", "白鶴梁題刻拓片", "Rubbing of the Baiheliang inscriptions", "白鶴梁題刻拓本",
                      "백학량 제각 탁본", "Estampage des inscriptions de Baiheliang"),
     "description": {"zh": "白鹤梁有题刻165段、石鱼18尾，最早记录为唐广德元年（763年），是古代的水文站。",
                     "en": "Baiheliang holds 165 inscriptions and 18 carved stone fish; the earliest record dates from 763 AD. "
                           "It served as an ancient hydrological gauge."},
     "category": "rubbings", "period": "tang", "start_year": 763, "end_year": 1963, "material": "纸",
     "find_site": "涪陵白鹤梁", "acquisition_method": "拓制", "acquisition_date": "1963", "grade": "second",
     "gallery": "three-gorges"},
]
