"""Text on its way into the Word file: what XML cannot hold is dropped, everything else is kept verbatim.

The dossier already removes most control characters when the candidate types (see
:mod:`vae_assistant.dossier.text`), but a livret must never fail on a file edited by hand or written by an older
version: lxml refuses C0 controls, U+FFFE/U+FFFF and lone surrogates with a ValueError, and python-docx would turn
``\\n`` into a line break that stretches justified lines. Emoji and other characters beyond the BMP are legal XML
and are kept.
"""

from __future__ import annotations

import re

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_BREAKS = re.compile(r"\r\n?|\n")
_BLANKS = re.compile(r"[\t\n\r ]+")


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry (a lone surrogate becomes U+FFFD, as in the dossier)."""
    text = _ILLEGAL.sub("", text)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return text


def one_line(text: str) -> str:
    """A title or a table cell: safe, and on one line (line breaks and tabs become single spaces)."""
    return _BLANKS.sub(" ", xml_safe(text)).strip()


def paragraphs(text: str) -> list[str]:
    """The narrative's lines, each a Word paragraph; blank lines only separate paragraphs and are not kept.

    Each line becomes its own paragraph (not a line break inside one) so that justified text does not stretch
    the line before a break, and a list the candidate typed ("- …" lines) stays one item per line.
    """
    lines = _BREAKS.split(xml_safe(text))
    return [line.rstrip() for line in lines if line.strip()]
