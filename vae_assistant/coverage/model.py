"""What coverage says about a dossier: per competency, task and bloc, a status, the proof, and what is missing.

Plain frozen dataclasses (coverage is recomputed after every answer in the TUI, so it must be cheap to build);
:meth:`Coverage.to_json` gives the stable JSON shape of ``vae-assistant coverage --json``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

from vae_assistant.referential.model import wording_key

Status = Literal["couvert", "partiel", "non_couvert"]

STATUS_LABELS: dict[str, str] = {"couvert": "Couvert", "partiel": "Partiel", "non_couvert": "Non couvert"}
"""French labels of coverage statuses, for every shell."""

STATUS_WEIGHT: dict[str, float] = {"couvert": 1.0, "partiel": 0.5, "non_couvert": 0.0}
"""What a task's status counts for in its bloc's ratio."""

WEIGHT_NOTE = "une tâche couverte compte pour 1, une partielle pour ½"
"""How a share is counted, said beside it. « (tâche couverte : 1 ; partielle : ½) » read as counts: « 1 task
covered » on a dossier that had none."""


@dataclass(frozen=True)
class Proof:
    """A sentence of a situation that shows a competency."""

    situation_id: str
    competency_id: str
    sentence: str
    start: int
    end: int
    matched: tuple[str, ...]
    score: float
    strong: bool = True  # False when the situation is sent back by the counsellor

    def to_json(self) -> dict[str, Any]:
        return {
            "situation": self.situation_id,
            "competency": self.competency_id,
            "sentence": self.sentence,
            "start": self.start,
            "end": self.end,
            "matched": list(self.matched),
        }


@dataclass(frozen=True)
class CompetencyCoverage:
    id: str
    text: str
    kind: str
    status: Status
    situations: tuple[str, ...]
    best: Proof | None

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "status": self.status,
            "situations": list(self.situations),
            "best_evidence": self.best.to_json() if self.best else None,
        }


@dataclass(frozen=True)
class TaskCoverage:
    id: str
    title: str
    activity_id: str
    status: Status
    situations: tuple[str, ...]  # situations that count for it, in dossier order
    confirmed_in: tuple[str, ...]
    share: float
    competencies: tuple[CompetencyCoverage, ...]
    best: Proof | None
    review: str | None
    reason: str  # addressed to the candidate: « Validée par votre accompagnateur. »
    review_reason: str = ""  # the same for the counsellor's review: « Validée par l'accompagnateur. »

    @property
    def missing_competencies(self) -> list[CompetencyCoverage]:
        """The competencies not shown, each wording once: a referential that evaluates a competency in the very
        words of an associated one (CASP's 1.6) would otherwise list it twice, or as missing once shown."""
        shown = {wording_key(c.text) for c in self.competencies if c.status != "non_couvert"}
        missing: dict[str, CompetencyCoverage] = {}
        for competency in self.competencies:
            key = wording_key(competency.text)
            if competency.status == "non_couvert" and key not in shown:
                missing.setdefault(key, competency)
        return list(missing.values())

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "status": self.status,
            "situations": list(self.situations),
            "confirmed_in": list(self.confirmed_in),
            "share": round(self.share, 3),
            "review": self.review,
            "reason": self.reason,
            "best_evidence": self.best.to_json() if self.best else None,
            "competencies": [c.to_json() for c in self.competencies],
        }


GapKind = Literal["bloc", "task"]


@dataclass(frozen=True)
class Gap:
    """Something the livret still lacks. ``rank``: 1 empty bloc, 2 task with nothing, 3 sent back, 4 weak."""

    kind: GapKind
    id: str | None
    bloc_id: str | None
    rank: int
    share: float
    status: Status
    message: str
    missing_competencies: tuple[str, ...] = ()
    review_message: str = ""
    """The message for the counsellor (review, fiche, counsellor livret): « selon l'accompagnateur »."""

    @property
    def for_counsellor(self) -> str:
        return self.review_message or self.message

    def to_json(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "id": self.id,
            "bloc": self.bloc_id,
            "status": self.status,
            "message": self.message,
            "missing_competencies": list(self.missing_competencies),
        }


@dataclass(frozen=True)
class BlocCoverage:
    """A bloc, or the transversal activities (``id`` None, ``transversal`` True)."""

    id: str | None
    title: str
    label: str | None
    transversal: bool
    activities: tuple[str, ...]
    status: Status
    ratio: float
    tasks: tuple[TaskCoverage, ...]
    gaps: tuple[Gap, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "label": self.label,
            "transversal": self.transversal,
            "activities": list(self.activities),
            "status": self.status,
            "ratio": round(self.ratio, 3),
            "tasks": [t.to_json() for t in self.tasks],
            "gaps": [g.to_json() for g in self.gaps],
        }


@dataclass(frozen=True)
class Coverage:
    referential_id: str
    blocs: tuple[BlocCoverage, ...]
    transversal: BlocCoverage | None
    gaps: tuple[Gap, ...]
    ratio: float
    referential_changed: bool
    unmatched_situations: tuple[str, ...]
    unknown_tasks: tuple[str, ...]

    @property
    def groups(self) -> list[BlocCoverage]:
        """Blocs then the transversal entry: what a screen lists in order."""
        return [*self.blocs, *([self.transversal] if self.transversal else [])]

    def task(self, task_id: str) -> TaskCoverage:
        for group in self.groups:
            for task in group.tasks:
                if task.id == task_id:
                    return task
        raise KeyError(task_id)

    def to_json(self) -> dict[str, Any]:
        return {
            "referential": self.referential_id,
            "ratio": round(self.ratio, 3),
            "referential_changed": self.referential_changed,
            "unmatched_situations": list(self.unmatched_situations),
            "unknown_tasks": list(self.unknown_tasks),
            "blocs": [b.to_json() for b in self.blocs],
            "transversal": self.transversal.to_json() if self.transversal else None,
            "gaps": [g.to_json() for g in self.gaps],
        }
