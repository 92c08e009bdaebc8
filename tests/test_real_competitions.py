"""Real competitions with per-voter data and an official published result (issue 16, item 6), reproduced through
the command line from a cycle folder under tests/real/ (each has a SOURCE.md: where the data comes from, its
licence, the official table and how each record became a file).

Each competition is checked twice: once straight from the data, by a few lines of plain Python that share no code
with smartaward (so the test proves that the files themselves match the official table), and once through
`smartaward rank` / `explain` / `winners`.

- Eurovision Song Contest, Grand Finals 2023 (75 voters: 37 juries, 38 televotes) and 2018 (86 voters): each
  voter ranks ten songs; `aggregate: points` with the 12-10-8-7-…-1 table.
- Aspen (Colorado) mayoral election 2009: 2,527 ranked ballots (PrefLib 00016-00000002); `aggregate: irv`.
"""

from __future__ import annotations

import importlib.util
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import run

from smartaward.awards.results import compute
from smartaward.reading.load import load_cycle

REAL = Path(__file__).parent / "real"
EUROVISION = REAL / "eurovision-2023-final"
ASPEN = REAL / "aspen-mayor-2009"

# ------------------------------------------------------------------------------------------------
# Eurovision Song Contest, Grand Finals 2018 and 2023: the official scoreboards (SOURCE.md), best first:
# (entry, jury points, televote points, total)
SCOREBOARDS = {
    "eurovision-2023-final": [
        ("sweden", 340, 243, 583), ("finland", 150, 376, 526), ("israel", 177, 185, 362), ("italy", 176, 174, 350),
        ("norway", 52, 216, 268), ("ukraine", 54, 189, 243), ("belgium", 127, 55, 182), ("estonia", 146, 22, 168),
        ("australia", 130, 21, 151), ("czechia", 94, 35, 129), ("lithuania", 81, 46, 127), ("cyprus", 68, 58, 126),
        ("croatia", 11, 112, 123), ("armenia", 69, 53, 122), ("austria", 104, 16, 120), ("france", 54, 50, 104),
        ("spain", 95, 5, 100), ("moldova", 20, 76, 96), ("poland", 12, 81, 93), ("switzerland", 61, 31, 92),
        ("slovenia", 33, 45, 78), ("albania", 17, 59, 76), ("portugal", 43, 16, 59), ("serbia", 14, 16, 30),
        ("united-kingdom", 15, 9, 24), ("germany", 3, 15, 18),
    ],
    "eurovision-2018-final": [
        ("israel", 212, 317, 529), ("cyprus", 183, 253, 436), ("austria", 271, 71, 342), ("germany", 204, 136, 340),
        ("italy", 59, 249, 308), ("czechia", 66, 215, 281), ("sweden", 253, 21, 274), ("estonia", 143, 102, 245),
        ("denmark", 38, 188, 226), ("moldova", 94, 115, 209), ("albania", 126, 58, 184), ("lithuania", 90, 91, 181),
        ("france", 114, 59, 173), ("bulgaria", 100, 66, 166), ("norway", 60, 84, 144), ("ireland", 74, 62, 136),
        ("ukraine", 11, 119, 130), ("netherlands", 89, 32, 121), ("serbia", 38, 75, 113), ("australia", 90, 9, 99),
        ("hungary", 28, 65, 93), ("slovenia", 41, 23, 64), ("spain", 43, 18, 61), ("united-kingdom", 23, 25, 48),
        ("finland", 23, 23, 46), ("portugal", 21, 18, 39),
    ],
}
# juries, televotes (2023: the 37 countries' juries and televotes, and the Rest of the World televote)
VOTERS = {"eurovision-2023-final": (37, 38), "eurovision-2018-final": (43, 43)}
WINNER = {"eurovision-2023-final": ("sweden", "Loreen"), "eurovision-2018-final": ("israel", "Netta")}
EUROVISION = REAL / "eurovision-2023-final"
POINTS = [12, 10, 8, 7, 6, 5, 4, 3, 2, 1]
FINALS = pytest.mark.parametrize("final", sorted(SCOREBOARDS))


def read_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def eurovision_sheets(folder: Path) -> dict[str, dict[str, int]]:
    """judge id → {entry: rank}, read from the sheets with a plain YAML reader."""
    return {sheet["judge"]: sheet["ranks"] for sheet in map(read_yaml, sorted((folder / "scores").glob("*.yaml")))}


@FINALS
def test_eurovision_sheets_hold_the_published_jury_and_televote_points(final):
    # independent of smartaward: points by place, summed per song, separately for juries and televotes
    folder = REAL / final
    sheets = eurovision_sheets(folder)
    judges = read_yaml(folder / "judges.yaml")
    assert sorted(sheets) == sorted(judges)
    assert (sum(j.endswith("-jury") for j in judges), sum(j.endswith("-televote") for j in judges)) == VOTERS[final]
    entries = {e["id"]: e for e in map(read_yaml, (folder / "entries").glob("*.yaml"))}
    for judge, ranks in sheets.items():
        assert sorted(ranks.values()) == list(range(1, 11)), judge  # ten songs, each place once
        # no country votes for its own song
        assert all(entries[entry]["entrant"]["country"] != judges[judge].get("country") for entry in ranks), judge
    jury = dict.fromkeys(entries, 0)
    televote = dict.fromkeys(entries, 0)
    for judge, ranks in sheets.items():
        tally = jury if judge.endswith("-jury") else televote
        for entry, rank in ranks.items():
            tally[entry] += POINTS[rank - 1]
    by_total = sorted(entries, key=lambda e: -(jury[e] + televote[e]))
    assert [(e, jury[e], televote[e], jury[e] + televote[e]) for e in by_total] == SCOREBOARDS[final]
    assert (sum(jury.values()), sum(televote.values())) == (VOTERS[final][0] * 58, VOTERS[final][1] * 58)


def test_eurovision_2023_rest_of_the_world_televote_has_no_country():
    assert "country" not in read_yaml(EUROVISION / "judges.yaml")["rest-of-the-world-televote"]


@FINALS
def test_eurovision_validates_without_a_problem(final):
    result = run("validate", REAL / final, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["diagnostics"] == []


@FINALS
def test_eurovision_rank_by_points_reproduces_the_official_scoreboard(final):
    result = run("rank", REAL / final, "--format", "json")
    assert result.exit_code == 0, result.output
    [category] = json.loads(result.output)["categories"]
    assert [(row["rank"], row["entry"], row["score"]) for row in category["ranking"]] \
        == [(place, entry, total) for place, (entry, _, _, total) in enumerate(SCOREBOARDS[final], start=1)]
    assert [row["entry"] for row in category["ranking"] if row["award"]] == [WINNER[final][0]]
    assert all(row["status"] == "final" for row in category["ranking"])


@FINALS
def test_eurovision_winners_names_the_winner(final):
    result = run("winners", REAL / final, "--format", "json")
    assert result.exit_code == 0, result.output
    entry, artist = WINNER[final]
    assert entry in result.output and artist in result.output


def test_eurovision_2023_explain_shows_each_voters_place_and_the_points():
    # Finland: 12 points from 2 juries and 8 … 1 from 20 more (22 juries), and points from all 37 other televotes
    result = run("explain", "finland", EUROVISION, "--format", "json")
    assert result.exit_code == 0, result.output
    [round_] = json.loads(result.output)["rounds"]
    assert round_["method"] == {"method": "points", "points": 526}
    places = {line["judge"]: line["marks"] for line in round_["lines"] if line["counted"]}
    sheets = eurovision_sheets(EUROVISION)
    assert places == {judge: ranks["finland"] for judge, ranks in sheets.items() if "finland" in ranks}
    assert (sum(j.endswith("-jury") for j in places), sum(j.endswith("-televote") for j in places)) == (22, 37)
    assert sorted(judge for judge, place in places.items() if place == 1 and judge.endswith("-jury")) == ["norway-jury", "sweden-jury"]


def test_eurovision_2023_a_country_ranking_its_own_song_is_a_conflict_warning(tmp_path):
    # the contest's rule as data: had Sweden's jury ranked Sweden, the conflict rule would report it (J410)
    folder = tmp_path / "esc"
    shutil.copytree(EUROVISION, folder)
    sheet = folder / "scores" / "sweden-jury.yaml"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("  cyprus: 10\n", "  sweden: 10\n"), encoding="utf-8")
    result = run("validate", folder, "--format", "json")
    problems = [(d["code"], Path(d["file"]).name, d["line"]) for d in json.loads(result.output)["diagnostics"]]
    assert ("J410", "sweden-jury.yaml", 12) in problems, problems


# ------------------------------------------------------------------------------------------------
# Aspen mayoral election 2009: the official round-by-round count (SOURCE.md), corrected final round.
CANDIDATES = {1: "marilyn-marks", 2: "lj-erspamer", 3: "andrew-kole", 4: "mick-ireland", 5: "write-in"}
OFFICIAL_ROUNDS = [
    {"mick-ireland": 1090, "marilyn-marks": 877, "lj-erspamer": 421, "andrew-kole": 126, "write-in": 14},
    {"mick-ireland": 1091, "marilyn-marks": 878, "lj-erspamer": 426, "andrew-kole": 126},
    {"mick-ireland": 1118, "marilyn-marks": 924, "lj-erspamer": 460},
    {"mick-ireland": 1301, "marilyn-marks": 1124},
]
OFFICIAL_EXHAUSTED = [0, 7, 26, 103]


def toi_ballots() -> list[tuple[int, list[list[str]]]]:
    """(count, ranking as groups of equal candidates) per line of the PrefLib file."""
    ballots = []
    for line in (ASPEN / "00016-00000002.toi").read_text(encoding="utf-8").splitlines():
        if line.startswith("#") or not line.strip():
            continue
        count, ranking = line.split(":", 1)
        groups = [[CANDIDATES[int(n)] for n in g.strip("{}").split(",")] for g in re.findall(r"\{[^}]*\}|\d+", ranking)]
        ballots.append((int(count), groups))
    return ballots


def irv_rounds(ballots: list[tuple[int, list[list[str]]]]) -> tuple[list[dict[str, int]], list[int]]:
    """A plain instant-runoff count: each ballot counts for its highest continuing candidate (a ballot whose
    highest continuing choice is a tie of several is an overvote and exhausted), the last is eliminated."""
    continuing = set(CANDIDATES.values())
    rounds, exhausted = [], []
    while True:
        tally = dict.fromkeys(continuing, 0)
        spent = 0
        for count, groups in ballots:
            live = next(([c for c in g if c in continuing] for g in groups if any(c in continuing for c in g)), [])
            if len(live) == 1:
                tally[live[0]] += count
            else:
                spent += count
        rounds.append(tally)
        exhausted.append(spent)
        if max(tally.values()) * 2 > sum(tally.values()) or len(continuing) <= 2:
            return rounds, exhausted
        continuing.remove(min(tally, key=lambda c: tally[c]))


def test_aspen_2009_ballots_give_the_official_round_counts_but_one_marks_ballot():
    ballots = toi_ballots()
    assert sum(count for count, _ in ballots) == 2527  # the official count has 2,528 (SOURCE.md)
    rounds, exhausted = irv_rounds(ballots)
    assert exhausted == OFFICIAL_EXHAUSTED
    # every figure of every round is the official one, except Marks: one ballot fewer throughout
    assert rounds == [{c: v - (c == "marilyn-marks") for c, v in official.items()} for official in OFFICIAL_ROUNDS]


@pytest.fixture(scope="module")
def aspen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    # load tests/real/aspen-mayor-2009/build.py under a name of its own (another "build" module may be imported)
    spec = importlib.util.spec_from_file_location("aspen_mayor_2009_build", ASPEN / "build.py")
    assert spec is not None and spec.loader is not None
    build = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build)
    folder = tmp_path_factory.mktemp("aspen") / "aspen-mayor-2009"
    assert build.build(folder) == 2527
    return folder


def test_aspen_2009_cycle_validates_without_a_problem(aspen):
    result = run("validate", aspen, "--format", "json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["diagnostics"] == []


def test_aspen_2009_instant_runoff_elects_mick_ireland(aspen):
    result = run("rank", aspen, "--format", "json")
    assert result.exit_code == 0, result.output
    [category] = json.loads(result.output)["categories"]
    first = category["ranking"][0]
    assert (first["rank"], first["entry"], first["award"]) == (1, "mick-ireland", "elected")
    assert [row["rank"] for row in category["ranking"]].count(1) == 1


# Each candidate's votes in the count for place 1, round by round until it is eliminated (or wins): the official
# counts with Marks one ballot lower (SOURCE.md); exhausted ballots by the final round: 103.
IRV_VOTES = {"mick-ireland": [1090, 1091, 1118, 1301], "marilyn-marks": [876, 877, 923, 1123],
             "lj-erspamer": [421, 426, 460], "andrew-kole": [126, 126], "write-in": [14]}


def test_aspen_2009_irv_detail_holds_the_round_counts(aspen):
    results = compute(load_cycle(aspen)).scores
    assert {entry: results[entry].detail["irv_votes"] for entry in IRV_VOTES} == IRV_VOTES
    assert results["mick-ireland"].detail["irv_exhausted"] == OFFICIAL_EXHAUSTED[-1]


def test_aspen_2009_explain_shows_the_round_counts(aspen):
    for entry, votes in IRV_VOTES.items():
        result = run("explain", entry, aspen, "--format", "json")
        assert result.exit_code == 0, result.output
        [method] = [r["method"] for r in json.loads(result.output)["rounds"]]
        assert (method["method"], method["irv_votes"]) == ("irv", votes), method
