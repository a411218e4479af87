"""What the dossier does to the candidate's text on the way in, and the size limits it enforces.

The rule is to keep the text exactly as typed, with two exceptions that would otherwise break something later:

* C0 control characters other than tab and newline (NUL, form feed, escape sequences pasted from a terminal, …)
  are removed: JSON would keep them, but Word refuses them in a livret and a terminal interprets them. Carriage
  returns are line ends: ``\\r\\n`` and a lone ``\\r`` become ``\\n``.
* A lone UTF-16 surrogate (only a broken clipboard produces one) cannot be written as UTF-8; it becomes U+FFFD.

Everything else — DEL, C1 controls, emoji and other characters beyond the BMP, non-breaking spaces, typographic
apostrophes — is kept. Single-line fields (names, titles) also turn their line breaks and tabs into spaces.
"""

from __future__ import annotations

import re

from vae_assistant.errors import InputError

MAX_NARRATIVE_BYTES = 5 * 1024 * 1024
"""A narrative larger than this (UTF-8) is refused: it is a wrong paste, not a situation."""

MAX_FILE_BYTES = 50 * 1024 * 1024
"""A dossier file larger than this is refused on load and on save."""

MAX_LINE_CHARS = 2000
"""Single-line fields (names, titles, structure…) are refused beyond this many characters."""

_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_SURROGATE = re.compile(r"[\ud800-\udfff]")
_LINE_BREAKS = re.compile(r"[\t\n]+")


def clean_text(value: str) -> str:
    """The candidate's text as typed, minus what no file or document can hold (see the module docstring)."""
    if "\r" in value:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    value = _CONTROLS.sub("", value)
    return _SURROGATE.sub("\ufffd", value)


_LETTER = re.compile(r"[^\W\d_]")


def has_words(text: str) -> bool:
    """Whether ``text`` holds a word at all (« ? », « 12 ! », an emoji do not)."""
    return _LETTER.search(text) is not None


def clean_line(value: str) -> str:
    """A single-line field: cleaned like a text, line breaks and tabs turned into spaces, outer blanks removed."""
    return _LINE_BREAKS.sub(" ", clean_text(value)).strip()


def utf8_size(value: str) -> int:
    return len(value.encode("utf-8", errors="replace"))


def human_size(size: int) -> str:
    """A byte count the way a French user reads it (« 5,2 Mo »)."""
    if size < 1024:
        return f"{size} octets"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} Ko"
    return f"{size / (1024 * 1024):.1f} Mo".replace(".", ",")


def check_narrative_size(value: str) -> None:
    size = utf8_size(value)
    if size > MAX_NARRATIVE_BYTES:
        raise InputError(
            f"Ce texte est trop long ({human_size(size)}) : une situation est limitée à "
            f"{human_size(MAX_NARRATIVE_BYTES)}.",
            hint="Vérifiez qu'il ne s'agit pas d'un mauvais copier-coller, ou découpez-le en plusieurs situations.",
        )


def check_line_length(value: str, what: str) -> None:
    if len(value) > MAX_LINE_CHARS:
        raise InputError(
            f"{what} est trop long ({len(value)} caractères ; au plus {MAX_LINE_CHARS}).",
            hint="Un titre ou un nom tient en une ligne ; le récit va dans le texte de la situation.",
        )
