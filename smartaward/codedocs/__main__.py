"""python -m smartaward.codedocs: print docs/diagnostics.md."""

import sys

from .render import markdown

sys.stdout.write(markdown())
