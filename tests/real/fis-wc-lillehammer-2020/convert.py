"""Build the Lillehammer HS140 cycle (FIS Ski Jumping World Cup, men, 9 March 2020) from the official
per-jump results (official/wc_2020-03-09_lillehammer_HS140.csv, extracted from
github.com/wrotki8778/Ski_jumping_data_center, which parsed the FIS result PDFs), with the measured
values (distance, gate and wind points) as YAML values sheets, one a round (scores/measured-round1.yaml,
scores/measured-round2.yaml). The logic, shared with the Zakopane twin, is ../fis_wc_2020.py, which
lists the files written.

Run from anywhere: `python convert.py` (paths are relative to this file). `build()` returns the same
files as {relative path: bytes} without writing them. Standard library only."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from fis_wc_2020 import Competition  # noqa: E402 (the shared module is found through the line above)

LILLEHAMMER = Competition(folder=Path(__file__).resolve().parent, source_name="wc_2020-03-09_lillehammer_HS140.csv", measured_as="yaml",
                          cycle_id="fis-wc-lillehammer-2020", title="FIS Ski Jumping World Cup, Lillehammer HS140, men, 9 March 2020")


def build() -> dict[str, bytes]:
    return LILLEHAMMER.build()


if __name__ == "__main__":
    LILLEHAMMER.write()
