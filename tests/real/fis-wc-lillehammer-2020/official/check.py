"""`python official/check.py`, from anywhere: the independent check of this cycle against the official
results beside it (FIS World Cup, Lillehammer HS140, men, 9 March 2020); exit status 0 when all match."""

import sys
from pathlib import Path

FOLDER = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(FOLDER.parent))
from fis_wc_2020 import Check  # noqa: E402 (found through the line above; its docstring lists the checks)

if __name__ == "__main__":
    sys.exit(Check(FOLDER).run())
