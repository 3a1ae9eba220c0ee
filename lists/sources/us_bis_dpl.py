"""BIS Denied Persons List (DPL), the text file BIS publishes (dpl.txt).

Format: tab-separated, every field in double quotes, one header row, LF line
ends; columns Name, Street_Address, City, State, Country, Postal_Code,
Effective_Date, Expiration_Date (MM/DD/YYYY), Standard_Order, Last_Update
(YYYY-MM-DD), Action, FR_Citation. One row per name and address: a person
or firm with several addresses has several rows, and its other names (a.k.a.)
are further rows under the same Federal Register citation.

Decisions:
- Merging: rows with the same name (compared case-insensitively, runs of
  spaces collapsed) and the same FR_Citation (compared without case, spaces
  and punctuation: "67 F.R. 10890 3/11/02 71 F.R." = "67 F.R. 10890 3/11/02,
  71 F.R.") are one entry with one address per row (repeated addresses
  once). Different names under one citation are NOT merged into aliases: the
  file does not say which name is the main one, and two different persons may
  share a denial order.
- The 2022 file also has: impossible Last_Update dates, ZIP codes that lost
  their leading zero, a US state in the Country column ("NM"), country codes
  in the State column ("CY", "RS" for Russia), "PRC" for China, names with
  leading or doubled spaces.
- entry_id: "dpl-" + the first 12 hex digits of the SHA-1 of
  "<name>|<FR citation>" (normalised as above); the file has no ids, and this
  stays the same from one publication to the next while name and citation do.
- version: the newest Last_Update that is a real date not after today; dates
  that are impossible (2922-09-01, 3017-08-22 are in the 2022 file) are kept as
  text in raw and reported.
- Country: the Country column is an ISO alpha-2 code (or a name such as
  "PRC"); a value that is not one (e.g. "NM", the US state, beside a US ZIP
  code) is not a country and is reported. An empty Country with a US state in
  State and a US ZIP code is read as US. An empty Country with something else
  in State (e.g. "CY" beside Nicosia, "RS" beside Stavropol, Russia) gives no
  country: the State column cannot be trusted to hold a country.
- type: the file does not say person or firm: "unknown".
- citation: "15 CFR 764.3; Denied Persons List; <FR_Citation>".
"""

from __future__ import annotations

import hashlib
import re
from datetime import date
from pathlib import Path

from lists.errors import ListError
from lists.sources import countries
from lists.sources._common import (
    Warnings,
    check_columns,
    clean,
    csv_records,
    decode,
    entry_names,
    first_line,
    first_record,
    iso_date,
    read_bytes,
    reject_html,
    unique,
)
from lists.sources.base import Parsed
from screening.model import ListEntry

SOURCE = "us_bis_dpl"
TITLE = "Denied Persons List (DPL)"
PUBLISHER = "U.S. Department of Commerce, Bureau of Industry and Security (BIS)"

LIST_NAME = "Denied Persons List"
URL = "https://www.bis.doc.gov/index.php/policy-guidance/lists-of-parties-of-concern/denied-persons-list"
COLUMNS = (
    "Name",
    "Street_Address",
    "City",
    "State",
    "Country",
    "Postal_Code",
    "Effective_Date",
    "Expiration_Date",
    "Standard_Order",
    "Last_Update",
    "Action",
    "FR_Citation",
)
US_STATES = {
    "AL",
    "AK",
    "AZ",
    "AR",
    "CA",
    "CO",
    "CT",
    "DE",
    "DC",
    "FL",
    "GA",
    "HI",
    "ID",
    "IL",
    "IN",
    "IA",
    "KS",
    "KY",
    "LA",
    "ME",
    "MD",
    "MA",
    "MI",
    "MN",
    "MS",
    "MO",
    "MT",
    "NE",
    "NV",
    "NH",
    "NJ",
    "NM",
    "NY",
    "NC",
    "ND",
    "OH",
    "OK",
    "OR",
    "PA",
    "RI",
    "SC",
    "SD",
    "TN",
    "TX",
    "UT",
    "VT",
    "VA",
    "WA",
    "WV",
    "WI",
    "WY",
    "PR",
    "GU",
    "VI",
    "AS",
    "MP",
}
# Five digits, ZIP+4, or four digits (a ZIP whose leading zero was lost: "3801" for 03801).
_ZIP = re.compile(r"^\d{4,5}(-\d{4})?$")
_MDY = re.compile(r"^(\d{2})/(\d{2})/(\d{4})$")


def _key(name: str, fr: str) -> str:
    """Merge key: the name with case and runs of spaces ignored; the FR citation
    with case, spaces and punctuation ignored ("81.F.R. 22575" = "81 F.R. 22575")."""
    fr_key = " ".join(re.sub(r"[^a-z0-9/]+", " ", fr.casefold()).split())
    return f"{clean(name).casefold()}|{fr_key}"


def _mdy(value: str) -> str | None:
    m = _MDY.match(value)
    if not m:
        return None
    try:
        return date(int(m[3]), int(m[1]), int(m[2])).isoformat()
    except ValueError:
        return None


def parse(path: Path, today: date | None = None) -> Parsed:
    path = Path(path)
    today = today or date.today()
    data = read_bytes(path)
    reject_html(path, data)
    warnings = Warnings()
    text = decode(path, data, fallback="cp1252", warnings=warnings)
    head = [h.casefold() for h in first_record(text, "\t")]
    if "name" not in head or "fr_citation" not in head:
        raise ListError(
            str(path),
            "not a BIS Denied Persons List file: expected a tab-separated header "
            f"Name, Street_Address, ..., FR_Citation (first line: {first_line(text)!r})",
            "line 1",
        )
    rows = list(csv_records(path, text, delimiter="\t"))
    if not rows:
        raise ListError(str(path), "the file is empty")
    hline, header = rows[0]
    header = [h.strip() for h in header]
    if [h.casefold() for h in header] != [c.casefold() for c in COLUMNS]:
        raise ListError(
            str(path), f"the DPL header has columns {header}; expected {list(COLUMNS)}", f"line {hline}"
        )
    groups: dict[str, list[tuple[int, dict[str, str]]]] = {}
    versions: list[str] = []
    us_inferred = 0
    for i, (line, row) in enumerate(rows[1:], 1):
        if not check_columns(path, line, row, len(COLUMNS), i == len(rows) - 1, warnings):
            continue
        rec = dict(zip(COLUMNS, row, strict=True))  # as read, for raw
        if not clean(rec["Name"]):
            warnings.add("rows skipped", f"line {line}: no name")
            continue
        lu = rec["Last_Update"].strip()
        if lu:
            iso = iso_date(lu)
            if iso is None or iso > today.isoformat() or iso < "1900-01-01":
                warnings.add(
                    "impossible dates", f"line {line}: Last_Update {lu!r} kept as text, not used as version"
                )
            else:
                versions.append(iso)
        for col in ("Effective_Date", "Expiration_Date"):
            value = rec[col].strip()
            if value and _mdy(value) is None:
                warnings.add("impossible dates", f"line {line}: {col} {value!r} is not a date; kept as text")
        groups.setdefault(_key(rec["Name"], rec["FR_Citation"]), []).append((line, rec))
    if not groups:
        raise ListError(str(path), "a header but no records", f"line {hline}")

    entries: list[ListEntry] = []
    merged_rows = 0
    for key, members in groups.items():
        _, first = members[0]
        addrs: list[str] = []
        ctry: list[str | None] = []
        for mline, rec in members:
            parts = [clean(rec[k]) for k in ("Street_Address", "City", "State", "Postal_Code", "Country")]
            one = ", ".join(p for p in parts if p)
            if one:
                addrs.append(one)
            code, inferred = _country(rec, f"line {mline}", warnings)
            us_inferred += inferred
            ctry.append(code)
        if len(members) > 1:
            merged_rows += len(members) - 1
        fr = clean(first["FR_Citation"])
        remarks = "; ".join(
            p
            for p in (
                f"effective {clean(first['Effective_Date'])}" if clean(first["Effective_Date"]) else "",
                f"expires {clean(first['Expiration_Date'])}" if clean(first["Expiration_Date"]) else "",
                f"standard order: {clean(first['Standard_Order'])}" if clean(first["Standard_Order"]) else "",
                f"last action: {clean(first['Action'])}" if clean(first["Action"]) else "",
            )
            if p
        )
        raw: dict[str, object] = dict(first)
        if len(members) > 1:
            raw["other_rows"] = [rec for _, rec in members[1:]]
        entries.append(
            ListEntry(
                source=SOURCE,
                entry_id="dpl-" + hashlib.sha1(key.encode()).hexdigest()[:12],
                list_name=LIST_NAME,
                names=entry_names(clean(first["Name"])),
                type="unknown",
                countries=unique(ctry),
                addresses=unique(addrs),
                citation=f"15 CFR 764.3; {LIST_NAME}; {fr}" if fr else f"15 CFR 764.3; {LIST_NAME}",
                regime="US",
                url=URL,
                remarks=remarks or None,
                raw=raw,
            )
        )
    if merged_rows:
        warnings.add(
            "merged",
            f"{merged_rows} rows merged into the entry of the same name and FR citation "
            f"({len(rows) - 1} rows, {len(entries)} entries)",
        )
    if us_inferred:
        warnings.add(
            "corrections",
            f"{us_inferred} rows with an empty Country, a US state and a US ZIP code read as country US",
        )
    version = max(versions) if versions else None
    return Parsed(SOURCE, entries, version, warnings.lines(), [path])


def _country(rec: dict[str, str], where: str, warnings: Warnings) -> tuple[str | None, int]:
    """(ISO code or None, 1 when US was inferred from State and ZIP)."""
    country = clean(rec["Country"])
    state = clean(rec["State"]).upper()
    us_zip = bool(_ZIP.match(clean(rec["Postal_Code"])))
    if country:
        code = countries.to_iso2(country)
        if code:
            return code, 0
        if country.upper() in US_STATES and not state and us_zip:
            warnings.add(
                "corrections",
                f"{where}: Country {country!r} is a US state beside a US ZIP code; read as US",
            )
            return "US", 0
        warnings.add(
            "unknown countries", f"{where}: Country {country!r} is not a country code or name; none kept"
        )
        return None, 0
    if state in US_STATES and us_zip:
        return "US", 1
    if state:
        warnings.add(
            "unknown countries",
            f"{where}: empty Country and State {state!r} (not a US state with a ZIP code); no country kept",
        )
    return None, 0
