"""What the matcher returns: tasks and competencies a text gives evidence for, with the sentences that prove it.

These types are the contract between the matcher and everything that reads its results (the dossier stores them,
coverage aggregates them, the interview quotes them, the counsellor checks them). Scores are in [0, 1].
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field


class _Frozen(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Evidence(_Frozen):
    """A sentence of the candidate's text that supports a match, so that a person can check it."""

    sentence: str = Field(description="The candidate's sentence, verbatim.")
    start: int = Field(ge=0, description="Offset of the sentence in the matched text.")
    end: int = Field(ge=0, description="End offset (exclusive) of the sentence in the matched text.")
    matched: list[str] = Field(
        default_factory=list, description="The candidate's own words or phrases, inside the sentence, that matched."
    )
    via: str | None = Field(
        default=None, description="What they matched: a phrase of the competency or of the trade vocabulary."
    )
    score: float = Field(ge=0.0, le=1.0, default=0.0)


class CompetencyMatch(_Frozen):
    id: str
    score: float = Field(ge=0.0, le=1.0)
    evidence: list[Evidence] = Field(default_factory=list, description="Best first.")


class TaskMatch(_Frozen):
    id: str
    score: float = Field(ge=0.0, le=1.0)
    evidenced: bool = Field(description="True when the score passes the decision threshold.")
    competencies: list[CompetencyMatch] = Field(default_factory=list, description="Best first.")

    @property
    def best_evidence(self) -> Evidence | None:
        for competency in self.competencies:
            if competency.evidence:
                return competency.evidence[0]
        return None


class MatchReport(_Frozen):
    """The matcher's reading of one text against one referential."""

    referential_id: str
    fingerprint: str = Field(description="Referential fingerprint and matcher version: a change invalidates it.")
    tasks: list[TaskMatch] = Field(
        default_factory=list, description="Every task with a non-zero score, best first; `evidenced` marks decisions."
    )

    @property
    def evidenced(self) -> list[TaskMatch]:
        return [t for t in self.tasks if t.evidenced]

    def task(self, task_id: str) -> TaskMatch | None:
        return next((t for t in self.tasks if t.id == task_id), None)
