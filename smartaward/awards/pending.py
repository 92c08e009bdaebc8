"""Which results wait on a tie that awaits the chair's decision (J412): a pending result is not final.

A tie reaches the `chair` rule with no recorded decision; the chain goes on to its next rule (or
leaves the entries sharing their rank), and the awards are given on that provisional order. Once
the chair records a decision, the group is ordered as decided, and awards may move. This module
says which ones may, without guessing the decision: docs/rules.md ("Pending results") states the
rule, and tests/test_pending.py checks it against every order the chair could record.

- **A tie in the final ranking** of a category decides an award only if one of its entries holds
  one. If none does, no order of the group changes anything: every slot that reached the group
  found none of them eligible, whatever their order. If one does, the first slot (in the order
  awards are given: level by level, categories in cycle.yaml order) that went to an entry of the
  group is where results may start to differ. From that slot on, the awards of the category that
  go to the group or to an entry ranked below it are pending.
- **A tie at a shortlist's cut** decides who reached the final round: every award of the category
  is pending.
- **Other categories.** With `one_award_per: entrant` or `max_awards_per_country`, an award that
  moves can make an entry of another category eligible or not (its entrant already holds an award,
  its country reached the cap). Every entry whose award may change taints its entrant (and its
  country, under a cap); in any category, from the first entry (in ranking or designation order)
  of a tainted entrant or country down, the awards given from that first slot on are pending too,
  and those entries taint in turn. Without those rules, categories never affect each other.

This over-approximates (an award marked pending may well stay where it is) but never misses one:
an award that can change with the decision is always marked. Where it is cheap, the marks are then
made exact (`_exactly`): when every tie that decides an award is in a final ranking and the orders
the chair could record number at most EXACT_LIMIT in all (EXACT_WORK bounds them in a big cycle),
the awards are given again under each of them, and only the slots whose winners differ under some
order stay pending. (A tie at a shortlist
cut decides who reaches the final round, which would mean judging that round again: the rule above
stands.) The rows marked in `rank` are the entries that hold a pending award and the entries of a
tie that decides one.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import permutations, product
from math import factorial, prod

from smartaward.awards.allocation import Allocation, allocate
from smartaward.judging.ranking import CategoryRanking, Ranked
from smartaward.judging.stages import Stage
from smartaward.model.cyclefiles import CycleFile, Entry

_MAX_NAMED = 3  # entries named in a reason; the rest are counted
# The most orders of the undecided ties to give the awards under, to find exactly which may change
# (6! for one tie of six entries), and the most ranked rows to go through in all: giving the awards
# once goes through every ranked row, so a cycle of 100,000 entries is given them again under at most
# 20 orders (a tie of three entries has 6).
EXACT_LIMIT = 720
EXACT_WORK = 2_000_000


@dataclass(frozen=True)
class Tie:
    """A tied group with no recorded decision where the chain reached `chair`."""

    call: str
    category: str
    entries: tuple[str, ...]  # sorted
    round: str | None = None  # the round whose shortlist cut it straddles; None: the final ranking

    def describe(self) -> str:
        named = ", ".join(self.entries[:_MAX_NAMED])
        more = len(self.entries) - _MAX_NAMED
        group = f"{named} and {more} more" if more > 0 else named
        return f"tie of {group}" + (f" at the cut of the {self.round!r} round" if self.round is not None else "")

    def reason(self, member: bool) -> str:
        """Why a row is pending: it is in the tie, or it depends on it."""
        if member:
            return f"{self.describe()} awaits the chair's decision"
        return f"depends on the {self.describe()}, which awaits the chair's decision"


@dataclass
class Pending:
    """What waits on undecided ties: by entry id for awards and rank rows, by slot for unfilled ones."""

    ties: list[Tie] = field(default_factory=list)  # every undecided tie, deciding an award or not
    deciding: list[Tie] = field(default_factory=list)  # those on which some result depends
    awards: dict[str, str] = field(default_factory=dict)  # entry id → why its award is pending
    rows: dict[str, str] = field(default_factory=dict)  # entry id → why its rank row is pending
    unfilled: dict[tuple[str, str, str], str] = field(default_factory=dict)  # (call, category, award) → why
    slots: list[tuple[str, str, str]] = field(default_factory=list)  # (call, category, award) with a pending result

    def __bool__(self) -> bool:
        return bool(self.ties)


Place = tuple[str, str]  # (call, category)
Step = tuple[int, int]  # (level, place index): the order in which award slots are filled


def undecided_ties(rankings: list[CategoryRanking], stages: list[Stage], entries: dict[str, Entry]) -> list[Tie]:
    """Every tie awaiting the chair: at a shortlist's cut (in round order), then in final rankings."""
    ties = []
    for stage in stages:
        for group in stage.awaiting_chair:
            category = entries[group[0]].category
            ties.append(Tie(stage.call, category, tuple(sorted(group)), stage.round))
    for ranking in rankings:
        ties += [Tie(ranking.call, ranking.category, tuple(sorted(group))) for group in ranking.awaiting_chair]
    return ties


def pending_results(spec: CycleFile, rankings: list[CategoryRanking], stages: list[Stage],
                    allocation: Allocation, entries: dict[str, Entry]) -> Pending:
    ties = undecided_ties(rankings, stages, entries)
    pending = Pending(ties)
    if not ties:
        return pending  # the common case: nothing to work out
    board = _Board(spec, rankings, allocation, entries)
    for tie in ties:
        origin = board.origin(tie)
        if origin is None:
            continue  # no award depends on it
        pending.deciding.append(tie)
        step, place, start = origin
        first = board.affected(place, start, tie.entries)
        for entry_id in board.awarded_from(step, first):
            pending.awards.setdefault(entry_id, tie.reason(member=entry_id in tie.entries))
        for key, slot_step in board.unfilled.items():
            if slot_step >= step and key[:2] in first:
                pending.unfilled.setdefault(key, tie.reason(member=False))
        for entry_id in tie.entries:
            pending.rows.setdefault(entry_id, tie.reason(member=True))
    _exactly(pending, spec, rankings, allocation, entries, board)
    for entry_id, why in pending.awards.items():
        pending.rows.setdefault(entry_id, why)
    slots = {board.slot[e] for e in pending.awards} | set(pending.unfilled)
    pending.slots = sorted(slots, key=lambda s: board.step(*s)[::-1])  # by category, then precedence
    return pending


class _Board:
    """The allocation laid out for the question "what could change from this slot on": each place's
    candidates in order, and at which step each award and each unfilled slot was decided."""

    def __init__(self, spec: CycleFile, rankings: list[CategoryRanking], allocation: Allocation,
                 entries: dict[str, Entry]) -> None:
        self.entries = entries
        self.one_per_entrant = spec.rules.one_award_per == "entrant"
        self.country_cap = spec.rules.max_awards_per_country is not None
        places = [(call_id, category_id, category) for call_id, call in spec.calls.items()
                  for category_id, category in call.categories.items()]
        self.index = {(c, k): i for i, (c, k, _) in enumerate(places)}
        self.levels = {(c, k): {slot: level for level, slot in enumerate(category.awards)} for c, k, category in places}
        self.given = {(c, k) for c, k, category in places if any(slot.count > 0 for slot in category.awards.values())}
        by_place = {(r.call, r.category): r for r in rankings}
        # Each place's candidates, in the order every slot looks at them, as groups of entries that
        # share a rank (a slot takes or skips a group as a whole): a position is a group's index.
        # A designated category has a list per slot, in no common order: it is one group.
        self.order: dict[Place, list[list[str]]] = {}
        for call_id, category_id, category in places:
            ranking = by_place.get((call_id, category_id))
            if ranking is None:
                listed = dict.fromkeys(e for d in category.designated.values() for e in d.entries if e in entries)
                self.order[(call_id, category_id)] = [list(listed)] if listed else []
                continue
            groups: list[list[str]] = []
            previous = None
            for row in ranking.rows:
                if row.rank is None:
                    continue
                if row.rank != previous:
                    groups.append([])
                previous = row.rank
                groups[-1].append(row.result.entry.id)
            self.order[(call_id, category_id)] = groups
        self.position = {e: i for groups in self.order.values() for i, group in enumerate(groups) for e in group}
        # Where each entrant and each country first appears in each place (for the rules that tie
        # categories together: one_award_per: entrant, max_awards_per_country).
        self.entrant_at: dict[str, dict[Place, int]] = {}
        self.country_at: dict[str, dict[Place, int]] = {}
        for where, groups in self.order.items():
            for position, group in enumerate(groups):
                for entry_id in group:
                    entrant = entries[entry_id].entrant
                    self.entrant_at.setdefault(entrant.key, {}).setdefault(where, position)
                    if entrant.country is not None:  # an entrant without a country counts towards no cap
                        self.country_at.setdefault(entrant.country, {}).setdefault(where, position)
        self.awarded = {a.entry.id: (self.step(a.call, a.category, a.award), (a.call, a.category)) for a in allocation.awards}
        self.slot = {a.entry.id: (a.call, a.category, a.award) for a in allocation.awards}
        self.unfilled = {(u.call, u.category, u.award): self.step(u.call, u.category, u.award) for u in allocation.unfilled}

    def step(self, call: str, category: str, award: str) -> Step:
        return (self.levels[(call, category)][award], self.index[(call, category)])

    def origin(self, tie: Tie) -> tuple[Step, Place, int] | None:
        """Where results may start to differ: the first step, the place and the first position in
        its order that the tie may affect; None if no award depends on it."""
        place = (tie.call, tie.category)
        if tie.round is not None:  # who reached the final round: every award of the category
            if place not in self.given:
                return None
            return min(self.step(tie.call, tie.category, slot) for slot in self.levels[place]), place, 0
        steps = [self.awarded[e][0] for e in tie.entries if e in self.awarded]
        if not steps:
            return None
        return min(steps), place, min(self.position[e] for e in tie.entries)

    def affected(self, place: Place, start: int, members: tuple[str, ...]) -> dict[Place, int]:
        """The first affected position of every place that has one: from `start` in `place`, then
        followed through the rules that tie categories together until nothing more changes. Each
        entry, entrant and country is followed once: linear in the size of the cycle."""
        first: dict[Place, int] = {}
        entrants: set[str] = set()
        countries: set[str] = set()
        queue = list(members)  # entries whose award may change, their entrant and country not yet followed

        def unsettle(where: Place, position: int) -> None:
            end = first.get(where, len(self.order[where]))
            if position < end:
                first[where] = position
                queue.extend(e for group in self.order[where][position:end] for e in group)

        unsettle(place, start)
        first.setdefault(place, start)  # a place with no candidate left: its unfilled slots still are
        while queue:
            entrant = self.entries[queue.pop()].entrant
            if self.one_per_entrant and entrant.key not in entrants:
                entrants.add(entrant.key)
                for where, position in self.entrant_at.get(entrant.key, {}).items():
                    unsettle(where, position)
            if self.country_cap and entrant.country is not None and entrant.country not in countries:
                countries.add(entrant.country)
                for where, position in self.country_at.get(entrant.country, {}).items():
                    unsettle(where, position)
        return first

    def awarded_from(self, step: Step, first: dict[Place, int]) -> Iterable[str]:
        """The entries given an award at `step` or later, at or below their place's first affected
        position."""
        for entry_id, (slot_step, where) in self.awarded.items():
            if slot_step >= step and where in first and self.position[entry_id] >= first[where]:
                yield entry_id


Slot = tuple[str, str, str]  # (call, category, award)


def _exactly(pending: Pending, spec: CycleFile, rankings: list[CategoryRanking], allocation: Allocation,
             entries: dict[str, Entry], board: _Board) -> None:
    """Keep pending only the awards and unfilled slots that some order of the ties changes."""
    ties = pending.deciding
    if not ties or any(tie.round is not None for tie in ties):
        return
    orders = prod(factorial(len(tie.entries)) for tie in ties)
    if orders > EXACT_LIMIT or orders * sum(len(ranking.rows) for ranking in rankings) > EXACT_WORK:
        return
    given = _outcome(allocation)
    changed: set[Slot] = set()
    for order in product(*(permutations(tie.entries) for tie in ties)):
        reordered = _reordered(rankings, dict(zip(ties, order, strict=True)))
        if reordered is None:
            return  # a tie that is not one block of ranked rows: the marks above stand
        outcome = _outcome(allocate(spec, reordered, entries))
        changed |= {slot for slot in given.keys() | outcome.keys() if given.get(slot) != outcome.get(slot)}
    pending.awards = {e: why for e, why in pending.awards.items() if board.slot[e] in changed}
    pending.unfilled = {slot: why for slot, why in pending.unfilled.items() if slot in changed}
    pending.deciding = [tie for tie in ties if any(board.slot.get(e) in changed for e in tie.entries)
                        or any(slot[:2] == (tie.call, tie.category) for slot in changed)]


def _outcome(allocation: Allocation) -> dict[Slot, tuple[tuple[str, ...], int]]:
    """Each slot's winners and the places it left unfilled."""
    winners: dict[Slot, list[str]] = {}
    for award in allocation.awards:
        winners.setdefault((award.call, award.category, award.award), []).append(award.entry.id)
    outcome = {slot: (tuple(sorted(ids)), 0) for slot, ids in winners.items()}
    for unfilled in allocation.unfilled:
        slot = (unfilled.call, unfilled.category, unfilled.award)
        outcome[slot] = (outcome.get(slot, ((), 0))[0], unfilled.slots)
    return outcome


def _reordered(rankings: list[CategoryRanking], orders: dict[Tie, tuple[str, ...]]) -> list[CategoryRanking] | None:
    """The rankings as they would be with each tie decided in the given order: the group's rows in
    that order, on ranks of their own from the group's first rank (the rows after it keep theirs)."""
    result = []
    for ranking in rankings:
        rows = ranking.rows
        for tie, order in orders.items():
            if (tie.call, tie.category) != (ranking.call, ranking.category):
                continue
            members = set(order)
            at = [i for i, row in enumerate(rows) if row.result.entry.id in members]
            first = rows[at[0]].rank
            if first is None or len(at) != len(order) or at != list(range(at[0], at[0] + len(at))):
                return None
            by_id = {rows[i].result.entry.id: rows[i] for i in at}
            placed = [Ranked(first + i, by_id[e].result, "chair", by_id[e].reason) for i, e in enumerate(order)]
            rows = rows[:at[0]] + placed + rows[at[-1] + 1:]
        result.append(CategoryRanking(ranking.call, ranking.category, rows, ranking.notes, []))
    return result
