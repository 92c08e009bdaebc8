"""`smartaward packets`: each judge's packet for a round, from the round's assignment file
(assignments/ROUND.yaml) — a marking workbook, a YAML score sheet template and a page of the
entries, in DIR/<judge>/.

What goes in a packet is decided by publishing/packets.py and drawn by render/packets.py; this
module parses the options, refuses a folder where the cycle's own data lives (as export does:
publishing/export.py `check_target`) and a file that is a symbolic link out of the folder (F006),
and writes the files all or nothing (writing/staging.py).
The organiser's key for the entry codes of blind calls and rounds is read here
(SMARTAWARD_PSEUDONYM_KEY, as export reads it) and passed down. The command registers itself on
`app` when cli.py imports this module.
"""

from __future__ import annotations

import re
import shlex
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from smartaward.cli import completion
from smartaward.cli.common import (
    EXIT_PROBLEMS,
    CycleArgument,
    NoCacheOption,
    QuietOption,
    app,
    check_folder,
    cycle_and_results,
    emit,
    find_root,
    format_choices,
    format_help,
    unknown_id,
    usage_error,
    write_refused,
)

if TYPE_CHECKING:
    from smartaward.model.cyclefiles import CycleFile
    from smartaward.publishing.packets import Packet

    PacketsFormat = Any
else:
    PacketsFormat = format_choices("packets", "PacketsFormat")
LISTED = 10  # ids named in a message; the rest counted


@app.command()
def packets(
    cycle: CycleArgument = Path("."),
    round_id: Annotated[str | None, typer.Option(
        "--round", "-r", metavar="ROUND", autocompletion=completion.rounds, help="The round whose assignment file (assignments/ROUND.yaml) gives the entries; "
                                              "required where the calls have rounds, left out where none has.")] = None,
    to_text: Annotated[str, typer.Option(
        "--to", "-o", metavar="DIR", help="The folder to write the packets in, one folder per judge (created if missing; "
                                          "files of the same names are replaced).")] = ...,  # type: ignore[assignment]
    judge: Annotated[list[str] | None, typer.Option(
        "--judge", "-j", metavar="ID", autocompletion=completion.judges,
        help="Make the packet of this judge only (repeat, or separate with commas; default: every "
                                            "judge with entries in the round).")] = None,
    format: Annotated[PacketsFormat, typer.Option(
        "--format", "-f", help=format_help("packets", lead="How to print the summary of what was written"))] = PacketsFormat.text,
    dry_run: Annotated[bool, typer.Option(
        "--dry-run", help="Check everything and say what would be written, but write nothing.")] = False,
    quiet: QuietOption = False,
    no_cache: NoCacheOption = False,
) -> None:
    """Write each judge's packet for a round: the entries the round's assignment file gives them.

    Files, in DIR/<judge>/: <round>-<judge>.xlsx, a marking workbook (a row per entry, a column per
    criterion with the scale's validation, a comment column, instructions; `smartaward import
    scores` reads it back), <round>-<judge>.yaml, a score sheet template (not for a blind call or
    round: a sheet names entry ids), and <round>-<judge>-entries.html, the entries' titles,
    summaries and links. A blind call or round hides the entrant and shows each entry by a code
    (the key: SMARTAWARD_PSEUDONYM_KEY). The same cycle gives byte-identical files, written all or
    nothing. Exit 1 when the cycle has errors or the round has no assignment file (run `smartaward
    assign`), 2 when the folder cannot be used (inside entries/, scores/ or assignments/, a file there
    a symbolic link out of it: F006), the round is unknown or a judge has no packet; nothing is
    written then.
    """
    if not to_text.strip():  # a Path would read "" as the current folder: say it instead of guessing
        raise usage_error("--to: give the folder to write in (use --to . for the current folder)")
    to = Path(to_text)
    root = find_root(cycle)
    wanted = _judges(judge)
    from smartaward.publishing.packets import base_name

    # Said before the cycle is ranked, for the one file every packet has (which others a judge's
    # packet has is known only then: a message names only files the run writes).
    early = [f"{j}/{base_name(round_id, j)}-entries.html" for j in wanted or []] if round_id is not None else []
    where = check_folder(root, to, early)
    loaded, _ = cycle_and_results(cycle, quiet, no_cache)
    spec = loaded.spec
    assert spec is not None
    round_id = _round(spec, round_id)
    from smartaward.judging.assigned import assignment_for

    assignment = assignment_for(loaded, round_id)
    if assignment is None:
        file = f"assignments/{round_id or 'all'}.yaml"
        asked = f" --round {shlex.quote(round_id)}" if round_id is not None else ""
        print(f"smartaward: the round{f' {round_id!r}' if round_id else ''} has no assignment file ({file}): run "
              f"`smartaward assign{asked} --per-entry K` first (or write the file); nothing was written", file=sys.stderr)
        raise typer.Exit(EXIT_PROBLEMS)
    if wanted is not None:
        strangers = [j for j in wanted if j not in loaded.judges]
        if strangers:  # the first, with the nearest ids (text/suggest.py)
            raise unknown_id("--judge", strangers[0], "judge", {j: judge.name for j, judge in loaded.judges.items()},
                             "in judges.yaml (nothing was written)")
        lacking = [j for j in wanted if not any(e in loaded.entry_index for e in assignment.judges.get(j, ()))]
        if lacking:
            raise usage_error(f"--judge: {_listed(lacking)} ha{'s' if len(lacking) == 1 else 've'} no entries "
                              f"in {assignment.file}; nothing was written")
    from smartaward.cli.export import pseudonym_key
    from smartaward.publishing.packets import packets as make_packets
    from smartaward.publishing.packets import summary_document
    from smartaward.render.packets import packet_files

    made = make_packets(loaded, assignment, wanted, pseudonym_key())
    if not made:
        print(f"smartaward: {assignment.file} gives no judge an entry; nothing was written", file=sys.stderr)
        raise typer.Exit(EXIT_PROBLEMS)
    try:
        files = packet_files(made)
    except OSError as exc:  # the workbook is built through temporary files: a full disk, `ulimit -f`
        raise usage_error(f"cannot make the files ({exc.strerror or exc}); nothing was written") from None
    names = list(files)
    _refuse_stale_templates(to, made, names)
    check_folder(root, to, names)  # every packet's names, now that they are known
    if not dry_run:
        from smartaward.writing.staging import WriteFailed, WriteRefused, write_all

        try:
            write_all(to, files, where=where, also_clear=tuple(names))
        except (WriteRefused, WriteFailed) as exc:
            raise write_refused(to, exc) from None
    from smartaward.reading.files import printable

    document = summary_document(made, round_id, printable(where), dry_run)
    if format.value == "json" or not quiet:
        emit("packets", format, document)


def _judges(values: list[str] | None) -> list[str] | None:
    """The judge ids asked for (repeated and/or comma-separated), sorted; None for every judge."""
    wanted = sorted({j.strip() for item in values or [] for j in item.split(",") if j.strip()})
    if not wanted:
        if values:
            raise usage_error("--judge: give a judge id")
        return None
    from smartaward.model.cyclefiles import SLUG_PATTERN

    malformed = [j for j in wanted if not re.match(SLUG_PATTERN, j)]
    if malformed:  # a judge id is a slug: anything else is no judge (and never a folder name)
        raise usage_error(f"--judge: {_listed(malformed)} {'is' if len(malformed) == 1 else 'are'} not a judge id (a-z, 0-9 and -)")
    return wanted


def _listed(ids: list[str]) -> str:
    """The first LISTED ids, quoted, and how many more: thousands of ids make no message."""
    shown = ", ".join(repr(i) for i in ids[:LISTED])
    return shown if len(ids) <= LISTED else f"{shown} and {len(ids) - LISTED:,} more"


def _round(spec: CycleFile, round_id: str | None) -> str | None:
    """The round asked for, checked against the calls' rounds (exit 2 when it is none of them)."""
    rounds = list(dict.fromkeys(r for call in spec.calls.values() for r in call.rounds))
    if not rounds:
        if round_id is not None:
            raise usage_error(f"--round {round_id}: no call of the cycle has rounds; leave --round out")
        return None
    if round_id is None:
        raise usage_error(f"--round: give the round (one of {', '.join(rounds)})")
    if round_id not in rounds:
        raise unknown_id("--round", round_id, "round", dict.fromkeys(rounds))
    return round_id


def _refuse_stale_templates(to: Path, made: list[Packet], names: list[str]) -> None:
    """A blind packet beside a YAML template of an earlier run for the same judge and round (made
    before the call or round became blind) would hand the judge the entry ids it hides: refused, as
    a public export refuses a folder holding an earlier export's marks. Nothing is deleted."""
    from smartaward.publishing.packets import possible_names
    from smartaward.reading.files import printable

    for packet in made:
        if not packet.blind:
            continue
        stale = [name for name in possible_names(packet.round, packet.judge)
                 if name.endswith(".yaml") and name not in names and (to / name).is_file()]
        if stale:
            raise usage_error(f"{printable(str(to / stale[0]))}: a score sheet template of an earlier run, which names the entries "
                              "this blind packet hides; remove it, or write the packets in a new folder; nothing was written")
