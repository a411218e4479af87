"""The writing coach on a whole dossier: 40 situations of ~700 words, as ``dossier check`` and the fiche run it.

The TUI shows the coach's advice next to the situation being written, so checking one situation must feel
instant (target 20 ms), and a whole dossier must be checked well within a second (target 500 ms).
"""

from __future__ import annotations

from common import Result, median_ms

from vae_assistant.coach import check_text

PARAGRAPH = (
    "En mars 2021, au CCAS, j'ai reçu une dame de 58 ans, Madame Dupont, qui venait pour un impayé de loyer. "
    "Je l'ai écoutée, puis je lui ai proposé de faire le point sur ses ressources. Nous avons appelé ensemble "
    "le bailleur ; on nous a dit de revenir. J'ai monté un dossier FSL et j'ai relancé la CAF au 01 23 45 67 89. "
    "Finalement elle a pu rester dans son logement. Avec le recul, j'aurais dû contacter sa fille plus tôt. "
)
SITUATIONS = 40


def run() -> list[Result]:
    text = PARAGRAPH * 8  # ~700 words
    one = median_ms(lambda: check_text(text))
    dossier = median_ms(lambda: [check_text(text + f" Situation {n}.") for n in range(SITUATIONS)], repeat=5)
    return [
        Result("coach: one situation of ~700 words", one, "ms", 20.0),
        Result(f"coach: dossier of {SITUATIONS} situations", dossier, "ms", 500.0),
    ]
