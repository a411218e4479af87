"""The trade vocabulary of a referential, as data (``<referential id>.lexicon.yaml`` beside the referential).

Candidates tell their work in everyday words ("je l'ai mise en lien avec l'assistante sociale"), the referential
in administrative ones ("Identifier la structure ou l'interlocuteur pertinent"). A lexicon bridges them: for each
task (optionally each competency) the expressions of the trade that show it, with a weight, plus cues that a
sentence or a whole text is about another trade (a hotel's *accueil*, a computer *réseau*). Authors extend it
without touching code; the format is documented in ``referential/README.md``.

Expression syntax: plain words, compared after normalisation (lemmas, no accents, stop words ignored), all of
which must occur close together in one sentence, in any order. ``a|b`` inside an expression gives alternatives
for one word: ``orienter|envoyer|adresser assistante|assistant social``.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from pathlib import Path
from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from vae_assistant.errors import ReferentialError
from vae_assistant.paths import companion_file
from vae_assistant.referential.loader import parse_yaml
from vae_assistant.referential.model import Referential

LEXICON_SUFFIX = ".lexicon.yaml"
_WORD_SET = re.compile(r"@([\w-]+)")
DEFAULT_WEIGHT = 0.7


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Expression(_Strict):
    """An expression of the trade and how much one occurrence proves (1 = alone it proves the task)."""

    text: Annotated[str, Field(min_length=1)]
    weight: float = Field(default=DEFAULT_WEIGHT, gt=0.0, le=1.0)
    competency: str | None = Field(default=None, description="Competency id it shows; else the closest one.")
    written: str | None = Field(
        default=None, description="The expression as written, when '@name' word sets were expanded: shown as evidence."
    )


def _expressions(value: object) -> object:
    if isinstance(value, list):
        return [{"text": item} if isinstance(item, str) else item for item in value]
    return value


class TaskVocabulary(_Strict):
    """Expressions showing one task, and cues that cancel them in a sentence (another trade's words)."""

    expressions: list[Expression] = Field(default_factory=list)
    unless: list[str] = Field(default_factory=list, description="A sentence with one of these does not count.")
    learner: bool = Field(
        default=False, description="The task can be proved as a learner (training): participant cues do not apply."
    )
    told_by_the_person: bool = Field(
        default=False,
        description="What the person helped does or says shows the task (a crisis at the desk, the person's own "
        "choice): a sentence that opens on « il » or « elle » without je, nous or on still counts in full.",
    )
    examples: list[Annotated[str, Field(min_length=1)]] = Field(
        default_factory=list,
        description="Sentences a candidate writes when telling the task: one that shares most of their rarer words "
        "with the candidate's sentence is a cue.",
    )
    more_examples: list[Annotated[str, Field(min_length=1)]] = Field(
        default_factory=list,
        description="More sentences telling the task, not compared one by one: with the examples they teach which "
        "words go with the task (its word–task association).",
    )

    _coerce = field_validator("expressions", mode="before")(_expressions)


class Domain(_Strict):
    """Words that tell whether a text is about this trade at all.

    The balance of ``anchors`` (the trade's own words: the public it serves, its institutions) over ``traps``
    (another trade reusing the referential's words) says how sure we are that a text tells this trade's work. At
    least one more anchor than traps: scores count in full. As many (often none of either: a text of generic
    professional phrases, "travail en équipe", "réunion", "projet"): scores are scaled by ``neutral_factor``, as
    nothing says whom the writer served. Each trap more divides by ``1 / trap_step`` again, down to ``trap_factor``.
    A sentence with a ``participant`` cue (the writer attended a workshop, was in training) tells what was done to
    the writer, not what the writer did: its hits are scaled by ``participant_factor``, except for tasks marked
    ``learner`` (keeping one's knowledge up to date is proved by attending). A sentence that opens on one of the
    ``others`` and has no first person ("L'assistante sociale avait monté le dossier") tells another's act: its
    hits are scaled by ``participant_factor`` too. The ``generic_tasks`` are told the
    same way in every trade (a teacher works in a team, a nurse manages a waiting room): in a text with traps and
    no more anchors than traps, their scores are scaled again by ``generic_factor``.
    """

    anchors: list[str] = Field(default_factory=list)
    needs: list[str] = Field(
        default_factory=list,
        description="The needs of the public the trade serves (housing, employment, income, debts): anchors for the "
        "text's domain, but other trades name them too ('ressources humaines', 'matériel médical à domicile'), so a "
        "text that opens on the writer's job and names only these does not name this trade.",
    )
    traps: list[str] = Field(default_factory=list)
    trap_factor: float = Field(default=0.35, ge=0.0, le=1.0)
    trap_examples: list[Annotated[str, Field(min_length=1)]] = Field(
        default_factory=list,
        description="Sentences of other trades that reuse this trade's words (a hotel's 'accueil', a dog trainer's "
        "'suivi'): a candidate's sentence that shares enough of one's rarer words counts as a trap.",
    )
    neutral_factor: float = Field(default=1.0, ge=0.0, le=1.0)
    trap_step: float = Field(default=0.35, ge=0.0, le=1.0)
    participant: list[str] = Field(
        default_factory=list, description="Cues that the writer took part as a trainee or member of the public."
    )
    participant_factor: float = Field(default=0.3, ge=0.0, le=1.0)
    others: list[str] = Field(
        default_factory=list,
        description="Other people who may be a sentence's subject (a colleague, the social worker, a partner): a "
        "sentence that opens on one of them and has no je, nous or on tells another's act, and counts at "
        "participant_factor.",
    )
    generic_tasks: list[str] = Field(
        default_factory=list,
        description="Tasks whose acts every trade has (team work, meetings, reports): they count in full only in a "
        "text where another trade's words are as frequent as this one's.",
    )
    generic_factor: float = Field(default=1.0, ge=0.0, le=1.0)
    word_sets: dict[str, list[Annotated[str, Field(min_length=1)]]] = Field(
        default_factory=dict,
        description="Named sets of words that many expressions share (the trade's partners: CCAS, PASS, CSAPA…): "
        "'@name' in an expression stands for all of them, so that a partner added once is known everywhere.",
    )
    abbreviations: dict[str, str] = Field(
        default_factory=dict,
        description="Abbreviations of the trade read as the words they stand for (AS: assistante sociale). Written "
        "with capitals, they match only words written so ('AS', not the verb 'as'); in lower case, any case ('rdv').",
    )

    @field_validator("abbreviations")
    @classmethod
    def _single_words(cls, value: dict[str, str]) -> dict[str, str]:
        for short, long in value.items():
            if not short.strip() or len(short.split()) != 1 or not long.strip():
                raise ValueError(f"abréviation « {short} » : un seul mot, et les mots qu'il abrège")
        return value


def _expanded(expression: object, expand: Callable[[str], str]) -> object:
    """An expression entry with its word sets expanded, keeping what its author wrote for the evidence."""
    entry = {"text": expression} if isinstance(expression, str) else expression
    if not isinstance(entry, dict) or not isinstance(entry.get("text"), str) or "@" not in entry["text"]:
        return expression
    return {**entry, "text": expand(entry["text"]), "written": entry["text"]}


class Lexicon(_Strict):
    format: int = Field(default=1, ge=1, le=1)
    referential: str = Field(description="Id of the referential this vocabulary is written for.")
    domain: Domain = Field(default_factory=Domain)
    tasks: dict[str, TaskVocabulary] = Field(default_factory=dict)

    @model_validator(mode="before")
    @classmethod
    def _expand_word_sets(cls, data: object) -> object:
        """Replace each '@name' of an expression by the alternatives of the domain's word set 'name'."""
        if not isinstance(data, dict) or not isinstance(data.get("tasks"), dict):
            return data
        domain = data.get("domain")
        sets = domain.get("word_sets") if isinstance(domain, dict) else None
        sets = sets if isinstance(sets, dict) else {}
        alternatives = {
            str(name): "|".join(str(word).strip().replace(" ", "_") for word in words)
            for name, words in sets.items()
            if isinstance(words, list) and words
        }

        def expand(text: str) -> str:
            def one(match: re.Match[str]) -> str:
                if match.group(1) not in alternatives:
                    raise ValueError(f"ensemble de mots « @{match.group(1)} » inconnu (domain.word_sets)")
                return alternatives[match.group(1)]

            return _WORD_SET.sub(one, text)

        tasks = {}
        for tid, vocabulary in data["tasks"].items():
            if isinstance(vocabulary, dict) and isinstance(vocabulary.get("expressions"), list):
                expressions = [_expanded(e, expand) for e in vocabulary["expressions"]]
                vocabulary = {**vocabulary, "expressions": expressions}
            tasks[tid] = vocabulary
        return {**data, "tasks": tasks}

    @property
    def digest(self) -> str:
        return hashlib.sha256(self.model_dump_json().encode("utf-8")).hexdigest()[:12]

    def check_against(self, referential: Referential, origin: str) -> None:
        """Every task and competency named must exist: a typo would otherwise silently lose recall."""
        task_ids = {t.id for t in referential.tasks}
        competency_ids = {c.id for c in referential.competencies}
        problems = [f"tâche « {tid} » inconnue" for tid in self.tasks if tid not in task_ids]
        problems += [f"tâche générique « {tid} » inconnue" for tid in self.domain.generic_tasks if tid not in task_ids]
        for tid, vocabulary in self.tasks.items():
            problems += [
                f"tâche {tid} : compétence « {e.competency} » inconnue"
                for e in vocabulary.expressions
                if e.competency is not None and e.competency not in competency_ids
            ]
        if problems:
            raise ReferentialError(
                f"Vocabulaire du métier invalide : {origin} : " + " ; ".join(problems[:8]) + ".",
                hint="Corrigez les identifiants pour qu'ils correspondent au référentiel "
                f"« {referential.id} ».",
            )


def parse_lexicon(text: str, origin: str) -> Lexicon:
    """Parse a lexicon file's text; problems become a French :class:`ReferentialError` naming file and line."""
    data, lines = parse_yaml(text, origin)
    if not isinstance(data, dict):
        raise ReferentialError(f"Vocabulaire du métier invalide : {origin} : le fichier doit être un dictionnaire.")
    if isinstance(data.get("tasks"), dict):
        data["tasks"] = {str(k): v for k, v in data["tasks"].items()}
    try:
        return Lexicon.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = tuple(first["loc"])
        line = next((lines[loc[:n]] for n in range(len(loc), 0, -1) if loc[:n] in lines), None)
        where = f", ligne {line}" if line else ""
        field = ".".join(str(p) for p in loc)
        what = f"champ « {field} » : {first['msg']}" if field else first["msg"].removeprefix("Value error, ")
        raise ReferentialError(f"Vocabulaire du métier invalide : {origin}{where} : {what}.") from None


def load_lexicon(path: Path, referential: Referential) -> Lexicon:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ReferentialError(f"Vocabulaire du métier illisible : {path} ({exc.__class__.__name__}).") from None
    lexicon = parse_lexicon(text, str(path))
    if lexicon.referential != referential.id:
        raise ReferentialError(
            f"Vocabulaire du métier invalide : {path} est écrit pour « {lexicon.referential} », "
            f"pas pour « {referential.id} »."
        )
    lexicon.check_against(referential, str(path))
    return lexicon


def lexicon_path(referential: Referential) -> Path | None:
    """The lexicon file of ``referential``: the user's own first (authors extend it), then the shipped one."""
    return companion_file(referential.id, LEXICON_SUFFIX)
