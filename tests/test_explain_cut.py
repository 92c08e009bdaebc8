"""Under a shortlist on several rounds, explain says the round's rank is on the cut score (the sum of
the rounds), not on the round's own score beside it (a newcomer read it as the round's rank)."""

from __future__ import annotations

import json
from pathlib import Path

from helpers import run

SYDNEY = Path(__file__).parent / "real" / "sydney-2000-men-3m-springboard"


def test_the_semi_final_rank_is_on_the_cut_score() -> None:
    text = run("explain", "ahrens-stefan", str(SYDNEY), "--no-cache").stdout
    semi = text[text.index("round semi:"):text.index("round final:")]
    assert "cut score: 604.17" in semi and "rank 11 on the cut score" in semi and "in the round" not in semi
    prelim = text[text.index("round prelim:"):text.index("round semi:")]
    assert "rank 12 in the round" in prelim
    document = json.loads(run("explain", "ahrens-stefan", str(SYDNEY), "--no-cache", "-f", "json").stdout)
    semi_round = next(r for r in document["rounds"] if r["round"] == "semi")
    assert semi_round["cut_score"] == 604.17 and semi_round["round_rank"] == 11


def test_an_unknown_entry_lists_the_entries_in_good_english() -> None:
    result = run("explain", "nobody-at-all", str(SYDNEY), "--no-cache")
    assert result.exit_code == 2 and "the entries:" in result.stderr and "entrys" not in result.stderr
