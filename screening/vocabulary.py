"""Word lists the name normaliser uses.

Kept as data in one place so a reviewer can read what is treated as a legal form,
a generic word or an abbreviation. All entries are written in their normalised
(lower-case, ASCII) form, except the Chinese tables, which map Han text to the
canonical Latin token before the rest of the normaliser runs.
"""

from __future__ import annotations

# Legal forms: dropped from the compared tokens, kept in the explanation.
# Single tokens, as they look after normalisation ("Co., Ltd." -> "co ltd",
# "A.Ş." -> "as", "ООО" -> "ooo").
LEGAL_FORM_TOKENS: frozenset[str] = frozenset(
    """
    co company companies corp corporation inc incorporated ltd limited llc llp lp plc
    gmbh mbh ag kg kgaa ug se sa sas sarl srl spa sro bv nv oy oyj ab as asa aps
    ooo oao zao pao ao jsc ojsc cjsc pjsc ip fgup gup mup nao ano tov pat vat
    fze fzco fzc fzllc fze dmcc est pte pvt bhd sdn tbk pt cv kk yk
    sti ltdsti sirketi liability ad ood eood doo dd ev
    """.split()
)

# Multi-token legal forms, longest first (matched as whole token sequences).
LEGAL_FORM_PHRASES: tuple[tuple[str, ...], ...] = tuple(
    tuple(p.split())
    for p in sorted(
        [
            "obshchestvo s ogranichennoy otvetstvennostyu",
            "obshchestvo s ogranichennoi otvetstvennostiu",
            "obshchestvo s ogranichennoj otvetstvennostju",
            "aktsionernoe obshchestvo",
            "aktsionernoye obshchestvo",
            "publichnoe aktsionernoe obshchestvo",
            "otkrytoe aktsionernoe obshchestvo",
            "zakrytoe aktsionernoe obshchestvo",
            "federalnoe gosudarstvennoe unitarnoe predpriyatie",
            "gosudarstvennoe unitarnoe predpriyatie",
            "limited liability company",
            "limited liability partnership",
            "limited company",
            "company limited",
            "joint stock company",
            "closed joint stock company",
            "open joint stock company",
            "public joint stock company",
            "joint stock",
            "private limited",
            "public limited company",
            "limited partnership",
            "free zone establishment",
            "free zone company",
            "sole proprietorship",
            "sdn bhd",
            "pte ltd",
            "pvt ltd",
            "co ltd",
            "fz llc",
            "fz co",
            "ltd sti",
            "limited sirketi",
            "anonim sirketi",
            "as ltd",
        ],
        key=lambda p: -len(p.split()),
    )
)

# Words that carry little identity: they count, but far less than a distinctive
# word. Includes common trading-company vocabulary and place names that appear
# inside firm names ("X Technology (Shanghai) Co.").
GENERIC_TOKENS: frozenset[str] = frozenset(
    """
    trading trade trader traders technology international group industrial industry
    electronics electronic import export importexport logistics service services system systems
    solution solutions engineering manufacturing manufacture development holding enterprise
    science scientific research institute university academy factory plant product products
    equipment supply supplies commercial general global communication network information
    machinery machine materials material instrument instruments precision optics optical
    optoelectronics aviation aerospace defense defence energy investment investments
    shipping transport development center centre bureau office branch
    sanayi ticaret dis ve san tic sanayii
    new hitech high digital smart intelligent intelligence innovation innovative advanced
    automation security sciences public closed open private joint stock
    china chinese russia russian hongkong hk shanghai shenzhen beijing guangzhou hangzhou
    tianjin chengdu wuhan xian nanjing chongqing suzhou dongguan xiamen ningbo qingdao
    harbin changsha zhengzhou jinan hefei fuzhou kunming shenyang dalian zhuhai foshan
    moscow moskva petersburg sanktpeterburg spb novosibirsk yekaterinburg ekaterinburg
    kazan tula izhevsk samara nizhny novgorod dubai sharjah istanbul ankara almaty
    astana bishkek tashkent yerevan tehran minsk
    """.split()
)

# Name particles: they count for little in persons' names ("Al-Shammari" and
# "Shammari" are the same surname to a reader) and never alone.
PARTICLE_TOKENS: frozenset[str] = frozenset(
    "al el ul ud bin ibn bint abu abd abdul van von der den da dos du di ben".split()
)

# Dropped everywhere: connectives and articles.
STOP_TOKENS: frozenset[str] = frozenset("the and of for de del la le les des du und und i y e".split())

# Abbreviations and transliterated words mapped to one canonical token.
SYNONYMS: dict[str, str] = {
    "tech": "technology",
    "techn": "technology",
    "technol": "technology",
    "technologies": "technology",
    "technological": "technology",
    "keji": "technology",
    "jishu": "technology",
    "intl": "international",
    "int": "international",
    "internat": "international",
    "internatl": "international",
    "guoji": "international",
    "grp": "group",
    "jituan": "group",
    "comm": "communication",
    "comms": "communication",
    "communications": "communication",
    "telecommunication": "telecom",
    "telecommunications": "telecom",
    "tongxin": "communication",
    "mfg": "manufacturing",
    "mfr": "manufacturing",
    "manufacturer": "manufacturing",
    "manufacturers": "manufacturing",
    "zhizao": "manufacturing",
    "electron": "electronics",
    "elec": "electronics",
    "electr": "electronics",
    "dianzi": "electronics",
    "daxue": "university",
    "univ": "university",
    "uni": "university",
    "inst": "institute",
    "institut": "institute",
    "yanjiusuo": "institute",
    "industries": "industry",
    "ind": "industry",
    "indus": "industry",
    "industriya": "industry",
    "gongye": "industry",
    "shiye": "industrial",
    "holdings": "holding",
    "konggu": "holding",
    "enterprises": "enterprise",
    "eng": "engineering",
    "engg": "engineering",
    "sys": "systems",
    "svc": "service",
    "svcs": "services",
    "maoyi": "trading",
    "jinchukou": "importexport",
    "impex": "importexport",
    "imp": "import",
    "exp": "export",
    "fazhan": "development",
    "dev": "development",
    "xinxi": "information",
    "info": "information",
    "guangdian": "optoelectronics",
    "jingmi": "precision",
    "yiqi": "instrument",
    "shebei": "equipment",
    "hangkong": "aviation",
    "hangtian": "aerospace",
    "zhongguo": "china",
    "xianggang": "hongkong",
    "mezhdunarodnaya": "international",
    "mezhdunarodnyy": "international",
    "tekhnologii": "technology",
    "tekhnologiya": "technology",
    "gruppa": "group",
    "kompaniya": "company",
    "torgovyy": "trading",
    "torgovaya": "trading",
    "torgovy": "trading",
    "logistik": "logistics",
    "kontsern": "concern",
    "zavod": "plant",
    "kombinat": "plant",
    "tsentr": "center",
    "nauchno": "scientific",
    "korporatsiya": "corporation",
    "elektronika": "electronics",
    "elektronik": "electronics",
    "teknoloji": "technology",
    "teknolojileri": "technology",
    "uluslararasi": "international",
    "lojistik": "logistics",
    "ithalat": "import",
    "ihracat": "export",
    "moscow": "moscow",
    "moskva": "moscow",
    "moskovskiy": "moscow",
    "st": "saint",
    "sankt": "saint",
    "mt": "mount",
}

# Multi-token place names joined into one token before comparison.
JOINED_PHRASES: dict[tuple[str, ...], str] = {
    ("hong", "kong"): "hongkong",
    ("xiang", "gang"): "hongkong",
    ("st", "petersburg"): "petersburg",
    ("saint", "petersburg"): "petersburg",
    ("sankt", "peterburg"): "petersburg",
    ("sankt", "petersburg"): "petersburg",
    ("import", "export"): "importexport",
    ("imp", "exp"): "importexport",
    ("hi", "tech"): "hitech",
    ("high", "tech"): "hitech",
    ("high", "technology"): "hitech",
    ("abu", "dhabi"): "abudhabi",
}

# Chinese company words, matched longest first inside runs of Han characters,
# each mapped to the canonical Latin token (or to "" for legal forms, which are
# then reported as legal). Everything else in a Han run is converted to pinyin
# and kept as one distinctive token.
CHINESE_WORDS: dict[str, str] = {
    "股份有限公司": "#legal",
    "有限责任公司": "#legal",
    "有限公司": "#legal",
    "责任公司": "#legal",
    "公司": "#legal",
    "股份": "#legal",
    "集团": "group",
    "科技": "technology",
    "技术": "technology",
    "电子": "electronics",
    "大学": "university",
    "研究所": "institute",
    "研究院": "institute",
    "国际": "international",
    "贸易": "trading",
    "商贸": "trading",
    "进出口": "importexport",
    "工业": "industry",
    "实业": "industrial",
    "控股": "holding",
    "发展": "development",
    "信息": "information",
    "通信": "communication",
    "通讯": "communication",
    "光电": "optoelectronics",
    "精密": "precision",
    "仪器": "instrument",
    "设备": "equipment",
    "制造": "manufacturing",
    "航空": "aviation",
    "航天": "aerospace",
    "物流": "logistics",
    "工程": "engineering",
    "中国": "china",
    "香港": "hongkong",
    "北京": "beijing",
    "上海": "shanghai",
    "深圳": "shenzhen",
    "广州": "guangzhou",
    "杭州": "hangzhou",
    "天津": "tianjin",
    "重庆": "chongqing",
    "成都": "chengdu",
    "武汉": "wuhan",
    "西安": "xian",
    "南京": "nanjing",
    "苏州": "suzhou",
    "东莞": "dongguan",
    "厦门": "xiamen",
    "宁波": "ningbo",
    "青岛": "qingdao",
    "哈尔滨": "harbin",
    "长沙": "changsha",
    "珠海": "zhuhai",
    "大连": "dalian",
}
