"""Paragraphs that stand alone: the livret prints a story without the questions it answered.

The assistant appends each answer to a follow-up question to the situation as a paragraph of its own, and the
jury's livret prints the narrative word for word. An answer written for the conversation (« le site de la caf et
mes-droits-sociaux, et j'ai appeler ma collegue… » after « Quelles sources avez-vous consultées ? », « Oui, avec
sa fille. », « Parce qu'elle ne lisait pas le français. ») then reads as a fragment, cut from its question. The
rule points at such paragraphs and asks for full sentences; it never rewrites them (the words are the
candidate's).

A paragraph is such a fragment when it begins with a lower-case letter, or with the words that answer a question
(« oui », « non », « parce que », « car »). The first paragraph is the opening of the story, not an answer: it is
not read. Lists (« - », « • », « 1. ») and quoted speech (« « Vous allez m'aider ? » m'a-t-elle demandé ») begin
otherwise and are left alone. A fragment with a capital and no such word (« Le site de la CAF. ») is not found:
telling it from « Mme K. est revenue. » takes a parser.
"""

from __future__ import annotations

import re

from vae_assistant.coach.model import Advice, Span

_PARAGRAPH = re.compile(r"\S(?:[^\n]|\n(?![ \t]*\n))*")
"""A paragraph: from its first character to the blank line that ends it (a single line break stays inside)."""

_ANSWER = re.compile(r"(?:oui|non|car|parce\s+que)(?![\w-])|parce\s+qu['’]", re.IGNORECASE)
MAX_EXCERPT = 50
"""Characters of a paragraph quoted in the advice: enough to find it in the story."""
MAX_QUOTED = 3


def fragments(text: str) -> list[Span]:
    """The paragraphs of ``text`` but the first that begin as an answer to an unseen question, as spans from their
    first letter to the end of their first sentence."""
    found = []
    for n, paragraph in enumerate(_PARAGRAPH.finditer(text)):
        first = paragraph.group(0)[0]
        if n == 0 or not first.isalpha():
            continue
        answer = _ANSWER.match(paragraph.group(0))
        if first.islower() or answer is not None:
            sentence = re.match(r"[^.!?…\n]*[.!?…]?", paragraph.group(0))
            end = paragraph.start() + (sentence.end() if sentence else len(paragraph.group(0)))
            found.append(Span(paragraph.start(), end, text[paragraph.start() : end]))
    return found


def _excerpt(span: Span) -> str:
    words = " ".join(span.excerpt.split())
    return words if len(words) <= MAX_EXCERPT else words[: MAX_EXCERPT + 1].rsplit(" ", 1)[0].rstrip(",;:") + "…"


def check(text: str) -> list[Advice]:
    spans = fragments(text)
    if not spans:
        return []
    quoted = ", ".join(f"«\u00a0{_excerpt(s)}\u00a0»" for s in spans[:MAX_QUOTED])
    if len(spans) > MAX_QUOTED:
        quoted += "…"
    if len(spans) == 1:
        message = (
            f"Un paragraphe ne se lit pas seul ({quoted}) : il commence par une minuscule ou comme la réponse à une "
            "question, que le jury ne lira pas dans le livret. Réécrivez-le en phrases complètes, avec une "
            "majuscule, en «\u00a0je\u00a0» (écran Situations, F8, touche r)."
        )
    else:
        message = (
            f"{len(spans)} paragraphes ne se lisent pas seuls ({quoted}) : ils commencent par une minuscule ou "
            "comme la réponse à une question, que le jury ne lira pas dans le livret. Réécrivez-les en phrases "
            "complètes, avec une majuscule, en «\u00a0je\u00a0» (écran Situations, F8, touche r)."
        )
    return [Advice("phrases", "attention", message, tuple(spans))]
