"""Concrete actions in the first person, not only intentions or general statements.

The jury certifies what the candidate *did*. « J'ai appelé l'assistante sociale », « je lui ai proposé un
rendez-vous » show practice; « je voulais l'aider », « il faut écouter la personne », « en général l'accompagnement
permet… » do not. The rule finds each *je* (elisions and object pronouns skipped: « je lui ai », « je ne l'ai
pas »), takes its verb — the participle after *avoir* / *être* — and sorts it with its lemma (simplemma): verbs of
wanting, thinking, being able or obliged are intentions, *être* and *avoir* alone are states, the rest are
actions. General statements are the usual impersonal turns (« il faut », « il est important de », « en général »).
"""

from __future__ import annotations

from vae_assistant.coach.model import Advice, Span
from vae_assistant.coach.text import Token, is_verb, lemma, phrase_pattern, spans_of, tokens, word_count, word_set

MIN_ACTIONS = 3
"""Below three first-person actions a situation is a summary, not a story of what the candidate did."""

MIN_WORDS_FOR_COUNT = 60
"""A very short text gets the length advice; asking it for three actions as well would be noise."""

SUBJECTS = frozenset({"je", "j'", "j"})  # « j ai appelé »: the apostrophe a phone keyboard left out
CLITICS = frozenset(
    {"ne", "n'", "le", "la", "l'", "les", "lui", "leur", "y", "en", "me", "m'", "te", "t'", "se", "s'", "vous", "nous"}
    | {"n", "l", "m", "t", "s"}  # the same without their apostrophe (« je l ai aidée »)
)
AVOIR = frozenset({"ai", "avais", "aurai", "aurais", "eus", "eu", "est"})
"""« est » is how many write « ai » after *je* (« je lui est expliqué »): only read after *je*, it is no *être*."""
ETRE = frozenset({"suis", "étais", "serai", "serais", "fus", "été"})
AUXILIARIES = AVOIR | ETRE
ADVERBS = word_set(
    "pas plus jamais rien alors ensuite aussi tout bien déjà également immédiatement rapidement beaucoup souvent "
    "toujours donc enfin ensemble personnellement moi-même longuement vite progressivement régulièrement "
    "directement systématiquement notamment seulement encore d' abord hier"
)
INTENTION_LEMMAS = word_set(
    "vouloir souhaiter penser croire devoir essayer pouvoir aimer espérer trouver estimer falloir imaginer sembler "
    "considérer juger désirer savoir sentir"
)
STATE_LEMMAS = frozenset({"être", "avoir", "rester", "paraître", "sembler"})

GENERAL = phrase_pattern(
    [
        "il faut",
        "il faudrait",
        "il est important de",
        "il est important que",
        "il est nécessaire de",
        "il est essentiel de",
        "il est primordial de",
        "il convient de",
        "on doit",
        "nous devons",
        "en général",
        "généralement",
        "habituellement",
        "d'habitude",
        "le travailleur social doit",
        "le professionnel doit",
        "l'accompagnement permet",
    ]
)


def _verb_after(words: list[Token], i: int) -> Token | None:
    """The verb of the *je* at ``words[i]``: skip clitics, then look past an auxiliary for its participle."""
    j = i + 1
    while j < len(words) and words[j].lower in CLITICS:
        j += 1
    if j >= len(words):
        return None
    verb = words[j]
    if verb.lower not in AUXILIARIES:
        return verb
    k = j + 1
    while k < len(words) and words[k].lower in ADVERBS:
        k += 1
    if k < len(words) and _is_participle(words[k].lower, after_etre=verb.lower in ETRE):
        return words[k]
    return verb


NOT_INFINITIVES = word_set("premier dernier cher fier léger entier")
NOT_PARTICIPLES = word_set("envie")  # « j'ai envie de… » is a wish, not « envié »


def _is_participle(word: str, *, after_etre: bool = False) -> bool:
    """A past participle; after *être* only the regular endings count (« je suis allée », not « j'étais inquiète »).

    Written fast, a participle loses its accent (« aidee ») or becomes the infinitive (« j'ai envoyer », « je suis
    aller »): after an auxiliary it is still the act told."""
    if word.endswith(("é", "ée", "és", "ées", "ee", "ees")):
        return True
    if word.endswith("er") and word not in NOT_INFINITIVES and lemma(word) == word:
        return True
    if word.endswith("i") and len(word) > 3 and is_verb(word + "r"):  # « rempli », « fini », unknown to the lemmas
        return True
    if not after_etre and word not in NOT_PARTICIPLES and (
        (word.endswith("e") and is_verb(word + "r"))
        or ("c" in word and lemma(word.replace("c", "ç")) != word.replace("c", "ç"))
    ):
        return True  # « j'ai appele », « j'ai recu »: the accent or cedilla left out
    if after_etre and not word.endswith(("u", "ue", "i", "ie", "is", "ise")):
        return False
    base = lemma(word)
    return base != word and base.endswith(("er", "ir", "re", "oir"))


def classify(text: str) -> tuple[list[Span], list[Span]]:
    """The first-person actions and the first-person intentions or states of ``text`` (quoted speech excluded)."""
    words = [t for t in tokens(text) if not t.quoted]
    actions: list[Span] = []
    intentions: list[Span] = []
    for i, word in enumerate(words):
        if word.lower not in SUBJECTS:
            continue
        verb = _verb_after(words, i)
        if verb is None:
            continue
        found = Span(word.start, verb.end, text[word.start : verb.end])
        base = lemma(verb.lower)
        if base in INTENTION_LEMMAS or base in STATE_LEMMAS or verb.lower in AUXILIARIES:
            intentions.append(found)
        else:
            actions.append(found)
    return actions, intentions


def check(text: str) -> list[Advice]:
    actions, intentions = classify(text)
    general = spans_of(text, GENERAL)
    vague = sorted([*intentions, *general], key=lambda s: s.start)
    if not actions:
        message = (
            "Aucune action à la première personne : racontez ce que vous avez fait, vous, étape par étape "
            "(«\u00a0j'ai reçu…\u00a0», «\u00a0je lui ai proposé…\u00a0», «\u00a0j'ai appelé…\u00a0»)."
        )
        return [Advice("actions", "attention", message, tuple(general))]
    if len(actions) < MIN_ACTIONS and word_count(text) >= MIN_WORDS_FOR_COUNT:
        message = (
            f"Peu d'actions concrètes ({len(actions)}) : détaillez ce que vous avez fait, dans l'ordre, avec les "
            "outils et les partenaires mobilisés."
        )
        return [Advice("actions", "attention", message, tuple(general))]
    if len(general) + len(intentions) > len(actions):
        message = (
            "Le texte parle plus d'intentions ou de généralités "
            "(«\u00a0il faut\u00a0», «\u00a0je voulais\u00a0», «\u00a0en général\u00a0») que "
            "d'actions : le jury veut lire ce que vous avez fait dans cette situation précise."
        )
        return [Advice("actions", "attention", message, tuple(vague))]
    return []
