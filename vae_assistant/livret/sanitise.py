"""Text on its way into the Word file: what XML cannot hold is dropped, everything else is kept verbatim.

The dossier already removes most control characters when the candidate types (see
:mod:`vae_assistant.dossier.text`), but a livret must never fail on a file edited by hand or written by an older
version: lxml refuses C0 controls, U+FFFE/U+FFFF and lone surrogates with a ValueError, and python-docx would turn
``\\n`` into a line break that stretches justified lines. Emoji and other characters beyond the BMP are legal XML
and are kept.

French typography asks for a non-breaking space before a colon, a semicolon, a question or exclamation mark and a
closing guillemet, after an opening guillemet, and between a number and « % »: otherwise a justified line or a
narrow table cell may start with a lone colon or closing guillemet, or end with an opening one.
:func:`french_spacing` turns the spaces already there into non-breaking ones — for the assistant's own text, the
referential's and the candidate's alike; it adds none and changes no word.
"""

from __future__ import annotations

import re

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_BREAKS = re.compile(r"\r\n?|\n")
_BLANKS = re.compile(r"[\t\n\r ]+")
_SPACE_BEFORE = re.compile(r" +(?=[:;!?»])|(?<=\d) +(?=%)")
_SPACE_AFTER = re.compile(r"(?<=«) +")
NBSP = "\u00a0"


def xml_safe(text: str) -> str:
    """``text`` without the characters XML 1.0 cannot carry (a lone surrogate becomes U+FFFD, as in the dossier)."""
    text = _ILLEGAL.sub("", text)
    if _SURROGATE.search(text):
        text = _SURROGATE.sub("\ufffd", text)
    return text


def french_spacing(text: str) -> str:
    """``text`` with its spaces before ``: ; ! ? »`` (and ``%`` after a number) and after ``«`` made non-breaking."""
    if " " not in text:
        return text
    return _SPACE_AFTER.sub(NBSP, _SPACE_BEFORE.sub(NBSP, text))


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
