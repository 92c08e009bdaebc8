"""The titles cycle.yaml gives its calls, categories, award slots, rounds and criteria, by id, and
how a human-facing table shows an id with its title (issue 15).

Tables for people show "Climate and environment (climate)": the title, then the id in brackets
(the id is what every command, file and script uses, so it stays visible). Where the title is the
id written another way ("Leadership" for `leadership`: case, spaces, `-` and `_` folded) only the
title is shown; with no title, the id. Machine formats keep the ids, and add the titles as keys
and columns of their own (`call_title`, ...), never in place of an id.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from smartaward.text.suggest import fold

if TYPE_CHECKING:  # `labelled` draws tables from documents kept in the cache: no models imported for it
    from smartaward.model.cyclefiles import CycleFile


def labelled(id_: str | None, title: str | None) -> str:
    """An id as a table for people shows it: "Title (id)", the title alone where it folds to the
    id, the id alone without a title; "" for no id."""
    if not id_:
        return ""
    if not title:
        return id_
    return title if fold(title) == fold(id_) else f"{title} ({id_})"


@dataclass(frozen=True)
class Titles:
    """Id → title for every titled thing of a cycle; an id without a title is absent (None)."""

    calls: dict[str, str] = field(default_factory=dict)
    categories: dict[tuple[str, str], str] = field(default_factory=dict)
    awards: dict[tuple[str, str, str], str] = field(default_factory=dict)  # only the slots that declare one
    rounds: dict[tuple[str, str], str] = field(default_factory=dict)
    criteria: dict[tuple[str, str], str] = field(default_factory=dict)

    @classmethod
    def of(cls, spec: CycleFile) -> Titles:
        titles = cls()
        for call_id, call in spec.calls.items():
            titles.calls[call_id] = call.title
            titles.rounds.update({(call_id, r): rnd.title for r, rnd in call.rounds.items() if rnd.title})
            titles.criteria.update({(call_id, c): criterion.title for c, criterion in call.criteria.items()})
            for category_id, category in call.categories.items():
                titles.categories[(call_id, category_id)] = category.title
                titles.awards.update({(call_id, category_id, a): slot.title for a, slot in category.awards.items() if slot.title})
        return titles

    def call(self, call: str | None) -> str | None:
        return self.calls.get(call) if call else None

    def category(self, call: str | None, category: str | None) -> str | None:
        return self.categories.get((call, category)) if call and category else None

    def award(self, call: str | None, category: str | None, award: str | None) -> str | None:
        return self.awards.get((call, category, award)) if call and category and award else None

    def round(self, call: str | None, round_: str | None) -> str | None:
        return self.rounds.get((call, round_)) if call and round_ else None

    def round_of_any_call(self, round_: str | None) -> str | None:
        """A round id's title where no call is named (progress goes round by round): its title in
        every call that has it, when they agree; the different titles joined by " / " otherwise."""
        found = sorted({title for (_, r), title in self.rounds.items() if r == round_}) if round_ else []
        return " / ".join(found) or None

    def criterion(self, call: str | None, criterion: str | None) -> str | None:
        return self.criteria.get((call, criterion)) if call and criterion else None
