"""Feedback for entrants: one document per entry, for its entrant alone (`smartaward feedback`).

Each document says how far the entry got and why: per round it took part in, its score, its rank
in the round and of how many, whether it went on (a screening's verdict counts, a shortlist's cut
and the distance to it), the criterion means, every judge's marks and comment; then the outcome:
its rank in the final ranking, its award or why none, and the distance to the award line. A
comment on the entry from a judge whose sheet does not mark it (format.md allows it) is shown under
the round of that sheet, "did not mark"; for a designated award, under the result.

The facts come from the explanation (explain.py), which reads what scoring, ranking and awards
recorded, so feedback and `explain` never disagree. What an entrant must not learn is left out:

- no judge is named or identified: every judge is a stable pseudonym ("Judge A", anonymity.py,
  given over the whole jury, so one judge is the same letter in every entry's feedback; in an order
  only the organiser's key gives, when there is one), and no judge id, name, country or affiliation
  appears;
- a judge whose line on the entry is left out for a conflict of interest (declared or by rule) is
  not listed at all, under any pseudonym: each round says only how many judges did not mark the
  entry for a conflict (a conflict by rule tied to a pseudonym would tell the entrant that judge's
  country or city); a comment of such a judge on the entry is shown without a pseudonym;
- a screening round gives the counts of its verdicts, not who gave which;
- no open item of the result's status is listed (they name judges): a provisional result says so
  in one sentence (`PROVISIONAL`);
- a recorded decision is shown for a designated award only, as its date: never who decided (a
  name there may be a judge's, however it is spelled) nor its note; a tie decided by the chair is
  said as such, without the decision's record.

Plain data, byte-stable: everything is in cycle.yaml's order of rounds and criteria, judges in the
order of their pseudonyms, no timestamp. The numbers are the scores as `rank` shows them (rounded
to SCORE_DECIMALS); a margin is rounded the same way.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from smartaward.awards.allocation import eligible
from smartaward.awards.results import Results
from smartaward.judging.assigned import UNASSIGNED
from smartaward.judging.panel import CONFLICT_CODES, OBSERVER, entry_exclusion, judge_exclusion, stages_of
from smartaward.judging.ranking import CategoryRanking, Ranked
from smartaward.judging.stages import LATE, NOT_SHORTLISTED, PENDING, SCORE_DECIMALS, EntryScore, Line, Stage
from smartaward.model.cyclefiles import Call, CycleFile, Entry
from smartaward.publishing.anonymity import JudgeNames
from smartaward.publishing.documents import award_title
from smartaward.publishing.explain import Lookup, explain_entry
from smartaward.reading.load import Cycle

VERSION = 1
PROVISIONAL = "Provisional: these results may still change."
PENDING_AWARD = "this result may still change: a tie the chair has not yet decided"
NAMED_NOT_GIVEN = "named by the committee, but the rules left no award for it (one award per entrant, or the cap per country)"

# Why a judge's marks did not count, in words that name no judge (the reasons `explain` gives can
# name the shared country, city or affiliation, or the pattern of a declared conflict).
CONFLICT = "conflict of interest"
NOT_OF_CALL = "the judge does not judge this call"
NOT_ASSIGNED = "the judge was not assigned this entry in this round"
UNREADABLE = "the marks could not be read yet (awaiting a correction)"
INCOMPLETE = "the marks are incomplete or not valid"


def feedback_documents(cycle: Cycle, results: Results, entries: Iterable[str] | None = None,
                       key: str | None = None) -> dict[str, dict[str, Any]]:
    """Entry id → its feedback document, for every entry of the cycle (or those asked), by id.
    `key`: the organiser's secret for the order of the pseudonyms (anonymity.py), or None."""
    context = _Context.of(cycle, results, key)
    wanted = sorted(cycle.entry_index) if entries is None else sorted(set(entries))
    return {entry_id: context.document(entry_id) for entry_id in wanted}


def not_counted(line: Line) -> str | None:
    """Why a judge's marks did not count, naming no judge; None when they counted."""
    if line.excluded is None:
        return None
    if line.code in CONFLICT_CODES:
        return CONFLICT
    if line.excluded == OBSERVER:
        return "the judge is an observer, whose marks never count"
    if line.code == "J403":
        return NOT_OF_CALL
    if line.code == UNASSIGNED:
        return NOT_ASSIGNED
    if line.excluded in PENDING:
        return UNREADABLE
    if line.excluded.startswith("no mark for "):  # criterion ids only: "no mark for impact, vision"
        return f"incomplete: {line.excluded}"
    return INCOMPLETE


def _number(value: Any) -> Any:
    """A score or mark as `rank` shows it: rounded to SCORE_DECIMALS; -0.0 as 0.0."""
    if isinstance(value, float):
        return round(value, SCORE_DECIMALS) + 0.0
    return value


def _mark(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _number(value)
    return str(value)


def _ranked_on(result: EntryScore) -> float | None:
    """What a shortlist ranked the entry on: the cut score where the cut adds, weighs or rounds rounds'
    scores (`on:`, `decimals:`), else the round's score."""
    return result.detail.get("cut_score", result.score)


def _margin(score: float | None, line: float | None, higher_is_better: bool) -> float | None:
    """How far `score` is ahead of (positive) or behind (negative) `line`."""
    if score is None or line is None:
        return None
    return round(score - line if higher_is_better else line - score, SCORE_DECIMALS) + 0.0


@dataclass
class _Cut:
    """Who went on from one round of one category."""

    ranked: int  # entries with a score (or, screening, a verdict) in the round
    through: int  # entries that went on
    last: EntryScore | None  # the last entry through (the worst-placed one), for a shortlist


@dataclass
class _Context:
    cycle: Cycle
    spec: CycleFile
    results: Results
    names: JudgeNames
    rankings: dict[tuple[str, str], CategoryRanking]
    cuts: dict[tuple[str, str | None, str], _Cut]
    lookup: Lookup
    ranked: dict[tuple[str, str], list[Ranked]]  # each category's ranked rows, in order
    position: dict[str, int]  # entry id → its index in its category's ranked rows
    # (call, category) → award → the ranks and indices (ascending) of the ranked rows holding it
    holders: dict[tuple[str, str], dict[str, tuple[list[int], list[int]]]]

    @classmethod
    def of(cls, cycle: Cycle, results: Results, pseudonym_key: str | None = None) -> _Context:
        spec = cycle.spec
        assert spec is not None, "feedback needs a cycle that passed validation"
        # Every judge a sheet names too, so that the letters are those of the whole jury.
        names = JudgeNames(cycle.judges, named={sheet.judge for sheet in cycle.sheets}, reveal=False, key=pseudonym_key)
        rankings = {(r.call, r.category): r for r in results.rankings}
        cuts: dict[tuple[str, str | None, str], _Cut] = {}
        for stage in results.scoring.stages:
            for category in spec.calls[stage.call].categories:
                members = [r for r in stage.results.values() if r.entry.category == category]
                if stage.screening:
                    judged = [r for r in members if r.verdicts is not None and sum(r.verdicts) > 0]
                    cuts[(stage.call, stage.round, category)] = _Cut(len(judged), sum(1 for r in judged if r.reason is None), None)
                    continue
                ranked = [r for r in members if r.detail.get("round_rank") is not None]
                through = [r for r in ranked if r.status != NOT_SHORTLISTED]
                last = max(through, key=lambda r: (r.detail["round_rank"], r.entry.id), default=None)
                cuts[(stage.call, stage.round, category)] = _Cut(len(ranked), len(through), last)
        awarded = results.allocation.by_entry()
        in_order = {key: [row for row in r.rows if row.rank is not None] for key, r in rankings.items()}
        position = {row.result.entry.id: i for rows in in_order.values() for i, row in enumerate(rows)}
        holders: dict[tuple[str, str], dict[str, tuple[list[int], list[int]]]] = {}
        for key, rows in in_order.items():
            for i, row in enumerate(rows):
                award = awarded.get(row.result.entry.id)
                if award is not None and row.rank is not None:
                    ranks, indices = holders.setdefault(key, {}).setdefault(award, ([], []))
                    ranks.append(row.rank)
                    indices.append(i)
        return cls(cycle, spec, results, names, rankings, cuts, Lookup.of(results, cycle), in_order, position, holders)

    # -- one entry ---------------------------------------------------------------------------------

    def document(self, entry_id: str) -> dict[str, Any]:
        explained = explain_entry(self.cycle, self.results, entry_id, self.lookup)
        entry = self.cycle.entry_index[entry_id].entry
        call = self.spec.calls[entry.call]
        status = self.results.status
        document: dict[str, Any] = {
            "version": VERSION,
            "cycle": self.results.cycle,
            "title": self.results.title,
            "organiser": self.spec.organiser,
            "status": None if status is None else status.name,
            "notice": PROVISIONAL if status is not None and not status.final else None,
            "entry": {
                **{k: explained["entry"][k] for k in ("id", "title", "entrant", "type", "city", "country", "call")},
                "call_title": call.title,
                "category": entry.category,
                "category_title": call.categories[entry.category].title,
                "submitted": explained["entry"]["submitted"],
            },
            "judging": call.judging,
            "criteria": [{"id": c, "title": criterion.title} for c, criterion in call.criteria.items()],
            "rounds": [],
            "outcome": None,
        }
        if call.judging == "designated":
            document["outcome"] = self._designated(entry, call, explained["result"])
            document["outcome"]["comments"] = self._unmarked(entry, explained["result"]["comments_without_marks"])
            return document
        final = self.results.scores[entry_id]
        if final.status == LATE:  # never judged: the reason, and no marks
            document["outcome"] = self._outcome(entry, call, final, explained["result"])
            return document
        reached = [r for r in explained["rounds"] if r["reached"]]  # marks in rounds never reached: left out
        last_round = stages_of(call)[-1]
        for position, (result, said) in enumerate(zip(final.stages, reached, strict=True)):
            went_on = None if result.round == last_round else position < len(final.stages) - 1
            document["rounds"].append(self._round(entry, call, result, said, went_on, explained["result"]))
        document["outcome"] = self._outcome(entry, call, final, explained["result"])
        return document

    def _round(self, entry: Entry, call: Call, result: EntryScore, said: dict[str, Any], went_on: bool | None,
               overall: dict[str, Any]) -> dict[str, Any]:
        stage = self.lookup.stages.get((entry.call, result.round))
        declared = call.rounds.get(result.round) if result.round is not None else None
        screening = bool(stage and stage.screening)
        last = result.round == stages_of(call)[-1]
        cut = self.cuts.get((entry.call, result.round, entry.category))
        rank, of, tie = said["round_rank"], cut.ranked if cut is not None and said["round_rank"] is not None else None, said["round_tie"]
        if last and not screening and overall["combined"] is None and overall["rank"] is not None:
            rank, of, tie = overall["rank"], overall["of"], overall["tie"]  # the round's ranking is the final one
        document: dict[str, Any] = {
            "round": result.round,
            "title": declared.title if declared is not None else None,
            "kind": "screening" if screening else "final" if last else "shortlist",
            "marking": None if screening or stage is None else stage.rules.marking,
            "score": _number(said["score"]),
            "lower_is_better": not result.higher_is_better,
            "rank": rank,
            "of": of,
            "tie": tie,
            "verdicts": said["verdicts"],
            "went_on": went_on,
            "cut": None,
            "criterion_means": [{"criterion": c, "title": call.criteria[c].title if c in call.criteria else c, "mean": _number(m)}
                                for c, m in _in_order(said["criterion_means"], call)],
            "marks": [] if screening else self._marks(entry, call, result, stage),
            "conflicts": sum(1 for line in result.lines.values() if line.code in CONFLICT_CODES),
            "comments": self._comments(entry, result, said["comments_without_marks"]),
            "outcome": said["outcome"],
        }
        corrected = result.detail.get("corrected")
        if corrected is not None:  # correct: (only such rounds have the key): the rule and the panel's centre
            document["correction"] = {"around": corrected["around"], "limit": _number(corrected["limit"]),
                                      "centre": _number(corrected["centre"])}
        measured = result.detail.get("measured")
        if measured is not None:  # measured parts (only such rounds have the key): the judged part, each part, the rule
            document["measured"] = {"judged": _number(measured["judged"]), "total": measured.get("total"),
                                    "judged_weight": _number(measured.get("judged_weight")),
                                    "parts": [{"part": part, "title": call.measured[part].title, "value": _number(made["value"]),
                                               "weight": _number(made["weight"])} for part, made in measured.get("parts", {}).items()],
                                    "missing": list(measured.get("missing", []))}
        if screening and declared is not None and cut is not None:
            document["cut"] = {"passes": declared.passes, "screened": cut.ranked, "through": cut.through}
        elif declared is not None and declared.shortlist is not None and cut is not None and not last:
            document["cut"] = self._cut(result, declared.shortlist.top, declared.shortlist.threshold, cut)
        return document

    def _cut(self, result: EntryScore, top: int | None, threshold: float | None, cut: _Cut) -> dict[str, Any]:
        """The shortlist's line: the score of the last entry through (or the threshold), and how far
        the entry's score is above it (positive) or below it (negative)."""
        last = cut.last
        line = threshold if threshold is not None else (_ranked_on(last) if last is not None else None)
        return {
            "top": top,
            "threshold": _number(threshold),
            "ranked": cut.ranked,
            "through": cut.through,
            "last_through": None if last is None else {"rank": last.detail["round_rank"], "score": _number(_ranked_on(last))},
            "line": _number(line),
            "margin": None if result.by_rank and threshold is not None else _margin(_ranked_on(result), line, result.higher_is_better),
            # where the cut ranks on a cut score (on: several rounds, or decimals:): it, and what it is
            **({"cut_score": _number(result.detail["cut_score"]),
                "ranked_on": result.detail.get("cut_rule", "the sum of the rounds the shortlist ranks on")}
               if "cut_score" in result.detail else {}),
        }

    def _marks(self, entry: Entry, call: Call, result: EntryScore, stage: Stage | None) -> list[dict[str, Any]]:
        scores = stage is None or stage.rules.marking == "scores"
        moved = result.detail["corrected"]["moved"] if "corrected" in result.detail else None
        rows = []
        for judge_id, line in result.lines.items():
            if line.code in CONFLICT_CODES:  # not listed at all: the round gives their number only
                continue
            marks = line.marks
            if isinstance(marks, dict):
                marks = {c: _mark(m) for c, m in _in_order(marks, call)}
            else:
                marks = _mark(marks)
            rows.append({
                "judge": self.names.show(judge_id),
                "marks": marks,
                "total": _number(line.total) if scores else None,
                "normalised": _number(line.value) if line.normalised is not None and "total" in line.normalised else None,
                "counted": line.counted,
                "not_counted": not_counted(line),
                "trimmed": list(line.trimmed or []),
            })
            if moved is not None:  # correct: the total the score counted, where a rule corrected it (else the total)
                rows[-1]["corrected"] = _number(moved[judge_id][1]) if judge_id in moved else None
        return sorted(rows, key=_by_pseudonym)

    def _comments(self, entry: Entry, result: EntryScore, unmarked: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """The comments on the entry in one round: each judge's, under the pseudonym, `marked` false
        for a judge whose sheet of the round does not mark it; a judge left out for a conflict of
        interest without a pseudonym (`judge` null), after the others."""
        sheets = self.cycle.sheets
        found: list[dict[str, Any]] = []
        for judge_id, line in result.lines.items():
            comment = sheets[line.sheet].comments.get(entry.id)
            if comment:
                conflict = line.code in CONFLICT_CODES
                found.append({"judge": None if conflict else self.names.show(judge_id), "marked": not conflict, "comment": comment})
        return sorted(found + self._unmarked(entry, unmarked), key=_comment_order)

    def _unmarked(self, entry: Entry, comments: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Comments from sheets with no line on the entry (explain's `comments_without_marks`): a
        judge whose marks would be left out for a conflict of interest without a pseudonym too
        ("did not mark" beside the letter would tell the entrant which judge has the conflict)."""
        found = []
        for c in comments:
            judge = self.cycle.judges.get(c["judge"])
            why = judge_exclusion(judge, entry, self.spec.rules.conflicts) if judge is not None else None
            conflict = why is not None and why[0] in CONFLICT_CODES
            found.append({"judge": None if conflict else self.names.show(c["judge"]), "marked": False, "comment": c["comment"]})
        return sorted(found, key=_comment_order)

    # -- the outcome -------------------------------------------------------------------------------

    def _outcome(self, entry: Entry, call: Call, final: EntryScore, said: dict[str, Any]) -> dict[str, Any]:
        stopped = final.stages[-1] if final.stages else final
        declared = call.rounds.get(stopped.round) if stopped.round is not None else None
        award = said["award"]
        slot = call.categories[entry.category].awards.get(award) if award else None
        outcome: dict[str, Any] = {
            "result": "awarded" if award else "ranked" if said["rank"] is not None else "not-ranked",
            "stage": None if final.status == LATE else stopped.round,
            "stage_title": None if final.status == LATE or declared is None else declared.title,
            "score": _number(said["score"]),
            "combined": None if said["combined"] is None else {k: _number(v) for k, v in said["combined"].items()},
            "lower_is_better": said["lower_is_better"],
            "rank": said["rank"],
            "of": said["of"] if said["rank"] is not None else None,
            "tie": said["tie"],
            "award": award,
            "award_title": award_title(award, slot.title if slot else None) if award else None,
            "award_note": said["award_note"] if award and said["award_note"] and said["award_note"].startswith("ex aequo") else None,
            "why": final.status,
            "reason": said["reason"],
            "ineligible": said["ineligible"],
            "line": None,
            "not_awarded": None,
            # Why it may change, without the other entries of the tie (their ids are theirs to hear).
            "pending": PENDING_AWARD if said["pending"] else None,
            "decision": None,
        }
        ranking = self.rankings.get((entry.call, entry.category))
        if said["rank"] is not None and ranking is not None:
            self._award_line(entry, call, final, ranking, outcome)
        return outcome

    def _award_line(self, entry: Entry, call: Call, final: EntryScore, ranking: CategoryRanking, outcome: dict[str, Any]) -> None:
        """For a winner, its lead over the next entry; otherwise the distance to the award line: the
        score of the lowest-ranked entry above it that took an award it could have taken."""
        key = (ranking.call, ranking.category)
        ranked = self.ranked[key]
        at = self.position[entry.id]
        me = ranked[at]
        assert me.rank is not None
        better = final.higher_is_better
        awards = self.lookup.awards
        slots = call.categories[entry.category].awards
        if outcome["award"]:
            below = next((ranked[i] for i in range(at + 1, len(ranked)) if (ranked[i].rank or 0) > me.rank), None)
            if below is not None:
                outcome["line"] = {"kind": "lead", "rank": below.rank, "score": _number(below.result.score), "award": None,
                                   "award_title": None, "margin": _margin(me.result.score, below.result.score, better)}
            return
        open_to_me = {a for a, slot in slots.items() if eligible(slot, entry)}
        held = self.holders.get(key, {})
        # the lowest-ranked row above this one holding an award open to it: per award, by bisection
        above = [indices[k - 1] for a in sorted(open_to_me) if a in held
                 for ranks, indices in [held[a]] if (k := bisect_left(ranks, me.rank)) > 0]
        if above:
            line = ranked[max(above)]
            award = awards[line.result.entry.id].award
            outcome["line"] = {"kind": "award-line", "rank": line.rank, "score": _number(line.result.score), "award": award,
                               "award_title": award_title(award, slots[award].title), "margin": _margin(me.result.score, line.result.score, better)}
        passed_over = any(held[a][0][-1] > me.rank for a in open_to_me if a in held)
        outcome["not_awarded"] = self._not_awarded(entry, final, open_to_me, bool(above), passed_over)

    def _not_awarded(self, entry: Entry, final: EntryScore, open_to_me: set[str], above: bool, passed_over: bool) -> str:
        """Why a ranked entry took no award, in plain words."""
        if final.ineligible:
            return f"not eligible for awards: {final.ineligible}"
        if not open_to_me:
            return "no award of this category is open to this entrant"
        slots = self.spec.calls[entry.call].categories[entry.category].awards
        floors = [floor for a in open_to_me if (floor := slots[a].min_score) is not None]
        if floors and final.score is not None and not final.by_rank and final.score < min(floors):
            return f"below the minimum score for an award ({min(floors):g})"
        if passed_over:  # an entry ranked below took an award open to this one: a rule of the cycle kept it out
            rules, awards = self.spec.rules, self.results.allocation.awards
            if rules.one_award_per == "entrant" and any(a.entry.entrant.key == entry.entrant.key for a in awards):
                return "one award per entrant: this entrant holds another award"
            cap = rules.max_awards_per_country
            country = entry.entrant.country  # an entrant without a country counts towards no cap
            if cap is not None and country is not None and sum(1 for a in awards if a.entry.entrant.country == country) >= cap:
                return f"at most {cap} award{'s' if cap != 1 else ''} per country, and entrants of {country} hold {cap}"
        if above or passed_over:
            return "the awards open to this entry went to entries ranked above it"
        return "no award slot open to this entry was left for its rank"

    def _designated(self, entry: Entry, call: Call, said: dict[str, Any]) -> dict[str, Any]:
        category = call.categories[entry.category]
        award = said["award"]
        designation = category.designated.get(award) if award else None
        # The date only: who decided may be a judge, in any spelling (the hostile review's T5).
        decision = None
        if designation is not None and designation.decided_on:
            decision = {"decided_on": designation.decided_on.isoformat()}

        late = entry_exclusion(entry, call)
        named = any(entry.id in d.entries for d in category.designated.values())
        reason = late or (NAMED_NOT_GIVEN if named and not award else None)
        slot = category.awards.get(award) if award else None
        return {
            "result": "designated" if award else "not-designated",
            "stage": None, "stage_title": None, "score": None, "combined": None, "lower_is_better": False,
            "rank": None, "of": None, "tie": None,
            "award": award,
            "award_title": award_title(award, slot.title if slot else None) if award else None,
            "award_note": None,
            "why": LATE if late else None,
            "reason": reason,
            "ineligible": None, "line": None, "not_awarded": None, "pending": None,
            "decision": decision,
        }


def _in_order(values: Mapping[str, Any], call: Call) -> list[tuple[str, Any]]:
    """Criterion → value in the call's order of criteria; any other key after them, by name."""
    order = {c: i for i, c in enumerate(call.criteria)}
    return sorted(values.items(), key=lambda item: (order.get(item[0], len(order)), item[0]))


def _by_pseudonym(row: Mapping[str, Any]) -> tuple[int, str]:
    """"Judge B" before "Judge AA" (as spreadsheet columns go)."""
    name = row["judge"]
    return (len(name), name)


def _comment_order(row: Mapping[str, Any]) -> tuple[bool, int, str, bool, str]:
    """By pseudonym (a judge's comment with marks before one without), those without a pseudonym
    last; then by text, so that the order never depends on the order of the sheets."""
    name = row["judge"] or ""
    return (row["judge"] is None, len(name), name, not row["marked"], row["comment"])
