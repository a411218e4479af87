"""Sentence segmentation with offsets: evidence is a sentence of the candidate's own text, quoted verbatim.

Candidates write prose, bullet lists pasted from Word, or long run-on sentences without capitals. A sentence ends
at . ! ? … or ; followed by a space (whatever the case of the next letter: many write without capitals), and at
every line break (bullet lists). Abbreviations such as "M." or "etc." and the initials of anonymised names
("Madame K.") do not end a sentence. A run-on sentence is
cut at commas into pieces of about ``MAX_WORDS`` words, so that one piece of evidence stays readable and words
far apart are not read as one idea.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

MAX_WORDS = 45

_END = re.compile(r"(?:[.!?…;]+[\"»”)\]]*)(?=\s)|\n+")
_ABBREVIATIONS = frozenset(
    {"m", "mme", "mlle", "mr", "dr", "etc", "cf", "ex", "p", "n°", "no", "st", "ste", "av", "bd"}
)
# An anonymised name ("Madame K.", "Monsieur B.") does not end a sentence.
_INITIAL = re.compile(r"[A-ZÀ-Ý]")
_BULLET = re.compile(r"^[\s\-–—•*·>]+|^\d+[.)]\s+")


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of a text: its verbatim text and where it sits in the whole text."""

    text: str
    start: int
    end: int


def _pieces(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    start = 0
    for match in _END.finditer(text):
        before = text[start : match.start()].rsplit(maxsplit=1)
        last_word = before[-1].lower().strip("(") if before else ""
        raw_last = before[-1].strip("(") if before else ""
        if match.group().startswith(".") and not match.group().startswith("..") and (
            last_word in _ABBREVIATIONS or _INITIAL.fullmatch(raw_last)
        ):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    return spans


def _split_long(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a run-on sentence at commas (or, failing that, at word boundaries) into pieces of ≤ MAX_WORDS words."""
    words = text[start:end].split()
    if len(words) <= MAX_WORDS:
        return [(start, end)]
    out: list[tuple[int, int]] = []
    piece_start = start
    count = 0
    for match in re.finditer(r"\S+", text[start:end]):
        count += 1
        word_end = start + match.end()
        if (count >= MAX_WORDS // 2 and match.group().endswith(",")) or count >= MAX_WORDS:
            out.append((piece_start, word_end))
            piece_start, count = word_end, 0
    if piece_start < end and text[piece_start:end].strip():
        out.append((piece_start, end))
    return out


def split_sentences(text: str) -> list[Sentence]:
    """The sentences of ``text``, trimmed of spaces and bullets, with offsets into ``text``."""
    sentences: list[Sentence] = []
    for start, end in _pieces(text):
        for s, e in _split_long(text, start, end):
            chunk = text[s:e]
            stripped = chunk.rstrip()
            lead = len(chunk) - len(chunk.lstrip())
            bullet = _BULLET.match(chunk[lead:])
            if bullet:
                lead += bullet.end()
            body = text[s + lead : s + len(stripped)]
            if any(ch.isalpha() for ch in body):
                sentences.append(Sentence(body, s + lead, s + len(stripped)))
    return sentences
