"""*Je*, not *on* or *nous*: the jury certifies one person, so it must read what that person did.

*On* and *nous* hide who acted. A few are natural (a team decision, a joint interview); the text is flagged when
they outnumber the candidate's *je*. Quoted speech (« nous allons vous aider », "on verra") is somebody's words,
not the candidate's narration, and is not counted.
"""

from __future__ import annotations

from vae_assistant.coach.model import Advice, Span
from vae_assistant.coach.text import tokens

FIRST_PERSON = frozenset({"je", "j'", "moi"})
COLLECTIVE = frozenset({"on", "nous"})
MIN_COLLECTIVE = 2
"""A single *nous* in a text without *je* is left to the actions rule: it is not yet a habit of writing."""


def check(text: str) -> list[Advice]:
    narration = [t for t in tokens(text) if not t.quoted]
    mine = sum(1 for t in narration if t.lower in FIRST_PERSON)
    ours = [t for t in narration if t.lower in COLLECTIVE]
    if len(ours) < MIN_COLLECTIVE or len(ours) <= mine:
        return []
    message = (
        f"Le texte dit plus souvent « on » ou « nous » ({len(ours)} fois) que « je » ({mine} fois). "
        "Le jury évalue ce que vous avez fait, vous : écrivez « j'ai proposé », « j'ai appelé », et gardez "
        "« nous » pour ce qui a vraiment été fait à plusieurs, en précisant votre part."
    )
    return [Advice("je", "attention", message, tuple(Span(t.start, t.end, t.text) for t in ours))]
