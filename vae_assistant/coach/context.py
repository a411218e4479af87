"""The context: where, when, with whom, for whom — without it the jury cannot picture the situation.

A context field of the situation (structure, period, public) answers the question; otherwise the text is searched
for the usual ways of saying it: a kind of structure (« au CCAS », « dans l'association »), a period (a year, a
month, a season, « il y a deux ans »), a public (« un jeune de 19 ans », « une famille », « les résidents »).
"""

from __future__ import annotations

import re

from vae_assistant.coach.model import Advice
from vae_assistant.coach.text import loose_pattern, loosened, phrase_pattern, word_set
from vae_assistant.dossier.model import SituationContext

_STRUCTURE_WORDS = word_set(
    "association structure service foyer mairie établissement résidence agence entreprise atelier maison "
    "département hôpital clinique école collège lycée plateforme permanence bureau bailleur dispositif antenne "
    "pôle cabinet organisme employeur centre domicile tribunal prison équipe associations services foyers "
    "établissements entreprises ateliers centres équipes CCAS CIAS CHRS CHU CADA HUDA CAF CPAM MDPH MDS EHPAD SIAE "
    "PMI CMP SPIP PJJ ESAT IME ITEP CSAPA CAARUD"
)
STRUCTURE = phrase_pattern(
    [
        *_STRUCTURE_WORDS,
        "mission locale",
        "France Travail",
        "Pôle emploi",
        "chantier d'insertion",
        "conseil départemental",
        "accueil de jour",
        "épicerie solidaire",
        "centre social",
        "au sein de",
        "centre pénitentiaire",
    ]
)

PERIOD = re.compile(
    r"(?<!\d)(?:19[5-9]\d|20[0-4]\d)(?!\d)"
    r"|\b(?:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre"
    r"|decembre|hiver|printemps|automne|rentrée|confinement|trimestre|semestre)\b"
    r"|\b(?:l['’]|cet |en |pendant l['’]|durant l['’])été\b"
    r"|\bil y a (?:\w+ )?(?:ans?|années?|mois|semaines?)\b"
    r"|\b(?:l['’]an|l['’]année|la semaine|le mois) (?:dernier|dernière|passée?)\b"
    r"|\b\d{1,2}/\d{1,2}(?:/\d{2,4})?\b"
    r"|\b(?:cette année-là|à cette époque|à l['’]époque|cette année|l['’]année)\b"
    r"|\b(?:pendant|durant|depuis|sur) (?:\w+ ){0,2}(?:jours|semaines|mois|ans|années)\b",
    re.IGNORECASE,
)

PUBLIC = re.compile(
    r"\b(?:jeunes?|personnes?|familles?|bénéficiaires?|usagers?|usagères?|public|publics|demandeu(?:r|se|rs|ses)"
    r"|allocataires?|résidents?|résidentes?|habitants?|habitantes?|salariés?|salariées?|femmes?|hommes?|monsieur"
    r"|madame|dame|enfants?|adolescents?|adolescentes?|mineurs?|mineures?|seniors?|retraités?|retraitées?"
    r"|migrants?|réfugiés?|réfugiées?|patients?|patientes?|locataires?|ménages?|couples?|mères?|pères?|parents?"
    r"|stagiaires?|apprenants?|élèves?|accueillis?|accueillies?|clients?|clientes?|garçons?|filles?|mamans?|papas?"
    r"|étudiants?|étudiantes?|détenus?|sortants?|victimes?)\b"
    r"|\b\d{1,3} ans\b",
    re.IGNORECASE,
)

_PARTS = (
    ("structure", STRUCTURE, "où (la structure : service, association, établissement)"),
    ("period", PERIOD, "quand (l'année, la période)"),
    ("public", PUBLIC, "pour qui (le public : l'âge, la situation de la personne, sans son nom)"),
)


_LOOSE = {name: loose_pattern(pattern) for name, pattern, _ in _PARTS}
"""The same patterns without accents, for a text typed without them (« l annee derniere », « beneficiaires »)."""


def missing_context(text: str, context: SituationContext | None = None) -> list[str]:
    """The context fields neither the situation's form nor its text gives: ``structure``, ``period``, ``public``."""
    given = context.model_dump() if context is not None else {}
    loose = loosened(text)
    return [
        name
        for name, pattern, _ in _PARTS
        if not (given.get(name) or pattern.search(text) or _LOOSE[name].search(loose))
    ]


def check(text: str, context: SituationContext | None = None) -> list[Advice]:
    missing = missing_context(text, context)
    if not missing:
        return []
    wanted = {name: words for name, _, words in _PARTS}
    said = " ; ".join(wanted[name] for name in missing)
    message = (
        f"Situez la scène : dites {said}. Le jury doit pouvoir se représenter où, quand et avec qui la situation "
        "s'est passée."
    )
    return [Advice("contexte", "attention", message)]
