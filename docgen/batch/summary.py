"""What a batch run did: counts, pages, the print file, warnings and the manifest files."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from docgen.batch.printfile import Printed


@dataclass
class Summary:
    """What a run did."""

    rows: int = 0
    rendered: int = 0
    skipped: int = 0
    failed: int = 0
    files: int = 0
    pages: int = 0
    seconds: float = 0.0
    printed: Printed | None = None
    warnings: list[str] = field(default_factory=list)
    manifest: list[Path] = field(default_factory=list)

    @property
    def packets(self) -> int:
        return self.rendered + self.skipped

    def as_dict(self) -> dict[str, Any]:
        return {
            "rows": self.rows,
            "ok": self.rendered,
            "skipped_unchanged": self.skipped,
            "failed": self.failed,
            "packets": self.packets,
            "files": self.files,
            "pages": self.pages,
            "print_file": None
            if self.printed is None
            else {"name": self.printed.path.name, "pages": self.printed.pages, "sheets": self.printed.sheets},
            "seconds": round(self.seconds, 2),
        }
