"""Plausible objects in the style of the museum's catalogue, composed from typical object types of each
gallery (sample data: written for demonstration, not records of real objects)."""

from __future__ import annotations

from museum.catalogue.chinese import to_traditional
from museum.catalogue.vocabulary import by_key, label, lookup_value

# gallery -> [(zh, en, ja, ko, fr, category, material, [period keys], height cm, find site)]
TYPES = {
    "three-gorges": [
        ("石鱼题刻拓片", "rubbing of a carved stone fish", "石魚題刻拓本", "석어 제각 탁본", "estampage d'un poisson gravé",
         "rubbings", "纸", ["northern-song", "qing"], 45, "涪陵白鹤梁"),
        ("纤夫铁环", "tracker's iron ring", "曳き舟の鉄環", "견부 철환", "anneau de halage en fer", "iron-metal", "铁",
         ["qing", "republic"], 12, "奉节瞿塘峡"),
        ("木船模型", "model of a river junk", "木造船模型", "목선 모형", "maquette de jonque fluviale", "transport", "木",
         ["qing", "republic"], 60, "巫山"),
        ("盐灶陶罐", "salt-making pottery jar", "製塩土器壺", "제염 도기 항아리", "jarre à sel en poterie", "pottery", "陶",
         ["shang", "western-zhou"], 30, "忠县中坝"),
        ("大溪文化石斧", "Daxi culture stone axe", "大渓文化石斧", "대계문화 돌도끼", "hache en pierre de la culture de Daxi",
         "stone-carving", "石", ["neolithic", "neolithic"], 14, "巫山大溪"),
        ("白帝城瓦当", "eaves tile from Baidicheng", "白帝城瓦当", "백제성 와당", "antéfixe de Baidicheng",
         "stone-carving", "陶", ["western-han", "eastern-han"], 16, "奉节白帝城"),
        ("犀牛化石", "rhinoceros fossil", "サイ化石", "코뿔소 화석", "fossile de rhinocéros", "specimens-fossils", "化石",
         ["palaeolithic", "palaeolithic"], 40, "巫山龙骨坡"),
    ],
    "ancient-ba-yu": [
        ("虎纹铜戈", "bronze dagger-axe with tiger design", "虎文銅戈", "호랑이 무늬 청동 과", "hache-poignard en bronze à décor de tigre",
         "weapons", "青铜", ["warring-states", "ba-state"], 3, "巴县冬笋坝"),
        ("船棺", "boat coffin", "船棺", "배 모양 관", "cercueil en forme de barque", "bamboo-wood", "楠木",
         ["warring-states", "ba-state"], 80, "巴县冬笋坝"),
        ("铜釜", "bronze fu cauldron", "銅釜", "청동 부", "chaudron fu en bronze", "bronze", "青铜",
         ["warring-states", "qin"], 25, "云阳李家坝"),
        ("巴蜀符号铜印", "bronze seal with Ba-Shu symbols", "巴蜀符号銅印", "파촉 부호 청동 인장", "sceau en bronze aux symboles Ba-Shu",
         "seals", "青铜", ["warring-states", "warring-states"], 2, "开县余家坝"),
        ("铜钺", "bronze yue axe", "銅鉞", "청동 월", "hache yue en bronze", "weapons", "青铜",
         ["spring-autumn", "warring-states"], 15, "涪陵小田溪"),
        ("陶尖底杯", "pointed-base pottery cup", "尖底土器杯", "뾰족 바닥 도기 잔", "coupe à fond pointu en poterie",
         "pottery", "陶", ["shang", "western-zhou"], 12, "忠县哨棚嘴"),
        ("玉璧", "jade bi disc", "玉璧", "옥벽", "disque bi en jade", "jade-stone", "玉",
         ["warring-states", "western-han"], 1, "涪陵小田溪"),
    ],
    "chongqing-city": [
        ("开埠海关铜牌", "brass plaque of the treaty-port customs", "開港税関銅牌", "개항 세관 동패", "plaque en laiton des douanes du port ouvert",
         "documents", "铜", ["qing", "qing"], 30, "重庆市区"),
        ("城门石刻", "stone inscription from a city gate", "城門石刻", "성문 석각", "inscription d'une porte de la ville",
         "stone-carving", "石", ["ming", "qing"], 90, "重庆朝天门"),
        ("会馆木雕花板", "carved wooden panel from a guild hall", "会館木彫花板", "회관 목조 화판", "panneau sculpté d'une maison de guilde",
         "bamboo-wood", "木", ["qing", "qing"], 50, "重庆湖广会馆"),
        ("川江航运图", "map of navigation on the Sichuan river", "川江航運図", "천강 항운도", "carte de la navigation sur le fleuve",
         "archives", "纸", ["qing", "republic"], 40, "重庆市区"),
        ("铜秤", "brass steelyard", "銅秤", "구리 저울", "balance romaine en laiton", "weights-measures", "铜",
         ["qing", "republic"], 5, "重庆市区"),
        ("火锅铜锅", "copper hotpot", "火鍋銅鍋", "구리 훠궈 냄비", "marmite de fondue en cuivre", "iron-metal", "铜",
         ["republic", "prc"], 20, "重庆市区"),
        ("宋代城墙砖", "city-wall brick", "城壁磚", "성벽 벽돌", "brique de rempart", "stone-carving", "陶",
         ["southern-song", "southern-song"], 10, "重庆渝中"),
    ],
    "war-of-resistance": [
        ("防空洞警报器", "air-raid siren", "防空壕の警報器", "방공호 경보기", "sirène d'alerte aérienne", "other", "铁",
         ["republic", "republic"], 45, "重庆市区"),
        ("抗战宣传画", "wartime propaganda poster", "抗戦宣伝画", "항전 선전화", "affiche de propagande de guerre", "documents",
         "纸", ["republic", "republic"], 70, "重庆"),
        ("陪都纪念章", "wartime-capital commemorative medal", "陪都記念章", "배도 기념장", "médaille de la capitale de guerre",
         "documents", "铜", ["republic", "republic"], 4, "重庆"),
        ("募捐收据", "war-bond receipt", "募金受領証", "모금 영수증", "reçu de souscription de guerre", "bills-tickets", "纸",
         ["republic", "republic"], 15, "重庆"),
        ("军用水壶", "army water bottle", "軍用水筒", "군용 수통", "gourde militaire", "relics-notables", "铝",
         ["republic", "republic"], 20, "重庆"),
        ("战时报纸", "wartime newspaper", "戦時新聞", "전시 신문", "journal de guerre", "documents", "纸",
         ["republic", "republic"], 55, "重庆"),
        ("收音机", "radio receiver", "ラジオ受信機", "라디오 수신기", "poste de radio", "audio-visual", "木、金属",
         ["republic", "republic"], 35, "重庆"),
    ],
    "calligraphy-painting": [
        ("山水图轴", "landscape, hanging scroll", "山水図軸", "산수도 족자", "paysage, rouleau vertical",
         "calligraphy-painting", "纸本水墨", ["ming", "qing"], 150, None),
        ("行书七言诗轴", "poem in running script, hanging scroll", "行書七言詩軸", "행서 칠언시 족자",
         "poème en écriture courante, rouleau vertical", "calligraphy-painting", "纸本", ["ming", "qing"], 130, None),
        ("花鸟图册", "album of birds and flowers", "花鳥図冊", "화조도첩", "album d'oiseaux et de fleurs",
         "calligraphy-painting", "绢本设色", ["qing", "qing"], 30, None),
        ("三峡图卷", "the Three Gorges, handscroll", "三峡図巻", "삼협도 두루마리", "les Trois Gorges, rouleau horizontal",
         "calligraphy-painting", "纸本设色", ["qing", "republic"], 32, None),
        ("楷书扇面", "fan leaf in regular script", "楷書扇面", "해서 선면", "feuille d'éventail en écriture régulière",
         "calligraphy-painting", "金笺", ["ming", "qing"], 18, None),
        ("竹石图轴", "bamboo and rock, hanging scroll", "竹石図軸", "죽석도 족자", "bambou et rocher, rouleau vertical",
         "calligraphy-painting", "纸本水墨", ["yuan", "qing"], 120, None),
        ("碑帖拓本册", "album of stele rubbings", "碑帖拓本冊", "비첩 탁본첩", "album d'estampages de stèles", "rubbings",
         "纸", ["qing", "qing"], 32, None),
    ],
    "porcelain": [
        ("青花缠枝莲纹碗", "blue-and-white bowl with lotus scroll", "青花纏枝蓮文碗", "청화 연당초문 사발",
         "bol bleu et blanc à rinceaux de lotus", "porcelain", "瓷", ["ming", "qing"], 7, None),
        ("龙泉窑青瓷盘", "Longquan celadon dish", "龍泉窯青磁盤", "용천요 청자 접시", "plat en céladon de Longquan", "porcelain",
         "瓷", ["southern-song", "yuan"], 5, None),
        ("粉彩花卉瓶", "famille-rose vase with flowers", "粉彩花卉瓶", "분채 화훼 병", "vase famille rose à décor floral",
         "porcelain", "瓷", ["qing", "qing"], 38, None),
        ("涂山窑黑釉盏", "black-glazed tea bowl from the Tushan kilns", "塗山窯黒釉盞", "도산요 흑유 잔",
         "bol à thé à glaçure noire des fours de Tushan", "porcelain", "瓷", ["southern-song", "northern-song"], 6, "重庆南岸涂山"),
        ("青瓷四系罐", "celadon jar with four lugs", "青磁四耳壺", "청자 사이호", "jarre en céladon à quatre anses",
         "porcelain", "瓷", ["eastern-jin", "southern-northern"], 20, "巫山"),
        ("五彩人物盘", "wucai dish with figures", "五彩人物盤", "오채 인물 접시", "plat wucai à personnages", "porcelain",
         "瓷", ["ming", "qing"], 4, None),
        ("影青执壶", "qingbai ewer", "影青水注", "영청 주자", "aiguière qingbai", "porcelain", "瓷",
         ["northern-song", "southern-song"], 24, None),
    ],
    "coins": [
        ("半两钱", "banliang coin", "半両銭", "반량전", "pièce banliang", "coins", "铜", ["qin", "western-han"], 0.2, None),
        ("五铢钱", "wuzhu coin", "五銖銭", "오수전", "pièce wuzhu", "coins", "铜", ["western-han", "eastern-han"], 0.2, None),
        ("开元通宝", "Kaiyuan tongbao coin", "開元通宝", "개원통보", "pièce Kaiyuan tongbao", "coins", "铜", ["tang", "tang"], 0.2, None),
        ("交子钞版", "printing plate for jiaozi paper money", "交子鈔版", "교자 지폐 판", "planche d'impression de billets jiaozi",
         "coins", "铜", ["northern-song", "northern-song"], 2, None),
        ("银锭", "silver ingot", "銀錠", "은정", "lingot d'argent", "coins", "银", ["ming", "qing"], 3, None),
        ("四川铜币", "Sichuan copper coin", "四川銅貨", "사천 동전", "pièce de cuivre du Sichuan", "coins", "铜",
         ["qing", "republic"], 0.2, None),
        ("川陕苏维埃布币", "cloth note of the Sichuan-Shaanxi Soviet", "川陝ソビエト布幣", "천섬 소비에트 포폐",
         "billet en tissu du soviet du Sichuan-Shaanxi", "coins", "布", ["republic", "republic"], 10, None),
    ],
    "han-sculpture": [
        ("画像砖", "pictorial brick", "画像磚", "화상전", "brique à décor figuré", "stone-carving", "陶",
         ["eastern-han", "eastern-han"], 40, "忠县"),
        ("抚琴俑", "figurine playing the qin", "撫琴俑", "거문고 타는 용", "figurine jouant du qin", "pottery", "陶",
         ["eastern-han", "eastern-han"], 50, "忠县"),
        ("陶狗", "pottery dog", "陶犬", "도기 개", "chien en poterie", "pottery", "陶", ["eastern-han", "eastern-han"], 35, "丰都"),
        ("石棺", "stone sarcophagus", "石棺", "석관", "sarcophage de pierre", "stone-carving", "石",
         ["eastern-han", "eastern-han"], 80, "璧山"),
        ("庖厨俑", "kitchen figurine", "庖厨俑", "포주용", "figurine de cuisinier", "pottery", "陶",
         ["eastern-han", "three-kingdoms"], 45, "忠县"),
        ("陶楼", "pottery tower", "陶楼", "도기 누각", "tour en poterie", "pottery", "陶", ["eastern-han", "eastern-han"], 90, "丰都"),
        ("崖墓石刻门楣", "carved lintel from a cliff tomb", "崖墓石刻門楣", "애묘 석각 문미", "linteau sculpté d'une tombe rupestre",
         "stone-carving", "石", ["eastern-han", "eastern-han"], 40, "綦江"),
    ],
    "southwest-folk-customs": [
        ("苗族银项圈", "Miao silver necklace", "ミャオ族の銀の首輪", "묘족 은 목걸이", "collier en argent miao", "gold-silver",
         "银", ["qing", "prc"], 30, "秀山"),
        ("土家族织锦", "Tujia brocade (xilankapu)", "トゥチャ族の錦", "투자족 비단", "brocart tujia", "textiles", "丝、棉",
         ["qing", "republic"], 150, "酉阳"),
        ("傩戏面具", "Nuo opera mask", "儺戯面", "나희 가면", "masque d'opéra nuo", "bamboo-wood", "木",
         ["qing", "republic"], 25, "酉阳"),
        ("蜡染围裙", "batik apron", "ろうけつ染めの前掛け", "납염 앞치마", "tablier en batik", "textiles", "棉",
         ["republic", "prc"], 60, "彭水"),
        ("芦笙", "lusheng mouth organ", "芦笙", "노생", "orgue à bouche lusheng", "instruments", "竹",
         ["republic", "prc"], 120, "彭水"),
        ("背篓", "carrying basket", "背負い籠", "등바구니", "hotte de portage", "bamboo-wood", "竹", ["republic", "prc"], 70, "石柱"),
        ("银头饰", "silver headdress", "銀の頭飾り", "은 머리 장식", "coiffe en argent", "gold-silver", "银",
         ["qing", "republic"], 35, "秀山"),
    ],
    "li-chuli-donation": [
        ("青花山水瓶", "blue-and-white vase with landscape", "青花山水瓶", "청화 산수 병", "vase bleu et blanc à paysage",
         "porcelain", "瓷", ["qing", "qing"], 40, None),
        ("松鹤图轴", "pine and cranes, hanging scroll", "松鶴図軸", "송학도 족자", "pin et grues, rouleau vertical",
         "calligraphy-painting", "绢本设色", ["qing", "qing"], 140, None),
        ("端砚", "Duan inkstone", "端硯", "단연", "pierre à encre de Duan", "stationery", "石", ["qing", "qing"], 4, None),
        ("象牙笔筒", "ivory brush pot", "象牙筆筒", "상아 필통", "pot à pinceaux en ivoire", "ivory-bone-horn", "象牙",
         ["qing", "qing"], 14, None),
        ("铜香炉", "bronze incense burner", "銅香炉", "청동 향로", "brûle-parfum en bronze", "bronze", "铜", ["ming", "qing"], 12, None),
        ("珐琅彩小碗", "small enamelled bowl", "琺瑯彩小碗", "법랑채 작은 사발", "petit bol émaillé", "enamel", "瓷",
         ["qing", "qing"], 5, None),
        ("红木案几", "rosewood side table", "紫檀卓", "자단 탁자", "table d'appoint en bois de rose", "furniture", "红木",
         ["qing", "qing"], 80, None),
    ],
}


def plausible_records() -> list[dict]:
    records = []
    for gallery_index, (gallery, types) in enumerate(TYPES.items(), start=1):
        for type_index, (zh, en, ja, ko, fr, category, material, periods, height, site) in enumerate(types):
            for variant, period_key in enumerate(periods):
                period = by_key("period", period_key)
                number = gallery_index * 100 + type_index * 2 + variant + 1
                period_zh = period.names["zh"]
                title_zh = f"{period_zh}{zh}"
                place_zh = f"{site}出土，" if site else ""
                place_en = f" found at {label('place', lookup_value('place', site), 'en')[0]}," if site else ""
                material_en = label("material", lookup_value("material", material), "en")[0].lower()
                size = round(height * (1 + 0.12 * variant), 1)
                records.append({
                    "accession_number": f"S{2000 + gallery_index}.{number:04d}",
                    "title": {"zh": title_zh, "zh-Hant": to_traditional(title_zh),
                              "en": f"{en[0].upper()}{en[1:]}, {period.names['en']}",
                              "ja": f"{period.names['ja']} {ja}", "ko": f"{period.names['ko']} {ko}",
                              "fr": f"{fr[0].upper()}{fr[1:]}, {period.names['fr']}"},
                    "description": {
                        "zh": f"{title_zh}，{place_zh}{material}质，高约{size}厘米。样例记录，仿照三峡博物馆藏品编写。",
                        "en": f"A {en} of the {period.names['en']} period,{place_en} in {material_en} "
                              f"({size} cm high). Sample record written in the style of the museum's collection."},
                    "category": category, "period": period_key, "material": material, "height_cm": size,
                    "find_site": site, "acquisition_method": "考古发掘" if site else "征集",
                    "grade": ["third", "general", "second"][number % 3], "gallery": gallery,
                })
    return records
