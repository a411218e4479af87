"""The outcome and the step back: what happened in the end, and what the candidate learned from it.

A jury asks two questions at the end of every situation: *et alors ?* (what changed for the person: a job found, a
housing, a right opened, or a failure, which is an outcome too) and *avec le recul ?* (what the candidate would
do again or differently, what it taught them). Both are looked for as the usual French turns of phrase.
"""

from __future__ import annotations

import re

from vae_assistant.coach.model import Advice
from vae_assistant.coach.text import loose_pattern, phrase_pattern, says

_PARTICIPLES = (
    "pu|obtenu|trouvé|trouvée|retrouvé|retrouvée|signé|signée|repris|reprise|accepté|acceptée|intégré|intégrée|abouti"
    "|évolué|changé|refusé|refusée|abandonné|abandonnée|permis|réussi|commencé|débuté|progressé|touché|touchée"
).replace("é", "[ée]")  # written fast, without accents: « elle a trouve », « a ete acceptee »
# What the candidate obtained for the person is told in the first person: « j'ai obtenu un rendez-vous le jour
# même » (the example's s1, flagged as having no outcome). Only these: « j'ai pu l'écouter », « j'ai commencé par… »
# are what one did, not how it ended.
_OBTAINED = "obtenu|obtenue|décroché|décrochée|abouti|réussi à obtenir|réussi à trouver".replace("é", "[ée]")
_E = "[ée]"
OUTCOME = re.compile(
    rf"\b(?:a|ont|avait|avaient|aura|auront)(?: \w+)? (?:{_PARTICIPLES})\b"
    rf"|\b(?:j['’]ai|j['’]avais|nous avons|nous avions)(?: \w+)? (?:{_OBTAINED})\b"
    rf"|\b(?:a|ont|avait|avaient) {_E}t{_E} (?:relog{_E}e?s?|accept{_E}e?s?|accord{_E}e?s?|valid{_E}e?s?|admise?s?"
    rf"|embauch{_E}e?s?|orient{_E}e?s?|prise?s? en charge|ouverte?s?|d{_E}pos{_E}e?s?)\b"
    r"|\b(?:est|sont|était|étaient|etait|etaient) (?:sortie?s?|revenue?s?|partie?s?|entrée?s?|entree?s?|maintenant"
    r"|aujourd['’]hui)\b"
    rf"|\bs['’](?:est|sont) (?:apais{_E}e?s?|am{_E}lior{_E}e?s?|stabilis{_E}e?s?|d{_E}bloqu{_E}e?s?|r{_E}gl{_E}e?s?"
    rf"|r{_E}solue?s?|sold{_E}e?s?|termin{_E}e?s?|bien pass{_E}e?s?|mal pass{_E}e?s?)\b"
    r"|\b(?:au final|finalement|à l['’]issue|au terme|résultats?|resultats?|désormais|desormais|aujourd['’]hui"
    r"|grâce à|grace a|par la suite|plus tard|en fin de compte|à la fin|a la fin|bilan|évolution|evolution"
    r"|aboutissement|échec|echec|issue)\b"
    # « Trois mois après, … », « deux semaines plus tard », « après deux mois » : how candidates tell what
    # happened next.
    r"|\b(?:jours?|semaines?|mois|ans|années?|annees?) (?:après|apres|plus tard)\b"
    r"|\b(?:après|apres) (?:\d+|un|une|deux|trois|quatre|cinq|six|quelques|plusieurs) "
    r"(?:jours?|semaines?|mois|ans|années?|annees?)\b",
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


_LOOSE_OUTCOME, _LOOSE_STEP_BACK = loose_pattern(OUTCOME), loose_pattern(STEP_BACK)


def check(text: str) -> list[Advice]:
    advice = []
    if not says(text, OUTCOME, _LOOSE_OUTCOME):
        advice.append(
            Advice(
                "resultat",
                "attention",
                "Dites comment la situation s'est terminée : ce qui s'est passé ensuite, ce qui a changé pour la "
                "personne (même si cela n'a pas abouti).",
            )
        )
    if not says(text, STEP_BACK, _LOOSE_STEP_BACK):
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
