"""The outcome and the step back: what happened in the end, and what the candidate learned from it.

A jury asks two questions at the end of every situation: *et alors ?* (what changed for the person: a job found, a
housing, a right opened, or a failure, which is an outcome too) and *avec le recul ?* (what the candidate would
do again or differently, what it taught them). Both are looked for as the usual French turns of phrase.
"""

from __future__ import annotations

import re

from vae_assistant.coach.model import Advice
from vae_assistant.coach.text import phrase_pattern, spans_of

_PARTICIPLES = (
    "pu|obtenu|trouvé|trouvée|retrouvé|retrouvée|signé|signée|repris|reprise|accepté|acceptée|intégré|intégrée|abouti"
    "|évolué|changé|refusé|refusée|abandonné|abandonnée|permis|réussi|commencé|débuté|progressé"
)
OUTCOME = re.compile(
    rf"\b(?:a|ont|avait|avaient|aura|auront)(?: \w+)? (?:{_PARTICIPLES})\b"
    r"|\b(?:a|ont|avait|avaient) été (?:relogée?s?|acceptée?s?|accordée?s?|validée?s?|admise?s?|embauchée?s?"
    r"|orientée?s?|prise?s? en charge|ouverte?s?)\b"
    r"|\b(?:est|sont|était|étaient) (?:sortie?s?|revenue?s?|partie?s?|entrée?s?|maintenant|aujourd['’]hui)\b"
    r"|\bs['’](?:est|sont) (?:apaisée?s?|améliorée?s?|stabilisée?s?|débloquée?s?|réglée?s?|résolue?s?|soldée?s?"
    r"|terminée?s?|bien passée?s?|mal passée?s?)\b"
    r"|\b(?:au final|finalement|à l['’]issue|au terme|résultats?|désormais|aujourd['’]hui|grâce à|par la suite"
    r"|plus tard|en fin de compte|à la fin|bilan|évolution|aboutissement|échec|issue)\b"
    # « Trois mois après, … », « deux semaines plus tard » : how candidates tell what happened next.
    r"|\b(?:jours?|semaines?|mois|ans|années?) (?:après|plus tard)\b",
    re.IGNORECASE,
)

STEP_BACK = phrase_pattern(
    [
        "avec le recul",
        "avec du recul",
        "avec le temps",
        "prise de recul",
        "prendre du recul",
        "si c'était à refaire",
        "si je devais refaire",
        "si je devais le refaire",
        "si j'avais su",
        "si j'avais",
        "je referais",
        "je ne referais",
        "je ferais autrement",
        "je ferais différemment",
        "j'aurais dû",
        "j'aurais pu",
        "j'aurais aimé",
        "j'aurais voulu",
        "aujourd'hui je",
        "aujourd'hui, je",
        "j'ai appris",
        "m'a appris",
        "m'a permis de comprendre",
        "j'en retiens",
        "je retiens",
        "j'ai compris",
        "j'ai réalisé",
        "je réalise",
        "je me rends compte",
        "je me suis rendu compte",
        "je me suis rendue compte",
        "rétrospectivement",
        "a posteriori",
        "cette situation m'a",
        "cette expérience m'a",
        "je m'interroge",
        "je me questionne",
        "je me suis interrogé",
        "je me suis interrogée",
        "je me suis questionné",
        "je me suis questionnée",
        "mes limites",
        "ma posture",
        "ma pratique",
    ]
)


def check(text: str) -> list[Advice]:
    advice = []
    if not spans_of(text, OUTCOME):
        advice.append(
            Advice(
                "resultat",
                "attention",
                "Dites comment la situation s'est terminée : ce qui s'est passé ensuite, ce qui a changé pour la "
                "personne (même si cela n'a pas abouti).",
            )
        )
    if not spans_of(text, STEP_BACK):
        advice.append(
            Advice(
                "recul",
                "attention",
                "Prenez du recul : qu'en retenez-vous ? Que feriez-vous autrement aujourd'hui "
                "(«\u00a0avec le recul…\u00a0», "
                "«\u00a0si c'était à refaire…\u00a0») ?",
            )
        )
    return advice
