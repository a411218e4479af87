"""French normalisation: from a candidate's words to comparable keys.

Candidates write "j'ai reçu", "on a recu", "acceuil", "l’usager"; the referential writes "Réception", "accueil",
"usagers". Both sides go through the same steps so that they meet: apostrophes unified, elisions dropped
(l', d', qu'…), hyphenated words split unless they are a lexical unit (rendez-vous), lemmas from simplemma (its
French data ships in the wheel, so this works offline), accents folded *after* lemmatising (simplemma needs them),
and a short curated stop list (spaCy's drops words that carry meaning here, such as *suivre* or *personne*).

Words the dictionary does not know (typos, missing accents) are repaired against the index vocabulary with
rapidfuzz; known words are never "repaired", because fuzzy ratios make false friends (formation/information).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from functools import lru_cache, partial
from typing import NamedTuple

import simplemma
from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "`": "'", "´": "'", "ʼ": "'", "′": "'", "‐": "-", "‑": "-"})

# A word: letters, possibly joined by apostrophes or hyphens; or a number.
_WORD = re.compile(r"[^\W\d_]+(?:['-][^\W\d_]+)*|\d+")

_ELISIONS = ("jusqu'", "lorsqu'", "puisqu'", "quoiqu'", "presqu'", "qu'", "l'", "d'", "j'", "n'", "s'", "c'", "m'",
             "t'")

# Hyphenated lexical units that must stay whole (splitting rendez-vous yields a false "rend").
KEEP_WHOLE = frozenset({
    "rendez-vous", "c'est-à-dire", "vis-à-vis", "au-delà", "peut-être", "sans-papiers", "sans-abri", "après-midi",
    "demi-journée", "demi-journées", "face-à-face", "bouche-à-oreille", "porte-à-porte", "aujourd'hui",
    "savoir-être", "savoir-faire", "mi-temps", "temps-partiel", "tête-à-tête",
})

TYPO_EDIT_MIN_LENGTH = 6

# Elisions typed without their apostrophe ("jai oriente la dame"): where the verb starts.
GLUED_ELISIONS = {"jai": 1, "javais": 1, "jetais": 1, "jsuis": 1, "jlai": 2, "jlui": 1}

# Lemmas simplemma gets wrong in this domain, by lower-case surface form.
LEMMA_OVERRIDES = {
    # Notes name the act with its noun ("remplissage du formulaire", "appel au 115", "envoi du dossier"): read as
    # the verb, on both sides, so that a note and a sentence tell the same act.
    "remplissage": "remplir", "relance": "relancer", "relances": "relancer", "envoi": "envoyer",
    "envois": "envoyer", "montage": "monter", "rédaction": "rédiger", "constitution": "constituer",
    "inscription": "inscrire", "inscriptions": "inscrire", "explication": "expliquer", "explications": "expliquer",
    "appel": "appeler", "appels": "appeler",
    "mise": "mettre", "mises": "mettre", "cv": "cv", "rdv": "rendez-vous", "rsa": "rsa", "caf": "caf",
    "ccas": "ccas", "orientée": "orienter", "orientées": "orienter", "orienté": "orienter", "orientés": "orienter",
    "envoyée": "envoyer", "envoyé": "envoyer", "envoyés": "envoyer", "envoyées": "envoyer",
    "accompagnée": "accompagner", "accompagné": "accompagner", "accompagnés": "accompagner",
    "accompagnées": "accompagner", "reçue": "recevoir", "reçues": "recevoir", "reçus": "recevoir",
    "appelé": "appeler", "appelée": "appeler", "aidée": "aider", "aidés": "aider", "aidées": "aider",
    "animé": "animer", "animée": "animer", "animés": "animer", "animées": "animer",
    # Nouns the participle rule below would turn into verbs, and verbs simplemma reads as nouns.
    "donnée": "donnée", "données": "donnée", "prise": "prendre", "prises": "prendre",
    "change": "changer", "changes": "changer", "remise": "remise", "remises": "remise",
    "relu": "relire", "relue": "relire", "relus": "relire", "relues": "relire", "lu": "lire", "lue": "lire",
    "écrit": "écrire", "écrite": "écrire", "écrits": "écrire", "écrites": "écrire",
    "ouvert": "ouvrir", "ouverte": "ouvrir", "ouverts": "ouvrir", "ouvertes": "ouvrir",
}

# After "je suis", these words show the verb *suivre*, not *être*: "je suis les actualités", "je suis des familles".
_SUIVRE_AFTER = frozenset({"les", "des", "ces", "mes", "nos", "regulierement", "attentivement", "assidument",
                           "depuis", "chaque", "toutes", "tous", "plusieurs", "environ", "actuellement"})
# "je suis la/l'/une …" is *suivre* only before what one follows (*je suis la référente* is *être*).
_SUIVRE_OBJECTS = frozenset({"actualite", "actualites", "formation", "evolution", "evolutions", "dossier",
                             "parcours", "situation", "famille", "jeune", "cours", "module", "reglementation",
                             "legislation", "veille", "procedure", "demarche", "projet", "mesure"})

# Curated stop list, as folded lemmas or folded surface forms: function words only. Negations are kept out of
# matching too (they are not content), but words like "personne", "suivre", "parler" stay: they carry meaning here.
_STOP_TEXT = """
le la les l un une des de du d a au aux en et ou je j tu il elle on nous vous ils elles me m te t se s lui leur
leurs y ce c cet cette ces cela ca ceci mon ma mes ton ta tes son sa ses notre nos votre vos qui que qu quoi dont
etre avoir pour par sur sous dans avec sans mais donc or ni car tres plus moins aussi bien tout tous toute toutes
si comme ne pas n jamais rien deja encore alors puis quand ensuite enfin meme autre autres lors chez entre apres
avant pendant depuis vers cas fois etc ainsi afin celui celle ceux celles lequel laquelle lesquels dont son quel
quelle quels quelles leur mien tien sien aucun aucune chaque certain certaine certains plusieurs quelque quelques
soi eux moi toi ici la-bas voila oui non ou peu beaucoup trop assez toujours souvent parfois aussi lorsque puisque
parce tant ailleurs seulement vraiment surtout notamment justement
"""
STOP_WORDS = frozenset(_STOP_TEXT.split())



@lru_cache(maxsize=65536)
def fold(text: str) -> str:
    """Lower-case and strip accents (NFKD, drop combining marks): "Élaborer" → "elaborer".

    Cached: the same words come back sentence after sentence.
    """
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("œ", "oe").replace("æ", "ae")


def clean_text(text: str) -> str:
    """Unify apostrophes and hyphens without changing any offset (one character for one character)."""
    return text.translate(APOSTROPHES)


class Word(NamedTuple):
    """A word of a text with its position, so that evidence can point back into the candidate's text (a tuple:
    texts have many words, and a tuple is made three times faster than a frozen dataclass)."""

    surface: str
    start: int
    end: int


_new_word = partial(tuple.__new__, Word)  # the namedtuple's own __new__ is a Python function: twice slower


def split_words(text: str, base: int = 0) -> list[Word]:
    """Words of ``text`` with offsets; elided articles dropped, hyphenated words split unless lexical units."""
    words: list[Word] = []
    for match in _WORD.finditer(clean_text(text)):
        start = match.start() + base
        for surface, begin, end in _pieces(match.group()):
            words.append(_new_word((surface, start + begin, start + end)))
    return words


@lru_cache(maxsize=65536)
def _pieces(raw: str) -> tuple[tuple[str, int, int], ...]:
    """The words one run of letters gives, with their offsets in it: the same runs come back text after text."""
    if "'" not in raw and "-" not in raw:
        # "jai", "laccueil" typed for "j'ai", "l'accueil": the word, as if the apostrophe were there.
        lower = raw.lower()
        cut = _glued_elision(lower)
        if (lower[cut:] if cut else lower) in _ELIDED_PIECES:
            return ()
        return ((raw[cut:] if cut else raw, cut, len(raw)),)
    if raw.lower() in KEEP_WHOLE:
        return ((raw, 0, len(raw)),)
    pieces = []
    offset = 0
    for part in _WORD_JOINS.split(raw):
        # Drop the elided article: "l'accueil" gives "l" and "accueil"; single letters are stop words anyway.
        if part and part not in ("'", "-") and part.lower() not in _ELIDED_PIECES:
            pieces.append((part, offset, offset + len(part)))
        offset += len(part)
    return tuple(pieces)


@lru_cache(maxsize=65536)
def _glued_elision(lower: str) -> int:
    """Where the word starts in an elision typed without its apostrophe ("lordinateur", "jexplique"), or 0.

    Only for words the dictionary does not know whose rest it knows: "lune" or "demande" stay whole.
    """
    if lower in GLUED_ELISIONS:
        return GLUED_ELISIONS[lower]
    for prefix in ("qu", "l", "d", "j", "n", "m", "s", "t", "c"):
        rest = lower[len(prefix):]
        if (lower.startswith(prefix) and len(rest) >= 3 and rest[0] in "aeiouyhàâéèêëîïôûù"
                and not simplemma.is_known(lower, lang="fr") and simplemma.is_known(rest, lang="fr")):
            return len(prefix)
    return 0


_ELIDED_PIECES = frozenset({"l", "d", "j", "n", "s", "c", "m", "t", "qu", "jusqu", "lorsqu", "puisqu", "quoiqu"})
_WORD_JOINS = re.compile(r"(['-])")


@lru_cache(maxsize=65536)
def lemma_key(lower: str) -> tuple[str, bool]:
    """The folded lemma of a lower-case word and whether the French dictionary knows the word."""
    override = LEMMA_OVERRIDES.get(lower)
    if override is not None:
        return fold(override), True
    known = simplemma.is_known(lower, lang="fr")
    verb = _second_group_verb(lower) if known else None
    if verb is not None:
        return fold(verb), True
    lemma = simplemma.lemmatize(lower, lang="fr").lower() if known else lower
    if lemma.endswith(("é", "ée", "és", "ées")) and known:
        # Past participles come back as adjectives ("orienté"); the verb is what the referential uses.
        stem = lemma.rstrip("s").removesuffix("e") if lemma.endswith(("ée", "ées")) else lemma.rstrip("s")
        verb = stem[:-1] + "er"
        if simplemma.is_known(verb, lang="fr"):
            lemma = verb
    return fold(lemma), known


def _unaccented_forms(keys: set[str]) -> dict[str, str]:
    """Every accented form in the French dictionary whose lemma is one of ``keys``, typed without accents → key.

    simplemma does not know "verifiais" or "prevenu"; its dictionary knows "vérifiais" and "prévenu". Built on the
    first unknown word (a quarter of a second), never for texts whose words are all known.
    """
    try:
        from simplemma.strategies.dictionaries.dictionary_factory import DEFAULT_DICTIONARY_FACTORY

        forms = DEFAULT_DICTIONARY_FACTORY.get_dictionary("fr")
    except (ImportError, AttributeError, KeyError, ValueError):  # another simplemma layout: no restoring
        return {}
    unaccented: dict[str, str] = {}
    for form, lemma in forms.items():
        if form.isascii():
            continue
        key = fold(lemma)
        if key in keys:
            unaccented.setdefault(fold(form), key)
    return unaccented


def _participle_key(lower: str) -> str | None:
    """The folded infinitive of a word read as a first-group past participle ("presentee" → "presenter")."""
    for ending in ("ees", "ee", "es", "e"):
        if lower.endswith(ending) and len(lower) > len(ending) + 2:
            return fold(lower[: -len(ending)]) + "er"
    return None


def _second_group_verb(lower: str) -> str | None:
    """The -ir verb of a participle that simplemma reads as an adjective: "rempli(e)(s)" → "remplir"."""
    for ending in ("ies", "is", "ie", "i"):
        if lower.endswith(ending) and len(lower) > len(ending) + 3:
            verb = lower[: -len(ending)] + "ir"
            if simplemma.is_known(verb, lang="fr") and simplemma.lemmatize(verb, lang="fr") == verb:
                return verb
            return None
    return None


def is_stop(key: str) -> bool:
    return key in STOP_WORDS or len(key) < 2


def telling_words(words: Iterable[str]) -> list[str]:
    """The words of an evidence worth showing a person who checks it: an expression may require « pas » or « mon »
    ("=pas =à =sa =place", "=mon rôle"), but listing them as the words that matched tells nothing."""
    return [w for w in words if not is_stop(fold(w))]


class Vocabulary:
    """The words the index knows, so that a candidate's unknown words (typos, missing accents) can be repaired.

    ``surface`` maps each folded surface form seen in the referential and lexicon to its key; ``keys`` holds the
    keys themselves. Repairs are cached: a candidate repeats the same typos.
    """

    MIN_FUZZY_LENGTH = 5
    FUZZY_CUTOFF = 84.0

    def __init__(self, surfaces: dict[str, str], abbreviations: Mapping[str, str] | None = None) -> None:
        self.surface = dict(surfaces)
        self.keys = set(surfaces.values())
        self._choices = sorted(set(self.surface) | self.keys)
        self._repairs: dict[str, tuple[str, bool]] = {}
        self._readings: dict[str, Reading] = {}
        self._unaccented: dict[str, str] | None = None
        self._by_initial: dict[str, list[str]] | None = None
        # "AS" written in capitals is the social worker, "as" is the verb: capitals must match; "rdv" any case.
        self._exact: dict[str, tuple[Token, ...]] = {}
        self._any_case: dict[str, tuple[Token, ...]] = {}
        for short, long in (abbreviations or {}).items():
            table = self._any_case if short.islower() else self._exact
            table[short] = tuple(content_tokens(long, keep_stop=True))

    def expansion(self, surface: str) -> tuple[Token, ...] | None:
        """The words an abbreviation of the trade stands for ("AS" → assistante sociale), if ``surface`` is one."""
        return self._exact.get(surface) or self._any_case.get(surface.lower())

    def reading(self, surface: str) -> Reading:
        """How a candidate's word reads before its neighbours are looked at (:data:`Reading`), once per word: the
        same words come back sentence after sentence, and a dossier's stories are read again at every turn."""
        cached = self._readings.get(surface)
        if cached is None:
            if len(self._readings) >= MAX_READINGS:  # a huge paste of distinct words: start again
                self._readings.clear()
            expanded = self.expansion(surface)
            key, repaired = self.key(surface)
            cached = _reading(surface, key, repaired, expanded)
            self._readings[surface] = cached
        return cached

    def key(self, surface: str) -> tuple[str, bool]:
        """(key, repaired) for a candidate's word; ``repaired`` marks a fuzzy repair of an unknown word."""
        lower = surface.lower()
        key, known = lemma_key(lower)
        if known or key in self.keys:
            return key, False
        cached = self._repairs.get(lower)
        if cached is None:
            cached = self._repair(key)
            self._repairs[lower] = cached
        return cached

    def participle(self, surface: str) -> str:
        """For a writer who types no accents, the verb a word may be the participle of: "ferme" may be "fermé",
        "presente" "présenté". Empty when the index does not know such a verb."""
        verb = _participle_key(surface.lower())
        return verb if verb is not None and verb in self.keys else ""

    def _plausible_choices(self, folded: str) -> list[str]:
        """Known words a typo of ``folded`` may be: a typo keeps the first letter ("acceuil"), or loses an apostrophe
        before it ("jaccueille"); a word that starts otherwise is another word ("désinsertion" is not
        "réinsertion"). Grouped by first letter once, so that a long paste of unknown words stays fast."""
        if self._by_initial is None:
            self._by_initial = defaultdict(list)
            for choice in sorted(set(self._choices) | set(self._unaccented or {})):
                self._by_initial[choice[0]].append(choice)
        choices = self._by_initial.get(folded[0], [])
        if folded[0] in "jldnmst" and len(folded) > 1:
            choices = choices + self._by_initial.get(folded[1], [])
        return choices

    def _repair(self, folded: str) -> tuple[str, bool]:
        for candidate in (folded, folded.rstrip("sx"), folded.removesuffix("es"), folded.removesuffix("e")):
            if candidate in self.surface:
                return self.surface[candidate], False
            if candidate in self.keys:
                return candidate, False
        if self._unaccented is None:
            self._unaccented = _unaccented_forms(self.keys)
        if folded in self._unaccented:  # "verifiais" is "vérifiais" typed without accents
            return self._unaccented[folded], False
        for spelling in _phonetic_spellings(folded):
            for candidate in (spelling, spelling.rstrip("sx")):
                found = self.surface.get(candidate) or self._unaccented.get(candidate)
                if found is not None or candidate in self.keys:
                    return found or candidate, True
        # Accent-less forms of known words: let the dictionary try again once the word is a known form.
        if len(folded) >= self.MIN_FUZZY_LENGTH:
            choices = self._plausible_choices(folded)
            best = process.extractOne(folded, choices, scorer=fuzz.ratio, score_cutoff=self.FUZZY_CUTOFF)
            if best is None and len(folded) >= TYPO_EDIT_MIN_LENGTH:
                # One slip of the finger (two letters swapped, one wrong) in a word of six letters or more.
                best = process.extractOne(folded, choices, scorer=OSA.distance, score_cutoff=1)
            if best is not None:
                choice = best[0]
                return self.surface.get(choice, self._unaccented.get(choice, choice)), True
        return folded, False


_CONSONANTS_DOUBLED = "cflmnprst"


def _phonetic_spellings(folded: str) -> list[str]:
    """What a word written as it sounds may be: "expliker" expliquer, "telefone" téléphone, "formulere" formulaire,
    "ofre" offre, "acompagne" accompagne (one consonant doubled). Quick notes and text messages spell so."""
    spellings = []
    if "k" in folded:
        spellings.append(folded.replace("k", "qu"))
    if "f" in folded:
        spellings.append(folded.replace("ph", "f").replace("f", "ph"))
    if folded.endswith(("ere", "eres")):
        spellings.append(folded[: folded.rindex("ere")] + "aire" + folded[folded.rindex("ere") + 3 :])
    for n in range(1, len(folded) - 1):  # no French word starts with a doubled consonant
        letter = folded[n]
        if letter in _CONSONANTS_DOUBLED and letter not in (folded[n - 1], folded[n + 1]):
            spellings.append(folded[: n + 1] + folded[n:])
    return spellings


class Token(NamedTuple):
    """A content word of a text: where it is, what the candidate wrote, and the key it is compared by (a tuple,
    like :class:`Word`, for speed; tokens are told apart by identity where it matters)."""

    surface: str
    start: int
    end: int
    key: str
    repaired: bool = False
    stop: bool = False
    literal: str = ""
    """The word as written (folded, marked), for expressions that require a function word ("=mon rôle")."""
    alt: str = ""
    """A second key the word may have: the verb of a participle typed without its accent ("ferme": fermer)."""


LITERAL_MARK = "="
MAX_READINGS = 200_000

# A word as read alone: the tokens of the abbreviation it is (if any), its key, whether that key is a repair of a
# typo, whether its neighbours may change the key, whether it is a stop word, and its form as written (folded).
Reading = tuple[tuple["Token", ...] | None, str, bool, bool, bool, str]


def _reading(surface: str, key: str, repaired: bool, expanded: tuple[Token, ...] | None) -> Reading:
    lower = surface.lower()
    stop = is_stop(key) or is_stop(fold(surface))
    return expanded, key, repaired, _context_may_change(lower, key), stop, LITERAL_MARK + fold(surface)


@lru_cache(maxsize=65536)
def _plain_reading(surface: str) -> Reading:
    """:meth:`Vocabulary.reading` without a vocabulary: no abbreviation, no repair."""
    return _reading(surface, lemma_key(surface.lower())[0], False, None)


def content_tokens(
    text: str, vocabulary: Vocabulary | None = None, base: int = 0, keep_stop: bool = False,
    accentless: bool = False,
) -> list[Token]:
    """The words of ``text`` as tokens: content words only, or all words marked ``stop`` or not.

    Sentences keep their stop words so that an expression can require one ("=mon rôle" is not "son rôle") and
    distances between words are those of the text. ``accentless``: the writer types no accents, so a word may
    also be read as a participle (:meth:`Vocabulary.participle`).
    """
    tokens: list[Token] = []
    words = split_words(text, base)
    read = vocabulary.reading if vocabulary is not None else _plain_reading
    for n, word in enumerate(words):
        expanded, key, repaired, may_change, stop, literal = read(word.surface)
        if expanded:
            tokens += [
                Token(word.surface, word.start, word.end, t.key, False, t.stop, t.literal)
                for t in expanded
                if keep_stop or not t.stop
            ]
            continue
        if may_change:
            key = _in_context(key, text, base, words, n)
            stop = is_stop(key) or is_stop(fold(word.surface))
        if stop and not keep_stop:
            continue
        alt = vocabulary.participle(word.surface) if accentless and vocabulary is not None and not stop else ""
        alt = "" if alt == key else alt
        tokens.append(Token(word.surface, word.start, word.end, key, repaired and not stop, stop, literal, alt))
    return tokens


@lru_cache(maxsize=16384)
def lexicon_words(text: str) -> tuple[Word, ...]:
    """The words of a referential's or lexicon's text: an index build reads each twice (its vocabulary, then its
    keys), a candidate's text never comes here."""
    return tuple(split_words(text))


def content_keys(text: str) -> list[str]:
    """The keys of ``text``'s content words, as :func:`content_tokens` reads them without a vocabulary: for the
    lexicon's learning sentences, read by the thousand at every start, whose positions nobody needs."""
    words = lexicon_words(text)
    keys = []
    for n, word in enumerate(words):
        _, key, _, may_change, stop, _ = _plain_reading(word.surface)
        if may_change:
            key = _in_context(key, text, 0, words, n)
            stop = is_stop(key) or is_stop(fold(word.surface))
        if not stop:
            keys.append(key)
    return keys


# Words whose sense the words around them decide, where the lemma alone misleads.
SHOWED_UP = "arriver"  # "il s'est présenté à l'accueil" is arriving, not presenting the structure
DAY_BEFORE = "veille-jour"  # "la veille du forum" is the day before, not a watch on the news


def _elided_before(text: str, base: int, word: Word, piece: str) -> bool:
    at = word.start - base
    return text[max(0, at - len(piece)) : at].lower().replace("’", "'") == piece


@lru_cache(maxsize=65536)
def _context_may_change(lower: str, key: str) -> bool:
    """Whether :func:`_in_context` may read this word otherwise (most words: no, and reading it costs more)."""
    return (
        lower == "suis"
        or key in ("presenter", "veille")
        or (not key.endswith(("er", "ir", "re")) and lower.endswith(("e", "es", "ent"))
            and _first_group_verb(lower) is not None)
    )


def _in_context(key: str, text: str, base: int, words: Sequence[Word], n: int) -> str:
    """The key of ``words[n]`` once its neighbours are read: suivre/être, se présenter, la veille de."""
    word = words[n]
    lower = word.surface.lower()
    if lower == "suis" and _follows(words, n):
        return "suivre"
    if not key.endswith(("er", "ir", "re")) and lower.endswith(("e", "es", "ent")):
        verb = _first_group_verb(lower)
        if verb is not None and _after_subject(text, base, words, n):
            key = fold(verb)
    if key != "presenter" and key != "veille":
        return key
    previous = fold(words[n - 1].surface) if n > 0 else ""
    if key == "presenter":
        reflexive = previous == "se" or _elided_before(text, base, word, "s'")
        if not reflexive and previous in {"est", "etait", "sont", "etaient"}:
            reflexive = _elided_before(text, base, words[n - 1], "s'")
        return SHOWED_UP if reflexive else key
    if key == "veille" and previous == "la":
        before = fold(words[n - 2].surface) if n > 1 else ""
        after = text[word.end - base : word.end - base + 4].lower().replace("’", "'")
        if before not in {"de", "faire", "fais", "fait", "assure", "assurer"} and re.match(r"\s*(du|de|d'|au)\b",
                                                                                            after):
            return DAY_BEFORE
    return key


_SUBJECTS = frozenset({"je", "tu", "il", "elle", "on", "nous", "vous", "ils", "elles", "qui"})
_TONIC = frozenset({"elle", "elles", "nous", "vous"})
_PREPOSITIONS = frozenset({"avec", "pour", "chez", "a", "de", "sans", "par", "entre", "sur", "vers", "contre", "envers",
                           "comme", "apres", "avant", "derriere", "devant", "selon", "aupres"})
_CLITICS = frozenset({"le", "la", "les", "lui", "leur", "me", "te", "se", "y", "en", "ne", "nous", "vous"})


def _after_subject(text: str, base: int, words: Sequence[Word], n: int) -> bool:
    """Whether ``words[n]`` follows a subject pronoun, object pronouns aside: "j'anime", "je l'aide", "on les range".

    Then a word that is both a noun and a verb form (anime, aide, écoute, note, affiche) is the verb.
    """
    at = n
    while True:
        if _elided_before(text, base, words[at], "j'"):
            return True
        if at == 0:
            return False
        if any(ch in ",;:.()«»\"" for ch in text[words[at - 1].end - base : words[at].start - base]):
            return False  # "pour nous, l'équipe": a pause, then a noun
        previous = fold(words[at - 1].surface)
        if previous in _SUBJECTS:
            # "rempli avec elle la demande": after a preposition, "elle" is no subject.
            return not (previous in _TONIC and at > 1 and fold(words[at - 2].surface) in _PREPOSITIONS)
        if previous not in _CLITICS:  # an elided pronoun ("je l'aide") leaves no word: "je" is just before
            return False
        at -= 1


@lru_cache(maxsize=65536)
def _first_group_verb(lower: str) -> str | None:
    for ending in ("ent", "es", "e"):
        if lower.endswith(ending):
            verb = lower[: -len(ending)] + "er"
            if simplemma.is_known(verb, lang="fr") and simplemma.lemmatize(verb, lang="fr") == verb:
                return verb
            return None
    return None


def _follows(words: Sequence[Word], n: int) -> bool:
    """Whether "suis" at ``words[n]`` is *suivre* ("je suis les actualités"), from the words after it."""
    after = [fold(w.surface) for w in words[n + 1 : n + 3]]
    if not after:
        return False
    if after[0] in _SUIVRE_AFTER or (after[0] == "de" and after[1:2] == ["pres"]):
        return True
    if after[0] in _SUIVRE_OBJECTS:  # "je suis l'actualité": the elided article is gone
        return True
    return after[0] in {"la", "le", "un", "une"} and after[1:2] != [] and after[1] in _SUIVRE_OBJECTS


def surface_forms(texts: Iterable[str]) -> dict[str, str]:
    """Folded surface form → key for every content word of ``texts`` (the referential's and lexicon's words)."""
    forms: dict[str, str] = {}
    seen: set[str] = set()  # the same words come back text after text: each is read once
    for text in texts:
        for word in lexicon_words(text):
            surface = word.surface
            if surface in seen:
                continue
            seen.add(surface)
            key = lemma_key(surface.lower())[0]
            if not is_stop(key):
                forms.setdefault(fold(surface), key)
                forms.setdefault(key, key)
    return forms
