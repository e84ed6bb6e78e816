"""Loaded once by the batch pool's process server, before it starts any pool process.

Every pool process is forked from that server, so the fonts and the compiled built-in templates it
loads here are there from the first row (shared, copy-on-write) instead of loaded again by each
process. Nothing here is needed: if any of it fails, the pool processes load what they need.
"""

from __future__ import annotations

import contextlib
from typing import Any

#: The built-in library, warm, with the stamp of the templates it was loaded from; or None.
BUILTIN: tuple[Any, tuple[int, int]] | None = None

with contextlib.suppress(Exception):
    from docgen.content.library import Library, stamp
    from docgen.layout.fonts import register
    from docgen.resources import templates_dir

    register()
    _library = Library(None)
    for _name in _library.environment.list_templates(filter_func=lambda n: n.endswith(".j2")):
        _library.environment.get_template(_name)
    for _procedure in _library.procedures():
        for _language in _procedure.languages:
            _library.strings(_language)
    BUILTIN = (_library, stamp([templates_dir()]))

with contextlib.suppress(Exception):
    # One document for a fictional patient, thrown away: what a first render loads lazily (the
    # Markdown parser, Babel's locale data, the rest of ReportLab) and the wording every aftercare
    # sheet shares are then in place in every pool process from its first row.
    import datetime as _dt

    from docgen.model.settings import EXAMPLE
    from docgen.model.visit import Kind, parse_visit
    from docgen.pdf import render

    _visit = parse_visit(
        {
            "name": "Warm Up",
            "dob": "1960-01-01",
            "mrn": "00000000",
            "procedure": "si-joint-injection",
            "side": "left",
            "date": "2026-01-01",
        }
    )
    render(_visit, [Kind.AFTERCARE], settings=EXAMPLE, printed_at=_dt.datetime(2026, 1, 1), library=_library)
