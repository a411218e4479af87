"""What the writing coach says: advice on a text, and the personal data it found in it.

Plain frozen dataclasses: the coach runs after every keystroke pause in the TUI and on every situation of a
dossier in ``dossier check``, so its results must be cheap to build and compare. Offsets are character offsets
into the text that was checked (the situation's narrative), ``end`` exclusive, so that a shell can highlight them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Level = Literal["info", "attention"]
"""``attention``: a jury will object to it; ``info``: worth a look, a matter of judgement."""

RuleId = Literal["vide", "je", "contexte", "actions", "resultat", "recul", "phrases", "longueur", "anonymisation"]

RULE_LABELS: dict[str, str] = {
    "vide": "Texte vide",
    "je": "Parler en « je »",
    "contexte": "Contexte",
    "actions": "Actions concrètes",
    "resultat": "Résultat",
    "recul": "Prise de recul",
    "phrases": "Phrases complètes",
    "longueur": "Longueur",
    "anonymisation": "Anonymisation",
}
"""French names of the rules, in the order the coach reports them."""

LEVEL_LABELS: dict[str, str] = {"info": "à voir", "attention": "à corriger"}


@dataclass(frozen=True)
class Span:
    """A stretch of the checked text the advice is about."""

    start: int
    end: int
    excerpt: str


@dataclass(frozen=True)
class Advice:
    """One piece of advice: which rule, how serious, what to do (plain French), and where in the text."""

    rule: RuleId
    level: Level
    message: str
    spans: tuple[Span, ...] = ()

    @property
    def label(self) -> str:
        return RULE_LABELS[self.rule]


PersonalDataKind = Literal["email", "telephone", "adresse", "secu", "naissance", "nom"]

PERSONAL_DATA_LABELS: dict[str, str] = {
    "email": "adresse e-mail",
    "telephone": "numéro de téléphone",
    "adresse": "adresse postale",
    "secu": "numéro de sécurité sociale",
    "naissance": "date de naissance",
    "nom": "nom de personne",
}


@dataclass(frozen=True)
class Finding:
    """A piece of personal data found in a text, which the livret must not carry to the jury."""

    kind: PersonalDataKind
    start: int
    end: int
    excerpt: str

    @property
    def label(self) -> str:
        return PERSONAL_DATA_LABELS[self.kind]
