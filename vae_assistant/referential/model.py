"""The referential of a certification, as data.

A referential file describes one certification: its blocs of competencies, its activities, their tasks and the
competencies each task calls for. The same models are the file format (YAML, see ``referential/``), the JSON
Schema offered to authors (``vae-assistant referential schema``) and what the rest of the program reads.

Source documents do not all have CASP's shape: some have no blocs, some no task table, some only a flat list of
competencies. The file therefore accepts an activity without tasks (its competencies are given directly, or its
title is its only competency) and a task without competencies (its title is its only competency). After loading,
the shape is uniform: every activity has at least one task and every task at least one competency, so that
matching, coverage, the interview and the livret never special-case a referential. Units made up this way are
marked ``implicit`` and are not written back to files.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterator
from datetime import date
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, model_validator


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("empty text")
    return value


Text = Annotated[str, AfterValidator(_not_blank)]
"""A text kept verbatim, which must not be empty or only blanks."""

Identifier = Annotated[
    str,
    StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$", max_length=64),
]
"""An id as the source document writes it (``1.1``, ``3.3.c7``, ``B2``): letters, digits, dots, dashes."""

Slug = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=80)]

RncpCode = Annotated[str, StringConstraints(pattern=r"^RNCP\d{2,6}$")]

CompetencyKind = Literal["associated", "evaluated"]


class _Strict(BaseModel):
    """Unknown fields are an author's typo, not something to ignore silently."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Strict):
    """A document the referential was transcribed or imported from."""

    title: Text
    file: Text | None = None
    url: Text | None = None
    year: int | None = Field(default=None, ge=1900, le=2100)


class Registration(_Strict):
    """The certification's entries in the national register (RNCP)."""

    code: RncpCode = Field(description="The RNCP number this referential describes, e.g. RNCP7426.")
    current: RncpCode | None = Field(
        default=None, description="The newer registration that replaced it, when there is one."
    )
    previous: list[RncpCode] = Field(default_factory=list, description="Older registrations it replaced.")
    active: bool | None = Field(default=None, description="Whether candidates can still be certified.")
    end_date: date | None = Field(default=None, description="End of the registration (DATE_FIN_ENREGISTREMENT).")
    vae: bool | None = Field(default=None, description="Whether the certification is open to VAE.")


class Competency(_Strict):
    """One competency of a task, verbatim from the source."""

    id: Identifier
    text: Text = Field(description="Verbatim text; sub-items stay on their own lines, starting with '- '.")
    kind: CompetencyKind = Field(
        default="associated",
        description="'associated': competency associated with the task; "
        "'evaluated': competency or capacity the certification evaluates.",
    )
    implicit: bool = Field(default=False, exclude=True, description="Set by the loader; never written.")


class Task(_Strict):
    """A task of an activity: the unit a candidate proves with situations."""

    id: Identifier
    title: Text
    competencies: list[Competency] = Field(
        default_factory=list, description="When empty, the task's title is its only competency."
    )
    evaluation: Text | None = Field(default=None, description="Modalités d'évaluation, verbatim.")
    criteria: Text | None = Field(default=None, description="Critères d'évaluation, verbatim.")
    implicit: bool = Field(default=False, exclude=True, description="Set by the loader; never written.")

    @model_validator(mode="after")
    def _title_as_competency(self) -> Task:
        if not self.competencies:
            implicit = Competency(id=f"{self.id}.c1", text=self.title, implicit=True)
            object.__setattr__(self, "competencies", [implicit])
        return self

    @property
    def explicit_competencies(self) -> list[Competency]:
        return [c for c in self.competencies if not c.implicit]

    @property
    def competency_groups(self) -> list[list[Competency]]:
        """Competencies grouped by wording, in order of first appearance.

        Referentials often evaluate a competency with the very words of an associated one; counting, listing or
        asking about it twice would mislead the candidate and the jury.
        """
        groups: dict[str, list[Competency]] = {}
        for competency in self.competencies:
            groups.setdefault(wording_key(competency.text), []).append(competency)
        return list(groups.values())


def headline(title: str) -> str:
    """A title's first line, on one line: a task title may go on with its sub-steps ("2.4.a : Préparation…"),
    which a list of gaps or a short mention does not need."""
    first = next((line for line in title.splitlines() if line.strip()), title)
    return " ".join(first.split())


def wording_key(text: str) -> str:
    """The wording of a text, blind to case, spacing and closing punctuation."""
    return " ".join(text.casefold().split()).rstrip(" .;:!")


class Activity(_Strict):
    """An activity of the trade; optionally attached to a bloc of competencies."""

    id: Identifier
    title: Text
    bloc: Identifier | None = Field(
        default=None, description="Id of the bloc this activity belongs to; null for a transversal activity."
    )
    description: Text | None = None
    tasks: list[Task] = Field(default_factory=list)
    competencies: list[Competency] = Field(
        default_factory=list,
        description="For a source without tasks: the activity's competencies, given directly. "
        "An activity gives tasks or competencies, not both; with neither, its title is its only competency.",
    )

    @model_validator(mode="after")
    def _uniform_shape(self) -> Activity:
        if self.tasks and self.competencies:
            raise ValueError("an activity lists either tasks or competencies, not both")
        if not self.tasks:
            task = Task(id=self.id, title=self.title, competencies=list(self.competencies), implicit=True)
            object.__setattr__(self, "tasks", [task])
        return self

    @property
    def explicit_tasks(self) -> list[Task]:
        return [t for t in self.tasks if not t.implicit]


class Bloc(_Strict):
    """A bloc de compétences of the RNCP fiche."""

    id: Identifier
    title: Text
    label: Text | None = Field(default=None, description="The bloc's heading in the fiche, e.g. its official code.")
    description: Text | None = Field(default=None, description="Descriptif, verbatim.")
    evaluation: Text | None = Field(default=None, description="Modalités d'évaluation types, verbatim.")


class Referential(_Strict):
    """A certification's referential: blocs, activities, tasks, competencies."""

    format: Literal[1] = Field(description="Version of this file format.")
    id: Slug = Field(description="Short stable id used on the command line, e.g. casp-rncp7426.")
    title: Text
    short_title: Text | None = None
    certifier: Text
    rncp: Registration
    level: Text | None = Field(
        default=None, description="Level as the fiche states it, e.g. '5 (Nomenclature Europe)'."
    )
    language: Literal["fr"] = "fr"
    description: Text | None = Field(default=None, description="Summary of the trade, for context.")
    notes: Text | None = Field(
        default=None, description="Remarks for the counsellor, e.g. what an automatic import could not tell."
    )
    sources: list[Source] = Field(default_factory=list)
    blocs: list[Bloc] = Field(default_factory=list)
    activities: list[Activity] = Field(min_length=1)

    # -- navigation ---------------------------------------------------------------------------------------------

    def iter_tasks(self) -> Iterator[tuple[Activity, Task]]:
        for activity in self.activities:
            for task in activity.tasks:
                yield activity, task

    @property
    def tasks(self) -> list[Task]:
        return [task for _, task in self.iter_tasks()]

    @property
    def competencies(self) -> list[Competency]:
        return [c for task in self.tasks for c in task.competencies]

    def task(self, task_id: str) -> Task:
        for task in self.tasks:
            if task.id == task_id:
                return task
        raise KeyError(task_id)

    def activity_of(self, task_id: str) -> Activity:
        for activity, task in self.iter_tasks():
            if task.id == task_id:
                return activity
        raise KeyError(task_id)

    def bloc(self, bloc_id: str) -> Bloc:
        for bloc in self.blocs:
            if bloc.id == bloc_id:
                return bloc
        raise KeyError(bloc_id)

    def activities_of_bloc(self, bloc_id: str | None) -> list[Activity]:
        """The activities of a bloc; ``None`` gives the transversal activities (attached to no bloc)."""
        return [a for a in self.activities if a.bloc == bloc_id]

    @property
    def fingerprint(self) -> str:
        """A digest of the content, so that a dossier notices when its referential changed under it."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, ensure_ascii=False)
        return "sha256:" + hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:32]

    def to_file_data(self) -> dict:
        """The referential as it is written to a file: what the loader made up itself is left out."""
        data = self.model_dump(mode="json", exclude_none=True, exclude_defaults=False)
        for activity, activity_data in zip(self.activities, data["activities"], strict=True):
            if activity.tasks and activity.tasks[0].implicit:
                del activity_data["tasks"]
                tasks_data: list[dict] = []
            else:
                tasks_data = activity_data["tasks"]
            if not activity_data.get("competencies"):
                activity_data.pop("competencies", None)
            for task, task_data in zip(activity.explicit_tasks, tasks_data, strict=True):
                task_data["competencies"] = [
                    c_data
                    for c, c_data in zip(task.competencies, task_data["competencies"], strict=True)
                    if not c.implicit
                ]
                if not task_data["competencies"]:
                    del task_data["competencies"]
        for key in ("previous",):
            if not data["rncp"].get(key):
                data["rncp"].pop(key, None)
        for key in ("sources", "blocs"):
            if not data.get(key):
                data.pop(key, None)
        return data
