"""Reading a French narrative the way the coach's rules need: words with their offsets, sentences, quotations.

Regular expressions rather than a parser: the rules only need words, elisions (``j'ai`` is *je* + *ai*) and where
quoted speech is, and a whole dossier must be checked in milliseconds.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import simplemma

from vae_assistant.coach.model import Span

_TOKEN = re.compile(r"\b(?:[jlmtsdnc]|qu|jusqu|lorsqu|puisqu)['’]|[^\W\d_]+(?:-[^\W\d_]+)*", re.IGNORECASE)
"""An elided clitic with its apostrophe (``j'``, ``qu'``), or a word (hyphenated words stay whole)."""

_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
"""A word as a word processor counts it (``j'ai`` and ``rendez-vous`` are one word)."""

_QUOTED = re.compile(r"«[^»\n]*(?:»|$)|“[^”\n]*(?:”|$)|\"[^\"\n]*\"", re.MULTILINE)
"""Quoted speech: « … », “ … ”, " … " (an unclosed quotation ends with its line)."""

_SENTENCE = re.compile(r"[^.!?…\n]+(?:[.!?…]+|$)", re.MULTILINE)


@dataclass(frozen=True)
class Token:
    text: str
    start: int
    end: int
    quoted: bool

    @property
    def lower(self) -> str:
        """Lower case, with the typographic apostrophe made plain (``J’`` → ``j'``)."""
        return self.text.lower().replace("’", "'")


def quoted_ranges(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _QUOTED.finditer(text)]


def _inside(position: int, ranges: list[tuple[int, int]]) -> bool:
    return any(start <= position < end for start, end in ranges)


def tokens(text: str) -> list[Token]:
    """The words and elided clitics of ``text``, each marked when it is inside quoted speech."""
    ranges = quoted_ranges(text)
    return [Token(m.group(0), m.start(), m.end(), _inside(m.start(), ranges)) for m in _TOKEN.finditer(text)]


def word_set(words: str) -> frozenset[str]:
    """A set of words written as one string (long French word lists read better that way)."""
    return frozenset(words.split())


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def sentences(text: str) -> Iterator[tuple[str, int, int]]:
    """Sentences (or lines) with their offsets, blanks skipped."""
    for match in _SENTENCE.finditer(text):
        if match.group(0).strip():
            yield match.group(0), match.start(), match.end()


def span(text: str, start: int, end: int) -> Span:
    return Span(start, end, text[start:end])


def spans_of(text: str, pattern: re.Pattern[str], *, skip_quoted: bool = True) -> list[Span]:
    """Every match of ``pattern`` in ``text``, outside quoted speech unless told otherwise."""
    ranges = quoted_ranges(text) if skip_quoted else []
    return [span(text, m.start(), m.end()) for m in pattern.finditer(text) if not _inside(m.start(), ranges)]


def phrase_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    """A case-insensitive pattern for whole phrases; ``'`` in a phrase also matches the typographic apostrophe."""
    parts = sorted({re.escape(p).replace("'", "['’]") for p in phrases}, key=len, reverse=True)
    return re.compile(r"(?<![\w-])(?:" + "|".join(parts) + r")(?![\w-])", re.IGNORECASE)


@lru_cache(maxsize=8192)
def lemma(word: str) -> str:
    """The French lemma of a word form (``rencontrée`` → ``rencontrer``), cached: narratives repeat themselves."""
    return simplemma.lemmatize(word.lower(), lang="fr")


@lru_cache(maxsize=4096)
def is_verb(infinitive: str) -> bool:
    """Whether ``infinitive`` is a French word the lemmatiser knows (« remplir » is, « icir » is not)."""
    return simplemma.is_known(infinitive, lang="fr")


def _unaccented(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(ch for ch in decomposed if not unicodedata.combining(ch)))


def loosened(text: str) -> str:
    """``text`` as :func:`loose_pattern` patterns read it: without accents, and the apostrophe a phone keyboard
    left out put back (« l annee » → « l'annee », « j ai » → « j'ai »). Only for yes/no searches: offsets move."""
    return re.sub(r"\b([cdjlmnst]) (?=[aeiouyh])", r"\1'", _unaccented(text), flags=re.IGNORECASE)


def loose_pattern(pattern: re.Pattern[str]) -> re.Pattern[str]:
    """``pattern`` without its accents, to search a :func:`loosened` text typed without them."""
    return re.compile(_unaccented(pattern.pattern), pattern.flags)


def says(text: str, pattern: re.Pattern[str], loose: re.Pattern[str]) -> bool:
    """Whether ``text`` says what ``pattern`` looks for, outside quoted speech, accents and apostrophes or not."""
    return bool(spans_of(text, pattern)) or bool(spans_of(loosened(text), loose))
