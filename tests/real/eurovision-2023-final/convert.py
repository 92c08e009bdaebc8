"""Write this cycle folder from the EurovisionAPI dataset (see SOURCE.md): how each record became a file.

    python convert.py FINAL_JSON CONTESTANTS_JSON COUNTRIES_JSON [OUT_DIR]

FINAL_JSON is data/senior/YEAR/rounds/final.json of github.com/EurovisionAPI/dataset (commit 3147468);
CONTESTANTS_JSON maps each contestant id to {country, artist, song} (data/senior/YEAR/contestants/*/contestant.json);
COUNTRIES_JSON is data/countries.json (code → name). Nothing is computed here: each voting country's jury and
televote points become that "judge's" ranking (12 points = rank 1, 10 = rank 2, ..., 1 point = rank 10).
smartaward is not run by this script; it is kept so that the files can be regenerated and audited.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

POINTS = [12, 10, 8, 7, 6, 5, 4, 3, 2, 1]
ROW = "WLD"  # the "Rest of the World" online televote (no country; from 2023)
KINDS = {"jury": "jury", "public": "televote"}


def slug(name: str) -> str:
    return "-".join("".join(ch if ch.isalnum() else " " for ch in name.lower()).split())


def quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)


def judge_id(code: str, kind: str, countries: dict[str, str]) -> str:
    return f"rest-of-the-world-{kind}" if code == ROW else f"{slug(countries[code])}-{kind}"


def main(final_path: str, contestants_path: str, countries_path: str, out: str = ".") -> None:
    final = json.loads(Path(final_path).read_text(encoding="utf-8"))
    contestants = {int(k): v for k, v in json.loads(Path(contestants_path).read_text(encoding="utf-8")).items()}
    countries = json.loads(Path(countries_path).read_text(encoding="utf-8"))
    root = Path(out)
    (root / "entries").mkdir(parents=True, exist_ok=True)
    (root / "scores").mkdir(parents=True, exist_ok=True)
    ballots: dict[str, dict[str, int]] = {}
    for performance in sorted(final["performances"], key=lambda p: p["running"]):
        who = contestants[performance["contestantId"]]
        entry = slug(countries[who["country"]])
        (root / "entries" / f"{performance['running']:02d}-{entry}.yaml").write_text(
            f"id: {entry}\ncall: final\ncategory: song\ntitle: {quoted(who['song'])}\n"
            f"summary: \"Running order {performance['running']}\"\n"
            f"entrant: {{name: {quoted(who['artist'])}, type: artist, country: {who['country']}}}\n",
            encoding="utf-8")  # no submitted date: a song has none, and no rule reads one
        for score in performance["scores"]:
            if score["name"] not in KINDS:
                continue
            for voter, points in score["votes"].items():
                if points:
                    ballots.setdefault(judge_id(voter, KINDS[score["name"]], countries), {})[entry] = POINTS.index(points) + 1
    voters = sorted({(code, KINDS[s["name"]]) for p in final["performances"] for s in p["scores"] if s["name"] in KINDS
                     for code in s["votes"]}, key=lambda v: judge_id(v[0], v[1], countries))
    lines = []
    for code, kind in voters:
        name = "Rest of the World" if code == ROW else countries[code]
        lines.append(f"{judge_id(code, kind, countries)}:\n  name: {quoted(f'{name} {kind}')}\n"
                     + ("" if code == ROW else f"  country: {code}\n"))
    (root / "judges.yaml").write_text("".join(lines), encoding="utf-8")
    for judge, ranks in sorted(ballots.items()):
        body = "".join(f"  {entry}: {rank}\n" for entry, rank in sorted(ranks.items(), key=lambda item: item[1]))
        (root / "scores" / f"{judge}.yaml").write_text(f"judge: {judge}\nranks:\n{body}", encoding="utf-8")


if __name__ == "__main__":
    main(*sys.argv[1:])
