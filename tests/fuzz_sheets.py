"""Fuzzing of spreadsheets given to `smartaward import` (issue 11): the strategy `sheets` of
tests/test_fuzz.py and scripts/fuzz.py.

Valid spreadsheets of applications and of marks (CSV with commas or semicolons, XLSX built part by
part by tests/workbooks.py) are broken: CSV bytes mutated (delimiters, quotes, line ends, BOMs,
formula text, a line of megabytes, thousands of columns); a workbook's parts mutated byte by byte,
replaced by hostile XML (entity bombs and other DTDs, external entities, an element of thousands
of attributes, megabytes between two tags, another encoding), or removed; a cell replaced by one
no spreadsheet writes (NaN, a row past the limit, a missing shared string, a type it does not
have); the zip itself given lying sizes, stored parts, two parts of one name, thousands of parts,
a truncated or bit-flipped archive. Each case runs `import` (JSON and text, dry runs) and now and
then `import --skip-bad` for real followed by `validate`: the exit code must be 0 or 1 (never 3,
no traceback), the JSON well formed, each run quick, and what the import writes valid.
"""

from __future__ import annotations

import json
import re
import time
from functools import cache
from pathlib import Path
from typing import Any

import workbooks as W
from fuzz_bytes import ByteKit, mutate_once
from hypothesis import strategies as st

from smartaward.diagnostics import CATALOGUE

SHEET_SECONDS = 10.0  # per import run: each template is a few rows, and every limit is checked early

ENTRY_HEADER = ["Entry ID", "Call", "Category", "Project title", "Entrant name", "Entrant type", "Entrant city",
                "Entrant country", "Submitted", "Summary"]
ENTRY_ROWS = [
    ["oslo-trams", "project", "people", "Trams for all", "City of Oslo", "city", "Oslo", "NO", "2025-06-01", "Night trams"],
    ["lagos-radio", "project", "people", "Radio, live", "Lagos FM", "company", "Lagos", "NG", "2025-06-02", "Line one\nline two"],
    ["seoul-parks", "project", "people", "Parks", "Seoul", "city", "Seoul", "KR", "2025-06-03", ""],
]
MARK_HEADER = ["judge", "entry", "design", "impact"]
MARK_ROWS = [["j02", "oslo-bikes", 8, 8], ["j02", "seoul-air", 6.5, 7], ["j03", "baguio-health", 9, 9.5]]

CSV_SPECIAL: list[bytes] = [
    b",", b";", b"\t", b'"', b'""', b'",', b"\r", b"\n", b"\r\n", b"\xef\xbb\xbf", b"\x00", b"\xff\xfe", b"=cmd|' /C calc'!A0",
    b"+1", b"@SUM(A1)", b"NaN", b"inf", b"1e999", b"-0", b"7,5", b"2025-02-30", b"01/07/2025", b"#REF!", b"#N/A", b"\x1b[2J",
    "\u202e".encode(), "é".encode(), b"\xc3", b"oslo-bikes", b"j02", b"j99", b"project", b"people", b"NO", b"pass",
]
CSV_LONG: list[bytes] = [b"," * 20_000, b"x" * (3 << 20), b"\n" * 5_000, b'"' + b"a" * 200_000, b"a;" * 5_000]
XML_SPECIAL: list[bytes] = [
    b"<!DOCTYPE x>", W.BOMB_DTD.encode(), b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>', b"&lol9;", b"&e;",
    b"&amp;", b"&#0;", b"&#x1F;", b"&#xD800;", b"<![CDATA[<>]]>", b"<!-- c -->", b"<?pi x?>", b"<", b">", b"/>", b"</", b'"',
    b"'", b"=", b"\xef\xbb\xbf", b'<?xml version="1.0" encoding="UTF-16"?>', b'<?xml version="1.0" encoding="latin-1"?>',
    b"\x00", b"\xff", b"\xc3", b"</sheetData>", b"<sheetData>", b"</row>", b"<row>", b'<row r="1048577">', b'<row r="0">',
    b'<row r="3">', b'<c r="XFD1">', b'<c r="XFE1">', b'<c r="A0">', b"<c>", b"</c>", b"<v>", b"</v>", b"<f>1</f>",
    b'<v>NaN</v>', b"<v>1e999</v>", b'<v>99999</v>', b' t="s"', b' t="e"', b' t="b"', b' t="d"', b' t="inlineStr"', b' t="str"',
    b' s="1"', b' s="99999"', b' r="A1"', b' r="B1"', b"<is><t>x</t></is>", b"<t>", b"</t>", b"<r><t>y</t></r>",
    b' xmlns="urn:other"', b' xmlns:x="urn:x"', b"<x:y/>", b"<z:y/>", b' Target="/etc/passwd"', b' Target="../../x.xml"',
    b' Type="http://x/worksheet"', b' r:id="rId9"', b' date1904="1"', b'<numFmt numFmtId="1" formatCode="yyyy"/>',
]
HOSTILE_PARTS: list[bytes] = [
    b"", b"not xml", b"<a>", b"\x00" * 100, W.BOMB_DTD.encode() + b"<a>&lol9;</a>",
    b'<!DOCTYPE a [<!ENTITY e SYSTEM "file:///etc/passwd">]><a>&e;</a>',
    b"<a " + b" ".join(b'x%d=""' % i for i in range(2_000)) + b"/>",
    b"<a>" + b"1" * (2 << 20) + b"</a>",
    b"<a>" + b"<b>" * 20_000 + b"</b>" * 20_000 + b"</a>",
    '<?xml version="1.0" encoding="UTF-16"?><a/>'.encode("utf-16"),
]
HOSTILE_CELLS: list[bytes] = [
    b"<v>NaN</v>", b"<v>-INF</v>", b"<v>1e999</v>", b"<v>" + b"9" * 5_000 + b"</v>", b"<v></v>", b"<v> </v>", b"<v>0x1F</v>",
    b'" t="s"><v>12345</v>', b'" t="s"><v>-1</v>', b'" t="b"><v>2</v>', b'" t="d"><v>2025-13-45</v>', b'" t="e"><v>#DIV/0!</v>',
    b'" s="1"><v>1e300</v>', b'" s="1"><v>-700000</v>', b'" t="str"><f>A1</f><v></v>', b"<f>SUM(A:A)</f>",
    b'" t="inlineStr"><is><r><t>a</t></r><rPh sb="0" eb="1"><t>b</t></rPh></is>', b'" t="weird"><v>x</v>',
]
PART_WEIGHTS = {W.SHEET: 4, W.STRINGS: 2, W.STYLES: 2}
ZIP_OPS = ("declared-huge", "declared-small", "stored", "truncate", "flip", "duplicate", "many-parts", "junk")


@cache
def sheet_templates() -> dict[str, tuple[str, str, bytes | dict[str, bytes]]]:
    """name → (kind, file name, CSV bytes or a workbook's parts)."""
    def csv(header: list[Any], rows: list[list[Any]], delimiter: str = ",", bom: bool = False) -> bytes:
        def cell(value: Any) -> str:
            text = str(value)
            return f'"{text}"' if any(c in text for c in f'{delimiter}"\n') else text
        lines = [delimiter.join(cell(v) for v in row) for row in [header, *rows]]
        return ("\ufeff" if bom else "").encode() + ("\n".join(lines) + "\n").encode()

    return {
        "entries-csv": ("entries", "applications.csv", csv(ENTRY_HEADER, ENTRY_ROWS)),
        "entries-csv-semicolon": ("entries", "applications.csv", csv(ENTRY_HEADER, ENTRY_ROWS, ";", bom=True)),
        "entries-xlsx": ("entries", "applications.xlsx", W.parts([ENTRY_HEADER, *ENTRY_ROWS])),
        "scores-csv": ("scores", "marks.csv", csv(MARK_HEADER, MARK_ROWS)),
        "scores-xlsx": ("scores", "marks.xlsx", W.parts([MARK_HEADER, *MARK_ROWS])),
    }


_SHEET_OPERATIONS = ("insert", "insert", "flip", "delete", "replace", "truncate", "duplicate-line")


def _mutate_bytes(draw: st.DrawFn, data: bytearray, special: list[bytes], long: list[bytes], ops: list[str], where: str) -> None:
    kit = ByteKit(special, long, _SHEET_OPERATIONS, most_random=6, most_deleted=30, most_replaced=6)
    for _ in range(draw(st.integers(1, 3))):
        mutate_once(draw, data, kit, ops, where)


_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"[^>]*>.*?</c>')


def _workbook(draw: st.DrawFn, contents: dict[str, bytes], ops: list[str]) -> bytes:
    """The workbook's parts, mutated, zipped (and the zip itself mutated now and then)."""
    contents = dict(contents)
    for _ in range(draw(st.integers(1, 2))):
        _mutate_part(draw, contents, ops)
    members = [W.member(name, data) for name, data in contents.items()]
    if draw(st.integers(0, 3)) == 0 and members:
        return _mutated_zip(draw, contents, members, ops)
    return _zipped(members)


def _mutate_part(draw: st.DrawFn, contents: dict[str, bytes], ops: list[str]) -> None:
    """One change to the workbook's parts: a part's bytes, a cell of the sheet, a part replaced or removed."""
    op = draw(st.sampled_from(("part-bytes", "part-bytes", "cell", "cell", "cell", "part-replace", "part-remove")))
    # The sheet and its strings most often: most changes elsewhere stop the reading early (F002).
    part = draw(st.sampled_from([name for name in sorted(contents) for _ in range(PART_WEIGHTS.get(name, 1))]))
    if op == "part-bytes":
        data = bytearray(contents[part])
        _mutate_bytes(draw, data, XML_SPECIAL, [b"<a/>" * 50_000, b"x" * (2 << 20)], ops, part)
        contents[part] = bytes(data)
    elif op == "cell":
        cells = list(_CELL.finditer(contents.get(W.SHEET, b"")))
        if cells:
            cell = draw(st.sampled_from(cells))
            hostile = draw(st.sampled_from(HOSTILE_CELLS))
            reference = cell.group(1)
            new = (b'<c r="' + reference + hostile + b"</c>") if hostile.startswith(b'"') else (b'<c r="' + reference + b'">' + hostile + b"</c>")
            contents[W.SHEET] = contents[W.SHEET][:cell.start()] + new + contents[W.SHEET][cell.end():]
            ops.append(f"cell {reference.decode()}: {new[:80]!r}")
    elif op == "part-replace":
        contents[part] = draw(st.sampled_from(HOSTILE_PARTS))
        ops.append(f"{part}: replaced by {contents[part][:60]!r} ({len(contents[part])} bytes)")
    else:
        del contents[part]
        ops.append(f"{part}: removed")


def _mutated_zip(draw: st.DrawFn, contents: dict[str, bytes], members: list[W.Member], ops: list[str]) -> bytes:
    """The parts zipped with one change to the zip: a member's declared size, method or name, a
    member added, or the zip's bytes cut short or flipped."""
    op = draw(st.sampled_from(ZIP_OPS))
    index = draw(st.integers(0, len(members) - 1))
    chosen = members[index]
    if op == "declared-huge":
        chosen.size = draw(st.sampled_from([2**31, 2**32 - 1, 200 * 1024 * 1024]))
    elif op == "declared-small":
        chosen.size = draw(st.integers(0, max(0, chosen.size - 1)))
    elif op == "stored":
        members[index] = W.Member(chosen.name, contents[chosen.name], chosen.crc, chosen.size, method=0)
    elif op == "duplicate":
        members.append(W.member(chosen.name.upper(), contents.get(chosen.name, b"")))
    elif op == "many-parts":
        members += [W.member(f"xl/media/{i}.bin", b"") for i in range(10_001)]
    elif op == "junk":
        members.append(W.member(draw(st.sampled_from(["../evil.xml", "/abs.xml", "xl/\x00.xml", "a" * 300])), b"<a/>"))
    ops.append(f"zip: {op} ({chosen.name})")
    raw = bytearray(_zipped(members))
    if op in ("truncate", "flip"):
        at = draw(st.integers(0, max(0, len(raw) - 1)))
        if op == "truncate":
            del raw[at:]
        elif raw:
            raw[at] ^= 1 << draw(st.integers(0, 7))
        ops.append(f"zip: {op} at byte {at}")
    return bytes(raw)


def _zipped(members: list[W.Member]) -> bytes:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        path = W.write_members(Path(folder) / "x.xlsx", members)
        return path.read_bytes()


@st.composite
def sheet_cases(draw: st.DrawFn) -> Any:
    from test_fuzz import Case  # imported lazily: test_fuzz imports this module

    name = draw(st.sampled_from(sorted(sheet_templates())))
    kind, file, template = sheet_templates()[name]
    ops = [f"import {kind} import/{file} (template {name})"]
    if isinstance(template, bytes):
        data = bytearray(template)
        _mutate_bytes(draw, data, CSV_SPECIAL, CSV_LONG, ops, file)
        raw = bytes(data)
    else:
        raw = _workbook(draw, template, ops)
    changed: dict[str, bytes | None] = {f"import/{file}": raw}
    if kind == "scores":  # the base cycle's own sheets would make every imported sheet a second one
        changed.update({f"scores/{judge}.yaml": None for judge in ("j01", "j02", "j03")})
    return Case("sheets", "base", changed, ops, sheet=f"import/{file}", kind=kind, write=draw(st.integers(0, 3)) == 0)


def check_import(root: Path, case: Any, run_cli: Any) -> tuple[int, int, bool]:
    """Import the case's spreadsheet (dry runs; now and then for real, then validate the cycle):
    never an internal error, quick, well-formed JSON; (errors, warnings, clean)."""
    sheet = str(root / case.sheet)
    document: dict[str, Any] = {}
    runs = [["--dry-run", "--format", "json"], ["--dry-run"]] + ([["--skip-bad", "--format", "json"]] if case.write else [])
    for args in runs:
        started = time.perf_counter()
        result = run_cli("import", case.kind, sheet, "--cycle", str(root), *args)
        seconds = time.perf_counter() - started
        assert result.exit_code in (0, 1), (args, result.exit_code, result.output[-3000:])
        assert seconds < SHEET_SECONDS, (args, seconds)
        if "json" in args:
            document = json.loads(result.stdout)
            assert document["status"] == ("error" if result.exit_code else "ok"), document
            for d in document["diagnostics"]:
                assert d["code"] in CATALOGUE and d["line"] >= 0 and d["column"] >= 0 and d["message"].strip(), d
                assert d["file"] == sheet or d["file"].endswith("cycle.yaml"), d
    if case.write:  # what an import writes, validate accepts
        result = run_cli("validate", str(root), "--no-cache", "--format", "json")
        errors = [d for d in json.loads(result.stdout)["diagnostics"] if d["severity"] == "error"]
        assert not errors, errors
    errors = sum(d["severity"] == "error" for d in document.get("diagnostics", []))
    return errors, len(document.get("diagnostics", [])) - errors, not errors
