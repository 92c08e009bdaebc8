"""Editor support on the command line: `smartaward schema` and `smartaward init`."""

from __future__ import annotations
