"""Helpers shared by the parser modules: reading and sniffing files, safe XML,
strict CSV, warnings, names and identifiers.

Not a parser itself (no SOURCE): the leading underscore keeps it out of any
discovery of parser modules, like `countries.py` which holds the country table.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from xml.etree.ElementTree import Element, ParseError

import defusedxml.ElementTree as DET
from defusedxml import DefusedXmlException

from lists.errors import ListError
from screening.model import EntryName, Identifier

# Decompressed size above which a gzip file is refused (a full CSL is ~6 MB).
MAX_UNPACKED = 512 * 1024 * 1024


# --------------------------------------------------------------------------- warnings


class Warnings:
    """Collects warnings by category; long runs of one category are cut to the
    first `limit` messages and a count, so `tradescreen lists update` stays readable."""

    def __init__(self, limit: int = 10) -> None:
        self.limit = limit
        self._by_cat: dict[str, list[str]] = {}
        self._counts: dict[str, int] = {}

    def add(self, category: str, message: str) -> None:
        n = self._counts.get(category, 0) + 1
        self._counts[category] = n
        msgs = self._by_cat.setdefault(category, [])
        if n <= self.limit:
            msgs.append(message)

    def count(self, category: str) -> int:
        return self._counts.get(category, 0)

    def lines(self) -> list[str]:
        out: list[str] = []
        for cat, msgs in self._by_cat.items():
            out.extend(f"{cat}: {m}" for m in msgs)
            n = self._counts[cat]
            if n > len(msgs):
                out.append(f"{cat}: {n} in all, {n - len(msgs)} more not shown")
        return out


# --------------------------------------------------------------------------- files


def read_bytes(path: Path) -> bytes:
    """The file's bytes, gunzipped when it is a gzip file; ListError when it
    cannot be read or holds nothing."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ListError(str(path), f"cannot read: {exc.strerror or exc}") from exc
    if data[:2] == b"\x1f\x8b":
        data = gunzip(path, data)
    if not data.strip(b" \t\r\n\x00\x1a").removeprefix(b"\xef\xbb\xbf").strip():
        raise ListError(str(path), "the file is empty")
    return data


def gunzip(path: Path, data: bytes) -> bytes:
    """Gunzip with a size limit (a gzip bomb is refused); a stream that ends
    early is a truncated file. Several gzip members are read one after another."""
    out = bytearray()
    rest = data
    while rest.strip(b"\x00"):
        d = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            out += d.decompress(rest, MAX_UNPACKED + 1 - len(out))
        except zlib.error as exc:
            raise ListError(str(path), f"broken gzip data: {exc}") from exc
        if len(out) > MAX_UNPACKED or d.unconsumed_tail:
            raise ListError(str(path), f"gzip content larger than {MAX_UNPACKED} bytes; refused")
        if not d.eof:
            raise ListError(str(path), "the gzip stream ends early: the file is truncated")
        rest = d.unused_data
    return bytes(out)


def decode(path: Path, data: bytes, fallback: str | None = None, warnings: Warnings | None = None) -> str:
    """UTF-8 text without its BOM; with `fallback` (e.g. "cp1252"), bytes that
    are not UTF-8 are read in that encoding and a warning says so."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if fallback is None:
            line = data[: exc.start].count(b"\n") + 1
            raise ListError(str(path), f"not UTF-8 text ({exc.reason})", f"line {line}") from exc
        text = data.decode(fallback, errors="replace")
        if warnings is not None:
            warnings.add("encoding", f"{path.name} is not UTF-8; read as {fallback}")
    bad = text.count("\ufffd")
    if bad and warnings is not None:
        warnings.add(
            "encoding",
            f"{path.name} holds {bad} replacement character(s) U+FFFD: text damaged before "
            "publication, kept as is",
        )
    return text.removeprefix("\ufeff")


_HTML = re.compile(rb"^\s*(<\?xml[^>]*>\s*)?(<!doctype\s+html|<html[\s>]|<head[\s>]|<body[\s>])", re.I)


def reject_html(path: Path, data: bytes) -> None:
    """An HTML page where a list was expected: an error or login page saved in
    place of the download."""
    if _HTML.match(data[:2048].removeprefix(b"\xef\xbb\xbf")):
        raise ListError(
            str(path), "this is an HTML page, not a list file (an error page saved in place of the download?)"
        )


def first_line(text: str, limit: int = 80) -> str:
    line = text.lstrip().split("\n", 1)[0].strip()
    return line[:limit] + ("..." if len(line) > limit else "")


# --------------------------------------------------------------------------- XML


def unzip_xml(path: Path, data: bytes) -> bytes:
    """The one XML file inside a zip (CONS_ENHANCED.ZIP)."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            xmls = [n for n in zf.namelist() if n.casefold().endswith(".xml")]
            if len(xmls) != 1:
                raise ListError(str(path), f"expected one XML file in the zip, found {xmls or 'none'}")
            info = zf.getinfo(xmls[0])
            if info.file_size > 1 << 30:
                raise ListError(str(path), f"{xmls[0]} unpacks to {info.file_size} bytes; refused")
            return zf.read(xmls[0])
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise ListError(str(path), f"broken zip file (truncated download?): {exc}") from exc


def parse_xml(path: Path, data: bytes) -> Element:
    """Parse with defusedxml: no DTD, no entities, no external references (an XML
    bomb is refused, not expanded). Namespaces are kept in the tags."""
    reject_html(path, data)
    if not data.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        head = data.lstrip()[:60].decode("utf-8", "replace").split("\n", 1)[0]
        raise ListError(str(path), f"not an XML file (it starts with {head!r})", "line 1")
    try:
        return DET.fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise ListError(
            str(path),
            f"refused: the XML declares a DTD or entities ({type(exc).__name__}); official lists have none "
            "and entity expansion is how XML bombs work",
        ) from exc
    except ParseError as exc:
        line, col = getattr(exc, "position", (0, 0))
        lines = data.count(b"\n") + 1
        tail = data.rstrip()
        if line >= lines - 1 and not tail.endswith(b">"):
            why = f"the XML stops in the middle of an element: the file is truncated ({exc})"
        elif line >= lines - 1:
            why = f"the XML ends before its elements are closed: the file is truncated ({exc})"
        else:
            why = f"not well-formed XML: {exc}"
        raise ListError(str(path), why, f"line {line}, column {col}") from exc


def split_ns(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def strip_ns(root: Element) -> str:
    """Drop namespaces from every tag in place; returns the root's namespace."""
    ns, _ = split_ns(root.tag)
    for el in root.iter():
        if isinstance(el.tag, str) and el.tag.startswith("{"):
            el.tag = el.tag.split("}", 1)[1]
        if el.attrib and any(k.startswith("{") for k in el.attrib):
            el.attrib = {split_ns(k)[1]: v for k, v in el.attrib.items()}
    return ns


def text(el: Element | None, name: str | None = None) -> str:
    """Whitespace-normalised text of `el` (or of its first child `name`); '' when absent."""
    if el is None:
        return ""
    if name is not None:
        el = el.find(name)
        if el is None:
            return ""
    return clean(el.text)


def texts(el: Element, path: str) -> list[str]:
    return [t for t in (clean(c.text) for c in el.findall(path)) if t]


def element_dict(el: Element) -> dict[str, object]:
    """An element as plain data for ListEntry.raw: attributes, text, children
    (repeated children become lists)."""
    out: dict[str, object] = dict(el.attrib)
    t = (el.text or "").strip()
    children = list(el)
    if not children:
        if out:
            if t:
                out["#text"] = t
            return out
        return {"#text": t} if t else {}
    for child in children:
        value: object = element_dict(child) if len(child) or child.attrib else (child.text or "").strip()
        if child.tag in out:
            prev = out[child.tag]
            if isinstance(prev, list):
                prev.append(value)
            else:
                out[child.tag] = [prev, value]
        else:
            out[child.tag] = value
    return out


# --------------------------------------------------------------------------- CSV


def csv_records(
    path: Path, content: str, delimiter: str = ",", start_line: int = 1
) -> Iterator[tuple[int, list[str]]]:
    """(line number where the record starts, fields) for each record; strict
    quoting, so a quote left open at the end of the file is a ListError."""
    reader = csv.reader(io.StringIO(content, newline=""), delimiter=delimiter, strict=True)
    last = 0
    try:
        for row in reader:
            line = last + 1
            last = reader.line_num
            if not row or (len(row) == 1 and not row[0].strip()):
                continue
            yield line + start_line - 1, row
    except csv.Error as exc:
        where = f"line {last + start_line}"
        if "end of data" in str(exc) or "EOF" in str(exc):
            raise ListError(
                str(path), f"a quoted field is never closed: the file is truncated ({exc})", where
            ) from exc
        raise ListError(str(path), f"malformed CSV: {exc}", where) from exc


def first_record(content: str, delimiter: str = ",") -> list[str]:
    """The fields of the first non-empty line, read leniently: for telling a
    foreign file from ours before the strict read."""
    for line in io.StringIO(content, newline=""):
        line = line.rstrip("\r\n")
        if line.strip():
            try:
                return [f.strip() for f in next(csv.reader([line], delimiter=delimiter))]
            except (csv.Error, StopIteration):
                return [line.strip()]
    return []


def check_columns(
    path: Path,
    line: int,
    row: list[str],
    expected: int,
    is_last: bool,
    warnings: Warnings,
) -> bool:
    """True when the row has the expected number of fields. A short last row is
    a truncated file (ListError); a wrong row elsewhere is skipped with a warning."""
    if len(row) == expected:
        return True
    if is_last and len(row) < expected:
        raise ListError(
            str(path),
            f"the last record has {len(row)} of {expected} fields: the file is truncated",
            f"line {line}",
        )
    warnings.add("rows skipped", f"line {line}: {len(row)} fields instead of {expected}")
    return False


# --------------------------------------------------------------------------- values


def clean(value: object) -> str:
    """Trimmed text with runs of whitespace (newlines included) made one space."""
    if value is None:
        return ""
    return " ".join(str(value).split())


_AND = re.compile(r"^and\s+", re.I)


def split_list(value: str, sep: str = ";") -> tuple[list[str], bool]:
    """Split "A; B; and C" into [A, B, C]; the flag says an "and " was removed."""
    parts = [clean(p) for p in value.split(sep)]
    out: list[str] = []
    corrected = False
    for p in parts:
        if not p:
            continue
        if _AND.match(p) and out:
            p = _AND.sub("", p)
            corrected = True
        out.append(p)
    return out, corrected


def unique(values: Iterable[str | None]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for v in values:
        if v and v not in seen:
            seen[v] = None
    return tuple(seen)


_KIND_RANK = {"primary": 0, "alias": 1, "weak": 2}


def names_tuple(names: Iterable[EntryName]) -> tuple[EntryName, ...]:
    """Names without repeats (compared case-insensitively, spaces collapsed); a
    name given twice keeps its strongest kind, in the place it first had."""
    order: list[str] = []
    best: dict[str, EntryName] = {}
    for n in names:
        value = clean(n.value)
        if not value:
            continue
        key = value.casefold()
        if key not in best:
            order.append(key)
            best[key] = EntryName(value, n.kind)
        elif _KIND_RANK[n.kind] < _KIND_RANK[best[key].kind]:
            best[key] = EntryName(best[key].value, n.kind)
    return tuple(best[k] for k in order)


def iso_date(value: str) -> str | None:
    """YYYY-MM-DD when `value` is a real date in that form, else None."""
    m = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", value.strip())
    if not m:
        return None
    try:
        return date(int(m[1]), int(m[2]), int(m[3])).isoformat()
    except ValueError:
        return None


# --------------------------------------------------------------------------- identifiers

# Identifier types (as OFAC, the CSL, the UN and the EU name them) that identify one
# party: a match on one is a match on its own. Everything else in the "ids" and
# remarks fields (gender, sanctions information, dates, websites, e-mail and phone
# numbers, aircraft models, former flags) is a feature, not an identifier, and stays
# in the raw record only.
ID_SCHEMES = (
    "Passport",
    "Diplomatic Passport",
    "National ID No.",
    "National Foreign ID Number",
    "Tax ID No.",
    "Registration Number",
    "Registration ID",
    "Business Registration Number",
    "Business Registration Document #",
    "Business Number",
    "Company Number",
    "UK Company Number",
    "Identification Number",
    "Government Gazette Number",
    "Legal Entity Number",
    "Unified Social Credit Code (USCC)",
    "United Social Credit Code Certificate (USCCC)",
    "Trade License No.",
    "C.R. No.",
    "Commercial Registry Number",
    "Chamber of Commerce Number",
    "Dubai Chamber of Commerce Membership No.",
    "Cedula No.",
    "NIT #",
    "RUC #",
    "RIF #",
    "R.F.C.",
    "RFC",
    "C.U.R.P.",
    "CURP #",
    "D.N.I.",
    "C.U.I.T.",
    "C.U.I.P.",
    "C.U.I.",
    "C.I.F.",
    "V.A.T. Number",
    "US FEIN",
    "SSN",
    "D-U-N-S Number",
    "Folio Mercantil No.",
    "Matricula Mercantil No",
    "Public Registration Number",
    "Economic Register Number (CBLS)",
    "License",
    "Driver's License No.",
    "Personal ID Card",
    "Residency Number",
    "Electoral Registry No.",
    "Credencial electoral",
    "Citizen's Card Number",
    "Turkish Identification Number",
    "Kenyan ID No.",
    "Italian Fiscal Code",
    "Birth Certificate Number",
    "Travel Document Number",
    "Certificate of Incorporation Number",
    "Enterprise Number",
    "Registered Charity No.",
    "Branch Unit Number",
    "LE Number",
    "Stateless Person ID Card",
    "Refugee ID Card",
    "Tazkira National ID Card",
    "Numero de Identidad",
    "I.F.E.",
    "RTN",
    "VisaNumberID",
    "Cartilla de Servicio Militar Nacional",
    "BIK (RU)",
    "ISIN",
    "SWIFT/BIC",
    "MMSI",
    "Vessel Registration Identification",
    "Aircraft Tail Number",
    "Previous Aircraft Tail Number",
    "Aircraft Manufacturer's Serial Number (MSN)",
    "Aircraft Construction Number (also called L/N or S/N or F/N)",
    "Aircraft Serial Identification",
    "Aircraft Mode S Transponder Code",
)
_SCHEMES_CF = {s.casefold(): s for s in ID_SCHEMES}
_DIGITAL = re.compile(r"^Digital Currency Address - [A-Z0-9]{2,6}$")
# Schemes whose values may hold no digit.
_LETTERS_OK = {"SWIFT/BIC", "Aircraft Tail Number", "Previous Aircraft Tail Number"}
_IMO = re.compile(r"^IMO\s*(\d{7})$", re.I)
_DATEISH = re.compile(r"^(\d{1,2}\s+[A-Za-z]{3}\.?\s+\d{4}|\d{4}-\d{2}-\d{2}|\d{1,2}/\d{1,2}/\d{2,4}|\d{4})$")


def known_scheme(label: str) -> str | None:
    """The identifier scheme for an id type label, or None for a feature."""
    label = clean(label)
    if _DIGITAL.match(label):
        return label
    return _SCHEMES_CF.get(label.casefold())


def identifier(label: str, value: str) -> Identifier | None:
    """An Identifier for an id of type `label`, or None when the type is a
    feature rather than an identifier or the value does not look like one.
    IMO numbers get the scheme "IMO" whatever the list calls them."""
    value = clean(value).strip(" .;,")
    scheme = known_scheme(label)
    m = _IMO.match(value)
    if m and (scheme or "imo" in label.casefold() or label == ""):
        return Identifier("IMO", m[1])
    if scheme is None or len(value) < 3 or _DATEISH.match(value):
        return None
    if (
        scheme not in _LETTERS_OK
        and not scheme.startswith("Digital Currency")
        and not re.search(r"\d", value)
    ):
        return None
    return Identifier(scheme, value)


def entry_names(primary: str, aliases: Iterable[str] = (), weak: Iterable[str] = ()) -> tuple[EntryName, ...]:
    names = [EntryName(primary, "primary")]
    names += [EntryName(a, "alias") for a in aliases]
    names += [EntryName(w, "weak") for w in weak]
    return names_tuple(names)
