"""Country names and codes to ISO 3166-1 alpha-2, shared by the list parsers.

The official lists name countries in their own ways: OFAC "Korea, North" and
"Burma", the UN "Iran (Islamic Republic of)", the EU "CONGO, Democratic Republic
of (was Zaire)" (with its own ISO code beside it), the UK "Russia", BIS "PRC".
`to_iso2` maps a code or a name to the alpha-2 code, or None when it cannot be
sure (an unknown name, "undetermined", a historic state such as the Soviet
Union): the parsers then keep no country and add a warning.

The table of codes and names was generated from ISO 3166-1 (as published in
pycountry 26.2) and is kept here as plain data, so the parsers need no extra
dependency. XK (Kosovo) is not an ISO code but the user-assigned code the EU,
the UK and OFAC use; it is accepted.
"""

from __future__ import annotations

import re
import unicodedata

# alpha-2: (alpha-3, names as ISO 3166-1 gives them: name, common name, official name)
ISO: dict[str, tuple[str, tuple[str, ...]]] = {
    "AW": ("ABW", ("Aruba",)),
    "AF": ("AFG", ("Afghanistan", "Islamic Republic of Afghanistan")),
    "AO": ("AGO", ("Angola", "Republic of Angola")),
    "AI": ("AIA", ("Anguilla",)),
    "AX": ("ALA", ("Åland Islands",)),
    "AL": ("ALB", ("Albania", "Republic of Albania")),
    "AD": ("AND", ("Andorra", "Principality of Andorra")),
    "AE": ("ARE", ("United Arab Emirates",)),
    "AR": ("ARG", ("Argentina", "Argentine Republic")),
    "AM": ("ARM", ("Armenia", "Republic of Armenia")),
    "AS": ("ASM", ("American Samoa",)),
    "AQ": ("ATA", ("Antarctica",)),
    "TF": ("ATF", ("French Southern Territories",)),
    "AG": ("ATG", ("Antigua and Barbuda",)),
    "AU": ("AUS", ("Australia",)),
    "AT": ("AUT", ("Austria", "Republic of Austria")),
    "AZ": ("AZE", ("Azerbaijan", "Republic of Azerbaijan")),
    "BI": ("BDI", ("Burundi", "Republic of Burundi")),
    "BE": ("BEL", ("Belgium", "Kingdom of Belgium")),
    "BJ": ("BEN", ("Benin", "Republic of Benin")),
    "BQ": ("BES", ("Bonaire, Sint Eustatius and Saba",)),
    "BF": ("BFA", ("Burkina Faso",)),
    "BD": ("BGD", ("Bangladesh", "People's Republic of Bangladesh")),
    "BG": ("BGR", ("Bulgaria", "Republic of Bulgaria")),
    "BH": ("BHR", ("Bahrain", "Kingdom of Bahrain")),
    "BS": ("BHS", ("Bahamas", "Commonwealth of the Bahamas")),
    "BA": ("BIH", ("Bosnia and Herzegovina", "Republic of Bosnia and Herzegovina")),
    "BL": ("BLM", ("Saint Barthélemy",)),
    "BY": ("BLR", ("Belarus", "Republic of Belarus")),
    "BZ": ("BLZ", ("Belize",)),
    "BM": ("BMU", ("Bermuda",)),
    "BO": ("BOL", ("Bolivia, Plurinational State of", "Bolivia", "Plurinational State of Bolivia")),
    "BR": ("BRA", ("Brazil", "Federative Republic of Brazil")),
    "BB": ("BRB", ("Barbados",)),
    "BN": ("BRN", ("Brunei Darussalam",)),
    "BT": ("BTN", ("Bhutan", "Kingdom of Bhutan")),
    "BV": ("BVT", ("Bouvet Island",)),
    "BW": ("BWA", ("Botswana", "Republic of Botswana")),
    "CF": ("CAF", ("Central African Republic",)),
    "CA": ("CAN", ("Canada",)),
    "CC": ("CCK", ("Cocos (Keeling) Islands",)),
    "CH": ("CHE", ("Switzerland", "Swiss Confederation")),
    "CL": ("CHL", ("Chile", "Republic of Chile")),
    "CN": ("CHN", ("China", "People's Republic of China")),
    "CI": ("CIV", ("Côte d'Ivoire", "Republic of Côte d'Ivoire")),
    "CM": ("CMR", ("Cameroon", "Republic of Cameroon")),
    "CD": ("COD", ("Congo, The Democratic Republic of the",)),
    "CG": ("COG", ("Congo", "Republic of the Congo")),
    "CK": ("COK", ("Cook Islands",)),
    "CO": ("COL", ("Colombia", "Republic of Colombia")),
    "KM": ("COM", ("Comoros", "Union of the Comoros")),
    "CV": ("CPV", ("Cabo Verde", "Republic of Cabo Verde")),
    "CR": ("CRI", ("Costa Rica", "Republic of Costa Rica")),
    "CU": ("CUB", ("Cuba", "Republic of Cuba")),
    "CW": ("CUW", ("Curaçao",)),
    "CX": ("CXR", ("Christmas Island",)),
    "KY": ("CYM", ("Cayman Islands",)),
    "CY": ("CYP", ("Cyprus", "Republic of Cyprus")),
    "CZ": ("CZE", ("Czechia", "Czech Republic")),
    "DE": ("DEU", ("Germany", "Federal Republic of Germany")),
    "DJ": ("DJI", ("Djibouti", "Republic of Djibouti")),
    "DM": ("DMA", ("Dominica", "Commonwealth of Dominica")),
    "DK": ("DNK", ("Denmark", "Kingdom of Denmark")),
    "DO": ("DOM", ("Dominican Republic",)),
    "DZ": ("DZA", ("Algeria", "People's Democratic Republic of Algeria")),
    "EC": ("ECU", ("Ecuador", "Republic of Ecuador")),
    "EG": ("EGY", ("Egypt", "Arab Republic of Egypt")),
    "ER": ("ERI", ("Eritrea", "the State of Eritrea")),
    "EH": ("ESH", ("Western Sahara",)),
    "ES": ("ESP", ("Spain", "Kingdom of Spain")),
    "EE": ("EST", ("Estonia", "Republic of Estonia")),
    "ET": ("ETH", ("Ethiopia", "Federal Democratic Republic of Ethiopia")),
    "FI": ("FIN", ("Finland", "Republic of Finland")),
    "FJ": ("FJI", ("Fiji", "Republic of Fiji")),
    "FK": ("FLK", ("Falkland Islands (Malvinas)",)),
    "FR": ("FRA", ("France", "French Republic")),
    "FO": ("FRO", ("Faroe Islands",)),
    "FM": ("FSM", ("Micronesia, Federated States of", "Federated States of Micronesia")),
    "GA": ("GAB", ("Gabon", "Gabonese Republic")),
    "GB": ("GBR", ("United Kingdom", "United Kingdom of Great Britain and Northern Ireland")),
    "GE": ("GEO", ("Georgia",)),
    "GG": ("GGY", ("Guernsey",)),
    "GH": ("GHA", ("Ghana", "Republic of Ghana")),
    "GI": ("GIB", ("Gibraltar",)),
    "GN": ("GIN", ("Guinea", "Republic of Guinea")),
    "GP": ("GLP", ("Guadeloupe",)),
    "GM": ("GMB", ("Gambia", "Republic of the Gambia")),
    "GW": ("GNB", ("Guinea-Bissau", "Republic of Guinea-Bissau")),
    "GQ": ("GNQ", ("Equatorial Guinea", "Republic of Equatorial Guinea")),
    "GR": ("GRC", ("Greece", "Hellenic Republic")),
    "GD": ("GRD", ("Grenada",)),
    "GL": ("GRL", ("Greenland",)),
    "GT": ("GTM", ("Guatemala", "Republic of Guatemala")),
    "GF": ("GUF", ("French Guiana",)),
    "GU": ("GUM", ("Guam",)),
    "GY": ("GUY", ("Guyana", "Republic of Guyana")),
    "HK": ("HKG", ("Hong Kong", "Hong Kong Special Administrative Region of China")),
    "HM": ("HMD", ("Heard Island and McDonald Islands",)),
    "HN": ("HND", ("Honduras", "Republic of Honduras")),
    "HR": ("HRV", ("Croatia", "Republic of Croatia")),
    "HT": ("HTI", ("Haiti", "Republic of Haiti")),
    "HU": ("HUN", ("Hungary",)),
    "ID": ("IDN", ("Indonesia", "Republic of Indonesia")),
    "IM": ("IMN", ("Isle of Man",)),
    "IN": ("IND", ("India", "Republic of India")),
    "IO": ("IOT", ("British Indian Ocean Territory",)),
    "IE": ("IRL", ("Ireland",)),
    "IR": ("IRN", ("Iran, Islamic Republic of", "Iran", "Islamic Republic of Iran")),
    "IQ": ("IRQ", ("Iraq", "Republic of Iraq")),
    "IS": ("ISL", ("Iceland", "Republic of Iceland")),
    "IL": ("ISR", ("Israel", "State of Israel")),
    "IT": ("ITA", ("Italy", "Italian Republic")),
    "JM": ("JAM", ("Jamaica",)),
    "JE": ("JEY", ("Jersey",)),
    "JO": ("JOR", ("Jordan", "Hashemite Kingdom of Jordan")),
    "JP": ("JPN", ("Japan",)),
    "KZ": ("KAZ", ("Kazakhstan", "Republic of Kazakhstan")),
    "KE": ("KEN", ("Kenya", "Republic of Kenya")),
    "KG": ("KGZ", ("Kyrgyzstan", "Kyrgyz Republic")),
    "KH": ("KHM", ("Cambodia", "Kingdom of Cambodia")),
    "KI": ("KIR", ("Kiribati", "Republic of Kiribati")),
    "KN": ("KNA", ("Saint Kitts and Nevis",)),
    "KR": ("KOR", ("Korea, Republic of", "South Korea")),
    "KW": ("KWT", ("Kuwait", "State of Kuwait")),
    "LA": ("LAO", ("Lao People's Democratic Republic", "Laos")),
    "LB": ("LBN", ("Lebanon", "Lebanese Republic")),
    "LR": ("LBR", ("Liberia", "Republic of Liberia")),
    "LY": ("LBY", ("Libya",)),
    "LC": ("LCA", ("Saint Lucia",)),
    "LI": ("LIE", ("Liechtenstein", "Principality of Liechtenstein")),
    "LK": ("LKA", ("Sri Lanka", "Democratic Socialist Republic of Sri Lanka")),
    "LS": ("LSO", ("Lesotho", "Kingdom of Lesotho")),
    "LT": ("LTU", ("Lithuania", "Republic of Lithuania")),
    "LU": ("LUX", ("Luxembourg", "Grand Duchy of Luxembourg")),
    "LV": ("LVA", ("Latvia", "Republic of Latvia")),
    "MO": ("MAC", ("Macao", "Macao Special Administrative Region of China")),
    "MF": ("MAF", ("Saint Martin (French part)",)),
    "MA": ("MAR", ("Morocco", "Kingdom of Morocco")),
    "MC": ("MCO", ("Monaco", "Principality of Monaco")),
    "MD": ("MDA", ("Moldova, Republic of", "Moldova", "Republic of Moldova")),
    "MG": ("MDG", ("Madagascar", "Republic of Madagascar")),
    "MV": ("MDV", ("Maldives", "Republic of Maldives")),
    "MX": ("MEX", ("Mexico", "United Mexican States")),
    "MH": ("MHL", ("Marshall Islands", "Republic of the Marshall Islands")),
    "MK": ("MKD", ("North Macedonia", "Republic of North Macedonia")),
    "ML": ("MLI", ("Mali", "Republic of Mali")),
    "MT": ("MLT", ("Malta", "Republic of Malta")),
    "MM": ("MMR", ("Myanmar", "Republic of Myanmar")),
    "ME": ("MNE", ("Montenegro",)),
    "MN": ("MNG", ("Mongolia",)),
    "MP": ("MNP", ("Northern Mariana Islands", "Commonwealth of the Northern Mariana Islands")),
    "MZ": ("MOZ", ("Mozambique", "Republic of Mozambique")),
    "MR": ("MRT", ("Mauritania", "Islamic Republic of Mauritania")),
    "MS": ("MSR", ("Montserrat",)),
    "MQ": ("MTQ", ("Martinique",)),
    "MU": ("MUS", ("Mauritius", "Republic of Mauritius")),
    "MW": ("MWI", ("Malawi", "Republic of Malawi")),
    "MY": ("MYS", ("Malaysia",)),
    "YT": ("MYT", ("Mayotte",)),
    "NA": ("NAM", ("Namibia", "Republic of Namibia")),
    "NC": ("NCL", ("New Caledonia",)),
    "NE": ("NER", ("Niger", "Republic of the Niger")),
    "NF": ("NFK", ("Norfolk Island",)),
    "NG": ("NGA", ("Nigeria", "Federal Republic of Nigeria")),
    "NI": ("NIC", ("Nicaragua", "Republic of Nicaragua")),
    "NU": ("NIU", ("Niue",)),
    "NL": ("NLD", ("Netherlands", "Kingdom of the Netherlands")),
    "NO": ("NOR", ("Norway", "Kingdom of Norway")),
    "NP": ("NPL", ("Nepal", "Federal Democratic Republic of Nepal")),
    "NR": ("NRU", ("Nauru", "Republic of Nauru")),
    "NZ": ("NZL", ("New Zealand",)),
    "OM": ("OMN", ("Oman", "Sultanate of Oman")),
    "PK": ("PAK", ("Pakistan", "Islamic Republic of Pakistan")),
    "PA": ("PAN", ("Panama", "Republic of Panama")),
    "PN": ("PCN", ("Pitcairn",)),
    "PE": ("PER", ("Peru", "Republic of Peru")),
    "PH": ("PHL", ("Philippines", "Republic of the Philippines")),
    "PW": ("PLW", ("Palau", "Republic of Palau")),
    "PG": ("PNG", ("Papua New Guinea", "Independent State of Papua New Guinea")),
    "PL": ("POL", ("Poland", "Republic of Poland")),
    "PR": ("PRI", ("Puerto Rico",)),
    "KP": (
        "PRK",
        ("Korea, Democratic People's Republic of", "North Korea", "Democratic People's Republic of Korea"),
    ),
    "PT": ("PRT", ("Portugal", "Portuguese Republic")),
    "PY": ("PRY", ("Paraguay", "Republic of Paraguay")),
    "PS": ("PSE", ("Palestine, State of", "the State of Palestine")),
    "PF": ("PYF", ("French Polynesia",)),
    "QA": ("QAT", ("Qatar", "State of Qatar")),
    "RE": ("REU", ("Réunion",)),
    "RO": ("ROU", ("Romania",)),
    "RU": ("RUS", ("Russian Federation",)),
    "RW": ("RWA", ("Rwanda", "Rwandese Republic")),
    "SA": ("SAU", ("Saudi Arabia", "Kingdom of Saudi Arabia")),
    "SD": ("SDN", ("Sudan", "Republic of the Sudan")),
    "SN": ("SEN", ("Senegal", "Republic of Senegal")),
    "SG": ("SGP", ("Singapore", "Republic of Singapore")),
    "GS": ("SGS", ("South Georgia and the South Sandwich Islands",)),
    "SH": ("SHN", ("Saint Helena, Ascension and Tristan da Cunha",)),
    "SJ": ("SJM", ("Svalbard and Jan Mayen",)),
    "SB": ("SLB", ("Solomon Islands",)),
    "SL": ("SLE", ("Sierra Leone", "Republic of Sierra Leone")),
    "SV": ("SLV", ("El Salvador", "Republic of El Salvador")),
    "SM": ("SMR", ("San Marino", "Republic of San Marino")),
    "SO": ("SOM", ("Somalia", "Federal Republic of Somalia")),
    "PM": ("SPM", ("Saint Pierre and Miquelon",)),
    "RS": ("SRB", ("Serbia", "Republic of Serbia")),
    "SS": ("SSD", ("South Sudan", "Republic of South Sudan")),
    "ST": ("STP", ("Sao Tome and Principe", "Democratic Republic of Sao Tome and Principe")),
    "SR": ("SUR", ("Suriname", "Republic of Suriname")),
    "SK": ("SVK", ("Slovakia", "Slovak Republic")),
    "SI": ("SVN", ("Slovenia", "Republic of Slovenia")),
    "SE": ("SWE", ("Sweden", "Kingdom of Sweden")),
    "SZ": ("SWZ", ("Eswatini", "Kingdom of Eswatini")),
    "SX": ("SXM", ("Sint Maarten (Dutch part)",)),
    "SC": ("SYC", ("Seychelles", "Republic of Seychelles")),
    "SY": ("SYR", ("Syrian Arab Republic", "Syria")),
    "TC": ("TCA", ("Turks and Caicos Islands",)),
    "TD": ("TCD", ("Chad", "Republic of Chad")),
    "TG": ("TGO", ("Togo", "Togolese Republic")),
    "TH": ("THA", ("Thailand", "Kingdom of Thailand")),
    "TJ": ("TJK", ("Tajikistan", "Republic of Tajikistan")),
    "TK": ("TKL", ("Tokelau",)),
    "TM": ("TKM", ("Turkmenistan",)),
    "TL": ("TLS", ("Timor-Leste", "Democratic Republic of Timor-Leste")),
    "TO": ("TON", ("Tonga", "Kingdom of Tonga")),
    "TT": ("TTO", ("Trinidad and Tobago", "Republic of Trinidad and Tobago")),
    "TN": ("TUN", ("Tunisia", "Republic of Tunisia")),
    "TR": ("TUR", ("Türkiye", "Republic of Türkiye")),
    "TV": ("TUV", ("Tuvalu",)),
    "TW": ("TWN", ("Taiwan, Province of China", "Taiwan")),
    "TZ": ("TZA", ("Tanzania, United Republic of", "Tanzania", "United Republic of Tanzania")),
    "UG": ("UGA", ("Uganda", "Republic of Uganda")),
    "UA": ("UKR", ("Ukraine",)),
    "UM": ("UMI", ("United States Minor Outlying Islands",)),
    "UY": ("URY", ("Uruguay", "Eastern Republic of Uruguay")),
    "US": ("USA", ("United States", "United States of America")),
    "UZ": ("UZB", ("Uzbekistan", "Republic of Uzbekistan")),
    "VA": ("VAT", ("Holy See (Vatican City State)",)),
    "VC": ("VCT", ("Saint Vincent and the Grenadines",)),
    "VE": ("VEN", ("Venezuela, Bolivarian Republic of", "Venezuela", "Bolivarian Republic of Venezuela")),
    "VG": ("VGB", ("Virgin Islands, British", "British Virgin Islands")),
    "VI": ("VIR", ("Virgin Islands, U.S.", "Virgin Islands of the United States")),
    "VN": ("VNM", ("Viet Nam", "Vietnam", "Socialist Republic of Viet Nam")),
    "VU": ("VUT", ("Vanuatu", "Republic of Vanuatu")),
    "WF": ("WLF", ("Wallis and Futuna",)),
    "WS": ("WSM", ("Samoa", "Independent State of Samoa")),
    "YE": ("YEM", ("Yemen", "Republic of Yemen")),
    "ZA": ("ZAF", ("South Africa", "Republic of South Africa")),
    "ZM": ("ZMB", ("Zambia", "Republic of Zambia")),
    "ZW": ("ZWE", ("Zimbabwe", "Republic of Zimbabwe")),
    "XK": ("XKX", ("Kosovo", "Republic of Kosovo")),
}

# Other names the lists use, and demonyms used as nationalities.
ALIASES: dict[str, str] = {
    # short and older names
    "Burma": "MM",
    "Russia": "RU",
    "Macau": "MO",
    "China, Hong Kong Special Administrative Region": "HK",
    "Hong Kong, China": "HK",
    "China, Macao Special Administrative Region": "MO",
    "Czech Republic": "CZ",
    "Turkey": "TR",
    "Turkiye": "TR",
    "Swaziland": "SZ",
    "Cape Verde": "CV",
    "Ivory Coast": "CI",
    "Cote d Ivoire": "CI",
    "East Timor": "TL",
    "Macedonia": "MK",
    "The former Yugoslav Republic of Macedonia": "MK",
    "Vatican": "VA",
    "Vatican City": "VA",
    "Holy See": "VA",
    "Brunei": "BN",
    "Micronesia": "FM",
    "Palestine": "PS",
    "Palestinian": "PS",
    "Palestinian Territories": "PS",
    "Occupied Palestinian Territory": "PS",
    "West Bank": "PS",
    "Gaza": "PS",
    "Gaza Strip": "PS",
    "Region: Gaza": "PS",
    "Region: West Bank": "PS",
    "Region: Crimea": "UA",
    "Crimea": "UA",
    "Region: Northern Mali": "ML",
    "Korea, North": "KP",
    "Korea, South": "KR",
    "North Korea": "KP",
    "South Korea": "KR",
    "Republic of Korea": "KR",
    "DPRK": "KP",
    "Democratic Peoples Republic of Korea": "KP",
    "PRC": "CN",
    "Peoples Republic of China": "CN",
    "Mainland China": "CN",
    "Taiwan": "TW",
    "Republic of China": "TW",
    "UK": "GB",
    "U.K.": "GB",
    "Great Britain": "GB",
    "England": "GB",
    "Scotland": "GB",
    "Wales": "GB",
    "Northern Ireland": "GB",
    "USA": "US",
    "U.S.A.": "US",
    "U.S.": "US",
    "United States of America": "US",
    "UAE": "AE",
    "U.A.E.": "AE",
    "Emirates": "AE",
    "Iran": "IR",
    "Iran (Islamic Republic of)": "IR",
    "Syria": "SY",
    "Laos": "LA",
    "Vietnam": "VN",
    "Moldova": "MD",
    "Bolivia": "BO",
    "Venezuela": "VE",
    "Tanzania": "TZ",
    "Congo, Democratic Republic of the": "CD",
    "Democratic Republic of Congo": "CD",
    "DR Congo": "CD",
    "DRC": "CD",
    "Zaire": "CD",
    "Congo, Republic of the": "CG",
    "Congo-Brazzaville": "CG",
    "Republic of Congo": "CG",
    "Netherlands, The": "NL",
    "Holland": "NL",
    "Slovak Republic": "SK",
    "Kyrgyz Republic": "KG",
    "Curacao": "CW",
    "Sint Maarten": "SX",
    "St. Kitts and Nevis": "KN",
    "St. Lucia": "LC",
    "St. Vincent and the Grenadines": "VC",
    "Sao Tome": "ST",
    "Falkland Islands": "FK",
    "Bosnia": "BA",
    "Bosnia-Herzegovina": "BA",
    "Kosovo": "XK",
    # demonyms (nationality fields)
    "Afghan": "AF",
    "Albanian": "AL",
    "Algerian": "DZ",
    "American": "US",
    "Belarusian": "BY",
    "Belarussian": "BY",
    "Bosnian": "BA",
    "British": "GB",
    "Burmese": "MM",
    "Chinese": "CN",
    "Cuban": "CU",
    "Egyptian": "EG",
    "Emirati": "AE",
    "Eritrean": "ER",
    "French": "FR",
    "German": "DE",
    "Indian": "IN",
    "Indonesian": "ID",
    "Iranian": "IR",
    "Iraqi": "IQ",
    "Israeli": "IL",
    "Jordanian": "JO",
    "Kazakh": "KZ",
    "Kenyan": "KE",
    "Kuwaiti": "KW",
    "Lebanese": "LB",
    "Libyan": "LY",
    "Malian": "ML",
    "Mexican": "MX",
    "Moroccan": "MA",
    "Nicaraguan": "NI",
    "Nigerian": "NG",
    "North Korean": "KP",
    "Pakistani": "PK",
    "Qatari": "QA",
    "Russian": "RU",
    "Rwandan": "RW",
    "Saudi": "SA",
    "Saudi Arabian": "SA",
    "Serbian": "RS",
    "Somali": "SO",
    "South Sudanese": "SS",
    "Sudanese": "SD",
    "Syrian": "SY",
    "Tunisian": "TN",
    "Turkish": "TR",
    "Ugandan": "UG",
    "Ukrainian": "UA",
    "Uzbek": "UZ",
    "Venezuelan": "VE",
    "Yemeni": "YE",
    "Zimbabwean": "ZW",
}

# Values that name no country (or no current one): mapped to None without a warning.
NOT_A_COUNTRY = {
    "",
    "-",
    "na",
    "n/a",
    "none",
    "none identified",
    "unknown",
    "undetermined",
    "stateless",
    "00",
    "former soviet union",
    "soviet union",
    "ussr",
    "yugoslavia",
    "former yugoslavia",
    "serbia and montenegro",
    "netherlands antilles",
    "region: kafia kingi",
}


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    text = text.replace("&", " and ")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    return " ".join(w for w in text.split() if w != "the")


def _swapped(name: str) -> str | None:
    """ "Korea, North" -> "North Korea"; "Congo, Democratic Republic of the" ->
    "Democratic Republic of the Congo"."""
    if name.count(",") != 1:
        return None
    head, tail = (p.strip() for p in name.split(","))
    return f"{tail} {head}" if head and tail else None


def _build() -> tuple[dict[str, str], dict[str, str]]:
    by_name: dict[str, str] = {}
    alpha3: dict[str, str] = {}
    for code, (a3, names) in ISO.items():
        alpha3[a3] = code
        for name in names:
            for variant in (name, _swapped(name)):
                if variant:
                    by_name.setdefault(_norm(variant), code)
    for name, code in ALIASES.items():
        if code:
            by_name[_norm(name)] = code
            swapped = _swapped(name)
            if swapped:
                by_name.setdefault(_norm(swapped), code)
    return by_name, alpha3


_BY_NAME, _ALPHA3 = _build()
_NOT_A_COUNTRY = {_norm(v) for v in NOT_A_COUNTRY} | {v.casefold() for v in NOT_A_COUNTRY}
_PAREN = re.compile(r"\s*\([^)]*\)\s*$")


def is_iso2(code: str) -> bool:
    return code in ISO


def is_no_country(value: str | None) -> bool:
    """True when the value says there is no (current) country: empty, "unknown",
    "undetermined", the Soviet Union..."""
    if value is None:
        return True
    v = value.strip()
    return v.casefold() in _NOT_A_COUNTRY or _norm(v) in _NOT_A_COUNTRY


def to_iso2(value: str | None) -> str | None:
    """The ISO 3166-1 alpha-2 code for a code or country name, or None.

    Accepts alpha-2 codes (any case when the value is exactly two letters),
    alpha-3 codes in capitals, names and their common variants, "Name, The"
    orders, and a trailing parenthesis ("Pakistan (location as at May 2008)",
    "Iran (Islamic Republic of)").
    """
    if value is None:
        return None
    v = " ".join(value.split())
    if not v or is_no_country(v):
        return None
    if len(v) == 2 and v.isalpha():
        up = v.upper()
        return up if up in ISO else None
    if len(v) == 3 and v.isalpha() and v.isupper() and v in _ALPHA3:
        return _ALPHA3[v]
    for candidate in (v, _PAREN.sub("", v)):
        if not candidate:
            continue
        code = _BY_NAME.get(_norm(candidate))
        if code:
            return code
        swapped = _swapped(candidate)
        if swapped:
            code = _BY_NAME.get(_norm(swapped))
            if code:
                return code
    return None
