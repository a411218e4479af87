"""Small helpers to print to the terminal, shared by the commands."""

from __future__ import annotations

import re
import sys
import unicodedata
from collections.abc import Sequence

_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def percent(ratio: float) -> str:
    """« 42 % » (non-breaking space), as every report of coverage writes a ratio."""
    return f"{round(ratio * 100)}\u00a0%"


def emit(text: str = "") -> None:
    """Print a line. On a terminal, a control character the dossier kept (the C1 range, U+0080–U+009F: U+009B
    starts an escape sequence in some terminals) shows as « \ufffd »; piped output is left as it is."""
    if sys.stdout.isatty():
        text = _CONTROLS.sub("\ufffd", text)
    sys.stdout.write(text if text.endswith("\n") else text + "\n")


def _width(text: str) -> int:
    """Display width of ``text`` (combining marks take no room, wide characters take two)."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in "WF" else 1
    return width


def _pad(text: str, width: int, right: bool) -> str:
    gap = " " * max(0, width - _width(text))
    return gap + text if right else text + gap


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], numeric: Sequence[int] = ()) -> str:
    """A plain-text table; columns in ``numeric`` are right-aligned. Columns wider than 60 are cut with '…'."""
    cells = [list(headers)] + [[str(c) for c in row] for row in rows]
    cells = [[c if _width(c) <= 60 else c[:59] + "…" for c in row] for row in cells]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(headers))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(_pad(c, widths[i], i in numeric) for i, c in enumerate(row)).rstrip())
        if n == 0:
            lines.append("  ".join("─" * w for w in widths))
    return "\n".join(lines)
