"""French typography on screen: a non-breaking space does not break.

The assistant's texts put non-breaking spaces inside « » and before : ; ! ? so that a guillemet or a colon never
starts or ends a line alone. Two things undid that on screen, and at 80 columns the conversation showed « CCAS at
a line's end and » alone at the start of the next:

* Rich, whose line division Textual uses for every text, splits words at any whitespace, the non-breaking ones
  too. Its word pattern is a module constant: :func:`keep_non_breaking_spaces` makes it treat them as part of
  the word, which is what they are for (if a later Rich no longer has that constant, nothing is changed and lines
  break as before).
* Textual's Markdown turns every run of whitespace of a paragraph into one plain space. :func:`protect` hides the
  non-breaking spaces from it behind a character that is not whitespace, and :func:`restore` puts them back in
  what a Markdown block is about to show (same length: the styles stay where they were).
"""

from __future__ import annotations

import re

from textual.content import Content

NON_BREAKING = "\u00a0\u202f\u2007"
_WORD = re.compile(rf"[^\S{NON_BREAKING}]*(?:\S|[{NON_BREAKING}])+[^\S{NON_BREAKING}]*")
# Private-use characters standing for each non-breaking space while Markdown is parsed (never typed by anyone).
_STAND_INS = "\ue0a0\ue0a1\ue0a2"
_PROTECT = str.maketrans(NON_BREAKING, _STAND_INS)
_RESTORE = str.maketrans(_STAND_INS, NON_BREAKING)


def keep_non_breaking_spaces() -> None:
    """Make Rich's (hence Textual's) line division keep words joined by a non-breaking space together."""
    try:
        from rich import _wrap
    except ImportError:  # pragma: no cover - a Rich without this module wraps as it likes
        return
    if isinstance(getattr(_wrap, "re_word", None), re.Pattern):
        _wrap.re_word = _WORD


def protect(markdown: str) -> str:
    """Markdown source whose non-breaking spaces survive Textual's parsing (see :func:`restore`)."""
    return markdown.translate(_PROTECT)


def restore(content: Content) -> Content:
    """The non-breaking spaces :func:`protect` hid, back in a block's content, its styles untouched."""
    plain = content.plain
    if not any(c in plain for c in _STAND_INS):
        return content
    return Content(plain.translate(_RESTORE), list(content.spans))
