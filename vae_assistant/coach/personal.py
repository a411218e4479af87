"""Anonymisation: personal data a livret must not carry to the jury, found with its place in the text.

A VAE jury reads about the people the candidate served, never who they are: e-mail addresses, phone numbers,
postal addresses, social security numbers (NIR), dates of birth and full names ("Madame Dupont", "Kevin Martin")
must be replaced ("Madame D.", "un jeune homme de 19 ans") before export. The livret export calls
:func:`find_personal_data` and warns when anything remains.

Names are the hard part. A name is flagged when a civility precedes a capitalised word (``M. Martin``,
``Mme Benali``; ``Madame la directrice`` and initials such as ``Madame D.`` are not names), or when a common first
name (``data/prenoms.txt``) is followed by a capitalised word (``Kevin Martin``). Place names are not people:
hyphenated names (``Saint-Denis``, ``Aix-en-Provence``) are one word, and a first name right after a street or
building word (``rue Victor Hugo``, ``collège Jean Moulin``) is a place. A first name alone is not flagged: the
guidance is to change it, which the candidate may already have done.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from importlib import resources

from vae_assistant.coach.model import Advice, Finding, PersonalDataKind
from vae_assistant.coach.text import span, word_set

_UPPER = "A-ZÀ-ÖØ-Þ"
_LOWER = "a-zß-öø-ÿœ"
_SPACE = r"[ \u00a0\u202f]"

EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+")

PHONE = re.compile(r"(?<![\d+])(?:(?:\+|00)33[ .\u00a0]?(?:\(0\)[ \u00a0]?)?|0)[1-9](?:[ .\u00a0-]?\d{2}){4}(?!\d)")
"""French numbers: 06 12 34 56 78, 06.12.34.56.78, 0612345678, +33 6 12 34 56 78, +33 (0)6…, 0033 6…"""

SECU = re.compile(
    rf"(?<!\d)[12378]{_SPACE}?\d{{2}}{_SPACE}?(?:0[1-9]|1[0-2]|[2-9]\d){_SPACE}?(?:\d{{2}}|2[AaBb])"
    rf"{_SPACE}?\d{{3}}{_SPACE}?\d{{3}}(?:{_SPACE}?\d{{2}})?(?!\d)"
)
"""NIR: sex, year, month, département (2A/2B for Corsica), commune, order number, then the optional 2-digit key."""

_MONTHS = "janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre|decembre"
_DATE = rf"(?:\d{{1,2}}[/.-]\d{{1,2}}[/.-]\d{{2,4}}|(?:1er|\d{{1,2}}){_SPACE}+(?:{_MONTHS})(?:{_SPACE}+\d{{4}})?)"
BIRTH = re.compile(
    rf"(?<!\w)(?:n[ée]e?s?(?:\(e\))?{_SPACE}+le|date{_SPACE}+de{_SPACE}+naissance{_SPACE}*:?(?:{_SPACE}*le)?"
    rf"|DDN{_SPACE}*:?){_SPACE}*{_DATE}",
    re.IGNORECASE,
)

_STREET_TYPES = (
    "rue|avenue|av\\.|boulevard|bd|place|allée|allee|impasse|chemin|route|quai|cours|square|passage|résidence|"
    "residence|cité|cite|lotissement|hameau|faubourg|villa|sentier|voie|promenade|esplanade|parvis|rond-point"
)
ADDRESS = re.compile(
    rf"(?<![\w,])\d{{1,4}}(?:{_SPACE}?(?:bis|ter|quater))?,?{_SPACE}+(?i:{_STREET_TYPES})(?![\w-])"
    rf"(?:{_SPACE}+(?:(?:de|du|des|la|le|les|aux?){_SPACE}+|[dl]['’])?[{_UPPER}0-9][\w'’-]*)+"
    rf"(?:,?{_SPACE}+\d{{5}}{_SPACE}+[{_UPPER}][\w'’-]*(?:{_SPACE}+[{_UPPER}][\w'’-]*)*)?"
)
"""A number, a kind of street, its name, and the postal code and town when they follow (« 12 rue Victor Hugo »)."""

_NAME_WORD = rf"[{_UPPER}](?:[{_LOWER}'’]+|[{_UPPER}]+)(?:-[{_UPPER}](?:[{_LOWER}]+|[{_UPPER}]+))*"
"""A capitalised (or all-capitals) word of at least two letters; hyphenated parts stay together."""

_PARTICLE = rf"(?:(?:de|du|des|le|la|van|von|ben|el){_SPACE}+|d['’])?"

CIVILITY = re.compile(
    rf"(?<![\w.])(?:M\.|MM\.|Mr\.?|Mme\.?|Mmes|Mlle\.?|Mlles|Monsieur|Madame|Mademoiselle){_SPACE}+"
    rf"({_PARTICLE}{_NAME_WORD}(?:{_SPACE}+{_PARTICLE}{_NAME_WORD})?)"
)
FIRST_NAME = re.compile(rf"(?<![\w'’-]){_NAME_WORD}(?![\w'’-])")
SURNAME_AFTER = re.compile(rf"{_SPACE}+({_PARTICLE}{_NAME_WORD})(?![\w'’-])")

NOT_SURNAMES = word_set(
    "le la les l un une et ou mais donc or ni car je tu il elle on nous vous ils elles ce cet cette ces mon ma mes "
    "son sa ses leur leurs notre nos votre vos avec pour dans sur par puis alors quand lors après avant depuis chez "
    "qui que quoi dont où comme si"
)
"""Capitalised words that cannot be a surname: a civility or first name followed by them is not a full name."""

PLACE_WORDS = word_set(
    "rue avenue av boulevard bd place allée allee impasse chemin route quai cours square passage pont parc jardin "
    "cité cite résidence residence quartier lotissement collège college lycée lycee école ecole université faculté "
    "hôpital hopital clinique centre gare stade gymnase piscine médiathèque bibliothèque salle maison foyer ehpad "
    "institut fondation espace halle théâtre theatre musée musee métro metro station tram arrêt arret saint sainte "
    "st ste prix promotion groupe établissement etablissement campus aéroport port village ville"
)
"""Words after which a first name and a surname name a place or an institution (« rue Victor Hugo »)."""

_BEFORE = re.compile(r"([\w'’-]+)[^\w'’-]*$")

_PRIORITY: dict[PersonalDataKind, int] = {
    "email": 0,
    "secu": 1,
    "telephone": 2,
    "naissance": 3,
    "adresse": 4,
    "nom": 5,
}


def _fold(word: str) -> str:
    """Lower case without accents, so that « Lea » and « Léa » are the same first name."""
    decomposed = unicodedata.normalize("NFKD", word.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@lru_cache(maxsize=1)
def first_names() -> frozenset[str]:
    """The shipped list of common first names, folded (see :func:`_fold`)."""
    data = resources.files("vae_assistant.coach").joinpath("data/prenoms.txt").read_text(encoding="utf-8")
    return frozenset(_fold(line.strip()) for line in data.splitlines() if line.strip() and not line.startswith("#"))


def _is_first_name(word: str) -> bool:
    names = first_names()
    return all(_fold(part) in names for part in word.split("-"))


def _is_surname(word: str) -> bool:
    last = re.split(rf"{_SPACE}+|['’]", word)[-1]
    return _fold(last) not in NOT_SURNAMES and len(last) >= 2


def _after_place_word(text: str, start: int) -> bool:
    """Whether one of the three words before ``start`` is a street or building word (« lycée pro Jean Moulin »)."""
    before = text[max(0, start - 60) : start]
    words = re.findall(r"[\w'’-]+", before)[-3:]
    return any(_fold(w) in PLACE_WORDS or _fold(w.split("'")[-1]) in PLACE_WORDS for w in words)


def _names(text: str) -> list[Finding]:
    found = []
    for match in CIVILITY.finditer(text):
        if _is_surname(match.group(1).split()[0]) and not _fold(match.group(1)).startswith(("le ", "la ")):
            found.append(Finding("nom", match.start(), match.end(), match.group(0)))
    for match in FIRST_NAME.finditer(text):
        if not _is_first_name(match.group(0)):
            continue
        surname = SURNAME_AFTER.match(text, match.end())
        if surname is None or not _is_surname(surname.group(1)):
            continue
        if _after_place_word(text, match.start()):
            continue
        found.append(Finding("nom", match.start(), surname.end(), text[match.start() : surname.end()]))
    return found


_PATTERNS: tuple[tuple[PersonalDataKind, re.Pattern[str]], ...] = (
    ("email", EMAIL),
    ("secu", SECU),
    ("telephone", PHONE),
    ("naissance", BIRTH),
    ("adresse", ADDRESS),
)


def find_personal_data(text: str) -> list[Finding]:
    """Personal data in ``text``, in text order; where two findings overlap, the more specific one is kept."""
    candidates = [
        Finding(kind, m.start(), m.end(), m.group(0)) for kind, pattern in _PATTERNS for m in pattern.finditer(text)
    ]
    candidates += _names(text)
    candidates.sort(key=lambda f: (_PRIORITY[f.kind], f.start))
    kept: list[Finding] = []
    for finding in candidates:
        if all(finding.end <= k.start or finding.start >= k.end for k in kept):
            kept.append(finding)
    return sorted(kept, key=lambda f: f.start)


_REPLACE: dict[PersonalDataKind, str] = {
    "email": "retirez-la",
    "telephone": "retirez-le",
    "adresse": "gardez seulement la ville ou le quartier si c'est utile",
    "secu": "retirez-le",
    "naissance": "donnez plutôt l'âge («\u00a0un homme de 52 ans\u00a0»)",
    "nom": "remplacez-le par une initiale ou une description "
    "(«\u00a0Madame D.\u00a0», «\u00a0un jeune de 19 ans\u00a0»)",
}


def check(text: str) -> list[Advice]:
    """One advice per kind of personal data found, with every place it occurs."""
    findings = find_personal_data(text)
    advice = []
    for kind in _PRIORITY:
        of_kind = [f for f in findings if f.kind == kind]
        if not of_kind:
            continue
        label = of_kind[0].label
        quoted = ", ".join(f"«\u00a0{f.excerpt}\u00a0»" for f in of_kind[:3]) + (" …" if len(of_kind) > 3 else "")
        message = (
            f"Anonymisez : {label} dans le texte ({quoted}) ; {_REPLACE[kind]}. "
            "Le livret est lu par un jury : les personnes accompagnées ne doivent pas pouvoir être reconnues."
        )
        advice.append(Advice("anonymisation", "attention", message, tuple(span(text, f.start, f.end) for f in of_kind)))
    return advice
