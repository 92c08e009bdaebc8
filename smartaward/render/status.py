"""`smartaward status` as text: final, or provisional with what is open, per call and round."""

from __future__ import annotations

from typing import Any

from smartaward.awards.titles import labelled
from smartaward.text.cells import one_line


def where(item: dict[str, Any]) -> str:
    """`J404 entries/x.yaml:3:5`, or the file alone, or nothing."""
    place = f"{item['file']}:{item['line']}:{item['column']}" if item["file"] and item["line"] else item["file"]
    return " ".join(p for p in (item["code"], place) if p)


def item_line(item: dict[str, Any]) -> str:
    said = where(item)
    return one_line(item["text"] + (f" ({said})" if said else ""))


def status_text(document: dict[str, Any]) -> str:
    head = one_line(f"{document['title']} ({document['cycle']})")
    items = document["open"]
    if not items:
        return f"{head}: final — nothing is open; `smartaward certify` can seal the results\n"
    count = f"{len(items)} open item{'s' if len(items) != 1 else ''}"
    out = [f"{head}: provisional — {count}; the results may still change until each is settled", ""]
    groups: dict[tuple[Any, Any], list[dict[str, Any]]] = {}
    for item in items:  # already in call, round order
        groups.setdefault((item["call"], item["round"]), []).append(item)
    for (call, round_), listed in groups.items():
        if call is None:
            title = "the cycle"
        else:  # the titles beside the ids: "call Project awards (project), round Final jury (final)"
            title = f"call {labelled(call, listed[0].get('call_title'))}" + (
                f", round {labelled(round_, listed[0].get('round_title'))}" if round_ is not None else "")
        out.append(one_line(title))
        out += [f"  - {item_line(item)}" for item in listed]
    return "\n".join(out) + "\n"
