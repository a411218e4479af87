"""What the counsellor reads behind a task: every sentence of every situation the matcher linked to it.

Coverage keeps only the best proof per competency; the counsellor wants them all, with the scores, the situation
they come from and whether the candidate confirmed or rejected the task there, to judge for themselves.
"""

from __future__ import annotations

from dataclasses import dataclass

from vae_assistant.coverage.model import BlocCoverage, Status
from vae_assistant.dossier.model import Comment, Decision, Dossier
from vae_assistant.matching.normalize import telling_words
from vae_assistant.referential.model import Referential

STATUS_SYMBOLS: dict[str, str] = {"couvert": "✔", "partiel": "◐", "non_couvert": "○"}
"""A symbol per coverage status, so that the matrix reads without colour (and in a Markdown file)."""


@dataclass(frozen=True)
class EvidenceLine:
    """One sentence of a situation that shows one competency of the task."""

    competency_id: str
    competency_text: str
    sentence: str
    score: float
    matched: tuple[str, ...]


@dataclass(frozen=True)
class SituationEvidence:
    """What one situation says about the task."""

    situation_id: str
    title: str
    task_score: float
    counted: bool
    decision: Decision | None
    lines: tuple[EvidenceLine, ...]


@dataclass(frozen=True)
class BlocTotals:
    couvert: int
    partiel: int
    non_couvert: int
    ratio: float

    @property
    def total(self) -> int:
        return self.couvert + self.partiel + self.non_couvert

    def summary(self) -> str:
        """« 2 ✔ · 1 ◐ · 3 ○ · 42 % »"""
        counts = " · ".join(f"{getattr(self, s)} {STATUS_SYMBOLS[s]}" for s in STATUS_SYMBOLS)
        return f"{counts} · {percent(self.ratio)}"


def percent(ratio: float) -> str:
    return f"{round(ratio * 100)}\u00a0%"


def bloc_totals(group: BlocCoverage) -> BlocTotals:
    counts: dict[Status, int] = {"couvert": 0, "partiel": 0, "non_couvert": 0}
    for task in group.tasks:
        counts[task.status] += 1
    return BlocTotals(counts["couvert"], counts["partiel"], counts["non_couvert"], group.ratio)


def task_evidence(dossier: Dossier, referential: Referential, task_id: str) -> list[SituationEvidence]:
    """Every situation whose stored match or the candidate's decision links it to ``task_id``, in dossier order.

    Situations that count for the task come first; those where the candidate rejected it follow, so that the
    counsellor can see what was set aside too. Sentences are best first within a situation.
    """
    try:
        texts = {c.id: c.text for c in referential.task(task_id).competencies}
    except KeyError:
        texts = {}
    found = []
    for situation in dossier.situations:
        record = situation.match.task(task_id) if situation.match else None
        counted = task_id in situation.counted_tasks
        if record is None and not counted:
            continue
        lines = []
        if record is not None:
            for competency in record.competencies:
                for evidence in competency.evidence:
                    lines.append(
                        EvidenceLine(
                            competency.id,
                            texts.get(competency.id, ""),
                            evidence.sentence.strip(),
                            max(evidence.score, competency.score),
                            tuple(telling_words(evidence.matched)),
                        )
                    )
        lines.sort(key=lambda line: -line.score)
        found.append(
            SituationEvidence(
                situation.id,
                situation.title,
                record.score if record else 0.0,
                counted,
                situation.decision(task_id),
                tuple(lines),
            )
        )
    return sorted(found, key=lambda s: not s.counted)


def task_comments(dossier: Dossier, task_id: str) -> list[Comment]:
    """The counsellor's comments on the task itself or on the task within one situation, oldest first."""
    return [c for c in dossier.comments if c.task_id == task_id]


def score_text(score: float) -> str:
    """« 0,82 »: scores the French way."""
    return f"{score:.2f}".replace(".", ",")
