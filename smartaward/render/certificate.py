"""`smartaward certify` and `smartaward verify` as text: what was sealed, whether the files still give
it, and each difference on a line of its own (the documents are publishing/certificate.py's)."""

from __future__ import annotations

from typing import Any

from smartaward.text.cells import one_line, shown


def change_lines(changes: list[dict[str, Any]], indent: str = "  - ") -> list[str]:
    """One line per change (its `text`), safe for a terminal."""
    return [indent + one_line(change["text"]) for change in changes]


def _head(document: dict[str, Any]) -> str:
    title, cycle = shown(document.get("title")), shown(document.get("cycle"))
    return f"{title} ({cycle})" if title else cycle


def _digest(value: Any) -> str:
    return shown(value) or "none"


def certificate_text(document: dict[str, Any]) -> str:
    if document["command"] == "verify":
        return verify_text(document)
    return certify_text(document)


def certify_text(document: dict[str, Any]) -> str:
    head, record = _head(document), shown(document["record"])
    by, on = shown(document["certified_by"]), shown(document["certified_on"])
    previous = document.get("previous")
    if not document["written"]:
        out = [f"{head}: already certified by {by} on {on}; nothing has changed since (the input files, the rules, the "
               f"decisions and every result are as recorded): {record} is left as it is"]
        given = document.get("not_recorded") or []
        if given:
            said = ", ".join(f"{shown(item['option'])} \"{shown(item['value'])}\"" for item in given)
            out.append(f"  not recorded: {said} (a record is added only when something it certifies has changed)")
        out.append(f"  record sha256 {_digest(document['record_sha256'])}")
        return "\n".join(out) + "\n"
    count = document["inputs"]
    out = [f"{head}: certified by {by} on {on}: the {document['status']} results of {count} input file{'s' if count != 1 else ''}"]
    if previous is not None:
        kept = document["history"]
        out.append(f"  the record of {shown(previous['certified_on'])} by {shown(previous['certified_by'])} is kept in its history "
                   f"({kept} earlier record{'s' if kept != 1 else ''})")
        changes = document["changes"]
        if changes:
            out.append(f"  changed since that record ({len(changes)}):")
            out += change_lines(changes, "    - ")
        else:
            out.append("  nothing that is compared (files, rules, decisions, results) differs from that record")
    out.append(f"  record sha256 {_digest(document['record_sha256'])}")
    out.append(f"wrote {record}")
    return "\n".join(out) + "\n"


def verify_text(document: dict[str, Any]) -> str:
    head, record = _head(document), shown(document["record"])
    by, on = shown(document["certified_by"]) or "?", shown(document["certified_on"]) or "?"
    notes = [f"note: {one_line(note)}" for note in document["notes"]]
    changes = document["changes"]
    if not changes:
        count = document["inputs"]
        lines = [f"{head}: verified: the {count} input file{'s' if count != 1 else ''} and every result match the record certified "
                 f"by {by} on {on} ({record})",
                 f"  record sha256 {_digest(document['record_sha256'])}"]
        return "\n".join([*lines, *notes]) + "\n"
    lines = [f"{head}: does not match the record certified by {by} on {on} ({record}): "
             f"{len(changes)} difference{'s' if len(changes) != 1 else ''}"]
    lines += change_lines(changes)
    return "\n".join([*lines, *notes]) + "\n"
