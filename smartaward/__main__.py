"""`python -m smartaward`, and the `smartaward` command (`run`)."""

from __future__ import annotations

import sys


def run() -> None:
    """The command line, with SIGINT and SIGTERM handled from its first moment: they are set up
    before the command line's modules are imported (a tenth of a second or more), so that even
    then they stop it quietly, with 130 or 143 (interrupts.py)."""
    from smartaward.interrupts import Interrupted, install

    try:
        install()
        from smartaward.cli.app import main
    except Interrupted as stop:
        print(f"smartaward: interrupted{' (SIGTERM)' if stop.exit_code == 143 else ''}", file=sys.stderr)
        sys.exit(stop.exit_code)
    main()


if __name__ == "__main__":  # worker processes (parallel.py) import this module without running it
    run()
