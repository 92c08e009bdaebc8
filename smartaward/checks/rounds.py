"""Rounds and criteria a call names in its rounds (docs/rules.md, §7):

- R217: combine: {sum|best|weighted: [...]}, a shortlist's on: and a round's criteria: name rounds
  (scored ones, each once; on: this round or earlier ones) or criteria of the call;
- R211: what those names cannot do as written: a combine that leaves out a round whose marks would
  then count for nothing, a cut adding up rounds ranked by a rank method, a round judging no
  criterion, required: outside combine: best.

Entries' factors, which name rounds and criteria too, are checked in checks/factors.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from smartaward.checks.nearby import hinted, nearby
from smartaward.checks.rules import joined, scored_calls, scored_rounds
from smartaward.diagnostics import Diagnostic
from smartaward.judging.panel import rules_for
from smartaward.judging.rounds import best_of, combining
from smartaward.model.cyclefiles import Call, CombineRounds
from smartaward.reading.load import Cycle
from smartaward.reading.source import PathKey


def check(cycle: Cycle) -> Iterator[Diagnostic]:
    """Rounds and criteria named by combine, a shortlist's on: and a round's criteria: each one of
    the call's, of the right kind (R217); and the round keys that only mean something under
    combine: best, or with score methods (R211)."""
    spec, doc = cycle.spec, cycle.cycle_doc
    assert spec is not None and doc is not None
    for call_id, call in scored_calls(spec):
        base = ("calls", call_id)
        how, named = combining(call)
        if named is not None:
            yield from _combined_rounds(cycle, call_id)
        for round_id, stage in call.rounds.items():
            here = base + ("rounds", round_id)
            yield from _criteria_of_round(cycle, call_id, round_id)
            if stage.required and not best_of(call):
                yield doc.diagnostic(here + ("required",), "R211", f"required: true only changes anything under combine: best (the "
                                                                   f"{call_id!r} call combines by {how}): there, every round is required", key=True)
            yield from _cut_on(cycle, call_id, round_id)
    yield from _rounding_without_decimals(cycle)


def _rounding_without_decimals(cycle: Cycle) -> Iterator[Diagnostic]:
    """R211: a `rounding:` that rounds nothing — written where no `decimals:` is in force (in the
    rules of the cycle, a call or a round, over every scored round they hold; on a shortlist or a
    combine without decimals of their own). It would look as if it changed results."""
    spec, doc = cycle.spec, cycle.cycle_doc
    assert spec is not None and doc is not None
    layers: list[tuple[PathKey, Any, list[tuple[str, Call, str | None]]]] = [(("rules",), spec.rules, list(scored_rounds(spec)))]
    for call_id, call in scored_calls(spec):
        rounds = [(c, k, r) for c, k, r in scored_rounds(spec) if c == call_id]
        layers.append((("calls", call_id, "rules"), call.rules, rounds))
        for round_id, stage in call.rounds.items():
            layers.append((("calls", call_id, "rounds", round_id, "rules"), stage.rules, [(c, k, r) for c, k, r in rounds if r == round_id]))
            cut = stage.shortlist
            if cut is not None and "rounding" in cut.model_fields_set and cut.decimals is None:
                yield doc.diagnostic(("calls", call_id, "rounds", round_id, "shortlist", "rounding"), "R211",
                                     "rounding: says how decimals: rounds, and this shortlist has no decimals: add decimals: N, "
                                     "or remove rounding:", key=True)
        how = call.combine
        if isinstance(how, CombineRounds) and "rounding" in how.model_fields_set and how.decimals is None:
            yield doc.diagnostic(("calls", call_id, "combine", "rounding"), "R211",
                                 "rounding: says how decimals: rounds, and this combine has no decimals: add decimals: N, "
                                 "or remove rounding:", key=True)
    for path, rules, rounds in layers:
        if rules is None or "rounding" not in rules.model_fields_set or rules.rounding is None:
            continue
        if rounds and all(rules_for(spec, call, round_id).decimals is None for _, call, round_id in rounds):
            yield doc.diagnostic(path + ("rounding",), "R211", "rounding: says how decimals: rounds, and no decimals: is in force "
                                                               "where it applies: add decimals: N, or remove rounding:", key=True)


def _cut_on(cycle: Cycle, call_id: str, round_id: str) -> Iterator[Diagnostic]:
    """A shortlist's on: names this round or earlier scored ones, each once (R217), scored by a
    score method when there are several to add up (R211)."""
    spec, doc = cycle.spec, cycle.cycle_doc
    assert spec is not None and doc is not None
    call = spec.calls[call_id]
    stage = call.rounds[round_id]
    if stage.shortlist is None or stage.shortlist.on is None or stage.screening:
        return
    here = ("calls", call_id, "rounds", round_id)
    order = list(call.rounds)
    on = stage.shortlist.on
    named = list(on)
    # Where each name is: a list's item, or a mapping's key (round → weight).
    def place(pos: int) -> tuple[PathKey, bool]:
        return (here + ("shortlist", "on", named[pos]), True) if isinstance(on, dict) else (here + ("shortlist", "on", pos), False)

    for pos in _repeated(named):  # a cut adds each named round once (a mapping cannot repeat a key: Y002)
        yield doc.diagnostic(place(pos)[0], "R217",
                             f"the shortlist of the {round_id!r} round names {named[pos]!r} twice: a cut adds each round once")
    for pos, named_round in enumerate(named):
        why = _not_scored_round(cycle, call_id, named_round)
        if not why and order.index(named_round) > order.index(round_id):
            why = f"{named_round!r}, a round after {round_id!r}: a cut adds up this round and earlier ones"
        if why:
            path, key = place(pos)
            yield doc.diagnostic(path, "R217", f"the shortlist of the {round_id!r} round is on {why}", key=key)
    if round_id not in named and all(r in call.rounds for r in named) and not _counted_elsewhere(call, round_id):
        yield doc.diagnostic(here + ("shortlist", "on"), "R211",
                             f"the cut of the {round_id!r} round ranks on {' + '.join(named)} only, and {round_id!r} counts nowhere "
                             f"else (not in combine, not in a later cut): its marks would count for nothing; add {round_id!r} to on:",
                             key=True)
    by_rank = [r for r in named if r in call.rounds and rules_for(spec, call, r).by_rank]
    if by_rank and named != [round_id]:
        yield doc.diagnostic(here + ("shortlist", "on"), "R211",
                             f"a cut on {' + '.join(named)} adds up scores, but {joined(by_rank)} ranks by a rank "
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


def _counted_elsewhere(call: Call, round_id: str) -> bool:
    """Whether a round's scores count beyond its own cut: combined into the final score (combine over
    every round, or naming it), or added up by another round's cut (`on:`)."""
    how, named = combining(call)
    if how != "final-only" and (named is None or round_id in named):
        return True
    return any(stage.shortlist is not None and stage.shortlist.on is not None and round_id in stage.shortlist.on
               for other, stage in call.rounds.items() if other != round_id)


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
    return (f"combine: {how} leaves out {joined([repr(r) for r in dead])} of {call_id!r}{also}, "
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
