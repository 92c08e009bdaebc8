"""Transcribe the Fryderyk Chopin Institute's results PDF (883961_Chopin_Competition_2025_results.pdf:
the results of the 1st, 2nd and 3rd stage and the final result, 5 pages) to CSV, on stdout.

    python official/extract_results_pdf.py PATH/883961_Chopin_Competition_2025_results.pdf > official/results_2025.csv

The PDF is not kept in this folder (SOURCE.md says where it is and its SHA-256). Standard library only:
the page streams are inflated with zlib, the text drawn is decoded with each font's ToUnicode map, and
the cells are put in rows by their position on the page and in columns by the table's header. One row
per pianist and stage; the columns are the PDF's (Lp = position in the list, I-IV etap = the stage
results, Wynik = the result the stage's ranking is on, Awans = 1 for a pianist who goes on, Miejsce =
the place in the final result), decimal commas written as points, nothing else changed."""

from __future__ import annotations

import csv
import re
import sys
import zlib

STRING = r"\((?:[^()\\]|\\.)*\)"
TOKEN = re.compile(r"(-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+) (-?[\d.]+)\s+(cm|Tm)|/(\w+)\s+[\d.]+\s+Tf"
                   r"|(\[(?:" + STRING + r"|[^\]])*\])\s*TJ|(" + STRING + r")\s*Tj", re.S)
COLUMNS = {"Lp": "lp", "Imię": "first_name", "Nazwisko": "last_name", "I etap": "stage1", "II etap": "stage2",
           "III etap": "stage3", "IV etap": "final", "Wynik": "result", "Awans": "advanced", "Miejsce": "place"}
TITLES = {"wyniki 1. etapu": "1", "wyniki 2. etapu": "2", "wyniki 3. etapu": "3", "wynik konkursu": "final"}


def read_objects(data: bytes) -> dict[int, bytes]:
    return {int(m.group(1)): m.group(2) for m in re.finditer(rb"(\d+) 0 obj(.*?)endobj", data, re.S)}


def stream(objects: dict[int, bytes], number: int) -> bytes:
    body = objects[number]
    found = re.search(rb"stream\r?\n(.*)endstream", body, re.S)
    assert found is not None, number
    return zlib.decompress(found.group(1)) if b"FlateDecode" in body[:found.start()] else found.group(1)


def reference(body: bytes, key: bytes) -> int | None:
    found = re.search(key + rb"\s+(\d+) 0 R", body)
    return int(found.group(1)) if found else None


def to_unicode(objects: dict[int, bytes], number: int) -> dict[int, str]:
    text = stream(objects, number).decode("latin-1")
    table: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", text, re.S):
        for code, value in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            table[int(code, 16)] = bytes.fromhex(value).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", text, re.S):
        for low, high, start in re.findall(r"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            for code in range(int(low, 16), int(high, 16) + 1):
                table[code] = chr(int(start, 16) + code - int(low, 16))
    return table


def fonts(objects: dict[int, bytes], page: bytes) -> dict[str, dict[int, str]]:
    number = reference(page, rb"/Resources")
    resources = objects[number] if number is not None else page
    number = reference(resources, rb"/Font")
    if number is not None:
        names = objects[number]
    else:
        found = re.search(rb"/Font\s*<<(.*?)>>", resources, re.S)
        assert found is not None
        names = found.group(1)
    out = {}
    for name, font in re.findall(rb"/(\w+)\s+(\d+) 0 R", names):
        unicode_map = reference(objects[int(font)], rb"/ToUnicode")
        assert unicode_map is not None, name
        out[name.decode()] = to_unicode(objects, unicode_map)
    return out


def codes(literal: str) -> list[int]:
    """The bytes of a PDF literal string (without its parentheses)."""
    out, at = [], 0
    while at < len(literal):
        if literal[at] == "\\":
            octal = re.match(r"[0-7]{1,3}", literal[at + 1:])
            if octal:
                out.append(int(octal.group(0), 8))
                at += 1 + len(octal.group(0))
                continue
            out.append(ord({"n": "\n", "r": "\r", "t": "\t", "b": "\b", "f": "\f"}.get(literal[at + 1], literal[at + 1])))
            at += 2
            continue
        out.append(ord(literal[at]))
        at += 1
    return out


def page_lines(objects: dict[int, bytes], page: bytes) -> list[list[str]]:
    """The text of a page: lines from the top, each the cells from the left."""
    font_maps = fonts(objects, page)
    contents = reference(page, rb"/Contents")
    assert contents is not None
    cm: tuple[float, ...] = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    tm = cm
    font: dict[int, str] = {}
    cells: list[tuple[float, float, str]] = []
    for token in TOKEN.finditer(stream(objects, contents).decode("latin-1")):
        if token.group(7):
            matrix = tuple(float(token.group(i)) for i in range(1, 7))
            if token.group(7) == "cm":
                cm = matrix
            else:
                tm = matrix
        elif token.group(8):
            font = font_maps[token.group(8)]
        else:
            parts = re.findall(STRING, token.group(9) or token.group(10))
            text = "".join(font[c] for part in parts for c in codes(part[1:-1])).strip()
            if text:
                cells.append((cm[5] + cm[3] * tm[5], cm[4] + cm[0] * tm[4], text))
    lines: list[tuple[float, list[tuple[float, str]]]] = []
    for y, x, text in sorted(cells, key=lambda c: -c[0]):
        if lines and lines[-1][0] - y <= 3:
            lines[-1][1].append((x, text))
        else:
            lines.append((y, [(x, text)]))
    return [[text for _, text in sorted(line)] for _, line in lines]


def rows(data: bytes) -> list[dict[str, str]]:
    objects = read_objects(data)
    root = next(body for body in objects.values() if re.search(rb"/Type\s*/Pages\b", body))
    kids = re.search(rb"/Kids\s*\[(.*?)\]", root, re.S)
    assert kids is not None
    out: list[dict[str, str]] = []
    stage = ""
    header: list[str] = []
    advancing: dict[str, int] = {}
    for number in re.findall(rb"(\d+) 0 R", kids.group(1)):
        for line in page_lines(objects, objects[int(number)]):
            title = next((s for t, s in TITLES.items() if t in line[0]), None)
            if title is not None:
                stage, header = title, []
            elif "Imię" in line:
                header = [COLUMNS[cell] for cell in line]
            elif line[0].startswith("19. International Chopin"):
                continue
            elif len(line) == 1 and not header:
                advancing[stage] = int(line[0])  # the number of pianists who go on, printed above the table
            else:
                if not header or not len(header) - 1 <= len(line) <= len(header):
                    raise ValueError(f"stage {stage}: row {line} does not fit the header {header}")
                row = {"stage": stage, **dict(zip(header, line, strict=False))}  # Awans, Miejsce may be blank
                out.append({key: value.replace(",", ".") if key in ("stage1", "stage2", "stage3", "final", "result") else value
                            for key, value in row.items()})
    for stage, count in advancing.items():
        if sum(r["stage"] == stage and r.get("advanced") == "1" for r in out) != count:
            raise ValueError(f"stage {stage}: not the {count} pianists printed go on")
    if sorted(advancing.items()) != [("1", 40), ("2", 20), ("3", 11)]:
        raise ValueError(f"the numbers who go on: {advancing}")
    return out


def main() -> None:
    with open(sys.argv[1], "rb") as handle:
        table = rows(handle.read())
    fields = ["stage", "lp", "first_name", "last_name", "stage1", "stage2", "stage3", "final", "result", "advanced", "place"]
    writer = csv.DictWriter(sys.stdout, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for row in table:
        writer.writerow({key: row.get(key, "") for key in fields})


if __name__ == "__main__":
    main()
