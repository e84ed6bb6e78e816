"""Paragraphs that parse and break their lines once per process for the same text and style.

A day's schedule prints the same wording for patient after patient: only names, dates and a few
choices differ. ReportLab parses a paragraph's markup when it is made and breaks it into lines
each time it is wrapped (often twice: once to see whether a block fits, once to place it). Here
both are done once per (text, style, bullet) and width, in a bounded cache, and every later
paragraph with the same key takes the result.

What is shared is only ever read: ReportLab builds split paragraphs from copies, and drawing
reads the broken lines without changing them. Tests render the same documents cold and warm,
in different orders, and require the same bytes.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Paragraph

#: The attributes Paragraph.wrap (and the breakLines it calls) sets.
_WRAP_STATE = (
    "width",
    "height",
    "blPara",
    "frags",
    "_wrapWidths",
    "_width_max",
    "_splitLongWordCount",
    "_hyphenations",
)

#: Entries kept per cache. A day's shared wording (all four documents, every option) needs a
#: little over a thousand; the least recently used go first, so wording that is only one patient's
#: (name, dates) leaves soon. Measured about 11 KiB an entry: at most about 25 MiB a process.
LIMIT = 2048

_Key = tuple[str, ParagraphStyle, Any]


class _Lru(OrderedDict[Any, dict[str, Any]]):
    def get_recent(self, key: Any) -> dict[str, Any] | None:
        value = self.get(key)
        if value is not None:
            self.move_to_end(key)
        return value

    def put(self, key: Any, value: dict[str, Any]) -> None:
        self[key] = value
        if len(self) > LIMIT:
            self.popitem(last=False)


_PARSED = _Lru()
_WRAPPED = _Lru()


def clear() -> None:
    """Forget every shared paragraph (tests use this to compare cold and warm output)."""
    _PARSED.clear()
    _WRAPPED.clear()


class SharedParagraph(Paragraph):
    """A ReportLab Paragraph that takes its parse and line breaks from earlier equal paragraphs."""

    _key: _Key | None = None
    _wrapped_at: float | None = None

    def __init__(
        self,
        text: str,
        style: ParagraphStyle | None = None,
        bulletText: Any = None,
        frags: Any = None,
        caseSensitive: int = 1,
        encoding: str = "utf8",
    ) -> None:
        if frags is not None or style is None or not isinstance(text, str):
            # ReportLab's own split paragraphs (built from frags): nothing to share.
            super().__init__(text, style, bulletText, frags, caseSensitive, encoding)
            return
        key: _Key = (text, style, bulletText)
        parsed = _PARSED.get_recent(key)
        if parsed is None:
            super().__init__(text, style, bulletText, None, caseSensitive, encoding)
            _PARSED.put(key, dict(self.__dict__))
        else:
            self.__dict__.update(parsed)
        self._key = key

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        if self._wrapped_at == availWidth and "blPara" in self.__dict__:
            # Wrapped here already (to test a fit, then to place); split() drops blPara when a
            # paragraph moves on whole, and then it is wrapped again.
            return self.width, self.height
        parsed = _PARSED.get(self._key) if self._key is not None else None
        fresh = parsed is not None and self.frags is parsed["frags"]
        if fresh:
            state = _WRAPPED.get_recent((self._key, availWidth))
            if state is not None:
                self.__dict__.update(state)
                self._wrapped_at = availWidth
                return self.width, self.height
        size = super().wrap(availWidth, availHeight)
        if "blPara" not in self.__dict__:  # no width at all: ReportLab returned early, set nothing
            return size
        if fresh:
            state = {k: self.__dict__[k] for k in _WRAP_STATE if k in self.__dict__}
            _WRAPPED.put((self._key, availWidth), state)
        self._wrapped_at = availWidth
        return size
