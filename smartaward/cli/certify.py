"""`smartaward certify` and `smartaward verify`: seal a cycle's final results in a record, and check
later that the files still give exactly them; also `validate --against`'s check (`against`).

The record, its hash and the comparison are the core's (publishing/certificate.py); this module
parses the options, refuses a place the record may not go, writes the file all or nothing
(writing/staging.py, as export does), prints the document through the output registry and maps
the outcome to an exit code: 0 certified or verified; 1 the cycle has errors, is provisional, or
differs from the record (or the record fails its own hash); 2 misuse (no record, not a record, a
path the record may not be written to).

Both commands re-derive everything from the files: they neither read nor write the cache; nor does
`validate --against` for the results it compares. verify and --against read a record from a pipe
too (`<(git show ...)`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from smartaward.cli import completion
from smartaward.cli.common import (
    EXIT_PROBLEMS,
    CycleArgument,
    QuietOption,
    app,
    emit,
    find_root,
    format_choices,
    format_help,
    not_taken,
    outcome,
    require_final,
    stop_on_errors,
    summarise_warnings,
    usage_error,
)

if TYPE_CHECKING:
    from smartaward.api import Outcome
    from smartaward.publishing.certificate import Record

    CertificateFormat = Any
else:
    CertificateFormat = format_choices("certificate", "CertificateFormat")

MAX_BY = 300  # characters of --by
MAX_NOTE = 2000  # characters of --note


# The Unicode categories no character of --by may have: it is the record's signature line, and two
# names that look alike must be the same name. Controls (Cc), format characters (Cf: a zero-width
# space, a bidirectional override, a byte-order mark), line and paragraph separators (Zl, Zp),
# private-use characters (Co), surrogates (Cs) and unassigned code points (Cn, noncharacters too).
REFUSED_IN_BY = {"Cc": "a control character", "Cf": "a format character: it shows as nothing, or changes how the text around "
                 "it shows", "Zl": "a line separator", "Zp": "a paragraph separator", "Co": "a private-use character",
                 "Cs": "a surrogate", "Cn": "not an assigned character"}
EARLIEST_ON = "1900-01-01"


def _code_point(ch: str) -> str:
    """A character as a message names it: U+202E RIGHT-TO-LEFT OVERRIDE."""
    import unicodedata

    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def _one_line(option: str, value: str | None, limit: int, *, required: bool) -> str | None:
    """An option's text: one line, no control characters, at most `limit` characters; exit 2 otherwise."""
    import unicodedata

    from smartaward.text.cells import one_line

    if value is None or not value.strip():
        if required:
            raise usage_error(f"{option}: say who certifies, as \"NAME, role\"")
        return None
    text = value.strip()
    for ch in text:
        if ch == "\t" or one_line(ch) != ch:
            said = REFUSED_IN_BY.get(unicodedata.category(ch), "not allowed").split(":")[0]
            raise usage_error(f"{option}: {_code_point(ch)} is {said}; give one line of visible text")
    if len(text) > limit:
        raise usage_error(f"{option}: at most {limit} characters")
    return text


def _by(value: str) -> str:
    """--by: one line that names someone: a letter at least, and no character that shows as nothing,
    reorders the text or has no meaning (REFUSED_IN_BY); exit 2 otherwise."""
    import unicodedata

    if value.strip():
        for ch in value.strip():
            category = unicodedata.category(ch)
            if category in REFUSED_IN_BY:
                raise usage_error(f"--by: {_code_point(ch)} is {REFUSED_IN_BY[category]}; type the name and role in visible "
                                  "characters")
        from smartaward.text.names import invisible_dropped

        # The characters Unicode says show as nothing (a variation selector, the Hangul filler — a
        # "letter" that shows as a blank): the same rule as `decided_by` in cycle.yaml.
        hidden = next((ch for ch in value if not invisible_dropped(ch)), None)
        if hidden is not None:
            raise usage_error(f"--by: {_code_point(hidden)} shows as nothing; type the name and role in visible characters")
        if not any(unicodedata.category(ch).startswith("L") for ch in value):
            raise usage_error("--by: no letter in it; say who certifies, as \"NAME, role\"")
    text = _one_line("--by", value, MAX_BY, required=True)
    assert text is not None
    return text


def _date(value: str | None) -> str:
    """--on as YYYY-MM-DD, from 1900-01-01 to tomorrow (UTC, so that no time zone is refused its
    today); by default today's date in UTC."""
    import re
    from datetime import UTC, date, datetime, timedelta

    today = datetime.now(UTC).date()
    if value is None:
        return today.isoformat()
    if not re.fullmatch(r"[0-9]{4}-[0-9]{2}-[0-9]{2}", value):
        raise usage_error(f"--on {value}: give the date as YYYY-MM-DD")
    try:
        on = date.fromisoformat(value)
    except ValueError:
        raise usage_error(f"--on {value}: no such date") from None
    if on > today + timedelta(days=1):
        raise usage_error(f"--on {value}: a date after tomorrow; give the date of the certification (the default is today's "
                          "date in UTC)")
    if on.isoformat() < EARLIEST_ON:
        raise usage_error(f"--on {value}: a date before {EARLIEST_ON}; give the date of the certification (the default is "
                          "today's date in UTC)")
    return on.isoformat()


def _warn_if_before_a_decision(on: str, content: dict[str, Any]) -> None:
    """A record dated before a decision it holds is written, and said on stderr (a date typed wrong,
    or a decision dated wrong)."""
    from smartaward.publishing.certificate import latest_decision
    from smartaward.text.cells import one_line

    latest = latest_decision(content)
    if latest is not None and on < latest[0]:
        print(one_line(f"smartaward: warning: --on {on} is before {latest[0]}, when cycle.yaml says {latest[1]} was decided; "
                       f"the record is dated {on} all the same"), file=sys.stderr)


def _shown(path: Path) -> str:
    """A path as messages name it: relative to the working folder when inside it."""
    from smartaward.reading.files import display_path

    return display_path(path.absolute())


def _read(path: Path, shown: str, *, missing_ok: bool = False, pipes: bool = False) -> Record | None:
    """The record at `path`; exit 2 (said plainly) if there is none or it is not a record. `pipes`:
    a pipe is read too (`--record <(git show ...)`), within a time limit."""
    from smartaward.publishing.certificate import NoRecord, NotARecord, read_record

    try:
        return read_record(path, shown, pipes=pipes)
    except NoRecord as exc:
        if missing_ok:
            return None
        raise usage_error(str(exc)) from None
    except NotARecord as exc:
        raise usage_error(str(exc)) from None


def _derive(found: Outcome) -> dict[str, Any]:
    from smartaward import __version__
    from smartaward.publishing.certificate import derive

    return derive(found.checked.files, found.cycle, found.results, __version__)


def _refused_by_staging(target: Path, exc: Exception) -> typer.Exit:
    from smartaward.writing.staging import WriteFailed, WriteRefused

    if isinstance(exc, WriteRefused):
        return usage_error(f"{_shown(target)}: error F006 {exc.refusals[-1].message}; nothing was written")
    assert isinstance(exc, WriteFailed)
    return usage_error(f"{_shown(target)}: cannot write ({exc.reason}); nothing was written")


@app.command()
def certify(
    cycle: CycleArgument = Path("."),
    by: Annotated[str, typer.Option("--by", metavar="'NAME, role'", help="Who certifies the results: name and role (required).")] = ...,  # type: ignore[assignment]
    note: Annotated[str | None, typer.Option("--note", help="A note kept in the record (one line).")] = None,
    on: Annotated[str | None, typer.Option("--on", metavar="YYYY-MM-DD", help="The date of the certification (default: today's date in UTC).")] = None,
    to: Annotated[str | None, typer.Option(
        "--to", metavar="FILE", help="Where the record goes (default: results/certified.json in the cycle folder).")] = None,
    format: Annotated[CertificateFormat, typer.Option("--format", "-f", help=format_help("certificate"))] = CertificateFormat.text,
    quiet: QuietOption = False,
    _no_cache: Annotated[bool, not_taken("--no-cache", "certify", "it never uses the cache: it re-derives everything from the files")] = False,
) -> None:
    """Seal a final result: write a record of every input file's SHA-256, the rules as applied, every
    ranking, award and recorded decision, and who certified it, with a hash over the whole record.

    Only a final result is certified: exit 1, nothing written, when the cycle has errors or anything
    is still open (listed on stderr). Certifying again after a change keeps the earlier record in the
    file's history and says what changed; with nothing changed, nothing is written. Exit 2 when the
    record cannot go where --to says (inside entries/, scores/ or assignments/, an input file) or the file there is
    not a record.
    """
    by_text = _by(by)
    note_text = _one_line("--note", note, MAX_NOTE, required=False)
    on_text = _date(on)
    if to is not None and not to.strip():
        raise usage_error("--to: give the record's file name (the default is results/certified.json in the cycle folder)")
    from smartaward.publishing.certificate import (
        DEFAULT_RECORD,
        certify_document,
        duplicate_inputs,
        record_bytes,
        same_content,
        seal,
        since,
        target_problem,
        text_of,
    )
    from smartaward.reading.files import printable

    root = find_root(cycle)
    target = Path(to) if to is not None else root / DEFAULT_RECORD
    shown = _shown(target)
    problem = target_problem(root, target)
    if problem is not None:
        raise usage_error(f"--to {shown}: {problem}")
    from smartaward.writing.staging import WriteFailed, WriteRefused, check, write_all

    # The default place is confined to the cycle folder (a results/ linked out of it is refused,
    # F006); a --to file, to its own folder, as export's --to.
    folder, name = (root, DEFAULT_RECORD) if to is None else (target.parent, target.name)
    where = "the cycle folder" if to is None else f"{_shown(folder)}/"
    try:  # a link out of the folder, a folder in the way: said before the cycle is ranked
        check(folder, [name], where)
    except (WriteRefused, WriteFailed) as exc:
        raise _refused_by_staging(target, exc) from None
    existing = _read(target, shown, missing_ok=True)
    if existing is not None:
        _refuse_a_broken_record(existing, shown)

    found = outcome(cycle, quiet, True)
    if found.results is None or found.cycle is None:
        stop_on_errors(found)
    assert found.results is not None
    summarise_warnings(found.diagnostics, found.results.pending, quiet)
    require_final(found.results, "only final results are certified, nothing was written")
    problem = target_problem(root, target, [file.path for file in found.checked.files.files])
    if problem is not None:
        raise usage_error(f"--to {shown}: {problem}")
    content = _derive(found)
    twice = duplicate_inputs(content["inputs"])
    if twice:  # the record could not tell them apart, and verify would compare one of them only
        raise usage_error(f"{printable(twice[0])}: two input files whose names cannot be told apart in a record; rename one")
    if existing is not None and existing.latest.get("cycle") != content["cycle"]:
        raise usage_error(f"{shown}: the record of the cycle {text_of(existing.latest.get('cycle'))}, not of {content['cycle']}; "
                          "write this cycle's record elsewhere with --to")
    if existing is not None and same_content(existing.latest, content):
        given = {"--by": by_text, "--note": note_text, "--on": None if on is None else on_text}
        recorded = {"--by": existing.latest.get("certified_by"), "--note": existing.latest.get("note"),
                    "--on": existing.latest.get("certified_on")}
        not_recorded = [{"option": option, "value": value} for option, value in given.items()
                        if value is not None and value != recorded[option]]
        document = certify_document(existing.latest, shown=shown, written=False, history=len(existing.history), changes=[],
                                    previous=None, not_recorded=not_recorded)
        emit("certificate", format, document)
        return
    _warn_if_before_a_decision(on_text, content)
    previous = None if existing is None else existing.latest
    record = seal(content, by=by_text, on=on_text, note=note_text, previous=previous)
    history = [] if existing is None else [*existing.history, existing.latest]
    changes = [] if previous is None else since(previous, content)
    try:
        write_all(folder, {name: record_bytes(record, history)}, where=where)
    except (WriteRefused, WriteFailed) as exc:
        raise _refused_by_staging(target, exc) from None
    emit("certificate", format, certify_document(record, shown=shown, written=True, history=len(history), changes=changes,
                                                 previous=previous))


def _refuse_a_broken_record(existing: Record, shown: str) -> None:
    """An existing record that fails its own hash or chain is not added to: exit 1, each fault named."""
    from smartaward.publishing.certificate import integrity
    from smartaward.text.cells import one_line

    faults = integrity(existing, shown)
    if not faults:
        return
    for fault in faults:
        print(one_line(f"smartaward: {fault.text}"), file=sys.stderr)
    print(one_line(f"smartaward: {shown} fails its own checks, so nothing is added to it: restore it (from version control), "
                   "or write the record elsewhere with --to"), file=sys.stderr)
    raise typer.Exit(EXIT_PROBLEMS)


@app.command()
def verify(
    cycle: CycleArgument = Path("."),
    record: Annotated[Path | None, typer.Option(
        "--record", metavar="FILE", autocompletion=completion.paths,
        help="The record to verify against (default: results/certified.json in the cycle folder).")] = None,
    format: Annotated[CertificateFormat, typer.Option("--format", "-f", help=format_help("certificate"))] = CertificateFormat.text,
    quiet: QuietOption = False,
    _no_cache: Annotated[bool, not_taken("--no-cache", "verify", "it never uses the cache: it re-derives everything from the files")] = False,
) -> None:
    """Check that the files still give exactly what a record certified: re-derive everything from them.

    Exit 0 only when the record's own hash is intact, every input file's SHA-256 matches and every
    ranking, award and the status are as recorded; exit 1 naming each changed, added or removed
    file and each changed result; exit 2 when there is no record or it is not one.
    """
    from smartaward.publishing.certificate import (
        DEFAULT_RECORD,
        Change,
        compare,
        integrity,
        unread_inputs,
        verify_document,
        version_note,
    )

    root = find_root(cycle)
    path = record if record is not None else root / DEFAULT_RECORD
    shown = _shown(path)
    read = _read(path, shown, pipes=record is not None)  # a pipe given as --record, never at the default place
    assert read is not None
    changes = integrity(read, shown)
    found = outcome(cycle, quiet, True)
    current = _derive(found)
    changes += compare(read.latest, current, unread=unread_inputs(found.checked.files))
    if found.results is None:
        count = len(found.errors)
        changes.append(Change("errors", f"the cycle has {count} error{'s' if count != 1 else ''} now, so its results cannot be "
                                        "re-derived (smartaward validate lists them)", field="errors", new=count))
    from smartaward import __version__

    notes = version_note(read.latest.get("smartaward"), __version__)
    emit("certificate", format, verify_document(read, current, shown=shown, changes=changes, notes=notes))
    if changes:
        raise typer.Exit(EXIT_PROBLEMS)


# --- validate --against ---------------------------------------------------------------------------

def against_record(paths: list[Path], against: Path) -> tuple[Path, Record, str]:
    """Before validating: the one cycle that `paths` name, and the record read (exit 2 otherwise)."""
    from smartaward.reading.files import CycleNotFound, find_cycle_root

    roots = set()
    for path in paths:
        try:
            roots.add(find_cycle_root(path))
        except CycleNotFound:
            continue  # validate says so, or skips the file
    if len(roots) != 1:
        raise usage_error(f"--against: give the paths of one cycle (these name {len(roots)})")
    shown = _shown(against)
    read = _read(against, shown, pipes=True)
    assert read is not None
    return roots.pop(), read, shown


def check_against(root: Path, read: Record, shown: str, *, github: bool, quiet: bool) -> bool:
    """After validating: whether the results the files give differ from the record's (True: they do,
    or the record fails its own hash, or there are no results to compare). Each difference is said
    on stderr (and as a workflow command on stdout for --format github); the input files' hashes
    are not compared: a fixed typo in a summary passes, a moved award fails. The results compared
    are derived afresh, without the cache (as verify does), whatever --no-cache says: a check of
    trust does not depend on whoever can write the cache folder."""
    from smartaward import __version__
    from smartaward.api import results
    from smartaward.publishing.certificate import compare, integrity, version_note
    from smartaward.render.certificate import change_lines
    from smartaward.render.github import escape_data, escape_property
    from smartaward.text.cells import one_line

    found = results(root, cache=None)
    if found.results is None:
        print(f"smartaward: --against {shown}: the cycle has errors, so its results cannot be compared with the record", file=sys.stderr)
        return True
    current = _derive(found)
    changes = integrity(read, shown) + compare(read.latest, current, only_results=True)
    if not changes:
        if not quiet:
            print(one_line(f"smartaward: the results match the record certified by {read.latest.get('certified_by')} "
                           f"on {read.latest.get('certified_on')} ({shown})"), file=sys.stderr)
        return False
    one = len(changes) == 1
    print(f"smartaward: --against {shown}: {len(changes)} certified result{'' if one else 's'} would change:", file=sys.stderr)
    documents = [change.document() for change in changes]
    for line in change_lines(documents):
        print(line, file=sys.stderr)
    for note in version_note(read.latest.get("smartaward"), __version__):
        print(one_line(f"smartaward: note: {note}"), file=sys.stderr)
    if github:
        for change in documents:
            print(f"::error file={escape_property(shown)},title=certified result changed::{one_line(escape_data(change['text']))}")
    return True
