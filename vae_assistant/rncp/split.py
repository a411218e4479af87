"""Turning the flat text fields of an RNCP fiche back into paragraphs and competencies.

France compétences strips the HTML of every text field: list items and paragraphs survive only as runs of spaces
(two to ten of them), ``- `` / ``* `` bullets and codes such as ``A1C1.``, ``C.12.`` or ``1.2.3``. There are no
newlines left. The same run of spaces also appears by accident inside a sentence (``la réglementation (RGPD)  et
règles d'accessibilité``), and a fiche sometimes lists a one-word competency (``Coder``). The rules below were
checked on real fiches (``../shared/data/rncp-export-sample.xml``):

* a run of two or more spaces (or a line break) ends a segment; a bullet or a code starts one;
* a segment that starts in lower case, with closing punctuation, or inside an open parenthesis continues the
  previous one (unless most segments of the field start in lower case: then it is a lower-case list);
* a code alone is the code of the segment after it;
* an item of fewer than two words joins the previous item after `` ; `` (the way fiches write such lists inline),
  the next one when it comes first: a one-word competency is useless to the matcher and to a jury;
* a first item ending with ``:`` and followed by others is a lead-in, not a competency.

Every word of the source is kept, in order; only separators (spaces, bullets) are dropped. Codes stay in the text,
because juries and certifiers refer to competencies by them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_SEPARATOR = re.compile(r"[ \t]*(?:\r\n|\r|\n)[ \t\r\n]*|[ \t]{2,}")
_BULLET = re.compile(r"^(?:[-*–—·]\s+|[•●○◦▪■□►➢➤✓✔→]\s*(?=\S))")
# Codes seen in fiches: A1C1, A1C2., A5.C1., C.1., C.14., BC01, 1.1, 1.1.1, 3.1.2., 1.
_CODE_BODY = r"(?:[A-Z]{1,4}\.?\d{1,3}(?:\.?[A-Z]{1,4}\.?\d{1,3})*|\d{1,2}(?:\.\d{1,2})+)"
_CODE = re.compile(rf"^(?P<code>{_CODE_BODY}\.?|\d{{1,2}}[.)°]|[a-z]\))(?:\s+|(?<=\.)(?=[^\W\d_])|$)")
# Inside a segment, only an unambiguous code (letters and digits twice, or C.12.) followed by a dot starts an item.
_INLINE_CODE = re.compile(r"(?<=\S) (?=(?:[A-Z]{1,4}\d{1,3}\.?[A-Z]{1,4}\d{1,3}|[A-Z]\.\d{1,3})\.\s?[^\W\d_])")
_NUMERIC_CODE = re.compile(r"^\d{1,2}(?:\.\d{1,2})+$")
_WORD = re.compile(r"[^\W\d_][^\W_]*(?:['’][^\W\d_]+)*")
_CONTROLS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Item:
    """One competency (or one paragraph) cut out of a flat field."""

    text: str
    code: str | None = None

    @property
    def body(self) -> str:
        """The text without its leading code."""
        if self.code and self.text.startswith(self.code):
            return self.text[len(self.code) :].strip()
        return self.text

    @property
    def numeric_code(self) -> str | None:
        """``1.2.3`` for an item coded ``1.2.3`` or ``1.2.3.``; None for letter codes or none."""
        code = (self.code or "").rstrip(".")
        return code if _NUMERIC_CODE.match(code) else None


@dataclass(frozen=True)
class Split:
    """A field cut into items; ``lead`` is the sentence introducing them, when there is one."""

    items: tuple[Item, ...]
    lead: str | None = None


@dataclass
class _Segment:
    text: str
    code: str | None = None
    marked: bool = False  # started by a bullet or a code: certainly a new item
    bullet: bool = False


def clean(text: str | None) -> str:
    """Drop control characters (a YAML file or a Word document cannot hold them) and outer blanks."""
    return _CONTROLS.sub("", text or "").strip()


def _words(text: str) -> int:
    return len(_WORD.findall(text))


def _segments(text: str) -> list[_Segment]:
    segments: list[_Segment] = []
    pending_code: str | None = None
    for raw in _SEPARATOR.split(clean(text)):
        for piece in _INLINE_CODE.split(raw):
            piece = piece.strip()
            bullet = _BULLET.match(piece)
            if bullet:
                piece = piece[bullet.end() :].strip()
            code_match = _CODE.match(piece)
            code = None
            if code_match:
                code = code_match.group("code")
                rest = piece[code_match.end() :].strip()
                piece = f"{code} {rest}" if rest else code
            if not piece:
                continue
            if code is not None and piece == code:
                pending_code = f"{pending_code} {code}" if pending_code else code
                continue
            if pending_code:
                piece, code = f"{pending_code} {piece}", pending_code + (f" {code}" if code else "")
                pending_code = None
            segments.append(_Segment(piece, code, marked=bool(bullet or code), bullet=bool(bullet)))
    if pending_code:
        segments.append(_Segment(pending_code, pending_code, marked=True))
    return segments


def _continues(segment: _Segment, previous: _Segment, lowercase_list: bool) -> bool:
    """Whether ``segment`` is the rest of ``previous``'s sentence, cut by an accidental run of spaces."""
    if segment.marked:
        return False
    first = segment.text[0]
    if first in ",;:.)]…»" or previous.text.count("(") > previous.text.count(")"):
        return True
    return first.islower() and not lowercase_list


def split_items(text: str | None) -> Split:
    """Cut a ``LISTE_COMPETENCES``-like field into competencies (see the module docstring for the rules)."""
    segments = _segments(text or "")
    if not segments:
        return Split(())
    unmarked = [s for s in segments if not s.marked]
    lowercase_list = sum(s.text[0].islower() for s in unmarked) * 2 > len(unmarked) > 1
    merged: list[_Segment] = []
    for segment in segments:
        if merged and _continues(segment, merged[-1], lowercase_list):
            merged[-1].text = f"{merged[-1].text} {segment.text}"
        else:
            merged.append(segment)
    lead = None
    if len(merged) > 1 and merged[0].text.rstrip().endswith(":") and not merged[0].code:
        lead = merged.pop(0).text
    items: list[_Segment] = []
    orphan: _Segment | None = None  # a one-word first item, waiting for the next one
    for segment in merged:
        body = segment.text[len(segment.code) :] if segment.code else segment.text
        if _words(body) >= 2:
            if orphan is not None:
                segment = _Segment(f"{orphan.text} ; {segment.text}", orphan.code or segment.code, True)
                orphan = None
            items.append(segment)
        elif items:
            items[-1].text = f"{items[-1].text} ; {segment.text}"
        elif orphan is not None:
            orphan.text = f"{orphan.text} ; {segment.text}"
        else:
            orphan = segment
    if orphan is not None:  # the whole field is one word (or only codes): keep it rather than lose it
        items.append(orphan)
    return Split(tuple(Item(s.text, s.code) for s in items), lead)


def paragraphs(text: str | None) -> str | None:
    """A flat descriptive field (activities, evaluation) as one paragraph per line; None when empty.

    Runs of spaces become line breaks, except where the next segment obviously continues the sentence; a bulleted
    segment becomes a ``- `` line, the format's way of writing sub-points.
    """
    segments = _segments(text or "")
    if not segments:
        return None
    lines: list[_Segment] = []
    for segment in segments:
        if lines and _continues(segment, lines[-1], lowercase_list=False):
            lines[-1].text = f"{lines[-1].text} {segment.text}"
        else:
            lines.append(segment)
    return "\n".join(f"- {s.text}" if s.bullet else s.text for s in lines)


def words(text: str) -> list[str]:
    """The words and numbers of ``text`` in order, separators aside: what an import must never lose."""
    return re.findall(r"[^\W_]+", text)
