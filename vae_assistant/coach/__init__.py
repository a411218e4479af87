"""The writing coach: what a VAE jury will object to in a situation, as plain French advice (pure functions).

:func:`check_text` and :func:`check_situation` run every rule (one module per rule family: :mod:`.voice`,
:mod:`.context`, :mod:`.actions`, :mod:`.outcome`, :mod:`.length`, :mod:`.personal`) and return the advice in a
stable order, most serious first. :func:`find_personal_data` is what the livret export calls to warn about
names, e-mails, phones… left in a narrative. Nothing here reads files (but the shipped first-name list) or knows
about a screen.
"""

from __future__ import annotations

from vae_assistant.coach import actions, context, length, outcome, personal, voice
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
from vae_assistant.dossier.model import Situation, SituationContext

__all__ = [
    "LEVEL_LABELS",
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


def check_text(text: str, situation_context: SituationContext | None = None) -> list[Advice]:
    """Every piece of advice on a narrative; ``situation_context`` is the situation's form, when there is one.

    *attention* before *info*, then in the order of :data:`RULE_LABELS` (the order a counsellor reads a text in).
    """
    if not text.strip():
        return [Advice("vide", "attention", "Le récit est vide : racontez une situation que vous avez vécue.")]
    advice = [
        *voice.check(text),
        *context.check(text, situation_context),
        *actions.check(text),
        *outcome.check(text),
        *length.check(text),
        *personal.check(text),
    ]
    return sorted(advice, key=lambda a: (a.level != "attention", _ORDER[a.rule]))


def check_situation(situation: Situation) -> list[Advice]:
    """The advice on a situation of the dossier: its narrative, read with its context form."""
    return check_text(situation.narrative, situation.context)
