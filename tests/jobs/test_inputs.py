"""Batch input formats: every input row becomes a row of work or an error row."""

from __future__ import annotations

import pytest

from jobs.inputs import InputError, read_rows


def rows(text: str, media: str = "text/csv"):
    return list(read_rows(text.encode(), media))


def test_party_csv_one_row_per_party() -> None:
    got = rows("name,country,type,aliases,identifiers\n"
               "Rosoboronexport,RU,organization,Рособоронэкспорт;ROE,INN:7718852163\n"
               "Teehaus GmbH,DE,,,\n")
    assert [r.rows for r in got] == [[1], [2]]
    p = got[0].data["parties"][0]
    assert p == {"role": "other", "name": "Rosoboronexport", "type": "organization", "country": "RU",
                 "aliases": ["Рособоронэкспорт", "ROE"], "identifiers": [{"scheme": "INN", "value": "7718852163"}]}


def test_shipment_lines_with_the_same_reference_form_one_shipment() -> None:
    got = rows("reference,buyer,buyer_country,description,hs_code,destination\n"
               "PO-1,Acme LLC,KZ,thermal scope,9013.10,KZ\n"
               "PO-1,Acme LLC,KZ,drone batteries,8507.60,KZ\n"
               "PO-2,Tea GmbH,DE,green tea,0902.10,DE\n")
    assert [r.rows for r in got] == [[1, 2], [3]]
    first = got[0].data
    assert [i["description"] for i in first["items"]] == ["thermal scope", "drone batteries"]
    assert first["parties"] == [{"role": "buyer", "name": "Acme LLC", "country": "KZ"}]
    assert first["route"] == {"destination": "KZ"}


def test_short_csv_row_is_an_error_row_not_a_loss() -> None:
    got = rows("name,country\nAcme,DE\nbroken\nOther,FR\n")
    assert [r.rows for r in got] == [[1], [2], [3]]
    assert got[1].error["field"] == "row"
    assert got[2].data["parties"][0]["name"] == "Other"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty"),
        ("colour,size\nred,1\n", "'name' column"),
        ("name,nickname\nA,B\n", r"Unknown CSV column\(s\): nickname"),
    ],
)
def test_unreadable_csv_is_refused_as_a_whole(text: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        rows(text)


def test_json_lines_keep_line_numbers_and_report_bad_lines() -> None:
    got = rows('{"parties": [{"role": "buyer", "name": "A"}]}\n\n{bad json\n[1]\n', "application/x-ndjson")
    assert [r.rows for r in got] == [[1], [3], [4]]
    assert got[0].data and got[1].error and got[2].error


def test_json_array() -> None:
    got = rows('[{"parties": [{"role": "buyer", "name": "A"}], "reference": "R1"}, 5]', "application/json")
    assert got[0].reference == "R1" and got[1].error
    with pytest.raises(InputError, match="array"):
        rows('{"parties": []}', "application/json")


def test_body_must_be_utf8() -> None:
    with pytest.raises(InputError, match="UTF-8"):
        list(read_rows(b"name\n\xff\xfe\n", "text/csv"))
