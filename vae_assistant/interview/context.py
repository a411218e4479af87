"""The frame of a situation (structure, public, period, role) read from the candidate's answer on an activity.

The interview asks, once per activity, in which setting the candidate did it ("Au PLIE de Reims, je reçois des
allocataires du RSA depuis 2020, comme conseillère en insertion."). Without this, every situation of the livret
says "à préciser" four times until the candidate fills the form. Each field is taken only where the answer says
it in a recognisable way (a date, "comme …", "au/à la …", "je reçois …"); anything unsure stays empty, and the
assistant tells the candidate what it copied so that a wrong guess is seen and corrected.
"""

from __future__ import annotations

import re

MAX_WORDS = 9
"""A field longer than this is a sentence, not a structure or a role: cut at a word boundary."""

_STOP = (
    r"(?=\s*(?:[,;.:!?()\n]|\s-\s|$"
    r"|\s(?:et|mais|depuis|pendant|puis|où|qui|avec|pour|en\s+tant|comme|au|aux|[àa]\s+la|[àa]\s+l['’]|dans|chez)\s"
    r"|\s(?:de|en|entre|dès)\s+(?:19|20)\d{2}))"
)
# A public goes on through what it lives on: « des personnes au RSA », « des adultes au chômage » (« au » otherwise
# starts a place: « des jeunes au PLIE de Reims »), and through its children: « des femmes seules avec enfants »
# (« avec » otherwise starts something else: « des jeunes avec la conseillère »).
_PUBLIC_STOP = _STOP.replace(
    "|au|aux|", r"|au(?!\s+(?:RSA|AAH|ASS|chômage|chomage))|aux(?!\s+(?:minima|minimas))|"
).replace("|avec|", r"|avec(?!\s+(?:(?:leurs?|des|un|une|ses|\d+)\s+)?(?:enfants?|bébés?|bebes?))|").replace(
    "(?:et|",
    # … and through the other people it names: « des familles et des personnes seules », « et leurs parents »
    r"(?:et(?!\s+(?:(?:des|les|leurs?|ses|de|d['’])\s*)?(?:jeunes|personnes|familles|femmes|hommes|adultes"
    r"|allocataires|bénéficiaires|beneficiaires|usagers|demandeu\w+|parents|mineurs|réfugiés|refugies|migrants"
    r"|retraités|retraites|étudiants|etudiants|ménages|menages|mères|meres|pères|peres|enfants|seniors|salariés"
    r"|salaries|locataires|habitants)\b)|",
)
_PERIOD = re.compile(
    r"\b(?:(?:depuis|de|entre|en|dès|à\s+partir\s+de)\s+)?"
    r"(?:(?:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout|septembre|octobre|novembre|décembre"
    r"|decembre)\s+)?(?:19|20)\d{2}"
    r"(?:\s*(?:à|a|-|–|et|jusqu'en|jusqu’en)\s*(?:(?:janvier|février|fevrier|mars|avril|mai|juin|juillet|août|aout"
    r"|septembre|octobre|novembre|décembre|decembre)\s+)?(?:19|20)\d{2})?"
    r"|\bdepuis\s+(?:\d+|un|une|deux|trois|quatre|cinq|six|sept|huit|neuf|dix)\s+ans\b",
    re.IGNORECASE,
)
# How many people one follows: « une quinzaine », « 30 », « environ 40 ».
_QUANTITY = (
    r"(?:une?\s+(?:dizaine|douzaine|quinzaine|vingtaine|trentaine|quarantaine|cinquantaine|soixantaine|centaine)\b"
    r"|\d+\s|environ\s|près\s+de\s|pres\s+de\s|plus\s+de\s)"
)
# A role ends where the people it serves begin: « référente d'une quinzaine de ménages » (they are the public).
_ROLE_STOP = _STOP[:-2] + rf"|\s+d(?:['’]\s*|e\s+){_QUANTITY}))"
_ROLE = re.compile(
    r"\b(?:comme|en\s+tant\s+que|en\s+qualit[ée]\s+de|au\s+poste\s+de|j(?:['’]\s*|\s+)[ée]tais|je\s+suis)\s+(.+?)"
    + _ROLE_STOP,
    re.IGNORECASE,
)
_STRUCTURE = re.compile(
    r"\b(?:au|aux|à\s+la|à\s+l['’]|a\s+la|a\s+l['’]|dans\s+(?:une\b|un\b|les\b|le\b|la\b|l['’])|chez"
    r"|pour\s+(?:une\b|un\b|le\b|la\b|l['’]))"
    r"\s*(.+?)" + _STOP,
    re.IGNORECASE,
)
_PUBLIC = re.compile(
    r"\b(?:je\s+(?:reçois|recevais|recois|suis|suivais)"
    r"|j(?:['’]\s*|\s+)(?:accueille|accueillais|accompagne|accompagnais)"
    # « on » and « nous » tell the team's public as well as one's own
    r"|on\s+(?:reçoit|recevait|recoit|accueille|accueillait|accompagne|accompagnait|suit|suivait)"
    r"|nous\s+(?:recevons|recevions|accueillons|accueillions|accompagnons|accompagnions|suivons|suivions)"
    r"|auprès\s+d(?:es|e|u|['’])|public\s*:)\s*(.+?)" + _PUBLIC_STOP,
    re.IGNORECASE,
)
# The people a role serves: « référente d'une quinzaine de ménages », « conseillère de 40 allocataires ».
_SERVED = re.compile(rf"(?<=\s)(?:d['’]\s*|de\s+)((?={_QUANTITY}).+?)" + _PUBLIC_STOP, re.IGNORECASE)
# What a structure's name is made of: a capital (PLIE, Reims, Emmaüs) or a word of the trade's places.
_PLACE_WORDS = re.compile(
    r"\b(?:[A-ZÀ-Ý]\w*|mission|centre|centres|association|maison|service|services|foyer|épicerie|epicerie|mairie"
    r"|commune|département|departement|agence|antenne|permanence|accueil|chantier|atelier|structure|espace|point"
    r"|plateforme|résidence|residence|boutique|entreprise|bailleur|caisse)\b"
)
# A public: people, not a place or a task.
_PEOPLE_WORDS = re.compile(
    r"\b(?:jeunes?|personnes?|familles?|femmes?|hommes?|adultes?|allocataires?|bénéficiaires?|beneficiaires?|usagers?"
    r"|demandeurs?|demandeuses?|publics?|salariés?|salaries?|locataires?|habitants?|seniors?|parents?|mineurs?"
    r"|réfugiés?|refugies?|migrants?|détenus?|sortants?|retraités?|retraites?|étudiants?|etudiants?|ménages?|menages?"
    r"|mères?|meres?|pères?|peres?|mamans?|papas?|couples?|enfants?|adolescents?|ados?)\b",
    re.IGNORECASE,
)
# "je suis" introduces a role only when a job follows, not "je suis arrivée", "je suis allée".
_NOT_A_ROLE = re.compile(
    r"^(?:arrivée?|allée?|partie?|restée?|venue?|entrée?|passée?|tombée?|née?|là|ici|en\b|à\b|au\b)", re.IGNORECASE
)
# Nor when the people one follows come next: "je suis des jeunes", "je suis une quarantaine d'allocataires" is
# the verb suivre (that is the public), not être.
_FOLLOWED = re.compile(
    r"^(?:des|les|ces|mes|environ|près|plus|moins|plusieurs|beaucoup|tous|toutes|tout\s+public|\d+"
    r"|une?\s+(?:dizaine|douzaine|quinzaine|vingtaine|trentaine|quarantaine|cinquantaine|soixantaine|centaine))\b",
    re.IGNORECASE,
)


# Where the candidate sent or took the person is a partner, not where she works: « je lui ai pris un rendez-vous à
# la CARSAT », « je l'ai orientée vers… au CCAS », « je l'ai accompagnée à la CAF ».
_SENT_TO = re.compile(
    r"(?:(?:rendez-vous|rdv|orient\w*|envoy\w*|adress\w*|rappel\w*|appel\w*|téléphon\w*|telephon\w*|contact\w*"
    r"|vers)(?:\s+\S+){0,3}|accompagn\w*|emmen\w*)\s*$",
    re.IGNORECASE,
)


def context_from_answer(answer: str) -> dict[str, str]:
    """The fields of a situation's context the answer states clearly; unsure fields are left out."""
    text = " ".join(answer.split())
    fields: dict[str, str] = {}
    period = _PERIOD.search(text)
    if period:
        fields["period"] = _tidy(period.group(0))
    role = next((m for m in _ROLE.finditer(text) if _is_role(m)), None)
    if role:
        fields["role"] = _tidy(role.group(1))
    structure = next(
        (
            m for m in _STRUCTURE.finditer(text)
            if _PLACE_WORDS.search(m.group(1)) and not _SENT_TO.search(text, 0, m.start())
        ),
        None,
    )
    if structure:
        fields["structure"] = _tidy(structure.group(1))
    public = next((m for m in _PUBLIC.finditer(text) if _is_public(m)), None) or next(
        (m for m in _SERVED.finditer(text) if _PEOPLE_WORDS.search(m.group(1))), None
    )
    if public:
        fields["public"] = _tidy(public.group(1))
    return {k: fields[k] for k in ("structure", "public", "period", "role") if fields.get(k)}


def _is_role(match: re.Match[str]) -> bool:
    if _NOT_A_ROLE.match(match.group(1)):
        return False
    return not (match.group(0).lower().startswith("je") and _FOLLOWED.match(match.group(1)))


def _is_public(match: re.Match[str]) -> bool:
    """People, and after « je suis » only people followed (« je suis des jeunes »), not a role that names them
    (« je suis référente d'une quinzaine de ménages »: the role's own reading finds them)."""
    if not _PEOPLE_WORDS.search(match.group(1)):
        return False
    return not (re.match(r"je\s+suis\b", match.group(0), re.IGNORECASE) and not _FOLLOWED.match(match.group(1)))


def _tidy(value: str) -> str:
    words = value.strip(" ,;.:'\"«»").split()
    value = " ".join(words[:MAX_WORDS])
    return value[:1].upper() + value[1:] if value else ""
