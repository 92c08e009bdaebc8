"""Who may be named where: judges in outputs meant for the public.

A public output (export by default, feedback for entrants) names no judge: each judge is a stable
pseudonym, "Judge A", "Judge B", ..., given in one order over the whole of judges.yaml, so that one
judge is the same letter in every file and every entry's feedback of a cycle. The order is that of
the judge ids — which anyone who can read judges.yaml can follow back — unless the organiser keeps a
secret key (the command line reads it from SMARTAWARD_PSEUDONYM_KEY and passes it down; the core
never reads the environment): then it is the order of HMAC-SHA256(key, judge id), which cannot be
followed back without the key, and is the same in every output made with that key. Only an
output asked for the jury's own use (`export --include marks,judges`) names judges, and even then a judge
marked `public: false` in judges.yaml keeps the pseudonym. docs/security.md lists what each output
reveals.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable, Mapping
from string import ascii_uppercase

from smartaward.model.cyclefiles import Judge

# The environment variable that holds the organiser's secret key for the order of the letters. Read
# by the command line only (cli/feedback.py, cli/export.py): the core is given the key.
KEY_VARIABLE = "SMARTAWARD_PSEUDONYM_KEY"


def letters(index: int) -> str:
    """0 → A, 25 → Z, 26 → AA, 27 → AB, ... (as spreadsheet columns are named)."""
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = ascii_uppercase[rest] + name
    return name


def pseudonyms(judge_ids: Iterable[str], key: str | None = None) -> dict[str, str]:
    """Judge id → "Judge A", ... in id order, or, with a key (not empty), in the order of
    HMAC-SHA256(key, id). Give it every judge of the cycle (judges.yaml and any id a sheet names),
    not just those of one output, so that the letters never shift."""
    ordered = sorted(set(judge_ids))
    if key:
        secret = key.encode("utf-8", "surrogatepass")
        ordered.sort(key=lambda judge_id: hmac.new(secret, judge_id.encode("utf-8", "surrogatepass"), hashlib.sha256).digest())
    return {judge_id: f"Judge {letters(i)}" for i, judge_id in enumerate(ordered)}


class JudgeNames:
    """How an output shows each judge: a pseudonym, or (revealing) the id, except for a judge
    marked `public: false`."""

    def __init__(self, judges: Mapping[str, Judge], named: Iterable[str] = (), reveal: bool = False,
                 key: str | None = None) -> None:
        self.judges = judges
        self.aliases = pseudonyms([*judges, *named], key)
        self.reveal = reveal

    def show(self, judge_id: str) -> str:
        judge = self.judges.get(judge_id)
        if self.reveal and (judge is None or judge.public):
            return judge_id
        return self.aliases[judge_id]  # every id the output can show was given: never a shared name
