"""Factors: an entry's `factors:` (a degree of difficulty, a panel factor), applied after aggregation,
and `panel: criterion`, which lets a judge mark only some criteria (docs/rules.md, §4).

- R217: a factor naming a round the call does not have, or a criterion the round does not judge;
- R211: a criterion factor, or `panel: criterion`, where the rules do not aggregate per criterion
  (or where nothing is scored: a screening round, a rank method, approval, a designated call);
- R216: once one entry of the call has a factor for a round (or one of its criteria), every entry
  marked there needs one, whether or not the declaring entry is marked there (it may not have
  reached the round): a missing factor is never silently 1.
"""

from __future__ import annotations

from collections.abc import Iterator

from smartaward.checks.judging import rule_path
from smartaward.checks.nearby import hinted
from smartaward.checks.rules import Inherited, said_once, scored_rounds, stage_name
from smartaward.diagnostics import Diagnostic
from smartaward.judging.panel import Rules, rules_for
from smartaward.judging.scoring import Scoring
from smartaward.judging.stages import EntryScore, Weights, factors_of
from smartaward.model.cyclefiles import Call, CycleFile
from smartaward.reading.load import Cycle, EntryRecord
from smartaward.reading.source import PathKey
from smartaward.text.suggest import did_you_mean


def check(cycle: Cycle, scoring: Scoring) -> Iterator[Diagnostic]:
    spec = cycle.spec
    assert spec is not None
    yield from _panel_rules(cycle, spec)
    for record in cycle.entry_index.values():
        if record.entry.factors:
            yield from _written(spec, record)
    yield from _missing(cycle, spec, scoring)


def _panel_rules(cycle: Cycle, spec: CycleFile) -> Iterator[Diagnostic]:
    """panel: criterion needs per: criterion (and criteria, and a score method): one report where it is
    written, naming every call and round it is wrong for."""
    doc = cycle.cycle_doc
    assert doc is not None
    yield from said_once(doc, "R211", _panel_problems(spec))


def _panel_problems(spec: CycleFile) -> Iterator[Inherited]:
    for call_id, call, round_id in scored_rounds(spec):
        rules = rules_for(spec, call, round_id)
        why = _panel_problem(call, rules) if rules.panel == "criterion" else None
        if why is not None:
            yield rule_path(spec, call_id, round_id, "panel"), f"panel: criterion {why} (for {{where}})", stage_name(call_id, round_id)


def _panel_problem(call: Call, rules: Rules) -> str | None:
    if not call.criteria:
        return "lets a judge mark only some criteria, and the call has none"
    if rules.by_rank:
        return f"aggregates each criterion over its own judges, but {rules.aggregate} ranks the judges' totals: use a score method"
    if rules.per != "criterion":
        return "aggregates each criterion over the judges who marked it: set per: criterion"
    return None


def _written(spec: CycleFile, record: EntryRecord) -> Iterator[Diagnostic]:
    """What an entry's factors name, and whether the rules can apply them."""
    entry = record.entry
    call = spec.calls.get(entry.call)
    base = record.path + ("factors",)
    if call is None:
        return  # an unknown call is R202
    if call.judging != "scored":
        yield record.doc.diagnostic(base, "R211", f"the {entry.call!r} call designates its winners: there is no score for a factor to multiply",
                                    key=True)
        return
    if not call.rounds:
        yield from _one_round(spec, call, record, base)
        return
    for round_id, given in entry.factors.items():
        if round_id not in call.rounds:
            yield record.doc.diagnostic(base + (round_id,), "R217", hinted(
                f"{round_id!r} is not a round of the {entry.call!r} call (its rounds are {', '.join(call.rounds)})",
                did_you_mean(round_id, list(call.rounds))), key=True)
            continue
        rules = rules_for(spec, call, round_id)
        unscored = _unscored(call, round_id, rules)
        if unscored is not None:
            yield record.doc.diagnostic(base + (round_id,), "R211", unscored, key=True)
        elif isinstance(given, dict):
            yield from _criteria(record, base + (round_id,), Weights.of(call).in_round(round_id).criteria, given, round_id)
            if rules.per != "criterion":
                yield record.doc.diagnostic(base + (round_id,), "R211", (
                    f"a criterion's factor multiplies that criterion's aggregate: the {round_id!r} round of {entry.call!r} "
                    "needs per: criterion"), key=True)


def _one_round(spec: CycleFile, call: Call, record: EntryRecord, base: PathKey) -> Iterator[Diagnostic]:
    """A call judged in one round: factors are criterion → number."""
    entry = record.entry
    rules = rules_for(spec, call, None)
    for key, given in entry.factors.items():
        if isinstance(given, dict):
            yield record.doc.diagnostic(base + (key,), "R217", (
                f"the {entry.call!r} call is judged in one round: {key!r} names no round; "
                "give each criterion's factor directly (factors: {criterion: number})"), key=True)
    numbers = {k: v for k, v in entry.factors.items() if not isinstance(v, dict)}
    yield from _criteria(record, base, tuple(call.criteria), numbers, None)
    if not numbers:
        return
    unscored = _unscored(call, None, rules)
    if unscored is not None:
        yield record.doc.diagnostic(base, "R211", unscored, key=True)
    elif rules.per != "criterion":
        yield record.doc.diagnostic(base, "R211", (
            f"a criterion's factor multiplies that criterion's aggregate: the {entry.call!r} call needs per: criterion"), key=True)


def _criteria(record: EntryRecord, base: PathKey, judged: tuple[str, ...], given: dict[str, float],
              round_id: str | None) -> Iterator[Diagnostic]:
    """Each criterion a factor names is one the round judges (R217)."""
    where = f"the {round_id!r} round" if round_id is not None else f"the {record.entry.call!r} call"
    for criterion in given:
        if criterion not in judged:
            have = f"its criteria are {', '.join(judged)}" if judged else "it has no criteria"
            yield record.doc.diagnostic(base + (criterion,), "R217", hinted(
                f"{criterion!r} is not a criterion of {where} ({have})", did_you_mean(criterion, list(judged))), key=True)


def _unscored(call: Call, round_id: str | None, rules: Rules) -> str | None:
    """Why a round's score cannot be multiplied by a factor, or None."""
    if round_id is not None and call.rounds[round_id].screening:
        return f"the {round_id!r} round is a screening: entries pass or fail, and there is no score for a factor to multiply"
    where = f"the {round_id!r} round" if round_id is not None else "the call"
    if rules.by_rank:
        return f"{where} ranks by {rules.aggregate}, which gives no score for a factor to multiply"
    if rules.aggregate == "approval":  # a count of judges: a difficulty cannot multiply it
        return f"{where} counts approving judges (aggregate: approval): a count is not a score for a factor to multiply"
    return None


def _missing(cycle: Cycle, spec: CycleFile, scoring: Scoring) -> Iterator[Diagnostic]:
    """R216: in each scored round, a factor some entries of the call have for it and a marked one lacks."""
    if not any(record.entry.factors for record in cycle.entry_index.values()):
        return  # no entry declares a factor: none can lack one
    of_call: dict[str, list[str]] = {}
    for entry_id, record in cycle.entry_index.items():
        of_call.setdefault(record.entry.call, []).append(entry_id)
    for stage in scoring.stages:
        if stage.screening or stage.rules.by_rank or stage.rules.aggregate == "approval":  # no factor applies there (R211)
            continue
        marked = [r for r in stage.results.values() if r.lines]  # entries judges marked in this round
        # What every entry of the call declares for the round, marked there or not: a factor only the
        # entry that missed the final declares still says the final is scored with factors.
        factors = {e: factors_of(cycle.entry_index[e].entry, stage.round) for e in of_call.get(stage.call, [])}
        by_round = sorted(entry_id for entry_id, (number, _) in factors.items() if number is not None)
        judged = Weights.of(spec.calls[stage.call]).in_round(stage.round).criteria
        by_criterion = {c: sorted(e for e, (_, given) in factors.items() if c in given) for c in judged}
        by_criterion = {c: having for c, having in by_criterion.items() if having}
        for result in marked:
            number, given = factors[result.entry.id]
            lacking = [c for c in by_criterion if c not in given]
            if by_round and number is None:
                yield _lacks(cycle, result, "", by_round)
            if lacking:
                having = sorted({e for c in lacking for e in by_criterion[c]})
                yield _lacks(cycle, result, ", ".join(lacking), having)


def _lacks(cycle: Cycle, result: EntryScore, what: str, having: list[str]) -> Diagnostic:
    record = cycle.entry_index[result.entry.id]
    # what: the criteria lacking a factor, or "" for the round's own factor
    where = f" the {result.round!r} round" if result.round is not None else " the round"
    where = (f"{what} in{where}" if result.round is not None else what) if what else where
    others = f"{having[0]!r}" if len(having) == 1 else f"{having[0]!r} and {len(having) - 1} other entr{'y' if len(having) == 2 else 'ies'}"
    path = record.path + (("factors",) if result.entry.factors else ("id",))
    return record.doc.diagnostic(path, "R216", (
        f"{result.entry.id!r} has no factor for{' ' if what else ''}{where}, which {others} {'has' if len(having) == 1 else 'have'}: "
        "give it one (a missing factor is not taken as 1)"), key=True)
