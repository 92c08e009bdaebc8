"""Judge packets: what each judge is sent for a round, as plain data (`smartaward packets`).

A round's assignment file (assignments/ROUND.yaml, judging/assigned.py) gives each judge the
entries they must mark. A judge's packet holds those entries (named ones in the file's order, then
blind ones by their code: `in_packet_order`), with what the judge needs to mark them: for an
entry of a scored round the criteria of its call (id, title, description, weight, scale and
step), for a screening round pass or fail, for a call without criteria one overall mark on its
scale; an entry of a round marked by ranks is listed apart
(`ranked`), as the workbook does not carry ranks. render/packets.py turns a packet into files: a
marking workbook, a YAML score sheet template and a page of the entries.

Blind calls and rounds (model/blind.py): the entrant's name, city and country are left out, the
entry is shown by its code (`E-XXXXXXXX`, computed over every entry of the cycle with the
organiser's key, so that `import scores` maps it back), the entry's link is left out (an address
usually names the entrant), and where the entrant's name or city is written in the title or the
summary it is replaced by `[entrant]` or `[city]` (compared folded, and a person's name without
what follows a comma: `hide_entrant`). What the judge sees of the entry is otherwise the
organiser's text: a summary that describes the entrant in other words is not caught.

Links are kept only when they are http or https addresses (a `javascript:` or `file:` one is left
out everywhere). Nothing here is escaped: the renderers do that for their formats.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any, Literal
from urllib.parse import urlsplit

from smartaward.checks.marks import scale_for
from smartaward.judging.rounds import is_screening
from smartaward.model.blind import entry_codes, is_blind
from smartaward.model.cyclefiles import Call, CycleFile, Entry, Scale
from smartaward.reading.load import Assignment, Cycle
from smartaward.text.names import IGNORABLE, latin

ALL_ROUNDS = "all"  # the file names' round where the calls have no rounds (as assignments/all.yaml)
HIDDEN_ENTRANT = "[entrant]"
HIDDEN_CITY = "[city]"


@dataclass(frozen=True)
class PacketCriterion:
    """A column of the marking workbook: a criterion of the calls of the judge's entries (where
    two calls share an id, the first call's title and description; the scale is per entry)."""

    id: str
    title: str
    description: str | None
    weight: float
    scale: Scale
    calls: tuple[str, ...]  # the calls of the packet's entries that have this criterion


@dataclass(frozen=True)
class PacketEntry:
    id: str  # the entry's id: never written in a blind packet
    shown: str  # what the packet calls it: the id, or in a blind call or round the code
    call: str
    category: str
    title: str
    summary: str | None
    url: str | None  # an http or https address only; None in a blind packet
    entrant: str | None  # None where blind
    city: str | None
    country: str | None
    blind: bool
    criteria: dict[str, Scale]  # criterion id → its scale, where the judge marks criteria
    mark: Literal["verdict", "number"] | None  # one mark: pass/fail (screening) or a number (no criteria)
    mark_scale: Scale | None  # the scale of a "number" mark


@dataclass(frozen=True)
class Packet:
    cycle: str
    cycle_title: str
    round: str | None
    round_titles: tuple[str, ...]  # the round's titles in the calls of the packet's entries
    judge: str
    judge_name: str
    entries: tuple[PacketEntry, ...]  # the entries marked by scores (the workbook's rows)
    ranked: tuple[PacketEntry, ...]  # the entries of a round marked by ranks
    criteria: tuple[PacketCriterion, ...]  # the workbook's criterion columns, in cycle.yaml's order
    mark_column: bool  # whether the workbook has a `mark` column
    notes: tuple[str, ...] = field(default=())

    @property
    def blind(self) -> bool:
        """Whether any entry of the packet is shown by its code: then no YAML template is written
        (a score sheet names entry ids), the workbook is the way back."""
        return any(e.blind for e in self.all_entries())

    @property
    def base(self) -> str:
        return base_name(self.round, self.judge)

    def all_entries(self) -> tuple[PacketEntry, ...]:
        return self.entries + self.ranked


def base_name(round_id: str | None, judge_id: str) -> str:
    """`<round>-<judge>`: how a packet's files begin (`all-<judge>` where the calls have no rounds)."""
    return f"{round_id or ALL_ROUNDS}-{judge_id}"


def packet_names(packet: Packet) -> list[str]:
    """The files of a packet, relative to the folder written in: DIR/<judge>/<round>-<judge>.xlsx
    (entries marked by scores), .yaml (the score sheet template, not in a blind packet; a round
    marked by ranks: its ranks template, `-ranks.yaml` beside a scores one) and -entries.html."""
    folder, base = packet.judge, packet.base
    names = []
    if packet.entries:
        names.append(f"{folder}/{base}.xlsx")
    if not packet.blind:
        if packet.entries:
            names.append(f"{folder}/{base}.yaml")
        if packet.ranked:
            names.append(f"{folder}/{base}{'-ranks' if packet.entries else ''}.yaml")
    names.append(f"{folder}/{base}-entries.html")
    return names


def possible_names(round_id: str | None, judge_id: str) -> list[str]:
    """Every file a packet of this judge and round may have (to check a folder before loading)."""
    folder, base = judge_id, base_name(round_id, judge_id)
    return [f"{folder}/{base}{suffix}" for suffix in (".xlsx", ".yaml", "-ranks.yaml", "-entries.html")]


def packets(cycle: Cycle, assignment: Assignment, judges: list[str] | None = None, key: str | None = None) -> list[Packet]:
    """A packet per judge of the assignment with entries in it (judges in the file's order; only
    `judges`, if given), each entry as the judge is to see it (`in_packet_order`). `key`: the organiser's secret for the entry
    codes of blind calls and rounds (None: the cycle's id, model/blind.py)."""
    spec = cycle.spec
    assert spec is not None, "packets need a cycle that passed validation"
    round_id = assignment.round if any(call.rounds for call in spec.calls.values()) else None
    codes: dict[str, str] | None = None
    found = []
    for judge_id, entry_ids in assignment.judges.items():
        if judges is not None and judge_id not in judges:
            continue
        records = [cycle.entry_index[e].entry for e in entry_ids if e in cycle.entry_index]
        if not records:
            continue
        if codes is None and any(is_blind(spec.calls[e.call], round_id) for e in records if e.call in spec.calls):
            codes = entry_codes(cycle.entry_index, key, spec.cycle)
        found.append(_packet(cycle, spec, round_id, judge_id, records, codes or {}))
    return found


def _packet(cycle: Cycle, spec: CycleFile, round_id: str | None, judge_id: str, records: list[Entry],
            codes: dict[str, str]) -> Packet:
    scored: list[PacketEntry] = []
    ranked: list[PacketEntry] = []
    notes: list[str] = []
    for entry in records:
        call = spec.calls.get(entry.call)
        if call is None:
            continue
        shown = _entry(spec, call, round_id, entry, codes)
        (ranked if _marking(call, round_id) == "ranks" and not is_screening(call, round_id) else scored).append(shown)
    scored, ranked = in_packet_order(scored), in_packet_order(ranked)
    calls = {e.call for e in scored}
    criteria: list[PacketCriterion] = []
    for call_id, call in spec.calls.items():
        if call_id not in calls or is_screening(call, round_id):
            continue
        for criterion_id, criterion in call.criteria.items():
            if any(c.id == criterion_id for c in criteria):
                continue
            having = tuple(c for c in spec.calls if c in calls and criterion_id in spec.calls[c].criteria
                           and not is_screening(spec.calls[c], round_id))
            criteria.append(PacketCriterion(criterion_id, criterion.title, criterion.description, criterion.weight,
                                            scale_for(spec, call, criterion_id), having))
    if ranked and any(e.blind for e in ranked):
        notes.append(f"{len(ranked)} entr{'y is' if len(ranked) == 1 else 'ies are'} marked by ranks in a blind call or round: "
                     "no template is written for them (a ranks sheet names entry ids, the workbook holds no ranks)")
    titles = []
    for call_id in spec.calls:
        if any(e.call == call_id for e in scored + ranked):
            title = _round_title(spec.calls[call_id], round_id)
            if title and title not in titles:
                titles.append(title)
    judge = cycle.judges.get(judge_id)
    return Packet(spec.cycle, spec.title, round_id, tuple(titles), judge_id, judge.name if judge else judge_id,
                  tuple(scored), tuple(ranked), tuple(criteria), any(e.mark is not None for e in scored), tuple(notes))


def in_packet_order(entries: list[PacketEntry]) -> list[PacketEntry]:
    """The named entries in the assignment file's order, then the blind ones ordered by their code.
    The file lists entry ids, which name the entrant (`assign` writes them sorted): rows in its
    order would tell a judge where a hidden id sits among the others; a code's order tells nothing."""
    named = [e for e in entries if not e.blind]
    return named + sorted((e for e in entries if e.blind), key=lambda e: (e.shown, e.id))


def _round_title(call: Call, round_id: str | None) -> str | None:
    if round_id is None or round_id not in call.rounds:
        return None
    return call.rounds[round_id].title


def _marking(call: Call, round_id: str | None) -> str:
    if round_id is not None and round_id in call.rounds and call.rounds[round_id].marking is not None:
        return call.rounds[round_id].marking  # type: ignore[return-value]
    return call.marking


def _entry(spec: CycleFile, call: Call, round_id: str | None, entry: Entry, codes: dict[str, str]) -> PacketEntry:
    blind = is_blind(call, round_id)
    screening = is_screening(call, round_id)
    criteria = {} if screening else {c: scale_for(spec, call, c) for c in call.criteria}
    mark: Literal["verdict", "number"] | None = "verdict" if screening else None if criteria else "number"
    entrant = entry.entrant
    title, summary, url = entry.title, entry.summary, web_address(entry.url)
    if blind:
        title, summary, url = hide_entrant(title, entry), None if summary is None else hide_entrant(summary, entry), None
    return PacketEntry(
        id=entry.id, shown=codes[entry.id] if blind else entry.id, call=entry.call, category=entry.category,
        title=title, summary=summary, url=url,
        entrant=None if blind else entrant.name, city=None if blind else entrant.city,
        country=None if blind else entrant.country, blind=blind, criteria=criteria, mark=mark,
        mark_scale=scale_for(spec, call, None) if mark == "number" else None)


def web_address(url: str | None) -> str | None:
    """The url if it is an http or https address with a host, else None (never a `javascript:`,
    `data:` or `file:` link, nor text that is no address)."""
    if url is None:
        return None
    text = url.strip()
    try:
        parts = urlsplit(text)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("http", "https") or not parts.hostname or any(c.isspace() for c in text):
        return None
    return text


def hide_entrant(text: str, entry: Entry) -> str:
    """`text` with the entrant's name (its whole name, and the part before a comma or a bracket:
    "Adanech Abiebie" of "Adanech Abiebie, Mayor of Addis Ababa"), stable id and city, wherever
    written, replaced by [entrant] and [city]. Compared folded (`folded`): "Bogota", "BOGOTÁ" and a
    decomposed "Bogotá" are all Bogotá's, "Addis-Ababa" is "Addis Ababa". The longer first, and a
    part of the text is replaced once, so "Baguio City" is not left as "[city] City"."""
    entrant = entry.entrant
    words = [(entrant.name, HIDDEN_ENTRANT), (_name_part(entrant.name), HIDDEN_ENTRANT), (entrant.city, HIDDEN_CITY),
             (entrant.id, HIDDEN_ENTRANT)]
    wanted: dict[str, str] = {}
    for word, replacement in words:  # where two fold the same (a city and an id), the first says which
        key = folded(word)[0].strip() if word else ""
        if key and key not in wanted:
            wanted[key] = replacement
    if not wanted:
        return text
    folded_text, starts = folded(text)
    spans: list[tuple[int, int, str]] = []
    for key, replacement in sorted(wanted.items(), key=lambda item: -len(item[0])):
        at = folded_text.find(key)
        while at >= 0:
            end = at + len(key)
            # Through the accents and invisible characters after it; all of a character folded to two (ß).
            start, stop = starts[at], max(starts[end], starts[end - 1] + 1)
            if not any(start < s_stop and s_start < stop for s_start, s_stop, _ in spans):
                spans.append((start, stop, replacement))
            at = folded_text.find(key, end)
    out, last = [], 0
    for start, stop, replacement in sorted(spans):
        out += [text[last:start], replacement]
        last = stop
    return "".join(out) + text[last:]


# Written between the words of a name, alike: spaces, hyphens and dashes, the underscore.
_SEPARATORS = frozenset("-_\u2010\u2011\u2012\u2013\u2014\u2015\u2212")


def folded(text: str) -> tuple[str, list[int]]:
    """`text` folded for comparing names as a reader does — case and accents (composed or
    decomposed) folded, Æ as AE, ß as ss (names.latin), invisible characters dropped, each run of
    spaces, hyphens and dashes one space — and for each folded character the index in `text` of
    the character it comes from, plus len(text) at the end (where a match found in the folded
    text ends in `text`)."""
    out: list[str] = []
    starts: list[int] = []
    for i, ch in enumerate(text):
        if ch.isspace() or ch in _SEPARATORS:
            if out and out[-1] == " ":
                continue
            piece = " "
        elif not ch.isascii() and (IGNORABLE.match(ch) or unicodedata.category(ch) == "Cf"):
            continue
        else:
            piece = latin(ch.casefold()) if not ch.isascii() else ch.lower()
            if not piece:  # an accent on its own (decomposed text): part of the letter before it
                continue
        out.append(piece)
        starts += [i] * len(piece)
    starts.append(len(text))
    return "".join(out), starts


def _name_part(name: str) -> str | None:
    """The part of an entrant's name before a comma or a bracket, when it is a name of its own (4
    letters or more): the person of "Adanech Abiebie, Mayor of Addis Ababa"."""
    part = re.split(r"[,(]", name, maxsplit=1)[0].strip()
    return part if part != name.strip() and sum(c.isalnum() for c in part) >= 4 else None


def scale_text(scale: Scale) -> str:
    """`0 to 10, in steps of 0.5` (or `0 to 10` without a step)."""
    step = f", in steps of {number(scale.step)}" if scale.step is not None else ""
    return f"{number(scale.min)} to {number(scale.max)}{step}"


def number(value: float) -> str:
    """A scale's number as people write it: 10, not 10.0; 0.5; 1e-05 as 0.00001."""
    if float(value).is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = f"{value:.15g}"
    if "e" in text:
        text = f"{value:.15f}".rstrip("0").rstrip(".")
    return text


def summary_document(packets_written: list[Packet], round_id: str | None, to: str, dry_run: bool) -> dict[str, Any]:
    """What `packets` prints: per judge the number of entries and the files (names relative to `to`)."""
    names = {p.judge: packet_names(p) for p in packets_written}
    return {
        "round": round_id,
        "to": to,
        "dry_run": dry_run,
        "judges": len(packets_written),
        "files": sum(len(names[p.judge]) for p in packets_written),
        "packets": [{
            "judge": p.judge,
            "entries": len(p.entries) + len(p.ranked),
            "blind": p.blind,
            "files": names[p.judge],
            "notes": list(p.notes),
        } for p in packets_written],
    }
