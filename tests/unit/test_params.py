"""Technical parameters read from descriptions in English, Russian and Chinese."""

from __future__ import annotations

import pytest

from screening.params import NIJ_SCALE, extract_params


def values(text: str, name: str) -> list[float]:
    return [p.value for p in extract_params(text).get(name, [])]


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        ("Uncooled VOx thermal core 640x512, 12 µm, 30 Hz", "resolution_pixels", [640 * 512]),
        ("Uncooled VOx thermal core 640×512, 12 µm, 30 Hz", "frame_rate_hz", [30]),
        ("тепловизионный модуль 384*288 50Гц", "frame_rate_hz", [50]),
        ("热成像机芯 640x512 25帧", "frame_rate_hz", [25]),
        ("thermal camera 9Hz export version", "frame_rate_hz", [9]),
        ("Uncooled thermal core, pixel pitch 12um", "pixel_pitch_um", [12]),
        ("NETD <40mK", "netd_mk", [40]),
        ("Ballistic plate NIJ 0101.06 level IV, 250x300 mm", "nij_level", [NIJ_SCALE["iv"]]),
        ("Soft armour vest NIJ IIIA", "nij_level", [NIJ_SCALE["iiia"]]),
        ("бронежилет класс защиты Бр5", "nij_level", [NIJ_SCALE["br5"]]),
        ("plate carrier with RF2 plates", "nij_level", [NIJ_SCALE["rf2"]]),
        ("Quadcopter, flight time 45 min, payload 10 kg", "flight_time_min", [45]),
        ("Fixed-wing UAV endurance 2 h", "flight_time_min", [120]),
        ("квадрокоптер время полета 38 мин", "flight_time_min", [38]),
        ("植保无人机 续航 25分钟 药箱 30L", "flight_time_min", [25]),
        ("植保无人机 续航 25分钟 药箱 30L", "tank_volume_l", [30]),
        ("agricultural drone with 40 L spray tank", "tank_volume_l", [40]),
        ("Quadcopter, flight time 45 min, payload 10 kg", "payload_kg", [10]),
        ("wind resistance 12 m/s", "wind_resistance_ms", [12]),
        ("wind resistance level 25 knots", "wind_resistance_ms", [12.86]),
        ("video transmission range 15 km", "range_km", [15]),
    ],
)
def test_parameter_is_read(text: str, name: str, expected: list[float]) -> None:
    assert values(text, name) == pytest.approx(expected)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Porcelain floor tiles 600x600 mm", "frame_rate_hz"),
        ("Porcelain floor tiles 600x600 mm", "nij_level"),
        ("Level 3 parking garage lighting", "nij_level"),
        ("Kitchen tank 50 L water heater", "flight_time_min"),
        ("LWIR 8-14 µm", "pixel_pitch_um"),
    ],
)
def test_no_parameter_where_there_is_none(text: str, name: str) -> None:
    assert values(text, name) == []


def test_nij_scale_orders_levels() -> None:
    assert NIJ_SCALE["iiia"] < NIJ_SCALE["iii"] < NIJ_SCALE["iv"]
    assert NIJ_SCALE["br4"] == NIJ_SCALE["iii"]
