"""Pairwise comparisons (`marking: pairs`): the judgments of a round that count, for the rank
methods that read comparisons instead of rankings (copeland, bradley-terry, crowd-bt).

A pairs sheet is read as one line per entry it names (reading/load.py: the entry's Comparisons), so
a judge's line on an entry counts or is excluded by the same rules as a line of marks (a conflict,
an observer, a call the judge does not judge, an assignment, a late entry). A judgment counts only
if the judge's lines on both of its entries count, and both are in the category being ranked.

A judge who judges one pair of entries several times makes ONE comparison of them, whose outcome is
the share of that judge's judgments each way (3× a > b and 1× b > a: a 0.75, b 0.25): a judge
who writes a pair 500 times has no more say on it than one who writes it once (checks/pairs.py
warns of the repeat, M310). `outcomes` gives those comparisons to the methods; `comparisons` and
`tally` give the judgments as written (the judges report counts them).
"""

from __future__ import annotations

from smartaward.judging.methods import Outcome
from smartaward.judging.stages import Stage
from smartaward.reading.load import Comparisons

# The rank methods that apply to a pairs round; any other aggregate there is R211 (checks/rules.py).
PAIR_METHODS = ("copeland", "bradley-terry", "crowd-bt")

# (judge, winner, loser)
Comparison = tuple[str, str, str]
# Outcome (from methods.py, whose fits read it): (judge, winner, loser, share), the share of the
# judge's judgments of the pair that the winner won.


def is_pairs(stage: Stage) -> bool:
    """Whether the round's sheets hold comparisons."""
    return stage.rules.marking == "pairs" and not stage.screening


def comparisons(stage: Stage, category: str) -> list[Comparison]:
    """Every counted judgment of the round between entries of the category, as (judge, winner, loser):
    judges in id order, each judge's judgments in the order of the sheet; a judgment written twice is
    here twice (`outcomes` makes them one comparison). Read from the winner's line, so each judgment is
    met once."""
    results = stage.results
    found: list[tuple[str, int, int, str, str]] = []
    for entry_id, result in results.items():
        if result.entry.category != category:
            continue
        for judge_id, line in result.lines.items():
            if not line.counted or not isinstance(line.marks, Comparisons):
                continue
            for opponent, won, item in line.marks:
                if not won:
                    continue
                other = results.get(opponent)
                if other is None or other.entry.category != category:
                    continue  # an entry of another call or category (M309), or not in this round
                theirs = other.lines.get(judge_id)
                # the same sheet: where a judge has two sheets for a round (R209), only the first counts
                if theirs is not None and theirs.counted and theirs.sheet == line.sheet:
                    found.append((judge_id, line.sheet, item, entry_id, opponent))
    found.sort(key=lambda judgment: judgment[:3])
    return [(judge, winner, loser) for judge, _, _, winner, loser in found]


def tally(stage: Stage, category: str) -> dict[str, tuple[int, int]]:
    """Entry id → (judgments won, judgments lost) in the category, counted as `comparisons` counts
    them; entries of the category without a counted judgment are (0, 0). In entry id order."""
    counts = {entry_id: [0, 0] for entry_id, result in sorted(stage.results.items()) if result.entry.category == category}
    for _, winner, loser in comparisons(stage, category):
        counts[winner][0] += 1
        counts[loser][1] += 1
    return {entry_id: (won, lost) for entry_id, (won, lost) in counts.items()}


def outcomes(stage: Stage, category: str) -> list[Outcome]:
    """The comparisons the methods read: for each judge and each pair of entries the judge judged
    (counted as `comparisons` counts), ONE comparison whose outcome is the share of the judge's
    judgments of the pair each way, as (judge, winner, loser, share) for each side with a share above
    0 (the two shares of a pair sum to 1). Judges in id order, each judge's (winner, loser) in the
    order first written."""
    by_judge: dict[str, dict[tuple[str, str], int]] = {}  # judge -> (winner, loser) -> judgments
    for judge, winner, loser in comparisons(stage, category):
        won = by_judge.setdefault(judge, {})
        won[(winner, loser)] = won.get((winner, loser), 0) + 1
    return [(judge, winner, loser, times / (times + won.get((loser, winner), 0)))
            for judge, won in by_judge.items() for (winner, loser), times in won.items()]
