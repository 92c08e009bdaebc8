"""python -m smartaward.codedocs: print docs/diagnostics.md.

    python -m smartaward.codedocs > docs/diagnostics.md          # regenerate it
    python -m smartaward.codedocs --check docs/diagnostics.md    # exit 1 if it is out of date
"""

import sys

from smartaward.codedocs.render import markdown

if sys.argv[1:2] == ["--check"] and len(sys.argv) == 3:
    with open(sys.argv[2], encoding="utf-8", newline="") as written:
        if written.read() != markdown():
            print(f"{sys.argv[2]} is out of date: python -m smartaward.codedocs > {sys.argv[2]}", file=sys.stderr)
            sys.exit(1)
else:
    sys.stdout.write(markdown())
