"""Rules that use countries, and entrants without one (J418).

An entrant's `country` is optional (a wine, a film has none). Three rules of the cycle read it:
`conflicts: {same: [country]}`, `max_awards_per_country` and an award slot's `eligible: {country:
...}`. Each applies to an entrant without a country as the docs say — the conflict rule never
excludes a judge's marks on it, it counts towards no country's cap, it never takes a
country-restricted slot — and this check says so: one warning per rule and entrant, at the entrant
of its first entry (in id order), naming its other entries, so that a missing country is never a
silent exception to a rule.
"""

from __future__ import annotations

from collections.abc import Iterator

from smartaward.diagnostics import Diagnostic
from smartaward.model.cyclefiles import CycleFile, Entry
from smartaward.reading.load import Cycle, EntryRecord


def check(cycle: Cycle) -> Iterator[Diagnostic]:
    spec = cycle.spec
    assert spec is not None
    # (rule, entrant key) → the entrant's entries without a country that the rule applies to, and
    # what the rule cannot do for them; in entry id order, so that the first entry is the same
    # whatever the order of the files.
    found: dict[tuple[str, str], list[EntryRecord]] = {}
    consequence: dict[tuple[str, str], list[str]] = {}
    for record in sorted(cycle.entry_index.values(), key=lambda r: r.entry.id):
        entry = record.entry
        if entry.entrant.country is not None or entry.call not in spec.calls:
            continue
        for rule, said in _rules_missing_it(spec, entry):
            key = (rule, entry.entrant.key)
            found.setdefault(key, []).append(record)
            known = consequence.setdefault(key, [])
            known.extend(s for s in said if s not in known)
    for key, records in found.items():
        first = records[0]
        others = [r.entry.id for r in records[1:]]
        also = f" (and of {', '.join(repr(e) for e in others)})" if others else ""
        name = first.entry.entrant.id or first.entry.entrant.name
        yield first.doc.diagnostic(first.path + ("entrant",), "J418",
                                   f"the entrant {name!r} of {first.entry.id!r}{also} has no country, so "
                                   f"{'; '.join(consequence[key])}; give its country if it has one")


def _rules_missing_it(spec: CycleFile, entry: Entry) -> Iterator[tuple[str, list[str]]]:
    """(rule, what that rule cannot do for this entry) for each rule that would read its country."""
    call = spec.calls[entry.call]
    rules = spec.rules
    if rules.conflicts is not None and "country" in rules.conflicts.same and call.judging == "scored":
        yield "conflicts", ["the conflicts rule (same: [country]) cannot exclude the marks of a judge from its country"]
    category = call.categories.get(entry.category)
    if category is None:
        return
    slots = {slot_id: slot for slot_id, slot in category.awards.items() if slot.count > 0}
    if rules.max_awards_per_country is not None and slots:
        yield "max_awards_per_country", [
            f"it counts towards no country's cap (max_awards_per_country: {rules.max_awards_per_country})"]
    restricted = [f"the {slot_id!r} award (only for {', '.join(slot.eligible.country)})"
                  for slot_id, slot in slots.items() if slot.eligible is not None and slot.eligible.country is not None]
    if restricted:
        yield "eligible", [f"it cannot take {r}" for r in restricted]
