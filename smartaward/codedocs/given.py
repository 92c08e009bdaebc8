"""Cycles that several codes' examples assume, as edits of the base cycle (tests/cases/base) and
files laid over it. Not shown in the documentation: they make the examples run as written (see
example.py)."""

from __future__ import annotations

from smartaward.codedocs.example import Example, edited

# The last line of the project call's only category, where keys of the call can be added.
END_OF_PEOPLE = "          corporate: {count: 1, eligible: {entrant_type: company}}\n"


def project_call(*lines: str) -> tuple[str, str]:
    """An edit of cycle.yaml: these lines added to the project call (after its categories)."""
    return END_OF_PEOPLE, END_OF_PEOPLE + "".join(f"{line}\n" for line in lines)


def project_rounds(*rounds: str) -> Example:
    """cycle.yaml, with the project call judged in these rounds (lines under `rounds:`)."""
    return edited("cycle.yaml", project_call("    rounds:", *(f"      {r}" for r in rounds)))


def final_round(judge: str, *dropped: str) -> Example:
    """A judge's sheet of the base cycle, for the round `final`, without the marks of `dropped`."""
    edits = [(f"judge: {judge}\n", f"judge: {judge}\nround: final\n")]
    base = {"j01": {"seoul-air": "{design: 7, impact: 8}"},
            "j02": {"oslo-bikes": "{design: 8, impact: 8}", "seoul-air": "{design: 6.5, impact: 7}"},
            "j03": {"oslo-bikes": "{design: 8.5, impact: 7.5}", "seoul-air": "{design: 7, impact: 7.5}"}}[judge]
    edits += [(f"  {entry}: {base[entry]}\n", "") for entry in dropped]
    return edited(f"scores/{judge}.yaml", *edits)


# The project call screens its entries (majority must pass) before its final round; every sheet of
# the base is for the final, and j03 lets every entry through.
SCREENING = (
    project_rounds("screen: {title: Eligibility screening, screening: true}", "final: {title: Final}"),
    final_round("j01"), final_round("j02"), final_round("j03"),
    Example("scores/j03-screen.yaml", """\
judge: j03
round: screen
scores:
  oslo-bikes: pass
  seoul-air: pass
  baguio-health: pass
"""),
)


def eight_more_entries() -> tuple[Example, ...]:
    """Eight more entries of the project call, each marked by j02 and j03: eleven in contention."""
    ids = [f"bergen-{n}" for n in range(1, 9)]
    entries = "".join(f"""\
- id: {entry}
  call: project
  category: people
  title: Harbour project {n}
  entrant: {{name: Bergen Example {n}, type: city, city: Bergen, country: NO}}
  submitted: 2025-06-0{n}
""" for n, entry in enumerate(ids, 1))
    marks = "".join(f"  {entry}: {{design: {n}, impact: {n}}}\n" for n, entry in enumerate(ids, 1))
    return (Example("entries/bergen.yaml", entries),
            edited("scores/j02.yaml", ("scores:\n", "scores:\n" + marks)),
            edited("scores/j03.yaml", ("scores:\n", "scores:\n" + marks)))


# The project call with a measured part: a public vote's bonus of 0 to 2 points, added to the judges'
# mean (docs/rules.md, "Measured parts"), in every round or in the rounds listed.
def measured_bonus(*rounds: str) -> tuple[str, str]:
    """An edit of cycle.yaml: the project call's measured part `bonus` (in `rounds`, else in every round)."""
    scope = f", rounds: [{', '.join(rounds)}]" if rounds else ""
    return project_call("    measured:", f"      bonus: {{title: Public vote bonus, scale: {{min: 0, max: 2, step: 0.5}}{scope}}}")


# The evaluation round's sheets of j02 and j03 (with the project call judged in an evaluation round that
# shortlists 2, then a final): the evaluation shortlists baguio-health (8.833) and oslo-bikes (7.917),
# not seoul-air (7.083).
EVALUATION_SHEETS = (
    Example("scores/evaluation/j02.yaml", """\
judge: j02
round: evaluation
scores:
  oslo-bikes: {design: 8, impact: 8}
  seoul-air: {design: 6.5, impact: 7}
  baguio-health: {design: 9, impact: 9}
"""),
    Example("scores/evaluation/j03.yaml", """\
judge: j03
round: evaluation
scores:
  oslo-bikes: {design: 8.5, impact: 7.5}
  seoul-air: {design: 7, impact: 7.5}
  baguio-health: {design: 8, impact: 9}
"""),
)
