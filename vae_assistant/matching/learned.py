"""Word weights learnt from labelled narratives (``<referential id>.learned.json`` beside the referential).

The lexicon holds what we know of the trade, phrase by phrase; candidates still tell a third of their acts through
details no phrase foresees. Thirty-eight corpora of narratives labelled with their tasks, written by different hands
(``tests/data/``), hold that knowledge statistically: which words, anywhere in a story, go with which task. A
logistic regression per task, over the words the matcher reads in a text, turns it into one weight per word and a
bias, stored here as data (``vae_assistant.matching.learn`` trains it; the model is linear, so every word's part in
a decision can be shown). The matcher adds its probability to its own score (see ``Matcher``).

A referential without such a file is matched by its referential and lexicon alone.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

from vae_assistant.errors import ReferentialError, os_reason
from vae_assistant.paths import companion_file, user_referential_dir
from vae_assistant.referential.loader import clean_loc, pydantic_message
from vae_assistant.referential.model import Referential

LEARNED_SUFFIX = ".learned.json"
_JSON_PLACE = re.compile(r"at line (\d+) column")
SHIPPED_HINT = "Restaurez le fichier livré (réinstallez l'assistant) ou apprenez-les de nouveau (make learn)."
USER_HINT = "Supprimez ou remplacez ce fichier de votre dossier : sans lui, les poids livrés sont lus."
MAX_FILE_BYTES = 50_000_000  # a shipped file weighs about 1 MB; beyond this it is not one of ours


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TrainingCorpus(_Strict):
    """One labelled corpus the weights were learnt from: its file name, digest and size, so that a test can tell
    when the corpora changed and the weights were not learnt again."""

    path: str
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    texts: int = Field(ge=0)


class LearnedWeights(_Strict):
    """The file's content: per task a bias, per word the tasks it weighs for (log odds of a logistic regression).

    Laid out by word rather than by task, so that the file, once read, is the index a text is scored with: one lookup
    per distinct word of the text, nothing to build at start-up.
    """

    format: Literal[1]
    referential: str
    features: str = Field(description="What a feature is: the content-word keys of the whole text, present or not.")
    settings: dict[str, float | str] = Field(default_factory=dict, description="How they were learnt.")
    trained_on: list[TrainingCorpus] = Field(default_factory=list)
    biases: dict[str, float] = Field(description="Task id → bias (log odds of a text with none of the words).")
    weights: dict[str, dict[str, float]] = Field(description="Word key, as the matcher reads it → task id → weight.")
    other_bias: float | None = Field(
        default=None, description="Bias of the regression that tells a text of another trade (an off-topic story)."
    )
    other_weights: dict[str, float] = Field(default_factory=dict, description="Word key → weight, for that one.")
    _digest: str = PrivateAttr(default="")

    @model_validator(mode="after")
    def _tasks_have_biases(self) -> LearnedWeights:
        stray = sorted({tid for row in self.weights.values() for tid in row} - set(self.biases))
        if stray:
            raise ValueError(f"tâche(s) sans biais dans « weights » : {', '.join(stray[:8])}")
        return self

    @property
    def digest(self) -> str:
        """Of the file's text when read from one (hashing it is ten times faster than serialising the model)."""
        return self._digest or hashlib.sha256(self.model_dump_json().encode("utf-8")).hexdigest()[:12]

    def check_against(self, referential: Referential, origin: str) -> None:
        """Weights learnt for another referential, or for tasks it does not have, would mark the wrong tasks."""
        if self.referential != referential.id:
            raise ReferentialError(
                f"Poids appris invalides : {origin} est écrit pour « {self.referential} », "
                f"pas pour « {referential.id} »."
            )
        task_ids = {t.id for t in referential.tasks}
        unknown = [tid for tid in self.biases if tid not in task_ids]
        if unknown:
            raise ReferentialError(
                f"Poids appris invalides : {origin} : tâche(s) inconnue(s) : {', '.join(unknown[:8])}.",
                hint=f"Apprenez-les de nouveau pour le référentiel « {referential.id} ».",
            )


@dataclass(frozen=True)
class LearnedScorer:
    """The weights as a text is scored with them."""

    biases: dict[str, float]
    by_key: dict[str, dict[str, float]]
    other_bias: float | None = None
    other_weights: dict[str, float] | None = None

    @classmethod
    def from_weights(cls, learned: LearnedWeights) -> LearnedScorer:
        return cls(learned.biases, learned.weights, learned.other_bias, learned.other_weights)

    def other_trade(self, keys: set[str]) -> float:
        """How likely a text with these words is another trade's story (or a bare list, a beneficiary's…), as the
        corpora's off-topic texts say; 0 when the weights have no such regression."""
        if self.other_bias is None or not self.other_weights:
            return 0.0
        weights = self.other_weights
        return _sigmoid(self.other_bias + sum(weights.get(key, 0.0) for key in keys))

    def probabilities(self, keys: set[str]) -> dict[str, float]:
        """Per task, how likely a text with these words tells it, as the labelled corpora say."""
        logits = dict(self.biases)
        rows = self.by_key
        for key in keys:
            row = rows.get(key)
            if row:
                for task_id, weight in row.items():
                    logits[task_id] += weight
        return {task_id: _sigmoid(z) for task_id, z in logits.items()}

    def weight(self, task_id: str, key: str) -> float:
        row = self.by_key.get(key)
        return row.get(task_id, 0.0) if row else 0.0


def _sigmoid(z: float) -> float:
    return 1 / (1 + math.exp(-z)) if z >= 0 else math.exp(z) / (1 + math.exp(z))


def learned_path(referential: Referential) -> Path | None:
    """The weights of ``referential``: the user's own first (learnt from their corpora), then the shipped ones."""
    return companion_file(referential.id, LEARNED_SUFFIX)


def parse_learned(text: str, origin: str, hint: str = SHIPPED_HINT) -> LearnedWeights:
    """Parse a weights file's text; problems become a French :class:`ReferentialError` naming the file. (pydantic
    reads the JSON itself: twice as fast as ``json.loads`` then validating, for a file read at every start.)"""
    try:
        learned = LearnedWeights.model_validate_json(text)
    except ValidationError as exc:
        first = exc.errors()[0]
        if first["type"] == "json_invalid":
            where = _JSON_PLACE.search(first["msg"])
            line = f", ligne {where.group(1)}" if where else ""
            raise ReferentialError(
                f"Poids appris illisibles : {origin}{line} : ce n'est pas du JSON valide.", hint=hint
            ) from None
        field = ".".join(str(p) for p in clean_loc(first["loc"]))
        what = pydantic_message(first)
        what = f"champ « {field} » : {what}" if field else what
        raise ReferentialError(f"Poids appris invalides : {origin} : {what}.", hint=hint) from None
    learned._digest = hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
    return learned


def load_learned(path: Path, referential: Referential) -> LearnedWeights:
    """The weights in ``path``; a file that cannot serve is a French error whose advice depends on where it lies
    (the user's own copy can simply be removed: the shipped weights are read again)."""
    hint = USER_HINT if path.parent == user_referential_dir() else SHIPPED_HINT
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ReferentialError(f"Poids appris invalides : {path} est trop gros ({size} octets).", hint=hint)
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ReferentialError(f"Poids appris illisibles : {path} n'est pas un fichier texte (UTF-8).",
                               hint=hint) from None
    except OSError as exc:
        raise ReferentialError(f"Poids appris illisibles : {path} ({os_reason(exc)}).", hint=hint) from None
    learned = parse_learned(text, str(path), hint)
    try:
        learned.check_against(referential, str(path))
    except ReferentialError as error:
        raise ReferentialError(error.message, hint=hint) from None
    return learned
