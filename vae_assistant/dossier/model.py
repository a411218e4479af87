"""The candidate's dossier: everything vae-assistant knows about one VAE candidate, as one JSON document.

The same pydantic models are the file format (``*.vae.json``, see :mod:`vae_assistant.dossier.storage`), what the
core functions change (:mod:`vae_assistant.dossier.operations`) and what the shells, the livret and the counsellor
review read. Schema changes bump :data:`SCHEMA_VERSION` and add a step in :mod:`vae_assistant.dossier.migrations`
so that months-old files keep opening.

Why the design is what it is:

* Models are mutable (the TUI edits a dossier in place) but validate every assignment, and refuse unknown fields:
  a field we do not know is a file from another program, or a typo in a hand edit, never something to drop.
* Text the candidate typed is kept verbatim, minus what no file can hold (:mod:`vae_assistant.dossier.text`).
* The matcher's results are *copied* into the dossier (:class:`MatchRecord`) with the fingerprint of the matcher and
  referential that produced them: coverage, the livret and the counsellor read the evidence without re-running
  anything, and a changed referential or matcher is noticed (the situation is *stale*) instead of silently mixed.
* Ids are short and stable (``s3``, ``e1``, ``c12``): counters per kind live in the dossier, so an id is never
  reused after a deletion and comments or messages pointing at it cannot be mistaken for another item.
* Every timestamp is timezone-aware UTC, written in ISO 8601 (``2025-03-04T10:22:31.123456Z``).
"""

from __future__ import annotations

import re
import uuid
from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, AwareDatetime, BaseModel, ConfigDict, Field, model_validator

from vae_assistant.dossier.dates import partial_dates_in_order, validate_partial_date
from vae_assistant.dossier.text import MAX_LINE_CHARS, MAX_NARRATIVE_BYTES, clean_line, clean_text, utf8_size

SCHEMA_VERSION = 2
"""Version of the file format written by this program. v1 (before the first release) had a single free-text
``contact`` and one ``counsellor_note`` per situation instead of comments with statuses."""


def now() -> datetime:
    """The current time, timezone-aware UTC (tests monkeypatch this to freeze time)."""
    return datetime.now(UTC)


def _utc(value: datetime) -> datetime:
    return value.astimezone(UTC)


def _line(value: str) -> str:
    value = clean_line(value)
    if not value:
        raise ValueError("texte vide")
    if len(value) > MAX_LINE_CHARS:
        raise ValueError(f"plus de {MAX_LINE_CHARS} caractères")
    return value


def _text(value: str) -> str:
    value = clean_text(value)
    if utf8_size(value) > MAX_NARRATIVE_BYTES:
        raise ValueError("texte de plus de 5 Mo")
    return value


Timestamp = Annotated[AwareDatetime, AfterValidator(_utc)]
Line = Annotated[str, AfterValidator(_line)]
"""A single-line text (name, title, place): cleaned, not empty, at most MAX_LINE_CHARS characters."""
Text = Annotated[str, AfterValidator(_text)]
"""A free text kept as typed (see vae_assistant.dossier.text), at most 5 MB."""
PartialDate = Annotated[str, AfterValidator(validate_partial_date)]
"""``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD`` (see vae_assistant.dossier.dates)."""
ItemId = Annotated[str, Field(pattern=r"^[a-z]+[0-9]+$", max_length=16)]
_ID_NUMBER = re.compile(r"^([a-z]+)([0-9]+)$")
_ID_COLLECTIONS = ("experiences", "trainings", "pieces", "situations", "comments", "conversation")
RefId = Annotated[str, Field(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=64)]
"""An id of the referential (task or competency)."""
Score = Annotated[float, Field(ge=0.0, le=1.0)]

ReviewStatus = Literal["a_retravailler", "a_completer", "valide"]
ExperienceKind = Literal["job", "volunteering", "internship", "other"]
WorkingTime = Literal["full_time", "part_time"]
Role = Literal["assistant", "candidate"]
Decision = Literal["confirmed", "rejected"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", validate_assignment=True)


class _Timestamped(_Model):
    created_at: Timestamp = Field(default_factory=now)
    updated_at: Timestamp = Field(default_factory=now)

    def touch(self) -> None:
        """Record an edit."""
        self.updated_at = now()


# -- the candidate and the certification -------------------------------------------------------------------------------


class Contact(_Model):
    email: Line | None = None
    phone: Line | None = None
    address: Text | None = Field(default=None, description="Postal address, on several lines if need be.")

    @property
    def is_empty(self) -> bool:
        return not (self.email or self.phone or self.address)


class Candidate(_Model):
    nom: Line
    prenom: Line
    contact: Contact = Field(default_factory=Contact)

    @property
    def full_name(self) -> str:
        return f"{self.prenom} {self.nom}"


class Certification(_Model):
    """The certification aimed at. Title and RNCP code are copied so that they show even if the file goes missing."""

    referential_id: str
    title: Line
    short_title: Line | None = None
    rncp: str | None = None
    fingerprint: str = Field(description="Referential.fingerprint when the dossier was last matched against it.")
    referential_path: str | None = Field(
        default=None, description="The file it was loaded from, when it was given as a path rather than an id."
    )


# -- the parcours ------------------------------------------------------------------------------------------------------


class _Dated(_Timestamped):
    start: PartialDate | None = None
    end: PartialDate | None = None

    @model_validator(mode="after")
    def _dates_in_order(self) -> _Dated:
        if self.start and self.end and not partial_dates_in_order(self.start, self.end):
            raise ValueError("la date de fin précède la date de début")
        return self


class Experience(_Dated):
    """A job, a volunteering commitment, an internship: where the candidate's experience comes from."""

    id: ItemId
    kind: ExperienceKind = "job"
    employer: Line = Field(description="The employer, or the association for volunteering.")
    position: Line
    ongoing: bool = False
    working_time: WorkingTime | None = None
    part_time_percent: int | None = Field(default=None, ge=1, le=99, description="Quotité of a part-time job, %.")
    sector: Line | None = None
    description: Text | None = None

    @model_validator(mode="after")
    def _consistent(self) -> Experience:
        if self.ongoing and self.end:
            raise ValueError("une expérience en cours n'a pas de date de fin")
        if self.part_time_percent is not None and self.working_time != "part_time":
            raise ValueError("une quotité n'a de sens que pour un temps partiel")
        return self


class Training(_Dated):
    """A training followed; a single year is ``start == end == "2012"`` or just ``end``."""

    id: ItemId
    title: Line
    organisation: Line | None = None
    diploma_obtained: bool | None = Field(default=None, description="None: no diploma at stake, or not said.")


class Piece(_Timestamped):
    """A pièce justificative the candidate will attach to the livret (certificate, attestation, organisation chart)."""

    id: ItemId
    title: Line
    description: Text | None = None


# -- situations and the matcher's evidence -----------------------------------------------------------------------------


class StoredEvidence(_Model):
    """A sentence of the narrative that supports a match (copy of matching.types.Evidence)."""

    sentence: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    matched: list[str] = Field(default_factory=list)
    via: str | None = None
    score: Score = 0.0


class CompetencyEvidence(_Model):
    id: RefId
    score: Score
    evidence: list[StoredEvidence] = Field(default_factory=list, description="Best first.")


class TaskEvidence(_Model):
    id: RefId
    score: Score
    evidenced: bool = Field(description="The matcher's decision; False for a task kept only because confirmed.")
    competencies: list[CompetencyEvidence] = Field(default_factory=list, description="Best first.")

    @property
    def best_evidence(self) -> StoredEvidence | None:
        candidates = [e for c in self.competencies for e in c.evidence[:1]]
        return max(candidates, key=lambda e: e.score, default=None)

    @property
    def evidenced_competencies(self) -> list[str]:
        return [c.id for c in self.competencies if c.evidence]


class MatchRecord(_Model):
    """What the matcher found in one narrative, and which matcher and referential found it."""

    fingerprint: str = Field(description="MatchReport.fingerprint: referential fingerprint + matcher version.")
    matched_at: Timestamp = Field(default_factory=now)
    tasks: list[TaskEvidence] = Field(default_factory=list, description="Evidenced or confirmed tasks, best first.")

    def task(self, task_id: str) -> TaskEvidence | None:
        return next((t for t in self.tasks if t.id == task_id), None)


class SituationContext(_Model):
    structure: Line | None = None
    public: Line | None = None
    period: Line | None = None
    role: Line | None = None

    @property
    def is_empty(self) -> bool:
        return not (self.structure or self.public or self.period or self.role)


class Situation(_Timestamped):
    """A professional situation told by the candidate, with what it proves."""

    id: ItemId
    title: Line
    context: SituationContext = Field(default_factory=SituationContext)
    narrative: Text = Field(default="", description="The candidate's text, verbatim.")
    for_task: RefId | None = Field(default=None, description="The task it was written for, in the interview.")
    tags: list[Line] = Field(default_factory=list)
    match: MatchRecord | None = Field(default=None, description="None until matched (or when the text is empty).")
    confirmed_tasks: list[RefId] = Field(default_factory=list, description="Tasks the candidate says it proves.")
    rejected_tasks: list[RefId] = Field(
        default_factory=list, description="Tasks the matcher found that the candidate says it does not prove."
    )

    @model_validator(mode="after")
    def _decisions_disjoint(self) -> Situation:
        both = set(self.confirmed_tasks) & set(self.rejected_tasks)
        if both:
            raise ValueError(f"tâches à la fois confirmées et écartées : {', '.join(sorted(both))}")
        return self

    def decision(self, task_id: str) -> Decision | None:
        if task_id in self.confirmed_tasks:
            return "confirmed"
        if task_id in self.rejected_tasks:
            return "rejected"
        return None

    @property
    def evidenced_tasks(self) -> list[TaskEvidence]:
        """The matcher's decisions, rejected ones included (see counted_tasks)."""
        return [t for t in self.match.tasks if t.evidenced] if self.match else []

    @property
    def counted_tasks(self) -> list[str]:
        """Task ids this situation counts for: found by the matcher and not rejected, or confirmed."""
        found = [t.id for t in self.evidenced_tasks if t.id not in self.rejected_tasks]
        return found + [t for t in self.confirmed_tasks if t not in found]


# -- the counsellor and the conversation -------------------------------------------------------------------------------


class Comment(_Timestamped):
    """A counsellor's remark on a task, a situation, or a task within a situation."""

    id: ItemId
    author: Line
    text: Text = ""
    status: ReviewStatus | None = None
    situation_id: ItemId | None = None
    task_id: RefId | None = None

    @model_validator(mode="after")
    def _has_target(self) -> Comment:
        if self.situation_id is None and self.task_id is None:
            raise ValueError("un commentaire porte sur une tâche ou une situation")
        if not self.text.strip() and self.status is None:
            raise ValueError("un commentaire vide doit au moins donner un statut")
        return self


class Message(_Timestamped):
    """One turn of the conversation with the assistant."""

    id: ItemId
    role: Role
    text: Text
    task_id: RefId | None = None
    situation_id: ItemId | None = None


# -- the dossier -------------------------------------------------------------------------------------------------------


class Dossier(_Model):
    """One candidate's dossier. ``schema_version`` comes first in the file so that people and migrations see it."""

    schema_version: Literal[2] = SCHEMA_VERSION
    id: str = Field(default_factory=lambda: uuid.uuid4().hex, pattern=r"^[0-9a-f]{32}$")
    created_at: Timestamp = Field(default_factory=now)
    updated_at: Timestamp = Field(default_factory=now)
    candidate: Candidate
    certification: Certification
    experiences: list[Experience] = Field(default_factory=list)
    trainings: list[Training] = Field(default_factory=list)
    pieces: list[Piece] = Field(default_factory=list)
    situations: list[Situation] = Field(default_factory=list)
    comments: list[Comment] = Field(default_factory=list, description="In the order they were written.")
    conversation: list[Message] = Field(default_factory=list)
    interview: dict[str, Any] = Field(
        default_factory=dict, description="State of the interview engine, which owns and validates it."
    )
    id_counters: dict[str, int] = Field(
        default_factory=dict, description="Last number given per id prefix, so that ids are never reused."
    )

    @model_validator(mode="after")
    def _unique_ids(self) -> Dossier:
        for name in _ID_COLLECTIONS:
            ids = [item.id for item in getattr(self, name)]
            if len(ids) != len(set(ids)):
                duplicated = sorted({i for i in ids if ids.count(i) > 1})
                raise ValueError(f"identifiants en double dans {name} : {', '.join(duplicated)}")
        return self

    @model_validator(mode="after")
    def _counters_past_every_id(self) -> Dossier:
        """A counter below an id in use (a file edited by hand: a situation copied in, ``id_counters`` removed)
        would give that id again, and the dossier could no longer be changed; it is raised to the highest one."""
        highest: dict[str, int] = {}
        for name in _ID_COLLECTIONS:
            for item in getattr(self, name):
                found = _ID_NUMBER.match(item.id)
                if found:
                    prefix, number = found.group(1), int(found.group(2))
                    highest[prefix] = max(highest.get(prefix, 0), number)
        if any(number > self.id_counters.get(prefix, 0) for prefix, number in highest.items()):
            raised = {prefix: max(number, self.id_counters.get(prefix, 0)) for prefix, number in highest.items()}
            # not through the attribute: assignment is validated again, which would call this validator again
            self.__dict__["id_counters"] = {**self.id_counters, **raised}
        return self

    def touch(self) -> None:
        self.updated_at = now()

    def next_id(self, prefix: str) -> str:
        """A new id ``<prefix><n>``, never given before in this dossier."""
        number = self.id_counters.get(prefix, 0) + 1
        self.id_counters = {**self.id_counters, prefix: number}
        return f"{prefix}{number}"

    def situation(self, situation_id: str) -> Situation:
        for situation in self.situations:
            if situation.id == situation_id:
                return situation
        raise KeyError(situation_id)

    def comments_on(self, *, situation_id: str | None = None, task_id: str | None = None) -> list[Comment]:
        """Comments whose target is exactly this situation and/or task, oldest first."""
        return [c for c in self.comments if c.situation_id == situation_id and c.task_id == task_id]

    def latest_status(self, *, situation_id: str | None = None, task_id: str | None = None) -> ReviewStatus | None:
        """The status that shows for a target: the one of the latest comment on it that gives a status."""
        for comment in reversed(self.comments_on(situation_id=situation_id, task_id=task_id)):
            if comment.status is not None:
                return comment.status
        return None

    def situations_for_task(self, task_id: str) -> list[Situation]:
        """Situations that count for a task (see Situation.counted_tasks)."""
        return [s for s in self.situations if task_id in s.counted_tasks]
