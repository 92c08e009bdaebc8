"""Rules: combinations of judging rules that cannot be applied as written (R211), and recorded decisions.

- the rules in force in each scored round, which a round may inherit from its call or the cycle:
  trimmed means and their trim, rank methods on ranks and pairs sheets, the keys only some methods
  read (points:, approve:, decimals:); each problem is one report where the rule is written —
  in the round, the call or the cycle's rules — naming every call and round it is wrong for;
- what belongs to one call or round: a shortlist on a screening or on the last round, a threshold,
  min_score or combine over a round ranked by a rank method;
- recorded tie decisions: existing entries (R205) of one call and category (R203), a round of
  their call (J408).

Rounds and criteria named by combine, a shortlist's on: and a round's criteria: are checks/rounds.py;
entries' factors and panel: criterion are checks/factors.py. The helpers they share are here:
`scored_calls`, `scored_rounds`, `stage_name`, `joined` and `said_once`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from smartaward.checks.judging import rule_path
from smartaward.checks.nearby import hinted, nearby
from smartaward.diagnostics import Diagnostic
from smartaward.judging.pairs import PAIR_METHODS
from smartaward.judging.panel import Rules, round_criteria, rules_for, stages_of, total_range
from smartaward.judging.rounds import combining
from smartaward.judging.stages import SCORE_DECIMALS
from smartaward.model.cyclefiles import RANK_METHODS, Call, CycleFile
from smartaward.reading.load import Cycle
from smartaward.reading.source import Document, PathKey

RANK_LIST = ", ".join(RANK_METHODS)

# A problem of a rule in force: (where the rule is written, the message with {where} left to fill,
# the call or round it is wrong for). See said_once.
Inherited = tuple[PathKey, str, str]


def check(cycle: Cycle) -> Iterator[Diagnostic]:
    doc = cycle.cycle_doc
    assert doc is not None
    yield from said_once(doc, "R211", _inherited(cycle))
    yield from _written(cycle)
    yield from _decisions(cycle)


def scored_calls(spec: CycleFile) -> Iterator[tuple[str, Call]]:
    """The calls judged by marks (a designated call has no rules to check)."""
    return ((call_id, call) for call_id, call in spec.calls.items() if call.judging == "scored")


def scored_rounds(spec: CycleFile) -> Iterator[tuple[str, Call, str | None]]:
    """(call, its id, a round) for every round that scores or ranks, screenings left out: the places
    rules are in force. The round is None for a call judged in one round."""
    for call_id, call in scored_calls(spec):
        for round_id in stages_of(call):
            if round_id is None or not call.rounds[round_id].screening:
                yield call_id, call, round_id


def stage_name(call_id: str, round_id: str | None) -> str:
    """A call or one of its rounds, as messages name it."""
    return f"the {round_id!r} round of {call_id!r}" if round_id is not None else f"the {call_id!r} call"


def joined(items: list[str]) -> str:
    """"a", "a and b", "a, b and c"."""
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def said_once(doc: Document, code: str, problems: Iterable[Inherited]) -> Iterator[Diagnostic]:
    """A rule written once (say in the cycle's rules) and wrong for several calls or rounds is one
    report at that place, naming every call and round it is wrong for."""
    grouped: dict[tuple[PathKey, str], list[str]] = {}
    for path, template, where in problems:
        grouped.setdefault((path, template), []).append(where)
    for (path, template), wheres in grouped.items():
        yield doc.diagnostic(path, code, template.format(where=joined(wheres)))


def _inherited(cycle: Cycle) -> Iterator[Inherited]:
    """Problems of the rules in force, which may be inherited."""
    spec = cycle.spec
    assert spec is not None
    for call_id, call, round_id in scored_rounds(spec):
        rules = rules_for(spec, call, round_id)
        where = stage_name(call_id, round_id)
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


def _method_keys(spec: CycleFile, call_id: str, round_id: str | None, rules: Rules, where: str) -> Iterator[Inherited]:
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
    if rules.correct is not None:
        yield from _correction(spec, call_id, round_id, rules, where)
    if rules.aggregate == "approval" and rules.normalise != "none":
        # a judge's 10 z-scored to 9.4 would silently stop approving at approve: 10 (the hostile review's case)
        yield (rule_path(spec, call_id, round_id, "normalise"),
               f"approval compares each judge's mark with approve: as the judge gave it, and normalise: {rules.normalise} "
               "changes the marks: use normalise: none (for {where})", where)


def _correction(spec: CycleFile, call_id: str, round_id: str | None, rules: Rules, where: str) -> Iterator[Inherited]:
    """correct: moves each judge's total toward the panel's centre, then a score method aggregates
    them (per: judge, the marks as given): with a rank method, approval, per: criterion or a
    normalisation there is no such total to move, or it would be moved and then changed again."""
    path = rule_path(spec, call_id, round_id, "correct")
    if rules.by_rank or rules.aggregate == "approval":
        yield (path, f"correct: moves judges' totals before a score method aggregates them, but {rules.aggregate} "
                     f"{'counts approving judges' if rules.aggregate == 'approval' else 'ranks the entries'} (for {{where}})", where)
    elif rules.per == "criterion":
        yield (path, "correct: moves each judge's total toward the panel's: set per: judge (for {where})", where)
    elif rules.normalise != "none":
        yield (path, f"correct: compares the judges' totals as given, and normalise: {rules.normalise} changes them: "
                     "use one or the other (for {where})", where)


def _approve_range(spec: CycleFile, call_id: str, round_id: str | None, rules: Rules, where: str) -> Iterator[tuple[PathKey, str, str]]:
    """approve: within what a judge's total can be: above the highest, no judge approves any entry;
    at or below the lowest, every judge approves every entry. (Raw marks only: a normalised value
    may leave the scale's range.)"""
    assert rules.approve is not None
    call = spec.calls[call_id]
    lowest, highest = total_range(spec, call, round_criteria(call, round_id), rules.total)
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
    for call_id, call, round_id in scored_rounds(spec):
        yield from _round_written(doc, spec, call_id, call, round_id)
    for call_id, call in scored_calls(spec):
        for round_id, stage in call.rounds.items():
            if stage.screening and stage.shortlist is not None:
                yield doc.diagnostic(("calls", call_id, "rounds", round_id, "shortlist"), "R211",
                                     f"{stage_name(call_id, round_id)} is a screening: entries pass or fail, so there is no shortlist", key=True)
        yield from _last_round(doc, spec, call_id, call)


def _round_written(doc: Document, spec: CycleFile, call_id: str, call: Call, round_id: str | None) -> Iterator[Diagnostic]:
    """A scored round's shortlist threshold and its place in the combine, under a rank method."""
    base = ("calls", call_id)
    stage = call.rounds[round_id] if round_id is not None else None
    rules = rules_for(spec, call, round_id)
    where = stage_name(call_id, round_id)
    if stage is not None and stage.shortlist is not None and stage.shortlist.threshold is not None and rules.by_rank:
        yield doc.diagnostic(base + ("rounds", round_id, "shortlist", "threshold"), "R211",
                             f"{where} ranks by {rules.aggregate}, which gives no score to hold against a threshold: shortlist by top: K")
    how, named = combining(call)
    # Only a round the combine adds up needs a score: one it does not name only cuts.
    if how != "final-only" and rules.by_rank and (named is None or round_id in named):
        yield doc.diagnostic(base + ("combine",), "R211",
                             f"combine: {how} adds up scores, but {where} ranks by {rules.aggregate}; {_rank_advice(call, round_id)}")


def _last_round(doc: Document, spec: CycleFile, call_id: str, call: Call) -> Iterator[Diagnostic]:
    """The last round decides the awards: it is scored or ranked, cuts no one, and gives a score
    where a slot has min_score."""
    base = ("calls", call_id)
    rounds = stages_of(call)
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
