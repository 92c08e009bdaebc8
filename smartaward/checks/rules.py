"""Rules: combinations of judging rules that cannot be applied as written, and recorded decisions.

Each problem is reported where the rule is written — in the round, the call or the cycle's rules —
so that one mistake in the cycle's rules is one report, however many calls inherit it.
"""

from __future__ import annotations

from collections.abc import Iterator

from smartaward.checks.judging import rule_path
from smartaward.checks.nearby import hinted, nearby
from smartaward.diagnostics import Diagnostic
from smartaward.judging.pairs import PAIR_METHODS
from smartaward.judging.panel import Rules, rules_for, stages_of, total_range
from smartaward.judging.rounds import best_of, combining
from smartaward.judging.stages import SCORE_DECIMALS
from smartaward.model.cyclefiles import RANK_METHODS, Call, CycleFile
from smartaward.reading.load import Cycle
from smartaward.reading.source import PathKey

RANK_LIST = ", ".join(RANK_METHODS)


def check(cycle: Cycle) -> Iterator[Diagnostic]:
    # A rule written once (say in the cycle's rules) and wrong for several calls or rounds is one
    # report at that place, naming every call and round it is wrong for.
    grouped: dict[tuple[PathKey, str], list[str]] = {}
    doc = cycle.cycle_doc
    assert doc is not None
    for path, template, where in _inherited(cycle):
        grouped.setdefault((path, template), []).append(where)
    for (path, template), wheres in grouped.items():
        yield doc.diagnostic(path, "R211", template.format(where=_joined(wheres)))
    yield from _written(cycle)
    yield from _round_references(cycle)
    yield from _decisions(cycle)


def _joined(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _inherited(cycle: Cycle) -> Iterator[tuple[PathKey, str, str]]:
    """Problems of the rules in force, which may be inherited: (where written, message, for what)."""
    spec = cycle.spec
    assert spec is not None
    for call_id, call in spec.calls.items():
        if call.judging != "scored":
            continue
        for round_id in stages_of(call):
            stage = call.rounds[round_id] if round_id is not None else None
            if stage is not None and stage.screening:
                continue
            rules = rules_for(spec, call, round_id)
            where = f"the {round_id!r} round of {call_id!r}" if round_id is not None else f"the {call_id!r} call"
            if rules.aggregate.startswith("trimmed"):
                if rules.trim == 0:
                    yield (rule_path(spec, call_id, round_id, "aggregate"),
                           f"{rules.aggregate} drops the trim highest and lowest marks: set trim: 1 or more (for {{where}})", where)
                elif rules.min_judges < 2 * rules.trim + 1:
                    yield (rule_path(spec, call_id, round_id, "min_judges"),
                           f"with trim: {rules.trim}, min_judges must be at least {2 * rules.trim + 1} (for {{where}}), "
                           "or an entry with fewer judges would have no mark left after trimming", where)
            if rules.marking == "ranks" and not rules.by_rank:
                yield (rule_path(spec, call_id, round_id, "aggregate"),
                       f"{{where}} is marked by ranks: the aggregate must be a rank method ({RANK_LIST}), not {rules.aggregate}", where)
            yield from _method_keys(spec, call_id, round_id, rules, where)
            if rules.marking == "pairs" and rules.aggregate not in PAIR_METHODS:
                yield (rule_path(spec, call_id, round_id, "aggregate"),
                       f"{{where}} is marked by pairs: the aggregate must read comparisons ({', '.join(PAIR_METHODS)}), not {rules.aggregate}", where)


def _method_keys(spec: CycleFile, call_id: str, round_id: str | None, rules: Rules, where: str) -> Iterator[tuple[PathKey, str, str]]:
    """The keys the issue-16 methods need, or that only they read: `points:` for aggregate: points,
    `approve:` only with approval, and approval counting each judge's total as a mark."""
    if rules.aggregate == "points" and rules.points is None:
        yield (rule_path(spec, call_id, round_id, "aggregate"),
               "aggregate: points gives each place the points of a table: declare it, e.g. points: [12, 10, 8, 7, 6, 5, 4, 3, 2, 1] "
               "(for {where})", where)
    if rules.approve is not None and rules.aggregate != "approval":
        yield (rule_path(spec, call_id, round_id, "approve"),
               f"approve: is the lowest approving mark of aggregate: approval, but {{where}} aggregates by {rules.aggregate}", where)
    if rules.aggregate == "approval" and rules.normalise == "none" and rules.approve is not None:
        yield from _approve_range(spec, call_id, round_id, rules, where)
    if rules.aggregate == "approval" and rules.per == "criterion":
        yield (rule_path(spec, call_id, round_id, "per"),
               "approval counts the judges whose total reaches approve: set per: judge (for {where})", where)
    if rules.decimals is not None and (rules.by_rank or rules.aggregate == "approval"):  # it would round nothing
        yield (rule_path(spec, call_id, round_id, "decimals"),
               f"decimals: rounds criterion aggregates and scores as a sport publishes them, but {rules.aggregate} "
               f"{'counts approving judges' if rules.aggregate == 'approval' else 'ranks the entries'}: it has none to round "
               "(for {where})", where)
    if rules.aggregate == "approval" and rules.normalise == "percentile":
        yield (rule_path(spec, call_id, round_id, "normalise"),
               "approval compares marks with approve:, and percentiles are not marks: normalise by none, z-score or calibrated "
               "(for {where})", where)


def _approve_range(spec: CycleFile, call_id: str, round_id: str | None, rules: Rules, where: str) -> Iterator[tuple[PathKey, str, str]]:
    """approve: within what a judge's total can be: above the highest, no judge approves any entry;
    at or below the lowest, every judge approves every entry. (Raw marks only: a normalised value
    may leave the scale's range.)"""
    assert rules.approve is not None
    call = spec.calls[call_id]
    named = call.rounds[round_id].criteria if round_id is not None else None
    # The round's criteria as panel.highest_total reads them (the default approve: is the highest total).
    criteria = [c for c in dict.fromkeys(named or ()) if c in call.criteria] or list(call.criteria)
    lowest, highest = total_range(spec, call, criteria, rules.total)
    approve = round(rules.approve, SCORE_DECIMALS)
    if approve > round(highest, SCORE_DECIMALS):
        outcome = f"above the highest total a judge can give ({highest:g}): no judge would approve any entry"
    elif approve <= round(lowest, SCORE_DECIMALS):
        outcome = f"at or below the lowest total a judge can give ({lowest:g}): every judge would approve every entry"
    else:
        return
    yield (rule_path(spec, call_id, round_id, "approve"),
           f"approve: {rules.approve:g} is {outcome}; a judge's total runs from {lowest:g} to {highest:g} (for {{where}})", where)


def _written(cycle: Cycle) -> Iterator[Diagnostic]:
    """Problems of rules that belong to one call or round."""
    spec, doc = cycle.spec, cycle.cycle_doc
    assert spec is not None and doc is not None
    for call_id, call in spec.calls.items():
        if call.judging != "scored":
            continue
        rounds = stages_of(call)
        base = ("calls", call_id)
        for round_id in rounds:
            stage = call.rounds[round_id] if round_id is not None else None
            rules = rules_for(spec, call, round_id)
            where = f"the {round_id!r} round of {call_id!r}" if round_id is not None else f"the {call_id!r} call"
            if stage is not None and stage.screening:
                if stage.shortlist is not None:
                    yield doc.diagnostic(base + ("rounds", round_id, "shortlist"), "R211",
                                         f"{where} is a screening: entries pass or fail, so there is no shortlist", key=True)
                continue
            if stage is not None and stage.shortlist is not None and stage.shortlist.threshold is not None and rules.by_rank:
                yield doc.diagnostic(base + ("rounds", round_id, "shortlist", "threshold"), "R211",
                                     f"{where} ranks by {rules.aggregate}, which gives no score to hold against a threshold: shortlist by top: K")
            how, named = combining(call)
            # Only a round the combine adds up needs a score: one it does not name only cuts.
            if how != "final-only" and rules.by_rank and (named is None or round_id in named):
                yield doc.diagnostic(base + ("combine",), "R211",
                                     f"combine: {how} adds up scores, but {where} ranks by {rules.aggregate}; {_rank_advice(call, round_id)}")
        if call.rounds:
            last_id = rounds[-1]
            assert last_id is not None
            last = call.rounds[last_id]
            if last.screening:
                yield doc.diagnostic(base + ("rounds", last_id), "R211",
                                     f"the last round of {call_id!r} is a screening: the final round must be scored or ranked", key=True)
            if last.shortlist is not None:
                yield doc.diagnostic(base + ("rounds", last_id, "shortlist"), "R211",
                                     f"{last_id!r} is the last round of {call_id!r}: there is no next round to shortlist for", key=True)
        final = rules_for(spec, call, rounds[-1])
        if final.by_rank:
            for category_id, category in call.categories.items():
                for slot_id, slot in category.awards.items():
                    if slot.min_score is not None:
                        path = base + ("categories", category_id, "awards", slot_id, "min_score")
                        yield doc.diagnostic(path, "R211",
                                             f"{call_id!r} is ranked by {final.aggregate}, which gives no score to hold against min_score", key=True)


def _rank_advice(call: Call, round_id: str | None) -> str:
    """What to do about a combined round ranked by a rank method: combine without it where it is an
    earlier round that cuts (its ranking still decides who goes on), else combine: final-only."""
    how, named = combining(call)
    rounds = list(call.rounds)
    if round_id is None or round_id == rounds[-1] or call.rounds[round_id].shortlist is None:
        return "use combine: final-only"
    kept = [r for r in rounds if r != round_id and not call.rounds[r].screening and (named is None or r in named)]
    return f"leave it out of the combine, where it still cuts (combine: {{{how}: [{', '.join(kept)}]}}), or use combine: final-only"


def _round_references(cycle: Cycle) -> Iterator[Diagnostic]:
    """Rounds and criteria named by combine, a shortlist's on: and a round's criteria: each one of
    the call's, of the right kind (R217); and the round keys that only mean something under
    combine: best, or with score methods (R211)."""
    spec, doc = cycle.spec, cycle.cycle_doc
    assert spec is not None and doc is not None
    for call_id, call in spec.calls.items():
        if call.judging != "scored":
            continue
        base = ("calls", call_id)
        how, named = combining(call)
        if named is not None:
            yield from _combined_rounds(cycle, call_id)
        order = list(call.rounds)
        for round_id, stage in call.rounds.items():
            here = base + ("rounds", round_id)
            yield from _criteria_of_round(cycle, call_id, round_id)
            if stage.required and not best_of(call):
                yield doc.diagnostic(here + ("required",), "R211", f"required: true only changes anything under combine: best (the "
                                                                   f"{call_id!r} call combines by {how}): there, every round is required", key=True)
            if stage.shortlist is None or stage.shortlist.on is None or stage.screening:
                continue
            for pos in _repeated(stage.shortlist.on):  # a cut adds each named round once
                yield doc.diagnostic(here + ("shortlist", "on", pos), "R217",
                                     f"the shortlist of the {round_id!r} round names {stage.shortlist.on[pos]!r} twice: a cut adds each round once")
            for pos, named_round in enumerate(stage.shortlist.on):
                why = _not_scored_round(cycle, call_id, named_round)
                if not why and order.index(named_round) > order.index(round_id):
                    why = f"{named_round!r}, a round after {round_id!r}: a cut adds up this round and earlier ones"
                if why:
                    yield doc.diagnostic(here + ("shortlist", "on", pos), "R217", f"the shortlist of the {round_id!r} round is on {why}")
            by_rank = [r for r in stage.shortlist.on if r in call.rounds and rules_for(spec, call, r).by_rank]
            if by_rank and stage.shortlist.on != [round_id]:
                yield doc.diagnostic(here + ("shortlist", "on"), "R211",
                                     f"a cut on {' + '.join(stage.shortlist.on)} adds up scores, but {_joined(by_rank)} ranks by a rank "
                                     "method, which gives no score to add; cut on this round alone", key=True)


def _combined_rounds(cycle: Cycle, call_id: str) -> Iterator[Diagnostic]:
    """combine: {sum|best|weighted: [...]} names scored rounds of the call, each once (R217), and
    the last round: otherwise its marks would count for nothing, though they are read (R211)."""
    spec, doc = cycle.spec, cycle.cycle_doc
    assert spec is not None and doc is not None
    call = spec.calls[call_id]
    how, named = combining(call)
    assert named is not None
    listed = call.combine.rounds  # type: ignore[union-attr]
    path = ("calls", call_id, "combine", how)
    for pos, round_id in enumerate(listed):
        why = _not_scored_round(cycle, call_id, round_id)
        if why:
            yield doc.diagnostic(path + (pos,), "R217", f"combine: {how} names {why}")
    for pos in _repeated(listed):
        yield doc.diagnostic(path + (pos,), "R217", f"combine: {how} names {listed[pos]!r} twice: each round counts once")
    # Only where every name is a round: a misspelt one (R217 above) may well be a round left out.
    if not named <= call.rounds.keys():
        return
    dead = _uncounted(call, named)
    if dead:
        yield doc.diagnostic(path, "R211", _uncounted_message(call_id, call, how, named, dead), key=True)


def _uncounted(call: Call, named: frozenset[str]) -> list[str]:
    """The scored rounds whose marks a combine over `named` rounds would read and count for nothing:
    not named, not a screening, cutting no one (no shortlist, or the last round, which cannot cut)
    and not added up by a later round's cut (`on:`)."""
    rounds = list(call.rounds)
    cut_on = {r for stage in call.rounds.values() if stage.shortlist is not None and stage.shortlist.on for r in stage.shortlist.on}
    return [r for r, stage in call.rounds.items()
            if r not in named and not stage.screening and r not in cut_on and (stage.shortlist is None or r == rounds[-1])]


def _uncounted_message(call_id: str, call: Call, how: str, named: frozenset[str], dead: list[str]) -> str:
    last = list(call.rounds)[-1]
    example = f"{how}: [{', '.join(r for r in call.rounds if r in named or r in dead)}]"
    if dead == [last]:
        return (f"combine: {how} leaves out {last!r}, the last round of {call_id!r}: its marks would count for nothing; "
                f"name it (e.g. {example})")
    one = len(dead) == 1
    it = "it" if one else "them"
    also = f" ({last!r} is the last round)" if last in dead else ""
    cut = "" if last in dead else f", or give {it} a shortlist"
    return (f"combine: {how} leaves out {_joined([repr(r) for r in dead])} of {call_id!r}{also}, "
            f"{'a round that cuts' if one else 'rounds that cut'} no one: {'its' if one else 'their'} marks would count for nothing; "
            f"name {it} (e.g. {example}){cut}")


def _repeated(names: list[str]) -> list[int]:
    """The positions of names already listed before them (a round or criterion named twice)."""
    return [pos for pos, name in enumerate(names) if name in names[:pos]]


def _not_scored_round(cycle: Cycle, call_id: str, round_id: str) -> str:
    """Why a round named in combine or a shortlist's on: cannot be added up ("" if it can)."""
    call = cycle.spec.calls[call_id]  # type: ignore[union-attr]
    if round_id not in call.rounds:
        return hinted(f"{round_id!r}, which is not a round of the {call_id!r} call", nearby(cycle).hint("round", round_id, call_id))
    if call.rounds[round_id].screening:
        return f"{round_id!r}, a screening round: it gives pass or fail, not a score"
    return ""


def _criteria_of_round(cycle: Cycle, call_id: str, round_id: str) -> Iterator[Diagnostic]:
    """A round's `criteria:` names criteria of its call (R217), at least one (R211)."""
    spec, doc = cycle.spec, cycle.cycle_doc
    assert spec is not None and doc is not None
    call = spec.calls[call_id]
    criteria = call.rounds[round_id].criteria
    if criteria is None:
        return
    path = ("calls", call_id, "rounds", round_id, "criteria")
    if not criteria:
        yield doc.diagnostic(path, "R211", f"the {round_id!r} round judges no criterion: list at least one, or leave criteria: out "
                                           "(all of the call's)", key=True)
    for pos in _repeated(criteria):
        yield doc.diagnostic(path + (pos,), "R217", f"the {round_id!r} round's criteria name {criteria[pos]!r} twice: list each once")
    for pos, criterion_id in enumerate(criteria):
        if criterion_id not in call.criteria:
            if not call.criteria:
                message = f"{criterion_id!r}: the {call_id!r} call has no criteria (one overall mark)"
            else:
                message = hinted(f"{criterion_id!r} is not a criterion of the {call_id!r} call",
                                 nearby(cycle).hint("criterion", criterion_id, call_id))
            yield doc.diagnostic(path + (pos,), "R217", f"the {round_id!r} round's criteria: {message}")


def _decisions(cycle: Cycle) -> Iterator[Diagnostic]:
    """Each recorded decision names existing entries of one call and category."""
    spec, doc = cycle.spec, cycle.cycle_doc
    assert spec is not None and doc is not None
    for number, decision in enumerate(spec.decisions):
        places = set()
        for pos, entry_id in enumerate(decision.tie):
            record = cycle.entry_index.get(entry_id)
            if record is None:
                if cycle.known_entry(entry_id) is False:
                    yield doc.diagnostic(("decisions", number, "tie", pos), "R205",
                                         hinted(f"there is no entry {entry_id!r}", nearby(cycle).hint("entry", entry_id)))
                continue
            places.add((record.entry.call, record.entry.category))
            call = spec.calls.get(record.entry.call)
            if decision.round is not None and call is not None and decision.round not in call.rounds:
                yield doc.diagnostic(("decisions", number, "round"), "J408", hinted(
                    f"round {decision.round!r} is not a round of the {record.entry.call!r} call",
                    nearby(cycle).hint("round", decision.round, record.entry.call)))
        if len(places) > 1:
            listed = ", ".join(f"{c}/{k}" for c, k in sorted(places))
            yield doc.diagnostic(("decisions", number, "tie"), "R203", f"a tie decision orders entries of one category; these are in {listed}", key=True)
