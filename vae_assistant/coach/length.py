"""Length: what a jury reads for one situation.

The bounds, in words (a printed page of the livret holds about 450):

* under :data:`MIN_WORDS` (150, a third of a page) a text cannot hold the context, the candidate's actions, the
  outcome and a step back, which is what a jury looks for in a situation;
* over :data:`MAX_WORDS` (1500, more than three pages) a situation usually tells several stories or a whole
  job; the jury reads a livret of several situations and loses the thread, so the advice is to split or cut.
"""

from __future__ import annotations

from vae_assistant.coach.model import Advice
from vae_assistant.coach.text import word_count

MIN_WORDS = 150
MAX_WORDS = 1500


def check(text: str) -> list[Advice]:
    words = word_count(text)
    if words < MIN_WORDS:
        message = (
            f"Texte court ({words} mots) : une situation se lit en une à trois pages. Développez le contexte, ce que "
            "vous avez fait étape par étape, ce qui en est sorti et ce que vous en retenez."
        )
        return [Advice("longueur", "attention", message)]
    if words > MAX_WORDS:
        message = (
            f"Texte très long ({words} mots, plus de trois pages) : le jury risque de perdre le fil. Gardez une seule "
            "situation par récit, ou coupez ce qui ne montre pas votre action."
        )
        return [Advice("longueur", "info", message)]
    return []
