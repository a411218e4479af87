"""The index a matcher searches: every phrase that can show a task, built once per referential.

Two sources of phrases, both reduced to *slots* of normalised keys (a slot holds alternatives):

* the referential's own texts — each competency is cut into clauses, the task title is one more; a clause is
  matched by partial, weighted coverage (IDF over the referential's tasks, BM25's formula), so that this works
  for any referential, including imported ones that have no lexicon;
* the lexicon's trade expressions — all their words must occur close together in one sentence; their weight
  says how much one occurrence proves.
"""

from __future__ import annotations

import gc
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cache, cached_property

from vae_assistant.matching.lexicon import Lexicon
from vae_assistant.matching.negation import speaks_negatively
from vae_assistant.matching.normalize import (
    KEEP_WHOLE,
    LITERAL_MARK,
    Token,
    Vocabulary,
    content_keys,
    content_tokens,
    fold,
    is_stop,
    lemma_key,
    split_words,
    surface_forms,
)
from vae_assistant.referential.model import Referential, Task

# How much a clause of the referential proves when the sentence has all its weighted words. Below one strong
# trade expression: the referential's words are also everybody's words ("public", "situation", "structure").
COMPETENCY_WEIGHT = 0.6
MIN_CLAUSE_SLOTS = 2
# Extra words (stop words included) allowed between the words of an expression (any order).
EXPRESSION_SLACK = 8
# A referential without a lexicon has only its own words to go by: a clause counts in full (coverage × 1), one
# rare word of it counts, and words of one family ("maquette", "maquetter"; "installation", "installer") meet.
LEXICON_FREE_WEIGHT = 1.0
# An exemplar sentence of the lexicon counts when the candidate's sentence shares this share of its words, weighted
# by their rarity among the tasks' exemplars (at least EXAMPLE_MIN_SLOTS words), at EXAMPLE_WEIGHT × that share:
# half of an exemplar's weight proves the task alone, less is a cue that needs another. Set on dev and the first
# two validation corpora (coverage 0.3–0.6, weight 0.8–1, 2–4 words tried).
EXAMPLE_WEIGHT = 1.0
EXAMPLE_COVERAGE = 0.3
EXAMPLE_MIN_SLOTS = 2
STEM_MARK = "~"
_SUFFIXES = ("ement", "ation", "ations", "ements", "ique", "iques", "eur", "euse", "er", "ir", "re", "es", "e", "s")
STEM_LENGTH = 7
MIN_STEM_KEY = 5


def stem(key: str) -> str | None:
    """A crude family key for a lemma: suffixes off, cut to seven letters; None for short words (too ambiguous)."""
    if len(key) < MIN_STEM_KEY or not key.isalpha():
        return None
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= 4:
            key = key[: -len(suffix)]
            break
    return STEM_MARK + key[:STEM_LENGTH]

_CLAUSE_SPLIT = re.compile(r"[•;:\n]|\.\s|\s-\s|\(|\)|, (?=[a-zéèêàâîôûç]+er\b)")


@dataclass(frozen=True)
class Phrase:
    """One thing that can show a task: a clause of the referential or an expression of the lexicon."""

    task_id: str
    competency_id: str
    via: str
    slots: tuple[frozenset[str], ...]
    weight: float
    expression: bool
    slot_weights: tuple[float, ...] = ()
    groups: tuple[tuple[int, int], ...] = ()
    """Slot ranges of multi-word alternatives, which must stand together and in order."""
    negative: bool = False
    """The expression speaks in the negative itself ("=pas =à =sa =place"): a negation does not cancel it."""
    keywords: frozenset[int] = frozenset()
    """Without a lexicon: slots of a clause's rarest words, which count alone (never its leading verb)."""
    example: bool = False
    """An exemplar sentence of the lexicon: matched like a clause, with its own coverage threshold."""

    @cached_property
    def total_weight(self) -> float:
        return sum(self.slot_weights) if self.slot_weights else float(len(self.slots))


@dataclass
class Index:
    """Phrases, their postings (key → phrase, slot bit) and the vocabulary that repairs a candidate's words."""

    vocabulary: Vocabulary
    phrases: list[Phrase]
    postings: dict[str, list[tuple[int, int]]]
    unless: dict[str, list[Cue]] = field(default_factory=dict)
    anchors: list[Cue] = field(default_factory=list)
    traps: list[Cue] = field(default_factory=list)
    trap_factor: float = 1.0
    neutral_factor: float = 1.0
    trap_step: float = 1.0
    participant: list[Cue] = field(default_factory=list)
    participant_factor: float = 1.0
    others: list[Cue] = field(default_factory=list)
    trap_examples: list[Phrase] = field(default_factory=list)
    trap_postings: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    task_words: TaskWords | None = None
    """Which words go with which task, learnt from the lexicon's example sentences."""
    competency_words: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)
    """Per task, each competency's words (from its text): where a sentence found by ``task_words`` belongs."""
    learner_tasks: frozenset[str] = frozenset()
    generic_tasks: frozenset[str] = frozenset()
    person_tasks: frozenset[str] = frozenset()
    generic_factor: float = 1.0
    lexicon_free: bool = False
    needs: list[Cue] = field(default_factory=list)
    """The public's needs: anchors too, except for naming the writer's trade in an opening sentence."""
    """No lexicon: clauses are matched by word families and a single rare word counts."""


@dataclass(frozen=True)
class TaskWords:
    """A word–task association (naive Bayes over the lexicon's example sentences, other trades' sentences as
    background), stored sparsely so that a sentence is scored in a few dictionary lookups.

    For a sentence of n known words, task t scores ``(Σ bonus[word][t] + n · base[t] − Σ background[word]) / √n``:
    how much more likely its words are in sentences telling t than in any sentence of the lexicon. It finds tasks
    told in words that no single example or expression has together — the candidate's own mix of the trade's
    words — and is only ever a second opinion (see ``Matcher``).
    """

    tasks: tuple[str, ...]
    bonus: dict[str, dict[int, float]]
    base: tuple[float, ...]
    background: dict[str, float]
    elsewhere: dict[str, float] = field(default_factory=dict)
    """Per word, how much likelier it is in other trades' sentences than in this trade's (log ratio)."""

    def telling(self, known: list[str], task: int) -> list[str]:
        """The words among ``known`` that are likelier in the task's sentences than in any, most telling first:
        what a person checking the match should look at ("candidatures", "relances"; not "faire")."""
        gain = {k: self.bonus[k].get(task, 0.0) + self.base[task] - self.background[k] for k in known}
        return sorted((k for k in known if gain[k] > 0), key=lambda k: -gain[k])

    def other_trade(self, keys: list[str]) -> float:
        """How much likelier a text's words are in other trades' sentences than in this trade's: the sum of their
        log ratios (naive Bayes log odds; above 0, rather another trade). Summed, not averaged, so that a short
        generic text ("la réunion d'équipe") stays near 0 and a long one from another trade builds up."""
        return sum(self.elsewhere[k] for k in keys if k in self.elsewhere)

    def scores(self, keys: set[str]) -> tuple[list[float], list[str]]:
        """Per-task scores of a sentence's content keys (none under TASK_WORDS_MIN_WORDS known words), and the
        keys the association knows."""
        known = [k for k in keys if k in self.background]
        if len(known) < TASK_WORDS_MIN_WORDS:
            return [], known
        n = len(known)
        totals = [n * b for b in self.base]
        for key in known:
            for task, bonus in self.bonus[key].items():
                totals[task] += bonus
        offset = sum(self.background[k] for k in known)
        root = math.sqrt(n)
        return [(t - offset) / root for t in totals], known


# Laplace smoothing of the word–task counts, and the fewest known words a sentence needs to be scored. With 50
# learning sentences per task (v13) rather than 20, the counts say more and need less smoothing: 0.3 (0.2–0.5 tried
# with the midpoint below, on dev and validation 1–12).
TASK_WORDS_SMOOTHING = 0.3
TASK_WORDS_MIN_WORDS = 4


def _task_words(task_sentences: dict[str, list[list[str]]], background: list[list[str]]) -> TaskWords | None:
    """The word–task association from each task's sentences (as lists of content keys) and other trades' ones."""
    tasks = tuple(t for t, rows in task_sentences.items() if rows)
    if not tasks:
        return None
    counts = [Counter(k for row in task_sentences[t] for k in set(row)) for t in tasks]
    everywhere: Counter[str] = Counter()
    for c in counts:
        everywhere.update(c)
    elsewhere = Counter(k for row in background for k in set(row))
    vocabulary = len(set(everywhere) | set(elsewhere))
    a = TASK_WORDS_SMOOTHING
    totals = [sum(c.values()) for c in counts]
    all_total = sum(everywhere.values()) + sum(elsewhere.values())
    bonus: dict[str, dict[int, float]] = defaultdict(dict)
    for n, c in enumerate(counts):
        for key, count in c.items():
            bonus[key][n] = math.log(count + a) - math.log(a)
    base = tuple(math.log(a) - math.log(total + a * vocabulary) for total in totals)
    norm = math.log(all_total + a * len(tasks) * vocabulary)
    background_weight = {
        key: math.log(everywhere[key] + elsewhere[key] + a * len(tasks)) - norm for key in everywhere
    }
    ours_total = sum(everywhere.values())
    other_total = sum(elsewhere.values())
    words = set(everywhere) | set(elsewhere)
    other_weight = {
        key: math.log((elsewhere[key] + 1) / (other_total + len(words)))
        - math.log((everywhere[key] + 1) / (ours_total + len(words)))
        for key in words
    } if other_total else {}
    return TaskWords(tasks, dict(bonus), base, background_weight, other_weight)


COMPOUND_JOIN = "+"
"""Joins the words of a multi-word alternative inside a variant: they must stand together, in their order."""


@dataclass(frozen=True, slots=True)
class Cue:
    """A pattern that qualifies a sentence rather than proving a task (anchor, trap, participant cue, ``unless``):
    its slots, and the slot ranges of its multi-word alternatives, which must stand together as in phrases."""

    slots: tuple[frozenset[str], ...]
    groups: tuple[tuple[int, int], ...] = ()


@cache
def expression_words(text: str) -> tuple[str, ...]:
    """The words of a piece of an expression: the same alternatives ("appeler", "CAF") recur across hundreds of
    expressions, and the index is built at every start."""
    return tuple(w.surface for w in split_words(text))


@cache
def expression_pattern(text: str) -> tuple[tuple[frozenset[str], ...], tuple[tuple[int, int], ...]]:
    """An expression's slots, and the slot ranges of its multi-word alternatives (first, last), if any.

    Each word (or ``a|b`` alternatives) is a slot, a set of keys, stop words left out. A word written ``=mon`` is
    required as written (accents aside), even a stop word: "=mon rôle" is not "son rôle". Alternatives made only
    of stop words ("avec elle|lui") are required as written too: the author meant them. The words of a multi-word
    alternative (``aller_avec``, joined by ``+`` in a variant) are each a slot, stop words required as written,
    and they must follow one another in the candidate's sentence.
    """
    slots: list[frozenset[str]] = []
    groups: list[tuple[int, int]] = []
    for chunk in text.split():
        if COMPOUND_JOIN in chunk:
            first = len(slots)
            for word in (w for part in chunk.split(COMPOUND_JOIN) for w in expression_words(part.lstrip(LITERAL_MARK))):
                key, _ = lemma_key(word.lower())
                literal = LITERAL_MARK + fold(word)
                slots.append(frozenset([literal] if is_stop(key) else [key, literal]))
            if len(slots) - first > 1:
                groups.append((first, len(slots) - 1))
            continue
        alternatives = chunk.split("|")
        literal = {LITERAL_MARK + fold(w) for a in alternatives for w in expression_words(a.lstrip(LITERAL_MARK))}
        keys = set()
        for alternative in alternatives:
            if alternative.startswith(LITERAL_MARK):
                keys.update(LITERAL_MARK + fold(w) for w in expression_words(alternative[1:]))
                continue
            for word in expression_words(alternative):
                key, _ = lemma_key(word.lower())
                if not is_stop(key):
                    keys.add(key)
        if not keys and len(alternatives) > 1:
            keys = literal
        if keys:
            slots.append(frozenset(keys))
    return tuple(slots), tuple(groups)


MULTIWORD_MARK = "_"
MAX_VARIANTS = 64


def expression_variants(text: str) -> list[str]:
    """An expression with multi-word alternatives (``CAF|mission_locale``) as plain expressions, one per choice.

    A slot holds one word, so an alternative of several words joined by ``_`` becomes its own variant in which
    its words are joined by ``+`` (each a slot, kept together): ``envoyer CAF|mission_locale`` → ``envoyer CAF``,
    ``envoyer mission+locale``.
    """
    options: list[list[str]] = []
    for chunk in text.split():
        # "primo-arrivant" is two words that must stand together, not "primo" or "arrivant" alone.
        alternatives = [
            a.replace("-", MULTIWORD_MARK) if "-" in a.strip("-") and a.lower().lstrip(LITERAL_MARK) not in KEEP_WHOLE
            else a
            for a in chunk.split("|")
        ]
        singles = [a for a in alternatives if MULTIWORD_MARK not in a]
        choices = ["|".join(singles)] if singles else []
        choices += [a.replace(MULTIWORD_MARK, COMPOUND_JOIN) for a in alternatives if MULTIWORD_MARK in a]
        options.append(choices)
    variants = [""]
    for choices in options:
        variants = [f"{v} {c}".strip() for v in variants for c in choices][:MAX_VARIANTS]
    return variants


def lone_word_expressions(lexicon: Lexicon) -> list[tuple[str, str, str]]:
    """(where, expression, the word it keeps) for expressions written with several words that keep only one.

    Function words (le, de, en, que, avoir…) are set aside, so "en tant que participant" reads as "participant"
    alone and fires on a workshop leader's "les participants". Such an expression is nearly always a slip: the
    author meant the words together (``en_tant_que_participant``) or required as written (``=en =formation``).
    """
    found: list[tuple[str, str, str]] = []
    written: list[tuple[str, str]] = [
        (f"tâche {task_id}", e.text) for task_id, v in lexicon.tasks.items() for e in v.expressions
    ]
    written += [(f"tâche {task_id}, unless", u) for task_id, v in lexicon.tasks.items() for u in v.unless]
    for name in ("anchors", "needs", "traps", "participant", "others"):
        written += [(f"domain.{name}", e) for e in getattr(lexicon.domain, name)]
    for where, text in written:
        for variant in expression_variants(text):
            slots, groups = expression_pattern(variant)
            if len(variant.split()) > 1 and len(slots) == 1 and not groups:
                kept = next((w for w in variant.split() if any(k in slots[0] for k in _word_keys(w))), variant)
                found.append((where, text, kept))
                break
    return found


def _word_keys(chunk: str) -> set[str]:
    keys = set()
    for alternative in chunk.split("|"):
        for word in split_words(alternative.lstrip(LITERAL_MARK)):
            keys.add(lemma_key(word.surface.lower())[0])
            keys.add(LITERAL_MARK + fold(word.surface))
    return keys


def _plain(expression: str) -> str:
    return expression.replace("|", " ").replace(MULTIWORD_MARK, " ").replace(LITERAL_MARK, "")


def _clauses(text: str) -> list[str]:
    return [c.strip(" ,.-–") for c in _CLAUSE_SPLIT.split(text) if c and len(c.strip()) > 3]


def _task_texts(task: Task) -> list[tuple[str, str]]:
    """(competency id, clause) pairs of a task: its title (given to the first competency) and its competencies."""
    pairs = [(task.competencies[0].id, clause) for clause in _clauses(task.title)]
    for competency in task.competencies:
        pairs += [(competency.id, clause) for clause in _clauses(competency.text)]
    return pairs


def _idf(documents: list[set[str]]) -> dict[str, float]:
    """BM25's IDF over tasks: a word of every task weighs almost nothing, a word of one task a lot."""
    n = len(documents)
    df: dict[str, int] = defaultdict(int)
    for doc in documents:
        for key in doc:
            df[key] += 1
    return {k: math.log(1 + (n - d + 0.5) / (d + 0.5)) for k, d in df.items()}


def _clause_slot(token: Token, lexicon_free: bool) -> frozenset[str]:
    """A clause word's slot: its lemma; without a lexicon also its family and its form as written, which meet a
    candidate's word when the lemmatiser reads the two forms apart ("coté" coter, "côté" côté)."""
    if not lexicon_free:
        return frozenset([token.key])
    family = stem(token.key)
    return frozenset(k for k in (token.key, family, token.literal) if k)


@cache
def _slot_key(slot: frozenset[str]) -> str:
    """The lemma of a clause word's slot (not its family nor its form as written)."""
    return next(k for k in sorted(slot) if not k.startswith((STEM_MARK, LITERAL_MARK)))


def _keywords(slots: tuple[frozenset[str], ...], weights: tuple[float, ...]) -> frozenset[int]:
    """The slots of a clause's rarest words, its leading verb aside: "Réaliser une veille" is about a veille;
    "réaliser" is how every referential starts a competency, and any candidate's sentence."""
    leading_verb = _slot_key(slots[0]).endswith(("er", "ir", "re")) if slots else False
    candidates = [n for n in range(len(slots)) if not (n == 0 and leading_verb)]
    top = max((weights[n] for n in candidates), default=0.0)
    return frozenset(n for n in candidates if top and weights[n] >= top)


def _closest_competency(slots: tuple[frozenset[str], ...], task: Task, competency_keys: dict[str, set[str]]) -> str:
    keys = set().union(*slots) if slots else set()
    best = max(task.competencies, key=lambda c: len(keys & competency_keys[c.id]))
    return best.id


def _patterns(expressions: list[str]) -> list[Cue]:
    return [Cue(*pattern) for e in expressions for pattern in map(expression_pattern, expression_variants(e))
            if pattern[0]]


def _sentence_keys(sentence: str, cache: dict[str, list[str]]) -> list[str]:
    """A lexicon sentence's content keys, read once per build (exemplars serve twice: as phrases and to learn
    the word–task association)."""
    if sentence not in cache:
        cache[sentence] = content_keys(sentence)
    return cache[sentence]


def _example_phrases(
    referential: Referential, lexicon: Lexicon, competency_keys: dict[str, set[str]], cache: dict[str, list[str]]
) -> list[Phrase]:
    """The lexicon's exemplar sentences as phrases, their words weighted by rarity among the tasks' exemplars."""
    rows: list[tuple[str, str, tuple[frozenset[str], ...]]] = []
    documents: dict[str, set[str]] = defaultdict(set)
    for task_id, vocabulary in lexicon.tasks.items():
        for example in vocabulary.examples:
            slots = tuple(dict.fromkeys(frozenset([k]) for k in _sentence_keys(example, cache)))
            rows.append((task_id, example, slots))
            documents[task_id].update(_slot_key(s) for s in slots)
    idf = _idf([documents[t.id] for t in referential.tasks])
    phrases = []
    for task_id, example, slots in rows:
        if len(slots) < EXAMPLE_MIN_SLOTS:
            continue
        competency_id = _closest_competency(slots, referential.task(task_id), competency_keys)
        weights = tuple(idf.get(_slot_key(s), 0.0) for s in slots)
        phrases.append(Phrase(task_id, competency_id, example, slots, EXAMPLE_WEIGHT, False, weights, example=True))
    return phrases


def _trap_example_phrases(lexicon: Lexicon, phrases: list[Phrase], cache: dict[str, list[str]]) -> list[Phrase]:
    """Other trades' sentences, their words weighted by rarity among this trade's exemplars (``phrases``) and the
    other trades' bank taken as one more document: "accueillir" (every task and the hotel) weighs little,
    "chambre" a lot."""
    by_task: dict[str, set[str]] = defaultdict(set)
    for phrase in phrases:
        if phrase.example:
            by_task[phrase.task_id].update(_slot_key(s) for s in phrase.slots)
    documents = list(by_task.values())
    rows = [
        (example, tuple(dict.fromkeys(frozenset([k]) for k in _sentence_keys(example, cache))))
        for example in lexicon.domain.trap_examples
    ]
    documents.append({_slot_key(s) for _, slots in rows for s in slots})
    idf = _idf(documents)
    return [
        Phrase("", "", example, slots, 1.0, False, tuple(idf.get(_slot_key(s), 0.0) for s in slots), example=True)
        for example, slots in rows
        if len(slots) >= EXAMPLE_MIN_SLOTS
    ]


def posted_slots(phrase: Phrase) -> list[int]:
    """The slots a sentence is looked up by. An expression's function words required as written ("=de" of
    "point_d'accès_au_droit", "=mon" of "=mon rôle") are checked only once its other words are all there: "de"
    is in every other sentence, and posted it was a fifth of a narrative's lookups. An expression made only of
    such words ("=suis =là =pour") is looked up by all of them."""
    if not phrase.expression:
        return list(range(len(phrase.slots)))
    telling = [n for n, slot in enumerate(phrase.slots) if not _only_function_words(slot)]
    return telling or list(range(len(phrase.slots)))


@cache
def _only_function_words(slot: frozenset[str]) -> bool:
    return all(key.startswith(LITERAL_MARK) and is_stop(key[len(LITERAL_MARK):]) for key in slot)


def _postings(phrases: list[Phrase]) -> dict[str, list[tuple[int, int]]]:
    """Key → (phrase, slot as a bit): a sentence's slots of one phrase gather in one integer, cheaper than a set."""
    postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
    for n, phrase in enumerate(phrases):
        for slot_index in posted_slots(phrase):
            for key in phrase.slots[slot_index]:
                postings[key].append((n, 1 << slot_index))
    return dict(postings)


def build_index(referential: Referential, lexicon: Lexicon | None = None) -> Index:
    """Build the phrases, postings and vocabulary of ``referential`` (and of its lexicon, when there is one).

    Python's cycle collector is paused meanwhile: the build makes a hundred thousand small objects, none in a
    cycle, and in a program that already holds a dossier and a screen, scanning them all again and again cost
    a tenth of the build. Once built, they are set aside from the collector (``gc.freeze``): the index lives as
    long as the program, and the first collection after the build scanned them all once more (40 ms).
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        index = _build_index(referential, lexicon)
        gc.freeze()
        return index
    finally:
        if collecting:
            gc.enable()


def _build_index(referential: Referential, lexicon: Lexicon | None) -> Index:
    texts: list[str] = []
    task_clauses: dict[str, list[tuple[str, str]]] = {}
    for task in referential.tasks:
        task_clauses[task.id] = _task_texts(task)
        texts += [clause for _, clause in task_clauses[task.id]]
    if lexicon is not None:
        for vocabulary in lexicon.tasks.values():
            texts += [_plain(e.text) for e in vocabulary.expressions]
            texts += [_plain(u) for u in vocabulary.unless]
            texts += vocabulary.examples
        texts += lexicon.domain.trap_examples
        texts += [_plain(a) for a in lexicon.domain.anchors + lexicon.domain.needs + lexicon.domain.traps
                  + lexicon.domain.participant + lexicon.domain.others]
    vocabulary_index = Vocabulary(surface_forms(texts), lexicon.domain.abbreviations if lexicon else None)

    lexicon_free = lexicon is None
    cache: dict[str, list[str]] = {}
    clause_slots: dict[str, list[tuple[str, str, tuple[frozenset[str], ...]]]] = {}
    competency_keys: dict[str, set[str]] = defaultdict(set)
    documents: list[set[str]] = []
    for task in referential.tasks:
        rows = []
        doc: set[str] = set()
        for competency_id, clause in task_clauses[task.id]:
            tokens = content_tokens(clause)
            keys = [t.key for t in tokens]
            slots = tuple(dict.fromkeys(_clause_slot(t, lexicon_free) for t in tokens))
            rows.append((competency_id, clause, slots))
            competency_keys[competency_id].update(keys)
            doc.update(keys)
        clause_slots[task.id] = rows
        documents.append(doc)
    # Without a lexicon, rarity among competencies (often two or three tasks only, one per bloc): "web" in every
    # competency of a bloc weighs little, "relationnelle" in one a lot.
    idf = _idf(list(competency_keys.values()) if lexicon_free else documents)

    phrases: list[Phrase] = []
    for task in referential.tasks:
        for competency_id, clause, slots in clause_slots[task.id]:
            if len(slots) < (1 if lexicon_free else MIN_CLAUSE_SLOTS):
                continue
            weights = tuple(idf.get(_slot_key(s), 0.0) for s in slots)
            weight = LEXICON_FREE_WEIGHT if lexicon_free else COMPETENCY_WEIGHT
            keywords = _keywords(slots, weights) if lexicon_free else frozenset()
            phrases.append(Phrase(task.id, competency_id, clause, slots, weight, False, weights, keywords=keywords))

    unless: dict[str, list[Cue]] = {}
    anchors: list[Cue] = []
    traps: list[Cue] = []
    trap_factor = 1.0
    participant: list[Cue] = []
    participant_factor = 1.0
    learner_tasks: frozenset[str] = frozenset()
    if lexicon is not None:
        for task_id, vocabulary in lexicon.tasks.items():
            task = referential.task(task_id)
            for expression in vocabulary.expressions:
                negative = speaks_negatively(expression.text)
                for variant in expression_variants(expression.text):
                    slots, groups = expression_pattern(variant)
                    if not slots:
                        continue
                    competency_id = expression.competency or _closest_competency(slots, task, competency_keys)
                    phrases.append(Phrase(task_id, competency_id, expression.written or expression.text, slots,
                                          expression.weight, True, groups=groups, negative=negative))
            unless[task_id] = _patterns(vocabulary.unless)
        phrases += _example_phrases(referential, lexicon, competency_keys, cache)
        anchors = _patterns(lexicon.domain.anchors)
        traps = _patterns(lexicon.domain.traps)
        trap_factor = lexicon.domain.trap_factor
        participant = _patterns(lexicon.domain.participant)
        participant_factor = lexicon.domain.participant_factor
        learner_tasks = frozenset(tid for tid, vocabulary in lexicon.tasks.items() if vocabulary.learner)

    index = Index(vocabulary_index, phrases, _postings(phrases), unless, anchors, traps, trap_factor,
                  participant=participant, participant_factor=participant_factor, learner_tasks=learner_tasks,
                  lexicon_free=lexicon_free)
    if lexicon is not None:
        index.neutral_factor = lexicon.domain.neutral_factor
        index.trap_step = lexicon.domain.trap_step
        index.generic_tasks = frozenset(lexicon.domain.generic_tasks)
        index.person_tasks = frozenset(tid for tid, vocab in lexicon.tasks.items() if vocab.told_by_the_person)
        index.others = _patterns(lexicon.domain.others)
        index.needs = _patterns(lexicon.domain.needs)
        index.trap_examples = _trap_example_phrases(lexicon, phrases, cache)
        index.trap_postings = _postings(index.trap_examples)
        index.competency_words = {
            task.id: {c.id: frozenset(competency_keys[c.id]) for c in task.competencies} for task in referential.tasks
        }
        index.task_words = _task_words(
            {
                tid: [_sentence_keys(s, cache) for s in vocabulary.examples + vocabulary.more_examples]
                for tid, vocabulary in lexicon.tasks.items()
            },
            [_sentence_keys(s, cache) for s in lexicon.domain.trap_examples],
        )
        index.generic_factor = lexicon.domain.generic_factor
    return index
