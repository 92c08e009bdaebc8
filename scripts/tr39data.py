#!/usr/bin/env python
"""Write smartaward/data/confusables.json and scripts.json (Unicode TR39 data: the prototype of
each confusable character, the script of each character) from the installed confusable-homoglyphs
package, which carries Unicode's confusables.txt and Scripts.txt:

    pip install -U confusable-homoglyphs && python scripts/tr39data.py

Review the diff (a changed prototype can change which names look alike, R212) and commit it;
tests/test_confusables.py fails while the shipped data and the installed package differ.
"""

from __future__ import annotations

from smartaward.text import tr39


def main() -> None:
    tr39.DATA.mkdir(exist_ok=True)
    tr39.CONFUSABLES.write_text(tr39.dump(tr39.derive_prototypes()), encoding="ascii")
    tr39.SCRIPTS.write_text(tr39.dump(tr39.derive_scripts()), encoding="ascii")
    print(f"wrote {tr39.CONFUSABLES} and {tr39.SCRIPTS}")


if __name__ == "__main__":
    main()
