"""Where the interview stands, persisted in ``Dossier.interview`` so that the candidate resumes where they stopped.

The dossier stores it as a plain dict and leaves it to the engine to validate. A state this version cannot read
(hand-edited, written by a newer program) is not an error for the candidate: the interview restarts its
bookkeeping while every text, situation and message of the dossier stays as it is.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

Phase = Literal["accueil", "identite", "parcours", "activite", "tache", "fin"]
PendingKind = Literal["identity", "parcours", "opener", "task", "again", "probe"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class Pending(_Model):
    """The question waiting for the candidate's answer: an answer is read in its light."""

    kind: PendingKind
    id: str = Field(description="Question id, also recorded in InterviewState.asked.")
    text: str = Field(description="The question as asked, to remind it on resume.")
    task_id: str | None = None
    activity_id: str | None = None
    competency_id: str | None = None


class InterviewState(_Model):
    version: Literal[1] = 1
    phase: Phase = "accueil"
    task_id: str | None = None
    situation_id: str | None = Field(default=None, description="The situation follow-up answers extend.")
    pending: Pending | None = None
    asked: list[str] = Field(default_factory=list, description="Ids of every question asked, never asked again.")
    follow_ups: dict[str, int] = Field(default_factory=dict, description="Follow-ups asked per task.")
    skipped: list[str] = Field(default_factory=list, description="Tasks the candidate passed.")
    activity_context: dict[str, str] = Field(
        default_factory=dict, description="The candidate's answer to each activity's context question."
    )
    parcours_notes: list[str] = Field(default_factory=list, description="Answers to the parcours question.")

    def mark_asked(self, question_id: str) -> None:
        if question_id not in self.asked:
            self.asked = [*self.asked, question_id]


def read_state(data: dict[str, Any]) -> tuple[InterviewState, bool]:
    """The state stored in a dossier, and whether it had to be reset because it could not be read."""
    if not data:
        return InterviewState(), False
    try:
        return InterviewState.model_validate(data), False
    except ValidationError:
        return InterviewState(), True
