""""Did you mean …?" for validate: the nearest allowed ids (with their titles or names) for a value
that names an unknown call, category, entrant type, judge, entry, criterion, round or award, and
the code of a country written by name.

Suggestions are worked out only for problems, never on the clean path, and stay cheap however
many problems a cycle has: each value is worked out once per cycle (a generated cycle repeats one
mistake thousands of times), for at most BUDGET different values per kind of thing and at most
COST choices compared in all per kind (the first ones met; the outputs list 100 problems per file
and code), and a large set of choices (thousands of entries) is folded once, not once per value.

The files stay strict: a title or a name in place of an id is reported, with the id to write
(auditors re-derive results from the ids; `import` is where values are translated).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace
from weakref import WeakKeyDictionary

from smartaward.diagnostics import Diagnostic
from smartaward.reading.load import Cycle
from smartaward.reading.source import shorten
from smartaward.text.suggest import Folded

BUDGET = 200  # different values per kind whose suggestions are worked out in one cycle
COST = 20_000  # choices compared per kind in one cycle (some 15 µs each): 10 values among 2,000 entries, 200 among 100
_LONGEST = 200  # a longer value is near no id (ids are at most 120 characters): not compared
_COUNTRY_COST = 400  # a country not known by name is compared with the ~1,500 names and codes of every country

Choices = Mapping[str, str | None]  # id → its title or name (None where it has none)


class Nearby:
    """The suggestions of one loaded cycle, per kind of thing and value, worked out on demand."""

    def __init__(self, cycle: Cycle) -> None:
        self.cycle = cycle
        self._hints: dict[tuple[str, str | None, str], str] = {}
        self._worked: dict[str, int] = {}
        self._spent: dict[str, int] = {}
        self._choices: dict[tuple[str, str | None], Folded] = {}
        self.computed = 0  # how many suggestions were worked out (tests count them)

    def hint(self, kind: str, value: str, context: str | None = None) -> str:
        """"did you mean 'climate' (Climate and environment)?", or "" when nothing is near (or the
        kind's budget is spent). `context`: the call whose categories, criteria or rounds are meant
        (None: any call's); for an award, "call/category"."""
        key = (kind, context, value)
        found = self._hints.get(key)
        if found is None and kind == "country":  # a country's exact name is a lookup: not counted
            found = _country_code(value)
        if found is None:
            index = None if kind == "country" else self._index(kind, context)
            cost = _COUNTRY_COST if index is None else index.cost
            if self._worked.get(kind, 0) >= BUDGET or self._spent.get(kind, 0) + cost > COST or len(value) > _LONGEST:
                return ""
            self._worked[kind] = self._worked.get(kind, 0) + 1
            self._spent[kind] = self._spent.get(kind, 0) + cost
            self.computed += 1
            found = self._hints[key] = _country_suggestions(value) if index is None else index.did_you_mean(value)
        return found

    def _index(self, kind: str, context: str | None) -> Folded:
        index = self._choices.get((kind, context))
        if index is None:
            index = self._choices[(kind, context)] = Folded(_CHOICES[kind](self.cycle, context))
        return index


def _country_code(value: str) -> str | None:
    """"write 'FR' (France)" for a country written by a name (or code) it is exactly known by."""
    from smartaward.model.countries import country_names, lookup_country

    code = lookup_country(value) if len(value) <= _LONGEST else None
    return None if code is None else f"write {code!r} ({country_names().get(code, code)})"


def _country_suggestions(value: str) -> str:
    from smartaward.model.countries import country_suggestions

    return country_suggestions(value)


def _calls(cycle: Cycle, _: str | None) -> Choices:
    return {call_id: call.title for call_id, call in cycle.spec.calls.items()} if cycle.spec else {}


def _categories(cycle: Cycle, call_id: str | None) -> Choices:
    if cycle.spec is None:
        return {}
    calls = [cycle.spec.calls[call_id]] if call_id in cycle.spec.calls else cycle.spec.calls.values()
    return {category_id: category.title for call in calls for category_id, category in call.categories.items()}


def _criteria(cycle: Cycle, call_id: str | None) -> Choices:
    if cycle.spec is None:
        return {}
    calls = [cycle.spec.calls[call_id]] if call_id in cycle.spec.calls else cycle.spec.calls.values()
    return {criterion_id: criterion.title for call in calls for criterion_id, criterion in call.criteria.items()}


def _rounds(cycle: Cycle, call_id: str | None) -> Choices:
    if cycle.spec is None:
        return {}
    calls = [cycle.spec.calls[call_id]] if call_id in cycle.spec.calls else cycle.spec.calls.values()
    return {round_id: stage.title for call in calls for round_id, stage in call.rounds.items()}


def _awards(cycle: Cycle, where: str | None) -> Choices:
    call_id, _, category_id = (where or "").partition("/")
    if cycle.spec is None or call_id not in cycle.spec.calls:
        return {}
    category = cycle.spec.calls[call_id].categories.get(category_id)
    return {award_id: slot.title for award_id, slot in category.awards.items()} if category else {}


def _entrant_types(cycle: Cycle, _: str | None) -> Choices:
    return dict.fromkeys(cycle.spec.entrant_types) if cycle.spec else {}


def _entries(cycle: Cycle, _: str | None) -> Choices:
    # An entry with an error of its own is still the one meant: its id is suggested too.
    broken: Choices = dict.fromkeys(sorted(cycle.broken_entries))
    return {**broken, **{entry_id: record.entry.title for entry_id, record in cycle.entry_index.items()}}


def _judges(cycle: Cycle, _: str | None) -> Choices:
    broken: Choices = dict.fromkeys(sorted(cycle.broken_judges))
    return {**broken, **{judge_id: judge.name for judge_id, judge in cycle.judges.items()}}


_CHOICES: dict[str, Callable[[Cycle, str | None], Choices]] = {
    "call": _calls, "category": _categories, "criterion": _criteria, "round": _rounds, "award": _awards,
    "entrant type": _entrant_types, "judge": _judges, "entry": _entries,
}

_BY_CYCLE: WeakKeyDictionary[Cycle, Nearby] = WeakKeyDictionary()


def nearby(cycle: Cycle) -> Nearby:
    """The cycle's suggestions: one per cycle, so that a value met by several checks is worked out once."""
    found = _BY_CYCLE.get(cycle)
    if found is None:
        found = _BY_CYCLE[cycle] = Nearby(cycle)
    return found


def hinted(message: str, hint: str) -> str:
    """A message with its suggestion after it ("…; did you mean 'city'?"), if there is one."""
    return f"{message}; {hint}" if hint else message


_WHAT = {"call": "a call of cycle.yaml", "entrant type": "an entrant type of the cycle", "judge": "a judge in judges.yaml",
         "entry": "an entry of the cycle"}


def _what(kind: str, context: str | None) -> str:
    """What a value of this kind must be, for a message: "a category of the 'project' call"."""
    if kind in ("category", "round"):
        return f"a {kind} of the {context!r} call" if context is not None else f"a {kind} of any call"
    return _WHAT.get(kind, f"a {kind}")


def with_suggestions(cycle: Cycle, found: Iterable[Diagnostic]) -> list[Diagnostic]:
    """Loading's problems (`found`) with suggestions in the messages of those whose value names
    something of another file (load.Unresolved): "entrant.type: 'City' is not an entrant type of
    the cycle; did you mean 'city'?". The others, and those with nothing near, are unchanged."""
    if not cycle.unresolved:
        return list(found)
    near = nearby(cycle)
    better: dict[int, Diagnostic] = {}
    for problem in cycle.unresolved:
        hint = near.hint(problem.kind, problem.value, problem.context)
        if not hint:
            continue
        d = problem.diagnostic
        if problem.kind == "country":
            message = hinted(d.message, hint)
        else:
            known = cycle.spec is not None and problem.context in cycle.spec.calls  # else the hint is from every call's
            message = f"{problem.name}: {problem.value!r} is not {_what(problem.kind, problem.context if known else None)}; {hint}"
        better[id(d)] = replace(d, message=shorten(message))
    return [better.get(id(d), d) for d in found]
