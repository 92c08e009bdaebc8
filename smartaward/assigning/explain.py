"""Why a round cannot be assigned: the entries with too few judges who may judge them (P851), and
the judges whose caps or availability leave places unfilled (P852, from the minimum cut that
proves the flow cannot be whole)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from smartaward.assigning.candidates import available
from smartaward.assigning.problems import located
from smartaward.diagnostics import Diagnostic
from smartaward.judging.panel import conflict_pattern, derived_conflict

if TYPE_CHECKING:
    from smartaward.assigning.candidates import Candidates
    from smartaward.assigning.solver import Demand, Solution
    from smartaward.model.cyclefiles import CycleFile, Judge
    from smartaward.reading.load import Cycle

LISTED = 8  # entries and judges named in one message; the rest are counted


def infeasible(spec: CycleFile, judges: dict[str, Judge], cands: Candidates, demand: Demand, solution: Solution,
               per_entry: int, round_id: str | None, replaced: frozenset[str], cycle: Cycle | None = None) -> list[Diagnostic]:
    """The problems that make the round infeasible, each at its place in `cycle` when given."""
    problems: list[Diagnostic] = []
    short_by_entry = 0
    for e in solution.cut_entries:
        room = _room(cands, demand, e)
        have = len(demand.kept.get(e, ()))
        if have + room >= per_entry:
            continue
        short_by_entry += per_entry - have - room
        entry = cands.entries[e]
        text = (f"{entry.id} needs {per_entry} judge{'s' if per_entry != 1 else ''}, and only {have + room} may judge it in "
                f"{_round_words(round_id)}: {_reasons(spec, judges, cands, e, round_id, replaced)}")
        if cycle is None:
            problems.append(located(None, (), "P851", text))
        else:
            record = cycle.entry_index[entry.id]
            problems.append(located(record.doc, record.path + ("id",), "P851", text))
    if solution.short > short_by_entry:
        closed = _closed(spec, judges, cands, solution, round_id, replaced)
        problems.append(_global(cycle, cands, demand, solution, solution.short - short_by_entry, closed))
    return problems


def _round_words(round_id: str | None) -> str:
    return f"the {round_id!r} round" if round_id is not None else "the round"


def _room(cands: Candidates, demand: Demand, e: int) -> int:
    """How many more judges entry `e` could have: its candidates, one per value of the diversity
    fact (less the values its kept judges hold), and none with no room left under max_entries."""
    full = [j for j in cands.full(e).tolist() if j not in demand.kept.get(e, set())
            and demand.cap[j] != 0]
    values = demand.value
    used = demand.used.get(e, set())
    distinct = {int(values[j]) for j in full if values[j] >= 0 and int(values[j]) not in used}
    return sum(1 for j in full if values[j] < 0) + len(distinct)


def _reasons(spec: CycleFile, judges: dict[str, Judge], cands: Candidates, e: int, round_id: str | None,
             replaced: frozenset[str]) -> str:
    """Of all the judges, how many are left out of this entry, and why, in words."""
    entry = cands.entries[e]
    rule = spec.rules.conflicts
    why: Counter[str] = Counter()
    index = {j: i for i, j in enumerate(cands.judges)}
    full = set(cands.full(e).tolist())
    for judge_id, judge in sorted(judges.items()):
        if judge_id in replaced:
            why["replaced (--replace)"] += 1
        elif not judge.voting:
            why["observers (voting: false)"] += 1
        elif judge.calls is not None and entry.call not in judge.calls:
            why[f"not judging the {entry.call!r} call"] += 1
        elif judge.max_entries == 0:
            why["with max_entries 0"] += 1
        elif not available(judge, round_id):
            why[f"not available in {_round_words(round_id)} (rounds)"] += 1
        elif conflict_pattern(judge, entry.id) is not None:
            why["with a declared conflict"] += 1
        elif derived_conflict(judge, entry, rule) is not None:
            why["sharing a fact with the entrant (rules.conflicts)"] += 1
        elif cands.require and index.get(judge_id) is not None and index[judge_id] not in full:
            why["knowing neither its category nor its tags (expertise: require)"] += 1
    parts = [f"{n} {what}" for what, n in sorted(why.items(), key=lambda kv: (-kv[1], kv[0]))]
    fact = spec.rules.assignment.different
    if fact is not None:
        parts.append(f"and no two of its judges may share their {fact} (rules.assignment.different)")
    total = len(judges)
    return f"of the {total} judge{'s' if total != 1 else ''}: " + ("; ".join(parts) if parts else "none is left out")


def _closed(spec: CycleFile, judges: dict[str, Judge], cands: Candidates, solution: Solution, round_id: str | None,
            replaced: frozenset[str]) -> list[tuple[str, str]]:
    """The judges who could judge one of the cut's entries but for `max_entries: 0` or --replace
    (id, why): they are among the caps at fault, though the flow never had them."""
    from smartaward.checks.assignments import knows
    from smartaward.judging.panel import judge_exclusion, judges_in_round

    found = []
    entries = [cands.entries[e] for e in solution.cut_entries]
    for judge_id, judge in sorted(judges.items()):
        if judge_id in replaced:
            why = "--replace"
        elif judge.max_entries == 0:
            why = "max_entries 0"
        else:
            continue
        if not judge.voting or not judges_in_round(judge, round_id):
            continue
        if any(judge_exclusion(judge, entry, spec.rules.conflicts) is None and (not cands.require or knows(judge, entry))
               for entry in entries):
            found.append((judge_id, why))
    return found


def _global(cycle: Cycle | None, cands: Candidates, demand: Demand, solution: Solution, short: int,
            closed: Sequence[tuple[str, str]] = ()) -> Diagnostic:
    """The minimum cut: these entries can only be judged by these judges, who are full (and by
    the `closed` ones, who may take none: named first)."""
    import numpy as np

    entries = [cands.entries[e].id for e in solution.cut_entries]
    judges = [cands.judges[j] for j in solution.cut_judges]
    load = np.bincount(solution.pairs_j, minlength=len(cands.judges)) + demand.fixed
    described = [f"{judge_id} ({why})" for judge_id, why in closed[:LISTED]]
    for j in solution.cut_judges[:max(LISTED - len(described), 0)]:
        cap = int(demand.cap[j])
        described.append(f"{cands.judges[j]} ({f'max_entries {cap}' if cap >= 0 else f'all {int(load[j])} they may judge'})")
    named = len(judges) + len(closed)
    more_j = f" and {named - len(described)} more" if named > len(described) else ""
    more_e = f" and {len(entries) - 3} more" if len(entries) > 3 else ""
    text = (f"{short} of the {int(demand.need.sum())} places cannot be filled: the only judges who may judge "
            f"{', '.join(entries[:3])}{more_e} are full: {', '.join(described) or 'none'}{more_j}; "
            "raise max_entries, make more judges available (calls, rounds), or lower --per-entry")
    doc = cycle.judges_doc if cycle is not None else None
    if doc is None:
        return located(None, (), "P852", text)
    assert cycle is not None
    # At the max_entries of the first judge named who has one (a closed judge's 0 first).
    capped = [judge_id for judge_id, why in closed if why.startswith("max_entries")]
    capped += [j for j in judges if cands.judge_records[j].max_entries is not None]
    if capped:
        return located(doc, (capped[0], "max_entries"), "P852", text, key=True)
    first = closed[0][0] if closed else judges[0] if judges else None
    return located(doc, (first,), "P852", text, key=True) if first is not None else Diagnostic(doc.file, 0, 0, "P852", text)
