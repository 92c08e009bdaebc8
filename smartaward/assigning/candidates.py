"""Who may judge which entry in a round: the candidate judges of every entry, as numpy arrays of
(entry, judge) pairs, and the reasons the others may not.

A judge is a candidate for an entry when they vote, judge its call (`calls`), are available in
the round (`rounds`), may take entries (`max_entries` not 0), have no declared or derived conflict
with it (the same rules as rank: judging/panel.py) and, where `rules.assignment.expertise` is
`require`, know its category or one of its tags. Conflicts are found through indexes (ids and
prefix patterns, entrants by country, city and name), never by trying every pair, and each pair
found is confirmed by panel.py's own functions, so that assign and rank can never disagree.

Big rounds do not need every pair: an entry whose call has more judges than FULL_POOL gets a
deterministic sample of them (its matching judges first), and the solver widens an entry to all
its candidates where the sample is not enough (solver.py).
"""

from __future__ import annotations

import hashlib
from bisect import bisect_left
from collections import defaultdict
from dataclasses import dataclass, field
from fnmatch import fnmatchcase
from functools import cached_property
from typing import TYPE_CHECKING

from smartaward.checks.assignments import entry_keys, judge_keys
from smartaward.judging.panel import conflict_pattern, derived_conflict, judges_in_round
from smartaward.model.cyclefiles import CycleFile, DerivedConflicts, Entry, Judge
from smartaward.text.names import look_alike

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

FULL_POOL = 64  # a call with at most this many judges gives every entry all of them
SAMPLE = 40  # otherwise each entry gets about this many (at least 8 × K), its matching judges first


def id_hash(text: str) -> int:
    """A stable 64-bit number for an id (the first 8 bytes of its SHA-256)."""
    return int.from_bytes(hashlib.sha256(text.encode("utf-8")).digest()[:8], "big")


def splitmix(values: NDArray[np.uint64]) -> NDArray[np.uint64]:
    """SplitMix64's finaliser, element-wise: well-mixed 64-bit values from any 64-bit values."""
    import numpy as np

    with np.errstate(over="ignore"):
        z = values + np.uint64(0x9E3779B97F4A7C15)
        z = (z ^ (z >> np.uint64(30))) * np.uint64(0xBF58476D1CE4E5B9)
        z = (z ^ (z >> np.uint64(27))) * np.uint64(0x94D049BB133111EB)
        return z ^ (z >> np.uint64(31))


@dataclass
class Pool:
    """The judges of one call in the round (indexes into Candidates.judges), and its expertise pools."""

    judges: NDArray[np.int64]
    by_key: dict[str, NDArray[np.int64]] = field(default_factory=dict)  # "category:x" / "tag:y" → judges


@dataclass
class Candidates:
    """The candidate pairs of a round, and what the solver and the report need besides."""

    entries: list[Entry]  # in id order; an entry's index is its position
    judges: list[str]  # the judges that may take entries of the round, in id order
    judge_records: dict[str, Judge]
    pools: dict[str, Pool]  # call id → its judges in the round
    pairs_e: NDArray[np.int64]  # the candidate pairs, sorted by (entry, judge)
    pairs_j: NDArray[np.int64]
    matched: NDArray[np.bool_]  # whether the pair's judge knows the entry's category or a tag of it
    complete: NDArray[np.bool_]  # per entry: all its candidates are in the pairs (no sample)
    declared: dict[int, set[int]]  # entry → the judges who declared a conflict with it (conflicts: patterns)
    efacts: NDArray[np.int64]  # per entry: its entrant's country, city, name as numbers (−1: none or no rule)
    jfacts: NDArray[np.int64]  # per judge: their country, city, affiliation, in the same numbers
    conflicts_avoided: int  # pairs of a call's judge and entry left out for a conflict
    ehash: NDArray[np.uint64]
    jhash: NDArray[np.uint64]
    emask: NDArray[np.uint64]  # per entry: bits of its category and tags
    jmask: NDArray[np.uint64]  # per judge: bits of the categories and tags they know
    require: bool
    rule: DerivedConflicts | None
    # Judges in `judges` only to hold pairs kept because they are marked (a judge replaced, or with
    # max_entries 0): in no pool, so the flow gives them nothing more.
    extra: frozenset[str] = frozenset()

    def full(self, e: int) -> NDArray[np.int64]:
        """Every candidate judge of entry `e`, in id order."""
        import numpy as np

        pool = self.pools[self.entries[e].call].judges
        found = pool[~self.in_conflict(np.full(len(pool), e, dtype=np.int64), pool)]
        if self.require:
            found = found[overlap(self.emask[e][None, :], self.jmask[found])]
        return found

    def in_conflict(self, pairs_e: NDArray[np.int64], pairs_j: NDArray[np.int64]) -> NDArray[np.bool_]:
        """Per pair: whether the judge declared a conflict with the entry, or shares a fact with
        its entrant that rules.conflicts names (the facts compared as panel.py compares them)."""
        import numpy as np

        ef, jf = self.efacts[pairs_e], self.jfacts[pairs_j]
        out = ((ef == jf) & (jf >= 0)).any(axis=1) if len(pairs_e) else np.zeros(0, dtype=bool)
        if self.declared:
            out |= np.isin(pairs_e * max(len(self.judges), 1) + pairs_j, self.declared_codes)
        return out

    @cached_property
    def declared_codes(self) -> NDArray[np.int64]:
        import numpy as np

        width = max(len(self.judges), 1)
        return np.array(sorted(e * width + j for e, js in self.declared.items() for j in js), dtype=np.int64)

    def conflict(self, e: int, j: int) -> str | None:
        """Why judge `j` may not judge entry `e` for a conflict, in panel.py's words; None if no conflict."""
        judge = self.judge_records[self.judges[j]]
        entry = self.entries[e]
        pattern = conflict_pattern(judge, entry.id)
        if pattern is not None:
            return f"the judge declared a conflict ({pattern!r})"
        shared = derived_conflict(judge, entry, self.rule)
        return None if shared is None else f"{shared}, a conflict by rule"


def overlap(emask: NDArray[np.uint64], jmask: NDArray[np.uint64]) -> NDArray[np.bool_]:
    import numpy as np

    if jmask.shape[-1] == 0:
        return np.zeros(jmask.shape[0], dtype=bool)
    return np.asarray(((emask & jmask) != 0).any(axis=-1))


def available(judge: Judge, round_id: str | None) -> bool:
    """Whether assign may give this judge entries in the round at all."""
    return judge.voting and judge.max_entries != 0 and judges_in_round(judge, round_id)


def build(spec: CycleFile, judges: dict[str, Judge], entries: list[Entry], round_id: str | None, seed: int,
          per_entry: int, dropped: frozenset[str] = frozenset(), extra: frozenset[str] = frozenset()) -> Candidates:
    """The candidate pairs of `entries` (in id order) for the round. `dropped`: judges left out
    (`--replace`). `extra`: judges listed all the same (with no candidate pair), to hold the pairs
    kept because the judge has marked the entry."""
    import numpy as np

    calls = sorted({e.call for e in entries})
    pooled = {j for j, judge in judges.items() if j not in dropped and available(judge, round_id)
              and any(judge.calls is None or c in judge.calls for c in calls)}
    extra = frozenset(j for j in extra if j in judges and j not in pooled)
    names = sorted(pooled | extra)
    require = spec.rules.assignment.expertise == "require"

    emask, jmask = _masks(judges, names, entries)

    pools: dict[str, Pool] = {}
    for call in calls:
        members = np.array([i for i, j in enumerate(names) if j in pooled and _judges_call(judges[j], call)], dtype=np.int64)
        by_key: dict[str, list[int]] = defaultdict(list)
        for i in members.tolist():
            for key in judge_keys(judges[names[i]]):
                by_key[key].append(i)
        pools[call] = Pool(members, {k: np.array(v, dtype=np.int64) for k, v in by_key.items()})

    declared = _declared(judges, names, entries, pools)
    efacts, jfacts = _facts(spec.rules.conflicts, judges, names, entries)
    ehash = np.array([id_hash(e.id) for e in entries], dtype=np.uint64)
    jhash = np.array([id_hash(j) for j in names], dtype=np.uint64)
    seed_mix = np.uint64(id_hash(f"seed:{seed}"))

    codes, complete = _draw(entries, pools, max(len(names), 1), max(SAMPLE, 8 * per_entry), ehash, seed_mix)
    width = max(len(names), 1)
    pairs_e, pairs_j = codes // width, codes % width
    cands = Candidates(entries, names, {j: judges[j] for j in names}, pools, pairs_e, pairs_j, np.zeros(0, dtype=bool),
                       complete, declared, efacts, jfacts, 0, ehash, jhash, emask, jmask, require, spec.rules.conflicts, extra)
    keep = ~cands.in_conflict(pairs_e, pairs_j)
    pairs_e, pairs_j = pairs_e[keep], pairs_j[keep]
    matched = overlap(emask[pairs_e], jmask[pairs_j]) if len(pairs_e) else np.zeros(0, dtype=bool)
    if require:
        pairs_e, pairs_j, matched = pairs_e[matched], pairs_j[matched], matched[matched]
    cands.pairs_e, cands.pairs_j, cands.matched = pairs_e, pairs_j, matched
    cands.conflicts_avoided = _avoided(cands)
    return cands


def _masks(judges: dict[str, Judge], names: list[str], entries: list[Entry]) -> tuple[NDArray[np.uint64], NDArray[np.uint64]]:
    """Expertise as bits: an entry's category and tags; a judge's categories and tags."""
    import numpy as np

    vocabulary: dict[str, int] = {}
    for j in names:
        for key in judge_keys(judges[j]):
            vocabulary.setdefault(key, len(vocabulary))
    words = (len(vocabulary) + 63) // 64
    jmask = np.zeros((len(names), words), dtype=np.uint64)
    emask = np.zeros((len(entries), words), dtype=np.uint64)
    for i, j in enumerate(names):
        _set_bits(jmask[i], (vocabulary[k] for k in judge_keys(judges[j])))
    for e, entry in enumerate(entries):
        _set_bits(emask[e], (vocabulary[k] for k in entry_keys(entry) if k in vocabulary))
    return emask, jmask


def _draw(entries: list[Entry], pools: dict[str, Pool], width: int, sample: int, ehash: NDArray[np.uint64],
          seed_mix: np.uint64) -> tuple[NDArray[np.int64], NDArray[np.bool_]]:
    """The pairs to consider (entry × width + judge, sorted, distinct), before conflicts: every judge
    of a small call, a sample of a big one's; and per entry whether it has all of them."""
    import numpy as np

    chunks_e: list[NDArray[np.int64]] = []
    chunks_j: list[NDArray[np.int64]] = []
    complete = np.ones(len(entries), dtype=bool)
    by_call: dict[str, list[int]] = defaultdict(list)
    for e, entry in enumerate(entries):
        by_call[entry.call].append(e)
    for call, members_e in by_call.items():
        pool = pools[call]
        ids = np.array(members_e, dtype=np.int64)
        if len(pool.judges) <= max(FULL_POOL, sample):
            chunks_e.append(np.repeat(ids, len(pool.judges)))
            chunks_j.append(np.tile(pool.judges, len(ids)))
            continue
        complete[ids] = False
        # Half the sample from the call's judges (drawn by the entry's id and the seed), a quarter
        # from the judges who know its category, a quarter from those who know each of its tags.
        _sample(chunks_e, chunks_j, ids, pool.judges, sample // 2, ehash, seed_mix, 0)
        keyed: dict[str, list[int]] = defaultdict(list)
        for e in members_e:
            for key in entry_keys(entries[e]):
                if key in pool.by_key:
                    keyed[key].append(e)
        for key, these in sorted(keyed.items()):
            _sample(chunks_e, chunks_j, np.array(these, dtype=np.int64), pool.by_key[key], sample // 4, ehash, seed_mix, id_hash(key))
    if not chunks_e:
        return np.zeros(0, dtype=np.int64), complete
    return unique_sorted(np.concatenate(chunks_e) * width + np.concatenate(chunks_j)), complete


def unique_sorted(codes: NDArray[np.int64]) -> NDArray[np.int64]:
    """The distinct values, in order (a sort and a comparison: faster than np.unique's hashing)."""
    import numpy as np

    codes = np.sort(codes)
    if len(codes) < 2:
        return codes
    return codes[np.concatenate(([True], codes[1:] != codes[:-1]))]


def _sample(chunks_e: list[NDArray[np.int64]], chunks_j: list[NDArray[np.int64]], ids: NDArray[np.int64],
            pool: NDArray[np.int64], count: int, ehash: NDArray[np.uint64], seed_mix: np.uint64, salt: int) -> None:
    """`count` draws (with repeats) from `pool` for each entry of `ids`: pseudo-random from the
    entry's id, the seed and `salt`, so the same inputs always draw the same judges."""
    import numpy as np

    if len(pool) <= count:
        chunks_e.append(np.repeat(ids, len(pool)))
        chunks_j.append(np.tile(pool, len(ids)))
        return
    steps = np.arange(1, count + 1, dtype=np.uint64) * np.uint64(0x632BE59BD9B4E019)
    with np.errstate(over="ignore"):
        keys = (ehash[ids] ^ seed_mix ^ np.uint64(salt))[:, None] + steps[None, :]
    drawn = splitmix(keys) % np.uint64(len(pool))
    chunks_e.append(np.repeat(ids, count))
    chunks_j.append(pool[drawn.astype(np.int64).ravel()])


def _judges_call(judge: Judge, call: str) -> bool:
    return judge.calls is None or call in judge.calls


def _set_bits(row: NDArray[np.uint64], bits: object) -> None:
    import numpy as np

    for bit in bits:  # type: ignore[attr-defined]
        row[bit // 64] |= np.uint64(1 << (bit % 64))


def _declared(judges: dict[str, Judge], names: list[str], entries: list[Entry], pools: dict[str, Pool]) -> dict[int, set[int]]:
    """Entry → the judges of its call whose `conflicts:` patterns match it (found by index; each
    confirmed by panel.conflict_pattern, as rank applies it)."""
    ids = [e.id for e in entries]  # sorted
    in_call = {call: set(pool.judges.tolist()) for call, pool in pools.items()}
    found: dict[int, set[int]] = defaultdict(set)
    for j, name in enumerate(names):
        judge = judges[name]
        for pattern in judge.conflicts:
            for e in _matching(ids, pattern):
                if j in in_call[entries[e].call] and conflict_pattern(judge, ids[e]) is not None:
                    found[e].add(j)
    return dict(found)


FACTS = ("country", "city", "affiliation")


def _facts(rule: DerivedConflicts | None, judges: dict[str, Judge], names: list[str],
           entries: list[Entry]) -> tuple[NDArray[np.int64], NDArray[np.int64]]:
    """The facts rules.conflicts compares, as numbers: an entrant's country, city and name, a judge's
    country, city and affiliation (texts by look_alike, as panel.derived_conflict compares them);
    −1 where a fact is missing or not compared. Equal numbers in one column: a conflict."""
    import numpy as np

    efacts = np.full((len(entries), len(FACTS)), -1, dtype=np.int64)
    jfacts = np.full((len(names), len(FACTS)), -1, dtype=np.int64)
    if rule is None:
        return efacts, jfacts
    numbers: dict[tuple[int, str], int] = {}
    for column, fact in enumerate(FACTS):
        if fact not in rule.same:
            continue
        for j, name in enumerate(names):
            judge = judges[name]
            raw = judge.country if fact == "country" else judge.city if fact == "city" else judge.affiliation
            if raw:
                key = raw if fact == "country" else look_alike(raw)
                jfacts[j, column] = numbers.setdefault((column, key), len(numbers))
        for e, entry in enumerate(entries):
            entrant = entry.entrant
            raw = entrant.country if fact == "country" else entrant.city if fact == "city" else entrant.name
            if raw:
                key = raw if fact == "country" else look_alike(raw)
                number = numbers.get((column, key))
                if number is not None:
                    efacts[e, column] = number
    return efacts, jfacts


def _avoided(cands: Candidates) -> int:
    """How many pairs of an entry and a judge of its call are left out for a conflict: counted per
    call and combination of facts, never pair by pair."""
    import numpy as np

    total = 0
    for call, pool in cands.pools.items():
        members = np.array([e for e, entry in enumerate(cands.entries) if entry.call == call], dtype=np.int64)
        if not len(members) or not len(pool.judges):
            continue
        # The pairs sharing a fact, counted by grouping, and the declared conflicts that share none.
        jf, ef = cands.jfacts[pool.judges], cands.efacts[members]
        shared = _shared_count(ef, jf)
        declared = [(e, j) for e in members.tolist() for j in cands.declared.get(e, ())]
        if declared:
            de = np.array([d[0] for d in declared], dtype=np.int64)
            dj = np.array([d[1] for d in declared], dtype=np.int64)
            both = ((cands.efacts[de] == cands.jfacts[dj]) & (cands.jfacts[dj] >= 0)).any(axis=1)
            shared += int((~both).sum())
        total += shared
    return total


def _shared_count(ef: NDArray[np.int64], jf: NDArray[np.int64]) -> int:
    """How many (entry, judge) pairs share at least one fact (inclusion and exclusion over the facts)."""
    from collections import Counter
    from itertools import combinations

    total = 0
    columns = range(ef.shape[1])
    for size in range(1, ef.shape[1] + 1):
        for subset in combinations(columns, size):
            cols = list(subset)
            e_keys = Counter(tuple(row) for row in ef[:, cols].tolist() if min(row) >= 0)
            j_keys = Counter(tuple(row) for row in jf[:, cols].tolist() if min(row) >= 0)
            together = sum(n * j_keys.get(key, 0) for key, n in e_keys.items())
            total += together if size % 2 else -together
    return total


def _matching(ids: list[str], pattern: str) -> list[int]:
    """The positions of the (sorted) ids that a conflict pattern matches: an id, a prefix* pattern
    by bisection, any other glob by trying each id."""
    special = set("*?[")
    if not special & set(pattern):
        at = bisect_left(ids, pattern)
        return [at] if at < len(ids) and ids[at] == pattern else []
    head = pattern[:-1]
    if pattern.endswith("*") and not special & set(head):
        start = bisect_left(ids, head)
        found = []
        for at in range(start, len(ids)):
            if not ids[at].startswith(head):
                break
            found.append(at)
        return found
    return [at for at, entry_id in enumerate(ids) if fnmatchcase(entry_id, pattern)]
