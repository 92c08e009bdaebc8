"""Who may be named where: judges in outputs meant for the public.

A public output (export by default, feedback for entrants) names no judge: each judge is a stable
pseudonym, "Judge A", "Judge B", ..., given in the order of judge ids over the whole of judges.yaml,
so that one judge is the same letter in every file and every entry's feedback of a cycle. Only an
output asked for the jury's own use (`export --include marks,judges`) names judges, and even then a judge
marked `public: false` in judges.yaml keeps the pseudonym. docs/security.md lists what each output
reveals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from string import ascii_uppercase

from smartaward.model.cyclefiles import Judge


def letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA, 27 → AB, ... (as spreadsheet columns are named)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = ascii_uppercase[rest] + name
    return name


def pseudonyms(judge_ids: Iterable[str]) -> dict[str, str]:
    """Judge id → "Judge A", ... in id order. Give it every judge of the cycle (judges.yaml and
    any id a sheet names), not just those of one output, so that the letters never shift."""
    return {judge_id: f"Judge {letters(i)}" for i, judge_id in enumerate(sorted(set(judge_ids)))}


class JudgeNames:
    """How an output shows each judge: a pseudonym, or (revealing) the id, except for a judge
    marked `public: false`."""

    def __init__(self, judges: Mapping[str, Judge], named: Iterable[str] = (), reveal: bool = False) -> None:
        self.judges = judges
        self.aliases = pseudonyms([*judges, *named])
        self.reveal = reveal

    def show(self, judge_id: str) -> str:
        judge = self.judges.get(judge_id)
        if self.reveal and (judge is None or judge.public):
            return judge_id
        return self.aliases[judge_id]  # every id the output can show was given: never a shared name
