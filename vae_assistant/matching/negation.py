"""Negation: "je ne peux pas instruire la demande" does not show the writer instructing it.

A trade expression matches words in any order, function words aside, so without this step "je n'ai pas rempli le
formulaire" proves 3.7 as well as "j'ai rempli le formulaire". This module finds, in one sentence, the words under
a negation, so that a hit relying on them is dropped — unless the expression itself speaks in the negative
("ne pas faire à sa place", "je ne peux pas décider", "sans jugement"), which the index marks.

The scope is deliberately short and stays inside the clause:

* ``ne … pas/jamais/plus/rien/aucun/guère`` (the "n'" elided or not): from *ne* to a few words after the marker
  ("je ne l'ai pas orientée vers la CAF"), stopping at a comma or a linking word (*mais*, *car*, *puis*…);
* spoken French without *ne* ("j'ai pas rempli"): the word before the marker and those after it;
* *sans* followed by an infinitive ("sans l'orienter"); *sans* before a noun ("sans rendez-vous") describes,
  it does not deny an act;
* *ne … que* ("je ne fais que l'écouter"), *pas seulement*, *pas que*, *pas toujours* are not negations;
* an act done *to* the writer ("la conseillère m'a orientée vers la mission locale", "on m'a expliqué mes droits")
  is not the writer's act: the verb after "m'"/"me" (and its participle) is out, unless the writer is the subject
  ("je me suis rendu compte");
* an act declined, avoided or replaced ("j'ai refusé de remplir", "j'ai hésité à l'appeler", "au lieu de
  l'orienter", "plutôt que de l'orienter") or only wished by someone else ("elle voulait que je remplisse") is not
  done: the words after it, to the end of the clause, are out;
* the conditional tells what would be done, not what was: "aujourd'hui je prendrais plus de temps pour l'écouter"
  is treated like a negation from the verb on (the review of one's practice, 6.7, says it in such words, and its
  expressions name them).
"""

from __future__ import annotations

import re

import simplemma

from vae_assistant.matching.normalize import Token, fold

MARKERS = frozenset({"pas", "jamais", "rien", "aucun", "aucune", "guere", "nullement"})
# Markers only with an explicit "ne": alone, "plus" is a comparison and "point" a noun ("faire le point").
NE_MARKERS = frozenset({"plus", "point"})
NOT_NEGATING_AFTER = frozenset({"que", "qu", "seulement", "uniquement", "juste", "simplement", "toujours",
                                "forcement", "qu'a", "moins"})
CLAUSE_WORDS = frozenset({"mais", "car", "parce", "puis", "alors", "donc", "sauf", "plutot", "et", "ou", "quand",
                          "lorsque", "si", "pourtant", "cependant", "ensuite", "comme", "tandis", "que", "qu", "qui",
                          "dont"})
# Spoken French drops "ne" ("j'ai pas rempli", "il comprend rien"); without it, a marker negates only after a verb
# form, or "premiers pas vers l'emploi" and "(pas de toit)" would read as negations.
_SPOKEN_VERB_ENDINGS = ("ais", "ait", "aient", "ons", "ez", "ent")
_SPOKEN_VERBS = frozenset({
    "ai", "as", "a", "avons", "avez", "ont", "suis", "es", "est", "sommes", "etes", "sont", "peux", "peut",
    "sais", "sait", "veux", "veut", "fais", "fait", "dois", "doit", "vais", "va", "faut", "comprends", "comprend",
    "connais", "connait", "vois", "voit", "crois", "croit", "arrive", "marche", "parle", "ecoute",
})
NEGATIVE_WORDS = frozenset({"ne", "n", "pas", "jamais", "rien", "sans", "aucun", "aucune", "ni", "non", "guere"})
"""Words that make an expression speak in the negative itself, so that negation does not cancel it."""
SCOPE_WORDS = 4
_BREAK_CHARS = frozenset(",;:()[]–—\"«»")


# "Je lui ai expliqué qu'il pourrait avoir droit à la prime": after a verb of saying, the conditional is the tense of
# reported speech, and the information was given (but "je lui ai dit que je l'aiderais", "qu'on verrait" only
# promise).
_REPORTED = re.compile(
    r"\b(?:dit|dis|disais|expliqu[ée]|expliquais|indiqu[ée]|pr[ée]cis[ée]|inform[ée]e?|rappel[ée]|r[ée]pondu|assur[ée]"
    r"|pr[ée]venu|pr[ée]venue|conseill[ée]|annonc[ée])\b[^.;:!?]{0,80}?\bqu(?:e\b|['’])"
    r"(?:(?!\b(?:je|on|nous)\b|\bj['’])[^.;:!?])*$",
    re.IGNORECASE,
)


def _break_between(text: str, left: Token, right: Token, base: int) -> bool:
    between = text[left.end - base : right.start - base]
    return any(ch in _BREAK_CHARS for ch in between) or " - " in between


def _elided_ne(text: str, token: Token, base: int) -> bool:
    """Whether ``token`` follows an elided "n'" ("n'ai", "n'oriente")."""
    at = token.start - base
    return at >= 2 and text[at - 2 : at].lower() in ("n'", "n’")


def _forward(tokens: list[Token], text: str, base: int, start: int) -> int:
    """Index of the last token in scope after ``start``: a few content words, never past a clause break."""
    last, content = start, 0
    for n in range(start + 1, len(tokens)):
        token = tokens[n]
        at = token.start - base
        if (_break_between(text, tokens[n - 1], token, base) or token.literal[1:] in CLAUSE_WORDS
                or text[max(0, at - 3) : at].lower() in ("qu'", "qu’")):
            break
        last = n
        if not token.stop:
            content += 1
            if content >= SCOPE_WORDS:
                break
    return last


def _infinitive(token: Token) -> bool:
    """An infinitive, not a noun ending like one: nouns have a plural ("dossiers"), infinitives do not."""
    word = token.surface.lower()
    return (not token.stop and word.endswith(("er", "ir", "re", "oir")) and simplemma.is_known(word, lang="fr")
            and not simplemma.is_known(word + "s", lang="fr"))


_CONDITIONAL_ENDINGS = ("aient", "ais", "ait", "ions", "iez")
# Conditional stems that are not the infinitive: ferais, aurais, serais, pourrais, devrais, faudrait…
_IRREGULAR_STEMS = frozenset({"fer", "aur", "ser", "pourr", "devr", "faudr", "ir", "viendr", "saur", "voudr", "verr",
                              "enverr", "tiendr", "refer"})


def _conditional_form(word: str, key: str = "") -> bool:
    """Whether a folded word is a conditional: the infinitive (or an irregular stem) + ais/ait/ions/iez/aient.

    "préparerais" is, "préparais" (imperfect) is not.
    """
    for ending in _CONDITIONAL_ENDINGS:
        if word.endswith(ending):
            stem = word[: -len(ending)]
            return stem.endswith("r") and (stem in _IRREGULAR_STEMS or (bool(key) and stem in (key, key[:-1])))
    return False


def _conditional(token: Token) -> bool:
    return _conditional_form(token.literal[1:], token.key)


WRITER_SUBJECTS = frozenset({"je", "on", "nous"})
_CLITICS = frozenset({"le", "la", "les", "lui", "leur", "me", "se", "y", "en", "vous", "nous"})


def _writer_is_subject(tokens: list[Token], text: str, base: int, begin: int) -> bool:
    """Whether the negated verb's subject is the writer ("je ne peux pas", "on n'a pas", "j'ai pas").

    "Elle ne savait pas remplir le formulaire, je l'ai aidée" tells the person's difficulty, then the writer's
    act: a negation about someone else does not cancel what the writer did about it.
    """
    if _elided(text, tokens[begin], base, "j'"):
        return True
    for j in range(begin - 1, max(-1, begin - 4), -1):
        word = tokens[j].literal[1:]
        if word in WRITER_SUBJECTS:
            return True
        if word not in _CLITICS or _elided(text, tokens[j], base, "j'"):
            return _elided(text, tokens[j], base, "j'")
    return False


def _elided(text: str, token: Token, base: int, piece: str) -> bool:
    at = token.start - base
    return text[max(0, at - len(piece)) : at].lower().replace("’", "'") == piece


# Pronominal verbs a writer uses of herself ("je me renseigne", "pour me former"): with "me", her own act.
_SELF_INFINITIVES = frozenset({"renseigner", "informer", "documenter", "former", "deplacer", "rendre"})


def _done_to_writer(tokens: list[Token], text: str, base: int, i: int) -> bool:
    """Whether ``tokens[i]`` is a verb whose object is the writer and whose subject is someone else."""
    token = tokens[i]
    if token.stop and token.literal[1:] not in {"a", "ont", "avait", "avaient", "est"}:
        return False
    if _infinitive(token) and token.key in _SELF_INFINITIVES:
        # "pour me renseigner", "m'informer sur les aides": the writer acting on her own account, not acted upon.
        return False
    if _elided(text, token, base, "m'"):
        j = i - 1
    elif i > 0 and tokens[i - 1].literal[1:] == "me":
        j = i - 2
    else:
        return False
    while j >= 0 and tokens[j].literal[1:] in {"ne", "y", "en", "lui", "leur"}:
        j -= 1
    if j >= 0 and tokens[j].literal[1:] == "je":
        return False
    if _infinitive(token) and _writer_subject_before(tokens, text, base, j):
        # "je suis allée me présenter", "j'ai dû me déplacer": the writer's own reflexive act.
        return False
    return not (j < 0 and _elided(text, tokens[0], base, "j'"))


def _writer_subject_before(tokens: list[Token], text: str, base: int, j: int, reach: int = 4) -> bool:
    """Whether "je" (or "j'") is the subject of the verb a few words before ``tokens[j]``, no other subject between."""
    for k in range(j, max(-1, j - reach), -1):
        word = tokens[k].literal[1:]
        if word == "je" or _elided(text, tokens[k], base, "j'"):
            return True
        if word in {"il", "elle", "ils", "elles", "on", "nous", "vous", "qui"}:
            return False
    return False


# Verbs whose infinitive after "de"/"à" is an act not done: "j'ai refusé de remplir", "j'ai hésité à l'appeler".
_DECLINING = frozenset({"refuser", "hesiter", "eviter", "renoncer"})
# Verbs whose "que je …" is someone else's wish, not the writer's act: "elle voulait que je remplisse".
_WISHING = frozenset({"vouloir", "souhaiter", "demander", "exiger", "attendre", "esperer", "insister"})


def _declined_act(tokens: list[Token], text: str, base: int, i: int) -> bool:
    """Whether ``tokens[i]`` opens an act the sentence says was not done: the "de"/"à" after a declining verb
    ("refusé de", "hésité à"), the "de" of "au lieu de" and "plutôt que de", or the "je" of "voulait que je"."""
    word = tokens[i].literal[1:]
    if word not in ("de", "d", "a", "je"):
        return False
    before = [t.literal[1:] for t in tokens[max(0, i - 3) : i]]
    if word in ("de", "d", "a"):
        if not before:
            return False
        if before[-1] == "lieu" and before[-2:-1] == ["au"]:
            return True
        if before[-1] in ("que", "qu") and before[-2:-1] == ["plutot"]:
            return True
        previous = tokens[i - 1]
        return fold(previous.key) in _DECLINING and not _break_between(text, previous, tokens[i], base)
    if word == "je" and before and before[-1] in ("que", "qu"):
        verb = next((t for t in reversed(tokens[max(0, i - 4) : i - 1]) if not t.stop), None)
        return verb is not None and fold(verb.key) in _WISHING
    return False


def negated_starts(tokens: list[Token], text: str, base: int = 0) -> frozenset[int]:
    """Start offsets of the tokens under a negation in one sentence (``text`` starts at offset ``base``)."""
    negated: set[int] = set()
    for i, token in enumerate(tokens):
        word = token.literal[1:]
        if word in MARKERS or word in NE_MARKERS:
            following = tokens[i + 1].literal[1:] if i + 1 < len(tokens) else ""
            if following in NOT_NEGATING_AFTER:
                continue
            begin = None
            for j in range(i, max(-1, i - 5), -1):
                if j < i and _break_between(text, tokens[j], tokens[j + 1], base):
                    break
                if tokens[j].literal[1:] == "ne" or _elided_ne(text, tokens[j], base):
                    begin = j
                    break
            if begin is None:
                if word in NE_MARKERS or i == 0 or _break_between(text, tokens[i - 1], token, base):
                    continue
                previous = tokens[i - 1].literal[1:]
                if previous not in _SPOKEN_VERBS and not previous.endswith(_SPOKEN_VERB_ENDINGS):
                    continue
                begin = i - 1
            if not _writer_is_subject(tokens, text, base, begin):
                continue
            end = _forward(tokens, text, base, i)
        elif _done_to_writer(tokens, text, base, i):
            # the verb, and its participle after an auxiliary ("m'a orientée"): what follows may be the writer's
            begin = end = i
            if token.stop and i + 1 < len(tokens):
                end = i + 1
        elif _conditional(token) and not _REPORTED.search(text, max(0, token.start - base - 120), token.start - base):
            begin, end = i, _forward(tokens, text, base, i)
        elif _declined_act(tokens, text, base, i):
            # "j'ai refusé de remplir", "au lieu de l'orienter", "elle voulait que je remplisse": not done
            begin, end = i + 1, _forward(tokens, text, base, i + 1)
        elif word == "sans":
            nxt = next((n for n in range(i + 1, min(len(tokens), i + 4)) if not tokens[n].stop), None)
            if nxt is None or not _infinitive(tokens[nxt]):
                continue
            begin, end = i, _forward(tokens, text, base, i)
        else:
            continue
        negated.update(t.start for t in tokens[begin : end + 1])
    return frozenset(negated)


def speaks_negatively(expression: str) -> bool:
    """Whether an expression's own words include a negation or a conditional ("=pas =à =sa =place",
    "sans jugement", "=ferais autrement")."""
    cleaned = expression.replace("|", " ").replace("_", " ").replace("=", " ").replace("'", " ").replace("’", " ")
    words = [fold(word) for word in cleaned.split()]
    return any(w in NEGATIVE_WORDS or _conditional_form(w) for w in words)
