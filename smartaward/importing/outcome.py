"""What an import did, as data: the plan, whether it was a dry run, how many files were written;
`document()` is `import --format json`."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from smartaward.importing import Plan


@dataclass(frozen=True)
class ImportOutcome:
    plan: Plan
    dry_run: bool
    written: int

    def document(self) -> dict[str, Any]:
        """`import --format json`: the outcome, the files, and the problems as validate gives them."""
        plan, dry_run, written = self.plan, self.dry_run, self.written
        errors = sum(d.severity.value == "error" for d in plan.diagnostics)
        diagnostics = plan.cycle_problems + plan.diagnostics
        return {
            "version": 1,
            "kind": plan.kind,
            "source": plan.table.file,
            "status": "error" if plan.errors else "ok",
            "dry_run": dry_run,
            "summary": {"rows": plan.rows, "bad_rows": len(plan.bad_rows), "errors": errors + len(plan.cycle_problems),
                        "warnings": len(plan.diagnostics) - errors, "files": len(plan.files), "written": written},
            "bad_rows": plan.bad_rows,
            "notes": [note.as_dict() for note in plan.notes],
            "files": [{"file": p.shown, "action": "overwrite" if p.exists else "create"} for p in plan.files],
            "diagnostics": [d.as_dict() for d in diagnostics],
        }
