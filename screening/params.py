"""Technical parameters read from free-text item descriptions.

Controls are often defined by a number: a thermal camera is 6A003.b.4.b only
above 9 Hz, body armour is ML13.d.2 from NIJ level III, a spray drone is 9A112.b
above 20 litres. This module finds those numbers in English, Russian and
Chinese descriptions so that rules can compare them. Each value keeps the text
it was read from, which becomes the evidence of a rule hit.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Param:
    name: str
    value: float
    text: str


# NIJ 0101.06 levels as an ordered scale (higher = more protection). NIJ 0101.07
# (HG1/HG2/RF1-3) and Russian GOST R 50744 classes (Br1-Br6) are placed on the same
# scale by their nearest 0101.06 level; the GOST equivalences are approximate and
# documented as such in the rule rationales.
NIJ_SCALE: dict[str, float] = {
    "i": 1,
    "iia": 2,
    "2a": 2,
    "ii": 3,
    "2": 3,
    "iiia": 4,
    "3a": 4,
    "iii": 5,
    "3": 5,
    "iii+": 5.5,
    "3+": 5.5,
    "iv": 6,
    "4": 6,
    "hg1": 3,
    "hg2": 4,
    "rf1": 5,
    "rf2": 5.5,
    "rf3": 6,
    "br1": 2,
    "br2": 4,
    "br3": 4.5,
    "br4": 5,
    "br5": 6,
    "br6": 6.5,
}

_NUM = r"(\d+(?:[.,]\d+)?)"


def _num(s: str) -> float:
    return float(s.replace(",", "."))


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).casefold()
    return text.replace("×", "x").replace("*", "x").replace("µ", "u").replace("μ", "u")


Extractor = Callable[[str], list[Param]]


def _resolution(text: str) -> list[Param]:
    out = []
    for m in re.finditer(r"(?<!\d)(\d{3,4})\s?x\s?(\d{3,4})(?!\d)", text):
        w, h = int(m.group(1)), int(m.group(2))
        if 80 <= h <= 4096 and 80 <= w <= 8192:
            out.append(Param("resolution_pixels", float(w * h), m.group(0)))
            out.append(Param("resolution_width", float(max(w, h)), m.group(0)))
    return out


def _frame_rate(text: str) -> list[Param]:
    pat = _NUM + r"\s?(?:hz|fps|гц|к/с|кадр(?:ов|а)?\s?/\s?с(?:ек)?|帧(?:/秒)?|赫兹)(?![a-zа-я])"
    return [Param("frame_rate_hz", _num(m.group(1)), m.group(0)) for m in re.finditer(pat, text)]


def _nij(text: str) -> list[Param]:
    out = []
    pat = (
        r"(?:nij(?:\s?0101\.0[678])?(?:\s?(?:level|lvl|class|уровень|等级|级))?|level|уровень|класс[а]?\s?защиты)"
        r"\s?[-:]?\s?(iii\+|3\+|iiia|iia|iii|ii|iv|i|3a|2a|hg1|hg2|rf1|rf2|rf3|[1234])(?![a-z0-9])"
    )
    for m in re.finditer(pat, text):
        level = m.group(1)
        if level in NIJ_SCALE and ("nij" in m.group(0) or level not in ("1", "2", "3", "4")):
            out.append(Param("nij_level", NIJ_SCALE[level], m.group(0)))
    for m in re.finditer(r"(?<![a-zа-я])(?:br|бр)\s?-?\s?([1-6])(?!\d)", text):
        out.append(Param("nij_level", NIJ_SCALE["br" + m.group(1)], m.group(0)))
    for m in re.finditer(r"(?<![a-z])(hg1|hg2|rf1|rf2|rf3)(?![a-z0-9])", text):
        out.append(Param("nij_level", NIJ_SCALE[m.group(1)], m.group(0)))
    return out


def _minutes(value: float, unit: str) -> float:
    return value * 60 if unit.startswith(("h", "ч", "小")) else value


_TIME_UNIT = r"(min(?:utes?|s)?|h(?:ours?|rs?)?|мин(?:ут[ы]?)?|ч(?:ас(?:а|ов)?)?|分钟|小时)"


def _flight_time(text: str) -> list[Param]:
    pat = (
        r"(?:flight\s?time|endurance|flying\s?time|hover(?:ing)?\s?time|время\s?полета|время\s?полёта|"
        r"продолжительность\s?полета|续航(?:时间)?|飞行时间)\D{0,12}?" + _NUM + r"\s?" + _TIME_UNIT
    )
    return [
        Param("flight_time_min", _minutes(_num(m.group(1)), m.group(2)), m.group(0))
        for m in re.finditer(pat, text)
    ]


def _payload(text: str) -> list[Param]:
    pat = (
        r"(?:payload|load\s?capacity|carrying\s?capacity|полезн\w*\s?нагрузк\w*|грузоподъ[её]мност\w*|"
        r"载重|载荷|挂载)\D{0,12}?" + _NUM + r"\s?(kg|кг|公斤|千克)"
    )
    return [Param("payload_kg", _num(m.group(1)), m.group(0)) for m in re.finditer(pat, text)]


def _tank(text: str) -> list[Param]:
    out: list[Param] = []
    pats = (
        r"(?:spray(?:ing)?\s?tank|tank|бак|резервуар|药箱|水箱)\D{0,16}?"
        + _NUM
        + r"\s?(?:l|litres?|liters?|л|升)(?![a-z])",
        _NUM + r"\s?(?:l|litres?|liters?|л|升)\s?(?:spray(?:ing)?\s?)?(?:tank|бак|药箱)",
    )
    for pat in pats:
        out.extend(Param("tank_volume_l", _num(m.group(1)), m.group(0)) for m in re.finditer(pat, text))
    return out


def _range(text: str) -> list[Param]:
    pat = (
        r"(?:range|distance|transmission|дальност\w*|радиус\w*|传输距离|图传距离|航程)\D{0,16}?"
        + _NUM
        + r"\s?(km|км|公里|千米)"
    )
    return [Param("range_km", _num(m.group(1)), m.group(0)) for m in re.finditer(pat, text)]


def _wind(text: str) -> list[Param]:
    out = []
    pat = (
        r"(?:wind\s?(?:resistance|resistant|speed)?|ветр\w*|抗风)\D{0,16}?"
        + _NUM
        + r"\s?(m/s|м/с|km/h|км/ч|kn|knots|узл\w*|米/秒)"
    )
    for m in re.finditer(pat, text):
        v, unit = _num(m.group(1)), m.group(2)
        if unit in ("km/h", "км/ч"):
            v = v / 3.6
        elif unit in ("kn", "knots") or unit.startswith("узл"):
            v = v * 0.5144
        out.append(Param("wind_resistance_ms", round(v, 2), m.group(0)))
    return out


def _pixel_pitch(text: str) -> list[Param]:
    pat = r"(?<![\d.])(\d{1,2}(?:[.,]\d)?)\s?(?:um|мкм|微米)(?!\s?[-–~]\s?\d)"
    out = []
    for m in re.finditer(pat, text):
        v = _num(m.group(1))
        if 5 <= v <= 50 and not re.search(r"\d\s?[-–~]\s?$", text[: m.start()]):
            out.append(Param("pixel_pitch_um", v, m.group(0)))
    return out


def _netd(text: str) -> list[Param]:
    pat = r"netd\D{0,8}?" + _NUM + r"\s?mk"
    return [Param("netd_mk", _num(m.group(1)), m.group(0)) for m in re.finditer(pat, text)]


def _weight(text: str) -> list[Param]:
    pat = (
        r"(?:mtow|max(?:imum)?\s?take-?off\s?weight|взл[её]тн\w*\s?масс\w*|起飞重量)\D{0,12}?"
        + _NUM
        + r"\s?(kg|кг|公斤)"
    )
    return [Param("mtow_kg", _num(m.group(1)), m.group(0)) for m in re.finditer(pat, text)]


EXTRACTORS: tuple[Extractor, ...] = (
    _resolution,
    _frame_rate,
    _nij,
    _flight_time,
    _payload,
    _tank,
    _range,
    _wind,
    _pixel_pitch,
    _netd,
    _weight,
)

PARAM_NAMES: frozenset[str] = frozenset(
    {
        "resolution_pixels",
        "resolution_width",
        "frame_rate_hz",
        "nij_level",
        "flight_time_min",
        "payload_kg",
        "tank_volume_l",
        "range_km",
        "wind_resistance_ms",
        "pixel_pitch_um",
        "netd_mk",
        "mtow_kg",
    }
)


def extract_params(text: str) -> dict[str, list[Param]]:
    """All parameters found in `text`, by name, in order of appearance."""
    folded = _fold(text)
    found: dict[str, list[Param]] = {}
    for extractor in EXTRACTORS:
        for p in extractor(folded):
            found.setdefault(p.name, []).append(p)
    return found
