"""The writing coach: what a VAE jury will object to in a situation, as plain French advice (pure functions).

:func:`check_text` and :func:`check_situation` run every rule (one module per rule family: :mod:`.voice`,
:mod:`.context`, :mod:`.actions`, :mod:`.outcome`, :mod:`.paragraphs`, :mod:`.length`, :mod:`.personal`) and
return the advice in a stable order, most serious first. :func:`find_personal_data` is what the livret export
calls to warn about names, e-mails, phones… left in a narrative. Nothing here reads files (but the shipped
first-name list) or knows about a screen.
"""

from __future__ import annotations

from vae_assistant.coach import actions, context, length, outcome, paragraphs, personal, voice
from vae_assistant.coach.model import (
    LEVEL_LABELS,
    PERSONAL_DATA_LABELS,
    RULE_LABELS,
    Advice,
    Finding,
    Level,
    RuleId,
    Span,
)
from vae_assistant.coach.personal import find_personal_data
from vae_assistant.coach.text import word_count
from vae_assistant.dossier.model import Situation, SituationContext

__all__ = [
    "LEVEL_LABELS",
    "MAX_READ_CHARS",
    "PERSONAL_DATA_LABELS",
    "RULE_LABELS",
    "Advice",
    "Finding",
    "Level",
    "RuleId",
    "Span",
    "check_situation",
    "check_text",
    "find_personal_data",
]

_ORDER = {rule: n for n, rule in enumerate(RULE_LABELS)}

MAX_READ_CHARS = 60_000
"""About 10 000 words, twenty pages: past this the coach reads the beginning only. A situation that long is a
whole document pasted in; reading all of a 1 MB paste took 3 s, and every screen that lists advice froze."""


def check_text(text: str, situation_context: SituationContext | None = None) -> list[Advice]:
    """Every piece of advice on a narrative; ``situation_context`` is the situation's form, when there is one.

    *attention* before *info*, then in the order of :data:`RULE_LABELS` (the order a counsellor reads a text in).
    """
    if not text.strip():
        return [Advice("vide", "attention", "Le récit est vide : racontez une situation que vous avez vécue.")]
    read = _beginning(text)
    advice = [
        *voice.check(read),
        *context.check(read, situation_context),
        *actions.check(read),
        *outcome.check(read),
        *paragraphs.check(read),
        *length.check(text),
        *personal.check(read),
    ]
    if len(read) < len(text):
        advice.append(
            Advice(
                "longueur",
                "info",
                f"Le coach n'a relu que le début de ce récit (les {word_count(read)} premiers mots) : au-delà, "
                "ce n'est plus une situation mais un document entier. Le texte complet reste enregistré.",
            )
        )
    return sorted(advice, key=lambda a: (a.level != "attention", _ORDER[a.rule]))


def _beginning(text: str) -> str:
    """The text up to :data:`MAX_READ_CHARS`, cut after a line or a sentence so that no word is split."""
    if len(text) <= MAX_READ_CHARS:
        return text
    head = text[:MAX_READ_CHARS]
    cut = max(head.rfind("\n"), head.rfind(". "))
    return head[: cut + 1] if cut > MAX_READ_CHARS // 2 else head.rsplit(" ", 1)[0]


def check_situation(situation: Situation) -> list[Advice]:
    """The advice on a situation of the dossier: its narrative, read with its context form."""
    return check_text(situation.narrative, situation.context)
