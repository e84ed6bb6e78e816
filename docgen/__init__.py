"""docgen: printable, personalised patient documents for spine and pain procedures.

The library call::

    import docgen
    pdf = docgen.render({"name": "Jane Doe", "dob": "1961-04-12", "mrn": "00123456",
                         "procedure": "si-joint-injection", "side": "left", "date": "2026-12-01"},
                        ["aftercare"]).pdf

Names are loaded on first use, so ``import docgen`` (and the command line's ``--help``) stays fast.
See docs/library.md.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from docgen._version import __version__

if TYPE_CHECKING:
    from docgen.batch.options import BatchOptions
    from docgen.batch.run import run_batch
    from docgen.checks.checker import check_templates
    from docgen.content.library import Library
    from docgen.errors import (
        BatchFailed,
        ConfigError,
        DocgenError,
        FontCoverageError,
        InputError,
        OutputError,
        ScheduleError,
        TemplateProblem,
    )
    from docgen.job import Job, prepare
    from docgen.model.settings import EXAMPLE as EXAMPLE_CLINIC
    from docgen.model.settings import Settings, load_settings
    from docgen.model.visit import PACKET, Kind, Options, Visit
    from docgen.pdf import Rendered, render

#: Public name -> (module, attribute).
_EXPORTS = {
    "render": ("docgen.pdf", "render"),
    "Rendered": ("docgen.pdf", "Rendered"),
    "prepare": ("docgen.job", "prepare"),
    "Job": ("docgen.job", "Job"),
    "Visit": ("docgen.model.visit", "Visit"),
    "Kind": ("docgen.model.visit", "Kind"),
    "PACKET": ("docgen.model.visit", "PACKET"),
    "Options": ("docgen.model.visit", "Options"),
    "Settings": ("docgen.model.settings", "Settings"),
    "load_settings": ("docgen.model.settings", "load_settings"),
    "EXAMPLE_CLINIC": ("docgen.model.settings", "EXAMPLE"),
    "Library": ("docgen.content.library", "Library"),
    "DocgenError": ("docgen.errors", "DocgenError"),
    "InputError": ("docgen.errors", "InputError"),
    "ConfigError": ("docgen.errors", "ConfigError"),
    "TemplateProblem": ("docgen.errors", "TemplateProblem"),
    "FontCoverageError": ("docgen.errors", "FontCoverageError"),
    "OutputError": ("docgen.errors", "OutputError"),
    "ScheduleError": ("docgen.errors", "ScheduleError"),
    "BatchFailed": ("docgen.errors", "BatchFailed"),
    "run_batch": ("docgen.batch.run", "run_batch"),
    "BatchOptions": ("docgen.batch.options", "BatchOptions"),
    "check_templates": ("docgen.checks.checker", "check_templates"),
}

__all__ = [
    "EXAMPLE_CLINIC",
    "PACKET",
    "BatchFailed",
    "BatchOptions",
    "ConfigError",
    "DocgenError",
    "FontCoverageError",
    "InputError",
    "Job",
    "Kind",
    "Library",
    "Options",
    "OutputError",
    "Rendered",
    "ScheduleError",
    "Settings",
    "TemplateProblem",
    "Visit",
    "__version__",
    "check_templates",
    "load_settings",
    "prepare",
    "render",
    "run_batch",
]


def __getattr__(name: str) -> Any:
    try:
        module, attribute = _EXPORTS[name]
    except KeyError:
        raise AttributeError(f"module 'docgen' has no attribute {name!r}") from None
    value = getattr(importlib.import_module(module), attribute)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
