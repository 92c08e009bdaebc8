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
