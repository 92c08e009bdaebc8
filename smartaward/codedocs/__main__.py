"""python -m smartaward.codedocs: print docs/diagnostics.md."""

import sys

from smartaward.codedocs.render import markdown

sys.stdout.write(markdown())
