"""Small cycles for the rules tests (test_rules_*.py): a cycle, its panel, entries and marks as Python
data, written to a folder, loaded, checked and computed by `run`, whose Run answers the questions the
tests ask (codes, table, order, scores, awards)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cyclefiles import write_cycle

from smartaward.awards.results import Results, compute
from smartaward.checks.run import run_checks
from smartaward.diagnostics import Diagnostic, Severity
from smartaward.reading.load import Cycle, load_cycle

# ------------------------------------------------------------------------------------------------
# Building small cycles

PLACES = {
    "seoul": ("Seoul", "KR"), "busan": ("Busan", "KR"), "incheon": ("Incheon", "KR"),
    "oslo": ("Oslo", "NO"), "baguio": ("Baguio", "PH"), "cebu": ("Cebu", "PH"),
    "tallinn": ("Tallinn", "EE"), "tartu": ("Tartu", "EE"), "lyon": ("Lyon", "FR"),
    "bordeaux": ("Bordeaux", "FR"), "porto": ("Porto", "PT"), "curitiba": ("Curitiba", "BR"),
    "medellin": ("Medellín", "CO"), "reykjavik": ("Reykjavík", "IS"), "vienna": ("Vienna", "AT"),
    "mendoza": ("Mendoza", "AR"), "stellenbosch": ("Stellenbosch", "ZA"), "addis": ("Addis Ababa", "ET"),
}

NAMES = ["Kim Min-ji", "Ingrid Solberg", "Maria Santos", "Jean Dupont", "Ana Ferreira", "Jón Jónsson",
         "Lucía Gómez", "Kadri Tamm", "Thabo Nkosi", "Lee Ji-ho"]


def entry(entry_id: str, *, call: str = "project", category: str = "people", type: str = "city",
          submitted: str = "2025-05-01", name: str | None = None, country: str | None = None) -> dict[str, Any]:
    """An entry whose entrant is the city named by the id's first word (`seoul-air` → Seoul, KR)."""
    city, home = PLACES[entry_id.split("-")[0]]
    return {"id": entry_id, "call": call, "category": category,
            "title": f"{city}: {entry_id.split('-', 1)[1].replace('-', ' ')}",
            "entrant": {"name": name or f"City of {city}", "type": type, "city": city, "country": country or home},
            "submitted": submitted}


def project(*, criteria: dict[str, Any] | None = None, awards: dict[str, Any] | None = None,
            category: str = "people", **keys: Any) -> dict[str, Any]:
    """A scored call with one category (and the given criteria, rules, rounds, ...)."""
    data: dict[str, Any] = {"title": "Project awards"}
    if criteria:
        data["criteria"] = criteria
    data["categories"] = {category: {"title": category.title(), "awards": awards or {}}}
    data.update(keys)
    return data


def cycle_doc(*, calls: dict[str, Any] | None = None, rules: dict[str, Any] | None = None,
              decisions: list[dict[str, Any]] | None = None, **call_keys: Any) -> dict[str, Any]:
    data: dict[str, Any] = {"cycle": "rules-2025", "title": "Smart City Rules 2025",
                            "scale": {"min": 0, "max": 10}}
    if rules:
        data["rules"] = rules
    data["calls"] = calls or {"project": project(**call_keys)}
    if decisions:
        data["decisions"] = decisions
    return data


def panel(*ids: str, **extra: dict[str, Any]) -> dict[str, Any]:
    """judges.yaml: each judge with a name, plus any extra keys (country, voting, ...)."""
    return {j: {"name": NAMES[i % len(NAMES)], **extra.get(j, {})} for i, j in enumerate(ids)}


def by_judge(marks: dict[str, list[Any]], judges: list[str]) -> dict[str, dict[str, Any]]:
    """{entry: [mark of judge 1, judge 2, ...]} → {judge: {entry: mark}}; None means no mark."""
    return {j: {e: row[k] for e, row in marks.items() if k < len(row) and row[k] is not None}
            for k, j in enumerate(judges)}


def sheets(marks: dict[str, dict[str, Any]], *, round: str | None = None, key: str = "scores") -> dict[str, Any]:
    out = {}
    for judge, values in marks.items():
        doc: dict[str, Any] = {"judge": judge}
        if round is not None:
            doc["round"] = round
        doc[key] = values
        out[f"{round}/{judge}.yaml" if round else f"{judge}.yaml"] = doc
    return out


@dataclass
class Run:
    cycle: Cycle
    diagnostics: list[Diagnostic]
    results: Results

    def codes(self) -> list[str]:
        return sorted(d.code for d in self.diagnostics)

    def rows(self, category: str = "people", call: str = "project"):
        ranking = next(r for r in self.results.rankings if r.call == call and r.category == category)
        return ranking.rows

    def table(self, category: str = "people", call: str = "project") -> list[tuple[Any, str, Any]]:
        """(rank, entry, tie) of ranked rows; (None, entry, reason) of unranked ones."""
        return [(r.rank, r.result.entry.id, r.tie if r.rank is not None else r.reason)
                for r in self.rows(category, call)]

    def order(self, category: str = "people", call: str = "project") -> list[str]:
        return [r.result.entry.id for r in self.rows(category, call) if r.rank is not None]

    def notes(self, category: str = "people", call: str = "project") -> list[str]:
        return next(r for r in self.results.rankings if r.call == call and r.category == category).notes

    def score(self, entry_id: str) -> float | None:
        return self.results.scores[entry_id].score

    def awarded(self) -> list[tuple[str, str]]:
        return [(a.award, a.entry.id) for a in self.results.allocation.awards]


def run(root: Path, cycle: dict[str, Any], judges: dict[str, Any], entries: list[dict[str, Any]],
        marks: dict[str, Any], *, errors: tuple[str, ...] = (), method: str | None = None) -> Run:
    """Write the cycle, load it, check it (no errors but the expected ones) and compute results."""
    write_cycle(root, cycle=cycle, judges=judges, entry_files={"entries.yaml": entries}, sheets=marks)
    loaded = load_cycle(root)
    diagnostics = run_checks(loaded)
    unexpected = [d for d in diagnostics if d.severity is Severity.ERROR and d.code not in errors]
    assert not unexpected, unexpected
    return Run(loaded, diagnostics, compute(loaded, method=method))


J3 = ["j1", "j2", "j3"]
J4 = ["j1", "j2", "j3", "j4"]
J5 = ["j1", "j2", "j3", "j4", "j5"]
J7 = [f"j{k}" for k in range(1, 8)]
DESIGN_IMPACT = {"design": {"title": "Design"}, "impact": {"title": "Impact"}}


def scored_run(root: Path, marks: dict[str, list[Any]], judges: list[str], *, rules: dict[str, Any] | None = None,
               entries: list[dict[str, Any]] | None = None, **call_keys: Any) -> Run:
    """One scored call `project`, category `people`; marks given per entry, in judge order."""
    return run(root, cycle_doc(rules=rules, **call_keys), panel(*judges),
               entries or [entry(e) for e in marks], sheets(by_judge(marks, judges)))
