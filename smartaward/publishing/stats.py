"""The headline figures of a cycle, as plain data: entries by call, category, entrant type,
country and city; what became of them; the jury; the marks; how completely each round was marked;
and the awards given.

Everything is counted from the loaded cycle, so most figures exist even for a cycle with errors.
Only the awards need the ranking (results.compute), which needs an error-free cycle: without it
`awards` is None. `smartaward stats` renders this document; its JSON form is a contract (versioned,
keys only ever added).

Ordering: declared things (calls, categories, rounds) keep cycle.yaml's order, because that order
means something (it is the order of the rankings and of award filling); open-ended counts (entrant
types, countries, cities, award ids) are sorted by count, highest first, then by name, so the
document is the same byte for byte whatever the order of the files.

Titles (issue 15): every row that names a call, category, round or award id also carries the title
cycle.yaml gives it (`call_title`, `category_title`, `round_title`, `award_title`; null where it
gives none, or where cycle.yaml did not load), so that the tables for people can show
"Project awards (project)" while scripts keep reading the ids.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from smartaward.awards.results import Results
from smartaward.awards.titles import Titles
from smartaward.judging.assigned import assignment_for, judges_by_entry, relative_name
from smartaward.judging.panel import entry_exclusion, judge_exclusion, stages_of
from smartaward.judging.stages import Scoring, is_verdict
from smartaward.reading.load import Cycle
from smartaward.text.names import canonical

STATS_VERSION = 1


def _by_count(counter: Counter[Any]) -> list[tuple[Any, int]]:
    """Highest count first, then by name (a name may be a tuple: city, country)."""
    return sorted(counter.items(), key=lambda item: (-item[1], item[0]))


def _call_titled(titles: Titles, call: str | None) -> dict[str, str | None]:
    """The title keys of a row about a call; `_round_titled`, `_category_titled`: of a round, a
    category of a call."""
    return {"call_title": titles.call(call)}


def _round_titled(titles: Titles, call: str | None, round_: str | None) -> dict[str, str | None]:
    return {"call_title": titles.call(call), "round_title": titles.round(call, round_)}


def _category_titled(titles: Titles, call: str | None, category: str | None) -> dict[str, str | None]:
    return {"call_title": titles.call(call), "category_title": titles.category(call, category)}


def award_id_title(titles: Titles, award: str) -> str | None:
    """The title of an award id counted across categories (`by_award`): the title its slots
    declare, their different titles joined by " / " where categories title it differently."""
    found = sorted({title for (_, _, a), title in titles.awards.items() if a == award})
    return " / ".join(found) or None


def _plural(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


def cycle_stats(cycle: Cycle, results: Results | None, *, errors: int = 0,
                scoring: Scoring | None = None) -> dict[str, Any]:
    """The stats document of a loaded cycle. `results` (None for a cycle with errors) gives the
    awards; `scoring` (else the results', else computed when cycle.yaml loaded) gives the outcomes
    and the coverage."""
    spec = cycle.spec
    if scoring is None and results is not None:
        scoring = results.scoring
    if scoring is None and spec is not None:
        from smartaward.judging.scoring import score_cycle  # a cycle with errors: its scores, as far as they go

        scoring = score_cycle(cycle)
    entries = [record.entry for record in cycle.entry_index.values()]  # unique ids, in id order
    titles = Titles.of(spec) if spec is not None else Titles()

    calls_order = list(spec.calls) if spec is not None else []
    per_call = Counter(e.call for e in entries)
    by_call = [{"call": c, "count": per_call.get(c, 0), **_call_titled(titles, c)} for c in calls_order]
    by_call += [{"call": c, "count": n, **_call_titled(titles, c)}
                for c, n in _by_count(Counter({c: n for c, n in per_call.items() if c not in calls_order}))]
    per_category = Counter((e.call, e.category) for e in entries)
    declared = [(c, k) for c, call in spec.calls.items() for k in call.categories] if spec is not None else []
    by_category = [{"call": c, "category": k, "count": per_category.get((c, k), 0), **_category_titled(titles, c, k)}
                   for c, k in declared]
    by_category += [{"call": c, "category": k, "count": n, **_category_titled(titles, c, k)}
                    for (c, k), n in _by_count(Counter({key: n for key, n in per_category.items() if key not in declared}))]

    # The country is optional (a wine, a film): entries without one are counted apart, as judges' are.
    countries = Counter(e.entrant.country for e in entries if e.entrant.country)
    # A city is a (city, country) pair: Valencia in Spain and in Venezuela are two cities; "Zürich"
    # and "ZÜRICH" (or a decomposed ü) are one. It is shown as first written (in entry id order).
    # A city without a country is keyed with "" (sorted first, shown as null).
    city_names: dict[tuple[str, str], str] = {}
    cities: Counter[tuple[str, str]] = Counter()
    for e in entries:
        if e.entrant.city:
            key = (canonical(e.entrant.city.strip()), e.entrant.country or "")
            city_names.setdefault(key, e.entrant.city.strip())
            cities[key] += 1

    late = 0
    if spec is not None:
        late = sum(1 for e in entries if e.call in spec.calls and entry_exclusion(e, spec.calls[e.call]) is not None)

    document: dict[str, Any] = {
        "version": STATS_VERSION,
        "cycle": spec.cycle if spec is not None else None,
        "title": spec.title if spec is not None else None,
        "errors": errors,
        "entries": {
            "total": len(entries),
            "by_call": by_call,
            "by_category": by_category,
            "by_entrant_type": [{"type": t, "count": n} for t, n in _by_count(Counter(e.entrant.type for e in entries))],
            "late": late if spec is not None else None,
            "outcomes": _outcomes(scoring) if scoring is not None else None,
        },
        "countries": {
            "count": len(countries),
            "by_country": [{"country": c, "count": n} for c, n in _by_count(countries)],
            "entries_without_country": sum(1 for e in entries if not e.entrant.country),
        },
        "cities": {
            "count": len(cities),
            "entries_without_city": sum(1 for e in entries if not e.entrant.city),
            "by_city": [{"city": city_names[key], "country": key[1] or None, "count": n} for key, n in _by_count(cities)],
        },
        "judges": _judges(cycle, titles),
        "marks": _marks(cycle, titles),
        "coverage": _coverage(cycle, scoring, titles) if scoring is not None else None,
        "awards": _awards(cycle, results, titles) if results is not None else None,
    }
    document["headline"] = headline(document)
    return _sorted_keys(document)


def headline(document: dict[str, Any]) -> str:
    """The sentence an organiser announces: "216 applications from 123 cities in 58 countries; 20 awards",
    with "(2 pending: a tie awaits the chair's decision)" while a result may still change."""
    total, cities, countries = document["entries"]["total"], document["cities"]["count"], document["countries"]["count"]
    text = _plural(total, "application", "applications")
    # Entries with neither city nor country (wines, films) leave out what they do not have: "12
    # applications", never "from 0 cities in 0 countries"; a cycle with no entries says it all.
    places = [_plural(n, one, many) for n, one, many in ((cities, "city", "cities"), (countries, "country", "countries"))
              if n or not total]
    if places:
        text += " from " + " in ".join(places)
    awards = document["awards"]
    if awards is not None:
        text = f"{text}; {_plural(awards['total'], 'award', 'awards')}"
        if awards.get("awaiting_chair"):  # not final: say so in the sentence that gets announced
            waiting = "a tie awaits" if awards["awaiting_chair"] == 1 else "ties await"
            which = f"{awards['pending']} pending" if awards["pending"] else "provisional"  # else only unfilled slots wait
            text += f" ({which}: {waiting} the chair's decision)"
        elif awards.get("status") == "provisional":  # open for another reason: a missing sheet, a judge short...
            text += f" (provisional: {_plural(awards['open'], 'open item', 'open items')})"
        return text
    errors = document["errors"]
    return f"{text}; awards not computed ({_plural(errors, 'error', 'errors')} in the cycle)"


def _outcomes(scoring: Scoring) -> list[dict[str, Any]]:
    """What became of each entry of a scored call: ranked, or why it stopped (scoring's status
    words: late, screened-out, not-shortlisted, too-few-judges, ...); below-threshold: ranked but
    not eligible for awards (a criterion threshold)."""
    counts: Counter[str] = Counter()
    for result in scoring.finals.values():
        if result.reason is None:
            counts["ranked"] += 1
            if result.ineligible:
                counts["below-threshold"] += 1
        else:
            counts[result.status or "not-ranked"] += 1
    return [{"outcome": o, "count": n} for o, n in _by_count(counts)]


def _judges(cycle: Cycle, titles: Titles) -> dict[str, Any]:
    judges = cycle.judges
    voting = [j for j in judges.values() if j.voting]
    countries = Counter(j.country for j in judges.values() if j.country)
    document: dict[str, Any] = {
        "total": len(judges),
        "voting": len(voting),
        "observers": len(judges) - len(voting),
        "countries": len(countries),
        "without_country": sum(1 for j in judges.values() if not j.country),
        "by_country": [{"country": c, "count": n} for c, n in _by_count(countries)],
        "by_call": None,
    }
    if cycle.spec is not None:
        document["by_call"] = [
            {"call": c, "voting": sum(1 for j in voting if j.calls is None or c in j.calls), **_call_titled(titles, c)}
            for c, call in cycle.spec.calls.items() if call.judging == "scored"]
    return document


def _round_order(cycle: Cycle) -> dict[tuple[str | None, str | None], int]:
    spec = cycle.spec
    if spec is None:
        return {}
    pairs = [(c, r) for c, call in spec.calls.items() for r in stages_of(call)]
    return {pair: i for i, pair in enumerate(pairs)}


def _marks(cycle: Cycle, titles: Titles) -> dict[str, Any]:
    """Score lines (one judge's marks on one entry), individual marks and screening verdicts, by
    call and round.

    The words mean what they mean in `smartaward judges`: a mark is one number (a criterion's, a
    line's one overall mark, or a rank); a pass/fail verdict is not a mark, it counts as a verdict.
    A line's call is its entry's; lines on an entry the cycle does not have count under call None.
    """
    lines: Counter[tuple[str | None, str | None]] = Counter()
    marks: Counter[tuple[str | None, str | None]] = Counter()
    verdicts: Counter[tuple[str | None, str | None]] = Counter()
    index, sheets = cycle.entry_index, cycle.sheets
    for sheet_no, entry_id, value in cycle.marks.rows():
        record = index.get(entry_id)
        key = (record.entry.call if record is not None else None, sheets[sheet_no].round)
        lines[key] += 1
        if is_verdict(value):
            verdicts[key] += 1
        else:
            marks[key] += len(value) if isinstance(value, dict) else 1
    order = _round_order(cycle)
    keys = sorted(lines, key=lambda k: (order.get(k, len(order)), k[0] is None, k[0] or "", k[1] is None, k[1] or ""))
    return {
        "sheets": len(sheets),
        "score_lines": len(cycle.marks),
        "marks": sum(marks.values()),
        "verdicts": sum(verdicts.values()),
        "by_round": [{"call": c, "round": r, "score_lines": lines[(c, r)], "marks": marks[(c, r)], "verdicts": verdicts[(c, r)],
                      **_round_titled(titles, c, r)}
                     for c, r in keys],
    }


def _coverage(cycle: Cycle, scoring: Scoring, titles: Titles) -> list[dict[str, Any]]:
    """How completely each round of each scored call was marked.

    Where the round has an assignment file (assignments/ROUND.yaml), an entry's panel is the judges
    the file assigns it: expected, one line per assigned judge; present, how many of those lines
    exist; `unassigned`, the lines of judges the file does not give the entry (they do not count,
    P804). The round's `judges` are those assigned at least one of its entries of the call.

    Without a file the panel is inferred from who marked: every voting judge of the call
    (judges.yaml `calls`) who gave at least one line in that round on an entry of that call.
    Expected: for each entry taking part in the round, each panel judge free to mark it (not a
    declared conflict, nor one derived by the cycle's `conflicts` rule). Present: how many of those
    expected lines exist. Where judges mark only a share of the entries (panels of 3 to 5 out of
    15, say), coverage is that share.
    """
    spec = cycle.spec
    assert spec is not None
    rows = []
    derived = spec.rules.conflicts
    for stage in scoring.stages:
        results = list(stage.results.values())
        assignment = assignment_for(cycle, stage.round)
        counted = sum(1 for result in results for line in result.lines.values() if line.counted)
        unassigned: int | None = None
        if assignment is not None:
            by_entry = judges_by_entry(assignment)
            nobody: frozenset[str] = frozenset()
            panels = [(result, by_entry.get(result.entry.id, nobody)) for result in results]
            panel = sorted({j for _, judges in panels for j in judges})
            expected = sum(len(judges) for _, judges in panels)
            present = sum(1 for result, judges in panels for j in judges if j in result.lines)
            unassigned = sum(1 for result, judges in panels for j in result.lines if j not in judges)
        else:
            panel = sorted({j for r in results for j in r.lines
                            if (judge := cycle.judges.get(j)) is not None and judge.voting
                            and (judge.calls is None or stage.call in judge.calls)})
            # Judges with no conflict to check are free to mark every entry (most judges, in a big cycle).
            free = [j for j in panel if derived is None and not cycle.judges[j].conflicts]
            bound = [j for j in panel if j not in free]
            expected = present = 0
            for result in results:
                lines = result.lines
                expected += len(free)
                present += sum(1 for j in free if j in lines)
                for judge_id in bound:
                    if judge_exclusion(cycle.judges[judge_id], result.entry, derived) is None:
                        expected += 1
                        present += judge_id in lines
        rows.append({
            "call": stage.call,
            "round": stage.round,
            "screening": stage.screening,
            "entries": len(results),
            "judges": len(panel),
            "expected": expected,
            "present": present,
            "counted": counted,
            "ratio": round(present / expected, 4) if expected else None,
            # the round's assignment file (null: none, the panel is inferred from who marked), its
            # per_entry, and the lines of judges it does not assign (not counted, P804)
            "assignment": relative_name(assignment) if assignment is not None else None,
            "per_entry": assignment.per_entry if assignment is not None else None,
            "unassigned": unassigned,
            **_round_titled(titles, stage.call, stage.round),
        })
    return rows


def _awards(cycle: Cycle, results: Results, titles: Titles) -> dict[str, Any]:
    """Awards given (an award shared ex aequo counts once per entry), by award id and by category
    (every category with award slots, in cycle.yaml order), and the slots left unfilled. Awards
    and unfilled slots that a tie awaiting the chair (J412) may still change are counted as
    `pending` beside them (pending.py): an announced figure must not pass for final."""
    assert cycle.spec is not None
    allocation, pending = results.allocation, results.pending
    given = [(a, a.entry.id in pending.awards) for a in allocation.awards]
    per_category = Counter((a.call, a.category) for a in allocation.awards)
    pending_per_category = Counter((a.call, a.category) for a, waits in given if waits)
    pending_per_award = Counter(a.award for a, waits in given if waits)
    categories = [(c, k) for c, call in cycle.spec.calls.items() for k, category in call.categories.items() if category.awards]
    return {
        "total": len(allocation.awards),
        "pending": sum(waits for _, waits in given),
        "awaiting_chair": len(pending.deciding),
        "ex_aequo": sum(1 for a in allocation.awards if a.note and a.note.startswith("ex aequo")),
        "by_award": [{"award": a, "count": n, "pending": pending_per_award.get(a, 0), "award_title": award_id_title(titles, a)}
                     for a, n in _by_count(Counter(a.award for a in allocation.awards))],
        "by_category": [{"call": c, "category": k, "count": per_category.get((c, k), 0),
                         "pending": pending_per_category.get((c, k), 0), **_category_titled(titles, c, k)} for c, k in categories],
        "unfilled_slots": sum(u.slots for u in allocation.unfilled),
        "unfilled": [{"call": u.call, "category": u.category, "award": u.award, "slots": u.slots, "reason": u.reason,
                      "pending": pending.unfilled.get((u.call, u.category, u.award)),
                      **_category_titled(titles, u.call, u.category), "award_title": titles.award(u.call, u.category, u.award)}
                     for u in allocation.unfilled],
        # final or provisional (status.py), and how many items are open; null when not assessed
        "status": results.status.name if results.status is not None else None,
        "open": len(results.status.open) if results.status is not None else None,
    }


def _sorted_keys(value: Any) -> Any:
    """Mapping keys sorted (lists keep their meaningful order): the same bytes on every run."""
    if isinstance(value, dict):
        return {k: _sorted_keys(value[k]) for k in sorted(value)}
    if isinstance(value, list):
        return [_sorted_keys(v) for v in value]
    return value
