"""*Je*, not *on* or *nous*: the jury certifies one person, so it must read what that person did.

*On* and *nous* hide who acted. A few are natural (a team decision, a joint interview); the text is flagged when
they outnumber the candidate's *je*. Quoted speech (« nous allons vous aider », "on verra") is somebody's words,
not the candidate's narration, and is not counted.
"""

from __future__ import annotations

from vae_assistant.coach.model import Advice, Span
from vae_assistant.coach.text import tokens

FIRST_PERSON = frozenset({"je", "j'", "j", "moi"})  # « j ai »: the apostrophe a phone keyboard left out
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
        f"Le texte dit plus souvent «\u00a0on\u00a0» ou «\u00a0nous\u00a0» ({len(ours)} fois) "
        f"que «\u00a0je\u00a0» ({mine} fois). "
        "Le jury évalue ce que vous avez fait, vous : écrivez «\u00a0j'ai proposé\u00a0», «\u00a0j'ai appelé\u00a0», "
        "et gardez "
        "«\u00a0nous\u00a0» pour ce qui a vraiment été fait à plusieurs, en précisant votre part."
    )
    return [Advice("je", "attention", message, tuple(Span(t.start, t.end, t.text) for t in ours))]
