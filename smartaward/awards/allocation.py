"""Award allocation: fill each category's slots, in order of precedence, down its ranking.

Slots are filled level by level across the whole cycle: every category's first slot (e.g. gold),
then every category's second slot, and so on, categories in cycle.yaml order. Within a slot the
best-ranked entry that is eligible takes it: not already awarded, of an allowed entrant type or
country for a typed slot, and — with `one_award_per: entrant` — of an entrant with no award yet.
Filling by level is what keeps an entrant to its highest award: a higher slot is always decided
before a lower one anywhere in the cycle, and a lower slot then passes to the next eligible entry.

Entries tied on a shared rank are never split arbitrarily: if a tied group straddles the last
places of a slot, every eligible entry of the group receives it (ex aequo) and the award says so.
Slots that no eligible entry can take are reported as unfilled, never invented.

Also not eligible: an entry below a criterion's threshold (it stays ranked, and says why), an
entrant of a country that already holds `max_awards_per_country` awards, and — for a slot with a
`min_score` — an entry scoring below it: the slot then stays empty ("no award").
Designated categories take their entries, in the listed order, from `designated:` in cycle.yaml.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import groupby
from typing import Any

from smartaward.judging.panel import entry_exclusion
from smartaward.judging.ranking import CategoryRanking
from smartaward.model.cyclefiles import AwardSlot, Call, Category, CycleFile, Entry


@dataclass(frozen=True)
class Award:
    call: str
    category: str
    award: str
    entry: Entry
    rank: int | None
    score: float | None
    note: str | None = None


@dataclass(frozen=True)
class Unfilled:
    call: str
    category: str
    award: str
    slots: int
    reason: str


@dataclass(frozen=True)
class PassedOver:
    """A ranked entry a slot went past to a lower-ranked one, and why (one_award_per, a country's cap,
    the slot's eligibility, a criterion threshold): explain says it, so no award is missed in silence."""

    call: str
    category: str
    award: str
    entry: str
    rank: int | None
    reason: str


@dataclass
class Allocation:
    awards: list[Award]
    unfilled: list[Unfilled]
    passed_over: list[PassedOver] = field(default_factory=list)

    def by_entry(self) -> dict[str, str]:
        return {a.entry.id: a.award for a in self.awards}

    def by_slot(self) -> dict[tuple[str, str, str], list[str]]:
        """(call, category, award) → the entries given it, in the order given."""
        out: dict[tuple[str, str, str], list[str]] = {}
        for award in self.awards:
            out.setdefault((award.call, award.category, award.award), []).append(award.entry.id)
        return out


@dataclass(frozen=True)
class Candidate:
    entry: Entry
    rank: int | None = None
    score: float | None = None
    higher_is_better: bool = True
    by_rank: bool = False  # a rank method's score (points, wins, a rank sum) is not a mark
    ineligible: str | None = None  # e.g. below a criterion threshold
    note: str | None = None  # e.g. who designated it


def _designation_note(decided_by: str | None, decided_on: Any) -> str | None:
    if decided_by is None and decided_on is None:
        return None
    return "designated" + (f" by {decided_by}" if decided_by else "") + (f" on {decided_on.isoformat()}" if decided_on else "")


def eligible(slot: AwardSlot, entry: Entry) -> bool:
    rule = slot.eligible
    if rule is None:
        return True
    if rule.entrant_type is not None and entry.entrant.type not in rule.entrant_type:
        return False
    if rule.country is not None and (entry.entrant.country is None or entry.entrant.country not in rule.country):
        return False  # an entrant without a country never takes a country-restricted slot (J418 says so)
    return True


def _candidate_groups(call: Call, category: Category, slot_id: str, ranking: CategoryRanking | None,
                      entries: dict[str, Entry]) -> Iterator[list[Candidate]]:
    """Candidates in order, grouped so that entries sharing a rank form one group: made as the slot
    goes down the ranking, which it leaves once filled (a slot of 3 in a category of 50,000 entries
    makes a few groups, not 50,000 candidates)."""
    if ranking is None:  # a designated category: late entries are as ineligible as anywhere else
        designation = category.designated.get(slot_id)
        if designation is None:
            return iter([])
        note = _designation_note(designation.decided_by, designation.decided_on)
        return iter([[Candidate(entries[e], note=note)] for e in designation.entries
                     if e in entries and entry_exclusion(entries[e], call) is None])
    ranked = (r for r in ranking.rows if r.rank is not None)
    return ([Candidate(r.result.entry, r.rank, r.result.score, r.result.higher_is_better, r.result.by_rank,
                       r.result.ineligible)
             for r in group] for _, group in groupby(ranked, key=lambda r: r.rank))


def _below(slot: AwardSlot, candidate: Candidate) -> bool:
    """Whether a candidate scores below the slot's minimum (only where scores are marks)."""
    if slot.min_score is None or candidate.score is None or candidate.by_rank or candidate.rank is None:
        return False  # a rank method's score is not a mark (declared: refused by R211; in rank --compare: ignored)
    return candidate.score < slot.min_score


def _at_cap(entry: Entry, per_country: Counter[str], cap: int | None) -> bool:
    """Whether the entrant's country already holds max_awards_per_country awards. An entrant
    without a country counts towards no cap (J418 says so)."""
    country = entry.entrant.country
    return cap is not None and country is not None and per_country[country] >= cap


@dataclass
class _Held:
    """What the slots decided so far hold across the cycle (slots are decided level by level), and the
    cycle's limits on holding: whether a candidate may still take a slot."""

    one_per_entrant: bool
    country_cap: int | None
    entries: set[str] = field(default_factory=set)
    entrants: set[str] = field(default_factory=set)
    per_country: Counter[str] = field(default_factory=Counter)

    def refusal(self, slot: AwardSlot, candidate: Candidate) -> str | None:
        """Why the candidate cannot take the slot (None: it can)."""
        entry = candidate.entry
        return _passed_over(slot, candidate, self.one_per_entrant and entry.entrant.key in self.entrants,
                            _at_cap(entry, self.per_country, self.country_cap), self.country_cap)


def allocate(spec: CycleFile, rankings: list[CategoryRanking], entries: dict[str, Entry]) -> Allocation:
    by_category = {(r.call, r.category): r for r in rankings}
    held = _Held(spec.rules.one_award_per == "entrant", spec.rules.max_awards_per_country)
    places = [(call_id, category_id, category, list(category.awards.items()))
              for call_id, call in spec.calls.items() for category_id, category in call.categories.items()]
    awards: list[Award] = []
    unfilled: list[Unfilled] = []
    passed_over: list[PassedOver] = []
    levels = max((len(slots) for *_, slots in places), default=0)
    for level in range(levels):
        for call_id, category_id, category, slots in places:
            if level >= len(slots):
                continue
            slot_id, slot = slots[level]
            ranking = by_category.get((call_id, category_id))
            groups = _candidate_groups(spec.calls[call_id], category, slot_id, ranking, entries)
            given, skipped, below = _fill_slot((call_id, category_id, slot_id), slot, groups, held)
            awards.extend(given)
            passed_over.extend(skipped)
            if len(given) < slot.count:
                unfilled.append(Unfilled(call_id, category_id, slot_id, slot.count - len(given), _unfilled_reason(slot, below, ranking)))
    order = {(c, k): i for i, (c, k, *_) in enumerate(places)}
    precedence = {(c, k, s): i for c, k, _, slots in places for i, (s, _) in enumerate(slots)}
    # A stable sort: within a slot, awards keep the order in which they were given (rank order).
    awards.sort(key=lambda a: (order[(a.call, a.category)], precedence[(a.call, a.category, a.award)]))
    unfilled.sort(key=lambda u: (order[(u.call, u.category)], precedence[(u.call, u.category, u.award)]))
    passed_over.sort(key=lambda p: (order[(p.call, p.category)], precedence[(p.call, p.category, p.award)]))
    return Allocation(awards, unfilled, passed_over)


def _fill_slot(where: tuple[str, str, str], slot: AwardSlot, groups: Iterable[list[Candidate]],
               held: _Held) -> tuple[list[Award], list[PassedOver], bool]:
    """One slot (call, category, award), down its candidates a tied group at a time until it has
    slot.count entries. Returns the awards it gives (a tied group is never split, so more than
    slot.count ex aequo), the entries it went past to give them, and whether it stopped at an entry
    below min_score (the ranking only goes down from there)."""
    call_id, category_id, slot_id = where
    given: list[Award] = []
    skipped: list[PassedOver] = []
    for group in groups:
        if len(given) >= slot.count:
            break
        if any(_below(slot, c) for c in group):
            return given, _before(skipped, given), True
        winners = []
        for candidate in group:
            entry = candidate.entry
            if entry.id in held.entries:
                continue  # it holds a higher award already: not passed over
            why = held.refusal(slot, candidate)
            if why is not None:  # (one_award_per: also a second entry of the same entrant in this tied group)
                skipped.append(PassedOver(call_id, category_id, slot_id, entry.id, candidate.rank, why))
                continue
            winners.append(candidate)
            held.entries.add(entry.id)
            held.entrants.add(entry.entrant.key)
        # counted after the group: tied entries are never split (an entrant without a country: no count)
        held.per_country.update(c.entry.entrant.country for c in winners if c.entry.entrant.country is not None)
        ex_aequo = len(given) + len(winners) > slot.count
        note = f"ex aequo: {len(winners)} entries tied at rank {winners[0].rank}" if ex_aequo else None
        given.extend(Award(call_id, category_id, slot_id, c.entry, c.rank, c.score, note or c.note) for c in winners)
    return given, _before(skipped, given), False


def _before(skipped: list[PassedOver], given: list[Award]) -> list[PassedOver]:
    """The entries passed over for one given the slot: ranked at or above its last winner (an entry
    below every winner was not passed over, the slot was full before it)."""
    last = max((a.rank for a in given if a.rank is not None), default=None)
    return [p for p in skipped if last is None or p.rank is None or p.rank <= last]


def _unfilled_reason(slot: AwardSlot, below: bool, ranking: CategoryRanking | None) -> str:
    if below:
        return f"no award: no further eligible entry scored at least min_score {slot.min_score:g}"
    if ranking is None:
        return "no further eligible designated entry"
    return "no further eligible ranked entry"


def _passed_over(slot: AwardSlot, candidate: Candidate, entrant_awarded: bool, at_cap: bool, cap: int | None) -> str | None:
    """Why a candidate cannot take this slot (None: it can)."""
    entry = candidate.entry
    if not eligible(slot, entry):
        return "not eligible for it (the award's eligible: rule)"
    if candidate.ineligible:
        return f"not eligible for awards: {candidate.ineligible}"
    if entrant_awarded:
        return "its entrant holds another award already (one_award_per: entrant)"
    if at_cap:
        return f"its country ({entry.entrant.country}) holds {cap} awards already (max_awards_per_country)"
    return None
