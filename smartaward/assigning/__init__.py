"""`smartaward assign`, the core: which judges mark which entries in a round, as an assignment
file (assignments/ROUND.yaml), chosen by a minimum-cost flow (solver.py).

    from pathlib import Path
    from smartaward.api import results
    from smartaward.assigning import plan_assignment

    outcome = results(Path("cycles/seoul-smart-city-2024"))
    plan = plan_assignment(outcome.cycle, outcome.results, "evaluation", per_entry=4, seed=2024)
    print(plan.document["load"], plan.problems or plan.rel)

The entries of a round are those the scoring lets into it (they passed the earlier rounds; late
entries never do), so a round can only be assigned once the rounds before it are settled: while
any of them has something open (a missing verdict, a tie at the cut, too few judges), the plan
lists those and assigns nothing. Nothing here prints, writes or exits: the plan holds the file's
text, the objective as a document, and the problems (codes P851-P854, problems.py).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from smartaward.assigning.problems import located
from smartaward.text.suggest import did_you_mean

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from smartaward.assigning.candidates import Candidates
    from smartaward.assigning.solver import Demand, Solution
    from smartaward.awards.results import Results
    from smartaward.awards.status import OpenItem
    from smartaward.diagnostics import Diagnostic
    from smartaward.model.cyclefiles import CycleFile, Entry, Judge
    from smartaward.reading.load import Assignment, Cycle

__all__ = ["AssignMisuse", "AssignPlan", "plan_assignment", "replaced_file_errors", "results_despite", "solve_round"]

ALL_ROUND_FILE = "all"  # the file of a cycle whose calls have no rounds: assignments/all.yaml


class AssignMisuse(ValueError):
    """The request cannot be met as asked (an unknown round, no K): the command's misuse, exit 2."""


@dataclass
class AssignPlan:
    round: str | None
    per_entry: int
    seed: int
    rel: str  # the file, relative to the cycle folder: assignments/evaluation.yaml
    text: str | None = None  # the file's text; None when nothing can be written
    document: dict[str, Any] = field(default_factory=dict)  # the objective, for the output
    problems: list[Diagnostic] = field(default_factory=list)
    unsettled: list[OpenItem] = field(default_factory=list)  # open items of earlier rounds
    seed_from: str = "option"  # where the seed came from: "option" (--seed), "file" (the round's file), "default" (0)

    @property
    def failed(self) -> bool:
        return self.text is None


def plan_assignment(cycle: Cycle, results: Results, round_id: str | None, per_entry: int | None, seed: int | None = 0, *,
                    keep: bool = False, replace: tuple[str, ...] = (),
                    command: str | Callable[[int, int], str] = "") -> AssignPlan:
    """Assign the judges of one round. `round_id` None: a cycle whose calls have no rounds.
    `keep`: keep the round's file's valid pairs and fill the gaps; `replace`: move these judges'
    entries to others, keeping every other pair (implies keep). Whatever the options, a pair whose
    judge has already marked the entry in the round is kept (marked_pairs), unless the judge may
    not judge it at all. `seed` None: the round's file's seed with `keep`, else 0. `command`: the
    command line, for the file's header comment (or a function of the K and seed used, which the
    round's file may give)."""
    from smartaward.judging.assigned import assignment_for, relative_name

    spec = cycle.spec
    assert spec is not None
    calls = _calls_of_round(cycle, round_id)
    existing = assignment_for(cycle, round_id)
    keep = keep or bool(replace)
    for judge_id in replace:
        if judge_id not in cycle.judges:
            near = did_you_mean(judge_id, {j: judge.name for j, judge in cycle.judges.items()})
            raise AssignMisuse(f"--replace: no judge {judge_id!r} in judges.yaml" + (f"; {near}" if near else ""))
    if per_entry is None:
        if keep and existing is not None and existing.per_entry is not None:
            per_entry = existing.per_entry
        else:
            raise AssignMisuse("--per-entry: how many judges each entry needs (K) is required"
                               + ("" if keep else " (with --keep, the round's file may give it)"))
    if per_entry < 1:
        raise AssignMisuse("--per-entry must be at least 1")
    seed_from = "option"
    if seed is None:
        from_file = existing.seed if keep and existing is not None else None
        seed, seed_from = (from_file, "file") if from_file is not None else (0, "default")
    rel = relative_name(existing) if existing is not None else f"assignments/{round_id or ALL_ROUND_FILE}.yaml"
    plan = AssignPlan(round_id, per_entry, seed, rel, seed_from=seed_from)
    plan.unsettled = _unsettled(results, calls, round_id)
    if plan.unsettled:
        return plan

    entry_ids = sorted({entry_id for stage in results.scoring.stages
                        if stage.call in calls and stage.round == round_id for entry_id in stage.results})
    entries = [cycle.entry_index[entry_id].entry for entry_id in entry_ids]
    cands, demand, kept, dropped, solution = solve_round(spec, cycle.judges, entries, round_id, per_entry, seed,
                                                         existing=existing if keep else None, replace=frozenset(replace),
                                                         marked=marked_pairs(cycle, round_id))
    plan.problems.extend(dropped)
    if solution.short:
        from smartaward.assigning.explain import infeasible

        plan.problems.extend(infeasible(spec, cycle.judges, cands, demand, solution, per_entry, round_id, frozenset(replace), cycle))
        plan.document = _objective(cycle, plan, cands, demand, solution, kept, existing, replace, {})
        return plan
    loads = _loads(cands, demand, solution)
    plan.problems.extend(_below_minimum(cycle, cands, loads))
    pairs = _pairs(cands, kept, solution)
    plan.text = assignment_text(round_id, per_entry, seed, pairs, command(per_entry, seed) if callable(command) else command)
    plan.document = _objective(cycle, plan, cands, demand, solution, kept, existing, replace, pairs)
    return plan


def marked_pairs(cycle: Cycle, round_id: str | None) -> frozenset[tuple[str, str]]:
    """(judge, entry) for every line of marks in the round: the judge's sheet for the round marks
    the entry (counted or not). `assign` keeps these pairs whatever it is asked, so that no mark
    handed in stops counting because of a new assignment."""
    from smartaward.judging.assigned import has_rounds

    rounds = has_rounds(cycle)
    sheets = cycle.sheets
    return frozenset((sheets[sheet].judge, entry_id) for sheet, entry_id, _ in cycle.marks.rows()
                     if (sheets[sheet].round if rounds else None) == round_id)


def solve_round(spec: CycleFile, judges: dict[str, Judge], entries: list[Entry], round_id: str | None, per_entry: int,
                seed: int = 0, *, existing: Assignment | None = None, replace: frozenset[str] = frozenset(),
                marked: frozenset[tuple[str, str]] = frozenset(),
                ) -> tuple[Candidates, Demand, dict[int, list[int]], list[Diagnostic], Solution]:
    """The assignment of `entries` (in id order: the round's) to `judges`, without a loaded cycle:
    the candidates, what the flow had to find (after the pairs kept: `marked` (judge, entry) pairs
    the judge may judge, then those of `existing`), the pairs kept (entry → judges, indexes), the
    kept pairs dropped (P853), and the flow's solution."""
    from smartaward.assigning.candidates import build
    from smartaward.assigning.solver import solve

    by_id = {entry.id: entry for entry in entries}
    valid: list[tuple[str, str]] = []
    unkept: list[tuple[str, str, str]] = []
    for judge_id, entry_id in sorted(marked, key=lambda pair: (pair[1], pair[0])):
        why = _marks_never_count(spec, judges, by_id, round_id, judge_id, entry_id)
        if why is None:
            valid.append((judge_id, entry_id))
        else:
            unkept.append((judge_id, entry_id, why))
    cands = build(spec, judges, entries, round_id, seed, per_entry, replace, frozenset(j for j, _ in valid))
    demand, kept, dropped = _demand(spec, judges, cands, per_entry, existing, replace, valid)
    demand.unkept_marks = unkept
    return cands, demand, kept, dropped, solve(cands, demand, seed)


def _marks_never_count(spec: CycleFile, judges: dict[str, Judge], entries: dict[str, Entry], round_id: str | None,
                       judge_id: str, entry_id: str) -> str | None:
    """Why a judge's marks on an entry can never count in the round, assigned or not (validate's
    P805: an assignment file may not give the pair), so that assign does not keep the pair; None
    when they can."""
    from smartaward.checks.assignments import why_not

    judge = judges.get(judge_id)
    if judge is None:
        return "the judge is not in judges.yaml"
    entry = entries.get(entry_id)
    if entry is None:
        return "the entry is not in this round (it did not reach it, or is not an entry of a call judged in it)"
    return why_not(judge, entry, round_id, spec.rules.conflicts)


def replaced_file_errors(cycle: Cycle, round_id: str | None, errors: list[Diagnostic]) -> bool:
    """Whether every error of the cycle is a problem of the round's own assignment file (P8xx: an
    entry assigned to a judge now in conflict with it, a judge above a cap...). assign replaces that
    file, so such errors do not stop it; any other error does."""
    from smartaward.judging.assigned import assignment_for

    existing = assignment_for(cycle, round_id)
    if existing is None or cycle.spec is None:
        return False
    return bool(errors) and all(d.file == existing.doc.file and d.code.startswith("P") for d in errors)


def results_despite(cycle: Cycle, diagnostics: list[Diagnostic], hidden: list[str]) -> Results:
    """The results of a cycle whose only errors are in the round's own assignment file
    (replaced_file_errors): scored, ranked and assessed as api.results would."""
    from smartaward.awards.results import compute
    from smartaward.awards.status import assess

    computed = compute(cycle)
    computed.status = assess(cycle, computed.scoring, computed.pending, diagnostics, hidden, computed.allocation)
    return computed


def _calls_of_round(cycle: Cycle, round_id: str | None) -> list[str]:
    """The scored calls judged in the round (for None: every scored call, where none has rounds)."""
    spec = cycle.spec
    assert spec is not None
    scored = {c: call for c, call in spec.calls.items() if call.judging == "scored"}
    with_rounds = sorted({r for call in scored.values() for r in call.rounds})
    if round_id is None:
        if with_rounds:
            raise AssignMisuse(f"--round: the calls are judged in rounds; choose one of {', '.join(_scored_rounds(cycle))}")
        if not scored:
            raise AssignMisuse("no call is scored: a designated call has no judges to assign")
        return list(scored)
    if not with_rounds:
        raise AssignMisuse(f"--round {round_id}: no call has rounds; leave --round out")
    calls = [c for c, call in scored.items() if round_id in call.rounds]
    if not calls:
        near = did_you_mean(round_id, _scored_rounds(cycle))
        raise AssignMisuse(f"--round {round_id}: no scored call has this round; " + (near or f"choose one of {', '.join(_scored_rounds(cycle))}"))
    return calls


def _scored_rounds(cycle: Cycle) -> list[str]:
    """The rounds of the scored calls, in call order (the cycle has rounds: no None)."""
    from smartaward.judging.assigned import round_ids

    return [r for r in round_ids(cycle) if r is not None]


def _unsettled(results: Results, calls: list[str], round_id: str | None) -> list[OpenItem]:
    """The open items of the rounds before this one, in the calls judged in it: until they are
    settled, who reaches the round is not known."""
    status = results.status
    if status is None or round_id is None:
        return []
    found = []
    for item in status.open:
        if item.call not in calls or item.round is None:
            continue
        rounds = _rounds_of(results, item.call)
        if item.round in rounds and round_id in rounds and rounds.index(item.round) < rounds.index(round_id):
            found.append(item)
    return found


def _rounds_of(results: Results, call: str) -> list[str | None]:
    return [stage.round for stage in results.scoring.stages if stage.call == call]


def _demand(spec: CycleFile, known: dict[str, Judge], cands: Candidates, per_entry: int, existing: Assignment | None,
            replaced: frozenset[str], marked: Sequence[tuple[str, str]] = ()) -> tuple[Demand, dict[int, list[int]], list[Diagnostic]]:
    """What the flow must still find, after the pairs kept: first the `marked` pairs (judge, entry:
    the judge has marked the entry, and may judge it), all of them, even beyond K or a cap; then
    the pairs of the round's file (--keep), where still valid."""
    import numpy as np

    from smartaward.assigning.solver import Demand

    n_judges = len(cands.judges)
    value = _values(spec, cands)
    cap = np.array([-1 if cands.judge_records[j].max_entries is None else cands.judge_records[j].max_entries for j in cands.judges],
                   dtype=np.int64)
    minimum = np.array([0 if j in cands.extra else cands.judge_records[j].min_entries or 0 for j in cands.judges], dtype=np.int64)
    fixed = np.zeros(n_judges, dtype=np.int64)
    kept: dict[int, list[int]] = {}
    dropped: list[Diagnostic] = []
    judge_index = {j: i for i, j in enumerate(cands.judges)}
    entry_index = {e.id: i for i, e in enumerate(cands.entries)}
    marked_kept: set[tuple[int, int]] = set()
    for judge_id, entry_id in marked:
        at = (entry_index[entry_id], judge_index[judge_id])
        kept.setdefault(at[0], []).append(at[1])
        fixed[at[1]] += 1
        marked_kept.add(at)
    moved: dict[str, list[str]] = {judge_id: [] for judge_id in sorted(replaced)}
    if existing is not None:
        fact = spec.rules.assignment.different
        in_pool = {call: set(pool.judges.tolist()) for call, pool in cands.pools.items()}
        listed = sorted(((entry_id, judge_id, position) for judge_id, entry_ids in existing.judges.items()
                         for position, entry_id in enumerate(entry_ids)))
        for entry_id, judge_id, position in listed:
            e, j = entry_index.get(entry_id), judge_index.get(judge_id)
            if e is not None and j is not None and (e, j) in marked_kept:
                continue  # kept already: the judge has marked it
            if judge_id in replaced:
                moved[judge_id].append(entry_id)  # said once per judge, below
                continue
            if judge_id not in known:
                why: str | None = "the judge is not in judges.yaml"
            elif e is None:
                why = "the entry is not in this round (it did not reach it, or is not an entry of a call judged in it)"
            elif j is None or j not in in_pool[cands.entries[e].call]:
                why = "the judge may not be given entries of this call in this round (calls, rounds, voting or max_entries)"
            else:
                why = _invalid(cands, e, j, kept.get(e, []), per_entry, value, fact, int(cap[j]), int(fixed[j]))
            if why is not None:
                text = f"{judge_id} is no longer assigned {entry_id}: {why}"
                dropped.append(located(existing.doc, ("judges", judge_id, position), "P853", text))
                continue
            assert e is not None and j is not None
            kept.setdefault(e, []).append(j)
            fixed[j] += 1
        for judge_id, entry_ids in moved.items():
            if not entry_ids:
                continue
            stay = sum(1 for e, j in marked_kept if cands.judges[j] == judge_id)
            text = (f"{judge_id} is replaced (--replace): {len(entry_ids)} entr{'y' if len(entry_ids) == 1 else 'ies'} of theirs "
                    "go to other judges" + (f"; the {stay} they have marked stay with them" if stay else ""))
            dropped.append(located(existing.doc, ("judges", judge_id), "P853", text, key=True))
    need = np.array([max(per_entry - len(kept.get(e, [])), 0) for e in range(len(cands.entries))], dtype=np.int64)
    used = {e: {int(value[j]) for j in js if value[j] >= 0} for e, js in kept.items()}
    demand = Demand(need, fixed, cap, minimum, value, {e: v for e, v in used.items() if v}, {e: set(js) for e, js in kept.items()})
    demand.marked = marked_kept
    demand.moved = {judge_id: entry_ids for judge_id, entry_ids in moved.items() if entry_ids}
    return demand, kept, dropped


def _values(spec: CycleFile, cands: Candidates) -> NDArray[np.int64]:
    """Per judge: their value of rules.assignment.different as a number (−1: none, or no rule).
    Values compare as validate compares them (checks/assignments.fact_value, P812): texts as they
    look (names.look_alike), as the conflicts rule compares them."""
    import numpy as np

    value = np.full(len(cands.judges), -1, dtype=np.int64)
    fact = spec.rules.assignment.different
    if fact is None:
        return value
    from smartaward.checks.assignments import fact_value

    numbers: dict[str, int] = {}
    for i, j in enumerate(cands.judges):
        key = fact_value(cands.judge_records[j], fact)
        if key is not None:
            value[i] = numbers.setdefault(key, len(numbers))
    return value


def _invalid(cands: Candidates, e: int, j: int, others: list[int], per_entry: int, value: NDArray[np.int64],
             fact: str | None, cap: int, load: int) -> str | None:
    """Why a pair of the round's file cannot be kept (given the pairs kept before it), or None."""
    from smartaward.checks.assignments import knows

    conflict = cands.conflict(e, j)
    if conflict is not None:
        return conflict
    if cands.require and not knows(cands.judge_records[cands.judges[j]], cands.entries[e]):
        return "the judge knows neither the entry's category nor any of its tags (expertise: require)"
    if len(others) >= per_entry:
        return f"the entry has {per_entry} judges already (per_entry)"
    if value[j] >= 0 and any(value[other] == value[j] for other in others):
        return f"another judge of the entry has the same {fact}"
    if cap >= 0 and load >= cap:
        return f"the judge has max_entries ({cap}) entries already"
    return None


def _loads(cands: Candidates, demand: Demand, solution: Solution) -> dict[str, int]:
    import numpy as np

    counts = np.bincount(solution.pairs_j, minlength=len(cands.judges)) + demand.fixed
    return {j: int(counts[i]) for i, j in enumerate(cands.judges)}


def _below_minimum(cycle: Cycle, cands: Candidates, loads: dict[str, int]) -> list[Diagnostic]:
    found = []
    for judge_id, load in loads.items():
        least = cands.judge_records[judge_id].min_entries
        if least is not None and load < least and judge_id not in cands.extra:
            text = (f"{judge_id} is given {load} entr{'y' if load == 1 else 'ies'}, fewer than min_entries ({least}): "
                    "the round has not enough entries they may judge")
            found.append(located(cycle.judges_doc, (judge_id, "min_entries"), "P854", text, key=True))
    return found


def _pairs(cands: Candidates, kept: dict[int, list[int]], solution: Solution) -> dict[str, list[str]]:
    """Judge id → entry ids, both sorted."""
    by_judge: dict[str, list[str]] = {}
    for e, judges in kept.items():
        for j in judges:
            by_judge.setdefault(cands.judges[j], []).append(cands.entries[e].id)
    for e, j in zip(solution.pairs_e.tolist(), solution.pairs_j.tolist(), strict=True):
        by_judge.setdefault(cands.judges[j], []).append(cands.entries[e].id)
    return {j: sorted(by_judge[j]) for j in sorted(by_judge)}


def assignment_text(round_id: str | None, per_entry: int, seed: int, pairs: dict[str, list[str]], command: str) -> str:
    """The assignment file: judges in id order, each with their entries in id order."""
    from smartaward.writing.yamltext import scalar

    lines = [f"# Written by {command}" if command else "# Written by smartaward assign"]
    if round_id is not None:
        lines.append(f"round: {scalar(round_id)}")
    lines += [f"per_entry: {per_entry}", f"seed: {seed}"]
    if not pairs:
        lines.append("judges: {}")
    else:
        lines.append("judges:")
        for judge_id, entry_ids in pairs.items():
            lines.append(f"  {scalar(judge_id)}:")
            lines.extend(f"    - {scalar(entry_id)}" for entry_id in entry_ids)
    return "\n".join(lines) + "\n"


def _objective(cycle: Cycle, plan: AssignPlan, cands: Candidates, demand: Demand, solution: Solution,
               kept: dict[int, list[int]], existing: Assignment | None, replaced: tuple[str, ...],
               pairs: dict[str, list[str]]) -> dict[str, Any]:
    """What the assignment achieves, as data: the sizes, the loads, expertise, diversity, conflicts
    avoided, the pairs kept because they are marked, and what changed against the round's file.
    `pairs` is the assignment made (judge → entries; empty when the flow fell short). Whether the
    file is written is the command's to say (--dry-run)."""
    import numpy as np

    from smartaward.assigning.candidates import overlap

    spec = cycle.spec
    assert spec is not None
    # Loads: of every judge who may take entries of the round (and any other who keeps marked ones);
    # the spread is among the first.
    loads = {j: len(pairs.get(j, [])) for j in cands.judges if j not in cands.extra or j in pairs}
    values = sorted(n for j, n in loads.items() if j not in cands.extra)
    judge_index = {j: i for i, j in enumerate(cands.judges)}
    entry_index = {e.id: i for i, e in enumerate(cands.entries)}
    pe = np.array([entry_index[entry_id] for entry_ids in pairs.values() for entry_id in entry_ids], dtype=np.int64)
    pj = np.array([judge_index[judge_id] for judge_id, entry_ids in pairs.items() for _ in entry_ids], dtype=np.int64)
    matched = overlap(cands.emask[pe], cands.jmask[pj]) if len(pe) else np.zeros(0, dtype=bool)
    matched_pairs = int(matched.sum())
    matched_entries = {cands.entries[e].id for e in pe[matched].tolist()}
    different = spec.rules.assignment.different
    respected = True
    if different is not None:
        panels: dict[str, list[int]] = {}
        for judge_id, entry_ids in pairs.items():
            for entry_id in entry_ids:
                panels.setdefault(entry_id, []).append(int(demand.value[judge_index[judge_id]]))
        respected = all(len([v for v in vs if v >= 0]) == len({v for v in vs if v >= 0}) for vs in panels.values())
    before = {(j, e) for j, es in existing.judges.items() for e in es} if existing is not None else set()
    after = {(j, e) for j, es in pairs.items() for e in es}
    kept_pairs = sum(len(js) for js in kept.values())
    marked_by_entry = Counter(cands.entries[e].id for e, _ in demand.marked)
    document: dict[str, Any] = {
        "round": plan.round,
        "per_entry": plan.per_entry,
        "seed": plan.seed,
        "seed_from": plan.seed_from,
        "file": plan.rel,
        "feasible": not solution.short,
        "entries": len(cands.entries),
        "judges": len(pairs),
        "judges_available": len(cands.judges) - len(cands.extra),
        "assignments": len(after),
        "load": {"min": values[0] if values else 0, "max": values[-1] if values else 0,
                 "spread": (values[-1] - values[0]) if values else 0, "by_judge": loads},
        "expertise": {"rule": spec.rules.assignment.expertise, "pairs_matched": matched_pairs,
                      "entries_matched": len(matched_entries)},
        "diversity": {"rule": different, "respected": respected},
        "conflicts_avoided": cands.conflicts_avoided,
        "candidates": "sample" if solution.sampled else "all",
        "arcs": solution.arcs,
        "existing": existing is not None,
        "kept": kept_pairs,
        "added": len(after - before),
        "removed": len(before - after),
        "marked": {
            "kept": len(demand.marked),
            "over_per_entry": {e: n for e, n in sorted(marked_by_entry.items()) if n > plan.per_entry},
            "not_kept": [{"judge": j, "entry": e, "reason": why} for j, e, why in demand.unkept_marks],
        },
        "replaced": [{"judge": judge_id, "moved": demand.moved.get(judge_id, []),
                      "kept_marked": sorted(cands.entries[e].id for e, j in demand.marked if cands.judges[j] == judge_id)}
                     for judge_id in replaced],
        "problems": [p.as_dict() for p in plan.problems],
    }
    counts = Counter(p.code for p in plan.problems)
    document["problem_counts"] = dict(sorted(counts.items()))
    return document
