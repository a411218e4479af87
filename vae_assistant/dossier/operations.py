"""What can be done to a dossier: the core operations both the CLI and the TUI call.

Each function changes the dossier in place, records the time of the edit, and raises
:class:`~vae_assistant.errors.InputError` with a French message for anything the user asked that cannot be done
(an unknown situation, an empty text, a task the referential does not have). Nothing here reads or writes files:
saving is :mod:`vae_assistant.dossier.storage`'s job, and the shells decide when.

The matcher is a parameter (a callable text → :class:`~vae_assistant.matching.types.MatchReport`), so that the
core is tested with small fakes and the shells pass ``get_matcher(ref).match``
(see :func:`vae_assistant.dossier.matching.match_function`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from vae_assistant.dossier.errors import describe_validation_error
from vae_assistant.dossier.labels import FIELD_LABELS
from vae_assistant.dossier.model import (
    Candidate,
    Certification,
    Comment,
    CompetencyEvidence,
    Contact,
    Decision,
    Dossier,
    Experience,
    MatchRecord,
    Message,
    Piece,
    ReviewStatus,
    Role,
    Situation,
    SituationContext,
    StoredEvidence,
    TaskEvidence,
    Training,
    now,
)
from vae_assistant.dossier.text import check_line_length, check_narrative_size, clean_line, clean_text
from vae_assistant.errors import InputError
from vae_assistant.matching.types import MatchReport, TaskMatch
from vae_assistant.referential.model import Referential

MatchFunction = Callable[[str], MatchReport]
"""The matcher as the dossier sees it: ``get_matcher(ref).match``."""

MAX_EVIDENCE_PER_COMPETENCY = 3
"""Sentences kept per competency: enough for the counsellor to check, small enough for 40 situations."""

T = TypeVar("T", bound=BaseModel)


class _Unset:
    def __repr__(self) -> str:
        return "UNSET"


UNSET: Any = _Unset()
"""Default of the optional arguments of the ``edit_*`` functions: leave this field as it is."""


def _validated(cls: type[T], data: dict[str, Any], what: str) -> T:
    try:
        return cls.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"{what} : donnée invalide.\n{describe_validation_error(exc, labels=FIELD_LABELS)}") from None


def _update_in_place(item: T, changes: dict[str, Any], what: str) -> T:
    """Apply ``changes`` all at once (validators see the final state), keeping the object's identity."""
    changes = {k: v for k, v in changes.items() if v is not UNSET}
    if not changes:
        return item
    merged = {**item.model_dump(), **changes}
    if "updated_at" in type(item).model_fields:
        merged["updated_at"] = now()
    fresh = _validated(type(item), merged, what)
    item.__dict__.update(fresh.__dict__)
    item.__pydantic_fields_set__.update(changes)
    return item


def _optional_line(value: str | None) -> str | None:
    if value is None:
        return None
    value = clean_line(value)
    return value or None


_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")


def _email(value: str | None) -> str | None:
    """An address the jury can write to, or none: « marie@ », « marie lefevre@exemple.fr » are typos."""
    value = _optional_line(value)
    if value is not None and not _EMAIL.fullmatch(value):
        raise InputError(
            f"Adresse électronique incomplète ou mal écrite : « {value} ».",
            hint="Écrivez-la en entier, sans espace, par exemple prenom.nom@exemple.fr.",
        )
    return value


def _required_line(value: str, what: str) -> str:
    cleaned = clean_line(value or "")
    if not cleaned:
        raise InputError(f"{what} ne peut pas être vide.")
    check_line_length(cleaned, what)
    return cleaned


# -- creating a dossier ------------------------------------------------------------------------------------------------


def certification_for(referential: Referential, referential_path: str | None = None) -> Certification:
    return Certification(
        referential_id=referential.id,
        title=referential.title,
        short_title=referential.short_title,
        rncp=referential.rncp.code,
        fingerprint=referential.fingerprint,
        referential_path=referential_path,
    )


def new_dossier(
    referential: Referential,
    *,
    nom: str,
    prenom: str,
    email: str | None = None,
    phone: str | None = None,
    address: str | None = None,
    referential_path: str | None = None,
) -> Dossier:
    """A new, empty dossier for a candidate aiming at the certification ``referential`` describes."""
    contact = Contact(email=_email(email), phone=_optional_line(phone), address=address or None)
    candidate = Candidate(
        nom=_required_line(nom, "Le nom"), prenom=_required_line(prenom, "Le prénom"), contact=contact
    )
    stamp = now()
    return Dossier(
        created_at=stamp,
        updated_at=stamp,
        candidate=candidate,
        certification=certification_for(referential, referential_path),
    )


def edit_candidate(
    dossier: Dossier,
    *,
    nom: str = UNSET,
    prenom: str = UNSET,
    email: str | None = UNSET,
    phone: str | None = UNSET,
    address: str | None = UNSET,
) -> Candidate:
    if nom is not UNSET:
        nom = _required_line(nom, "Le nom")
    if prenom is not UNSET:
        prenom = _required_line(prenom, "Le prénom")
    contact = {
        k: (_optional_line(v) if k != "address" else (v or None))
        for k, v in (("email", email), ("phone", phone), ("address", address))
        if v is not UNSET
    }
    if "email" in contact:
        contact["email"] = _email(contact["email"])
    if contact:
        _update_in_place(dossier.candidate.contact, contact, "Coordonnées")
    _update_in_place(dossier.candidate, {"nom": nom, "prenom": prenom}, "Candidat")
    dossier.touch()
    return dossier.candidate


# -- matching ----------------------------------------------------------------------------------------------------------


def _stored_task(task: TaskMatch, evidenced: bool) -> TaskEvidence:
    return TaskEvidence(
        id=task.id,
        score=task.score,
        evidenced=evidenced,
        competencies=[
            CompetencyEvidence(
                id=c.id,
                score=c.score,
                evidence=[
                    StoredEvidence(
                        sentence=e.sentence, start=e.start, end=e.end, matched=list(e.matched), via=e.via, score=e.score
                    )
                    for e in c.evidence[:MAX_EVIDENCE_PER_COMPETENCY]
                ],
            )
            for c in task.competencies
        ],
    )


def record_from_report(report: MatchReport, keep: Iterable[str] = ()) -> MatchRecord:
    """The dossier's copy of a match: evidenced tasks, plus the tasks in ``keep`` (confirmed ones) if scored."""
    keep = set(keep)
    return MatchRecord(
        fingerprint=report.fingerprint,
        tasks=[_stored_task(t, t.evidenced) for t in report.tasks if t.evidenced or t.id in keep],
    )


def match_situation(situation: Situation, match: MatchFunction) -> MatchRecord:
    """(Re-)run the matcher on a situation's narrative and store the result in it."""
    situation.match = record_from_report(match(situation.narrative), keep=situation.confirmed_tasks)
    return situation.match


def current_fingerprint(match: MatchFunction) -> str:
    """The fingerprint the matcher puts on its reports (an empty text costs nothing to match)."""
    return match("").fingerprint


def is_stale(situation: Situation, fingerprint: str) -> bool:
    """Never matched, or matched by another referential or matcher version than the current one."""
    return situation.match is None or situation.match.fingerprint != fingerprint


MAX_CHANGES_LISTED = 4
"""Situations whose recognised tasks changed named one by one after a re-analysis; the others are counted."""


@dataclass
class RefreshResult:
    """What :func:`refresh_matches` did, so that shells can say so."""

    referential_changed: bool = False
    rematched: list[str] = field(default_factory=list)
    unknown_tasks: dict[str, list[str]] = field(default_factory=dict)
    # Per situation, the tasks the new analysis no longer shows / shows in addition (rejected ones left out), so
    # that a candidate back after a break is told what moved, and that a task she confirmed is kept.
    lost: dict[str, list[str]] = field(default_factory=dict)
    gained: dict[str, list[str]] = field(default_factory=dict)
    kept_confirmed: dict[str, list[str]] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.referential_changed or bool(self.rematched)

    def messages(self) -> list[str]:
        """French sentences for the user; empty when nothing happened."""
        out = []
        count = len(self.rematched)
        plural = "s" if count > 1 else ""
        if self.referential_changed:
            out.append(
                f"Le référentiel a changé depuis la dernière analyse : {count} situation{plural} ré-analysée{plural}."
            )
        elif count:
            out.append(f"Le repérage des compétences a été mis à jour : {count} situation{plural} ré-analysée{plural}.")
        summary = self.change_summary()
        if summary:
            out.append(summary)
        for situation_id, tasks in self.unknown_tasks.items():
            out.append(
                f"Situation {situation_id} : tâche(s) {', '.join(tasks)} absente(s) du référentiel actuel, ignorée(s)."
            )
        return out

    def change_summary(self) -> str | None:
        """« Ce qui change — situation s1 : tâche 6.1 plus repérée… », None when no recognised task moved."""
        changes = [text for situation_id in self.rematched if (text := self._situation_changes(situation_id))]
        if not changes:
            return None
        more = len(changes) - MAX_CHANGES_LISTED
        listed = " ; ".join(changes[:MAX_CHANGES_LISTED])
        if more > 0:  # the assistant shows this in a notice that must fit a small terminal
            listed += f" ; et {'une autre situation' if more == 1 else f'{more} autres situations'}"
        return "Ce qui change — " + listed + "."

    def _situation_changes(self, situation_id: str) -> str:
        parts = []
        kept = self.kept_confirmed.get(situation_id, [])
        dropped = [t for t in self.lost.get(situation_id, []) if t not in kept]
        if dropped:
            parts.append(f"{_tasks_phrase(dropped)} plus repérée{_plural(dropped)}")
        if kept:
            parts.append(
                f"{_tasks_phrase(kept)} plus repérée{_plural(kept)} "
                + ("(confirmée, elle reste comptée)" if len(kept) == 1 else "(confirmées, elles restent comptées)")
            )
        gained = self.gained.get(situation_id, [])
        if gained:
            parts.append(f"{_tasks_phrase(gained)} repérée{_plural(gained)} en plus")
        return f"situation {situation_id} : " + ", ".join(parts) if parts else ""


def _plural(items: list[str]) -> str:
    return "s" if len(items) > 1 else ""


def _tasks_phrase(task_ids: list[str]) -> str:
    return f"tâche{_plural(task_ids)} {', '.join(task_ids)}"


def _evidenced(situation: Situation) -> list[str]:
    return [t.id for t in situation.match.tasks if t.evidenced] if situation.match else []


def refresh_matches(dossier: Dossier, referential: Referential, match: MatchFunction) -> RefreshResult:
    """Re-match every stale situation; record the referential's new fingerprint if it changed.

    Decisions on tasks the new referential no longer has are kept (the referential may come back) but reported.
    """
    if referential.id != dossier.certification.referential_id:
        raise InputError(
            f"Ce dossier vise le référentiel « {dossier.certification.referential_id} », pas « {referential.id} »."
        )
    result = RefreshResult(referential_changed=dossier.certification.fingerprint != referential.fingerprint)
    fingerprint = current_fingerprint(match)
    order = {t.id: n for n, t in enumerate(referential.tasks)}
    for situation in dossier.situations:
        if result.referential_changed or is_stale(situation, fingerprint):
            before = _evidenced(situation) if situation.match is not None else None
            match_situation(situation, match)
            result.rematched.append(situation.id)
            if before is None:  # never analysed (added while no matcher was available): nothing to compare
                continue
            after = _evidenced(situation)
            before.sort(key=lambda t: order.get(t, len(order)))
            rejected = set(situation.rejected_tasks)
            lost = [t for t in before if t not in after and t not in rejected]
            gained = [t for t in after if t not in before and t not in rejected and t not in situation.confirmed_tasks]
            gained.sort(key=lambda t: order.get(t, len(order)))
            if lost:
                result.lost[situation.id] = lost
                kept = [t for t in lost if t in situation.confirmed_tasks]
                if kept:
                    result.kept_confirmed[situation.id] = kept
            if gained:
                result.gained[situation.id] = gained
    known = {t.id for t in referential.tasks}
    for situation in dossier.situations:
        unknown = [t for t in (*situation.confirmed_tasks, *situation.rejected_tasks) if t not in known]
        if unknown:
            result.unknown_tasks[situation.id] = unknown
    if result.referential_changed:
        fresh = certification_for(referential, dossier.certification.referential_path)
        _update_in_place(dossier.certification, fresh.model_dump(), "Certification")
    if result.changed:
        dossier.touch()
    return result


# -- situations --------------------------------------------------------------------------------------------------------

# A sentence ends after . ! ? … but not after an initial (« monsieur K. », « Mme B. », « M. D. »): anonymised
# names are made of them, and the title of « Pour monsieur K. on avait signé… » is not « Pour monsieur K ».
_SENTENCE_END = re.compile(r"(?<=[.!?…])(?<![\s(][A-ZÀ-Ý]\.)(?<!^[A-ZÀ-Ý]\.)\s|\n")


def default_title(narrative: str, number: int) -> str:
    """A title from the first sentence of the text, cut at a word, or « Situation n » for an empty text."""
    first = _SENTENCE_END.split(narrative.strip(), maxsplit=1)[0].strip() if narrative.strip() else ""
    first = clean_line(first).rstrip(".!?… ")
    if not first:
        return f"Situation {number}"
    if first.split()[0].islower():  # a heading starts with a capital (« en mars 2023… » was typed fast)
        first = first[0].upper() + first[1:]
    if len(first) <= 70:
        return first
    # a long first sentence ends its title at a clause (« Un mardi un monsieur est venu à l'accueil, il était
    # perdu… » gives « Un mardi un monsieur est venu à l'accueil »), which reads as a heading in the livret; a
    # title cut inside a clause (« …perdu avec un… ») only when no clause of some length ends in the first 70
    clause = max(first.rfind(mark, 0, 71) for mark in (", ", " ; ", "\u00a0;", " : ", "\u00a0:"))
    if clause >= _TITLE_MIN_CLAUSE:
        return first[:clause].rstrip(" ,;:\u00a0")
    cut = first[:70].rsplit(" ", 1)[0]
    return cut + "…"


_TITLE_MIN_CLAUSE = 30
"""Characters before a comma or colon that make a title of their own (« Un jour, » does not)."""


_HEADING_MAX_WORDS = 15
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\u00a0]*\n")


def split_heading(text: str, title: str | None = None) -> tuple[str | None, str]:
    """The heading a pasted text starts with, and the text without it: ``(heading, body)``.

    Candidates paste situations written in Word with their title on the first line; kept in the narrative, that
    line would appear twice in the livret (as the situation's title, then as its first paragraph). A heading is a
    first paragraph of one short line that does not end like a sentence, followed by more text. When ``title`` is
    given, only a first line equal to it is taken out. Otherwise ``(None, text)``: nothing is ever dropped.
    """
    parts = _PARAGRAPH_BREAK.split(text.lstrip("\n"), maxsplit=1)
    if len(parts) < 2 or not parts[1].strip():
        return None, text
    first = parts[0].strip()
    if title is not None:
        same = clean_line(first).rstrip(".!?… ").casefold() == clean_line(title).rstrip(".!?… ").casefold()
        return (clean_line(first), parts[1]) if same else (None, text)
    looks_like_a_heading = (
        first
        and "\n" not in first
        and len(first.split()) <= _HEADING_MAX_WORDS
        and not first.endswith((".", ",", ";", ":", "!", "?", "…"))
    )
    return (clean_line(first), parts[1]) if looks_like_a_heading else (None, text)


def find_situation(dossier: Dossier, situation_id: str) -> Situation:
    try:
        return dossier.situation(situation_id)
    except KeyError:
        known = ", ".join(s.id for s in dossier.situations) or "aucune"
        raise InputError(
            f"Aucune situation « {situation_id} » dans ce dossier.", hint=f"Situations existantes : {known}."
        ) from None


def _check_task(referential: Referential | None, task_id: str | None) -> None:
    if task_id is None or referential is None:
        return
    if task_id not in {t.id for t in referential.tasks}:
        # « referential show --brief » listed the default referential's tasks (CASP), not always this one's
        raise InputError(
            f"Le référentiel « {referential.id} » n'a pas de tâche « {task_id} ».",
            hint=f"Ses tâches : {', '.join(t.id for t in referential.tasks)}.",
        )


def _context(context: SituationContext | dict[str, str | None] | None) -> SituationContext:
    if context is None:
        return SituationContext()
    if isinstance(context, SituationContext):
        return context
    for key, value in context.items():
        if value:
            check_line_length(clean_line(value), f"Le champ « {FIELD_LABELS.get(key, key)} »")
    return _validated(SituationContext, {k: _optional_line(v) for k, v in context.items()}, "Contexte")


def _narrative(text: str) -> str:
    check_narrative_size(text)
    return clean_text(text)


def add_situation(
    dossier: Dossier,
    narrative: str,
    *,
    title: str | None = None,
    context: SituationContext | dict[str, str | None] | None = None,
    for_task: str | None = None,
    tags: Iterable[str] = (),
    match: MatchFunction | None = None,
    referential: Referential | None = None,
) -> Situation:
    """Add a situation told by the candidate and, when a matcher is given, find what it proves."""
    narrative = _narrative(narrative)
    _check_task(referential, for_task)
    number = dossier.id_counters.get("s", 0) + 1
    title = _required_line(title, "Le titre") if title and clean_line(title) else default_title(narrative, number)
    stamp = now()
    situation = Situation(
        id=f"s{number}",
        title=title,
        context=_context(context),
        narrative=narrative,
        for_task=for_task,
        tags=[t for t in (clean_line(tag) for tag in tags) if t],
        created_at=stamp,
        updated_at=stamp,
    )
    dossier.next_id("s")
    if match is not None:
        match_situation(situation, match)
    dossier.situations.append(situation)
    dossier.touch()
    return situation


def edit_situation(
    dossier: Dossier,
    situation_id: str,
    *,
    title: str = UNSET,
    narrative: str = UNSET,
    context: SituationContext | dict[str, str | None] = UNSET,
    for_task: str | None = UNSET,
    tags: Iterable[str] = UNSET,
    match: MatchFunction | None = None,
    referential: Referential | None = None,
) -> Situation:
    """Change a situation; a new narrative is matched again (old evidence offsets would point into the void)."""
    situation = find_situation(dossier, situation_id)
    changes: dict[str, Any] = {}
    if title is not UNSET:
        changes["title"] = _required_line(title, "Le titre")
    if narrative is not UNSET:
        changes["narrative"] = _narrative(narrative)
    if context is not UNSET:
        changes["context"] = _context(context).model_dump()
    if for_task is not UNSET:
        _check_task(referential, for_task)
        changes["for_task"] = for_task
    if tags is not UNSET:
        changes["tags"] = [t for t in (clean_line(tag) for tag in tags) if t]
    text_changed = "narrative" in changes and changes["narrative"] != situation.narrative
    if text_changed:
        changes["match"] = None
    _update_in_place(situation, changes, f"Situation {situation_id}")
    if text_changed and match is not None:
        match_situation(situation, match)
    dossier.touch()
    return situation


def delete_situation(dossier: Dossier, situation_id: str) -> Situation:
    """Remove a situation and the counsellor's comments on it (they point at nothing any more).

    Conversation messages that mention it are history and stay. Its id is never given again.
    """
    situation = find_situation(dossier, situation_id)
    dossier.situations.remove(situation)
    dossier.comments = [c for c in dossier.comments if c.situation_id != situation_id]
    dossier.touch()
    return situation


def set_decision(
    dossier: Dossier,
    situation_id: str,
    task_id: str,
    decision: Decision | None,
    *,
    referential: Referential | None = None,
    match: MatchFunction | None = None,
) -> Situation:
    """Record that the candidate confirms (or rejects, or no longer judges) that a situation proves a task.

    Confirming a task the matcher did not decide on keeps the matcher's evidence for it when there is some (a
    matcher is needed to look it up), so that coverage can still tell which competencies the text shows.
    """
    situation = find_situation(dossier, situation_id)
    _check_task(referential, task_id)
    confirmed = [t for t in situation.confirmed_tasks if t != task_id]
    rejected = [t for t in situation.rejected_tasks if t != task_id]
    if decision == "confirmed":
        confirmed.append(task_id)
    elif decision == "rejected":
        rejected.append(task_id)
    _update_in_place(situation, {"confirmed_tasks": confirmed, "rejected_tasks": rejected}, "Décision")
    if decision == "confirmed" and match is not None:
        has_record = situation.match is not None and situation.match.task(task_id) is not None
        if not has_record:
            match_situation(situation, match)
    dossier.touch()
    return situation


def confirm_task(dossier: Dossier, situation_id: str, task_id: str, **kwargs: Any) -> Situation:
    return set_decision(dossier, situation_id, task_id, "confirmed", **kwargs)


def reject_task(dossier: Dossier, situation_id: str, task_id: str, **kwargs: Any) -> Situation:
    return set_decision(dossier, situation_id, task_id, "rejected", **kwargs)


# -- the counsellor's comments and the conversation --------------------------------------------------------------------


def add_comment(
    dossier: Dossier,
    *,
    author: str,
    text: str,
    status: ReviewStatus | None = None,
    situation_id: str | None = None,
    task_id: str | None = None,
    referential: Referential | None = None,
) -> Comment:
    """A counsellor's comment on a task, a situation, or a task within a situation."""
    if situation_id is not None:
        find_situation(dossier, situation_id)
    _check_task(referential, task_id)
    if situation_id is None and task_id is None:
        raise InputError("Un commentaire porte sur une tâche, une situation, ou une tâche dans une situation.")
    text = clean_text(text)
    if not text.strip() and status is None:
        raise InputError("Le commentaire est vide : écrivez un texte ou donnez un statut.")
    check_narrative_size(text)
    stamp = now()
    comment = _validated(
        Comment,
        {
            "id": dossier.next_id("c"),
            "author": _required_line(author, "L'auteur"),
            "text": text,
            "status": status,
            "situation_id": situation_id,
            "task_id": task_id,
            "created_at": stamp,
            "updated_at": stamp,
        },
        "Commentaire",
    )
    dossier.comments.append(comment)
    dossier.touch()
    return comment


def _find(items: list[T], item_id: str, what: str) -> T:
    for item in items:
        if item.id == item_id:  # type: ignore[attr-defined]
            return item
    raise InputError(f"{what} « {item_id} » introuvable dans ce dossier.")


def edit_comment(
    dossier: Dossier, comment_id: str, *, text: str = UNSET, status: ReviewStatus | None = UNSET
) -> Comment:
    comment = _find(dossier.comments, comment_id, "Commentaire")
    changes = {"text": clean_text(text) if text is not UNSET else UNSET, "status": status}
    _update_in_place(comment, changes, "Commentaire")
    dossier.touch()
    return comment


def delete_comment(dossier: Dossier, comment_id: str) -> Comment:
    comment = _find(dossier.comments, comment_id, "Commentaire")
    dossier.comments.remove(comment)
    dossier.touch()
    return comment


def add_message(
    dossier: Dossier, role: Role, text: str, *, task_id: str | None = None, situation_id: str | None = None
) -> Message:
    """Append a turn of the conversation with the assistant."""
    check_narrative_size(text)
    stamp = now()
    message = _validated(
        Message,
        {
            "id": dossier.next_id("m"),
            "role": role,
            "text": clean_text(text),
            "task_id": task_id,
            "situation_id": situation_id,
            "created_at": stamp,
            "updated_at": stamp,
        },
        "Message",
    )
    dossier.conversation.append(message)
    dossier.touch()
    return message


# -- parcours and pièces -----------------------------------------------------------------------------------------------

_PARCOURS: dict[str, tuple[str, type[BaseModel], str]] = {
    "experiences": ("e", Experience, "Expérience"),
    "trainings": ("f", Training, "Formation"),
    "pieces": ("p", Piece, "Pièce justificative"),
}


def _add_item(dossier: Dossier, collection: str, fields: dict[str, Any]) -> Any:
    prefix, cls, what = _PARCOURS[collection]
    for key, value in fields.items():
        if isinstance(value, str) and key not in ("description",):
            check_line_length(clean_line(value), f"Le champ « {FIELD_LABELS.get(key, key)} »")
    stamp = now()
    number = dossier.id_counters.get(prefix, 0) + 1
    item = _validated(cls, {**fields, "id": f"{prefix}{number}", "created_at": stamp, "updated_at": stamp}, what)
    dossier.next_id(prefix)
    getattr(dossier, collection).append(item)
    dossier.touch()
    return item


def add_experience(dossier: Dossier, **fields: Any) -> Experience:
    """Fields of :class:`~vae_assistant.dossier.model.Experience` (dates as partial ISO strings)."""
    return _add_item(dossier, "experiences", fields)


def add_training(dossier: Dossier, **fields: Any) -> Training:
    return _add_item(dossier, "trainings", fields)


def add_piece(dossier: Dossier, **fields: Any) -> Piece:
    return _add_item(dossier, "pieces", fields)


def _collection_of(item_id: str) -> tuple[str, str]:
    for collection, (prefix, _, what) in _PARCOURS.items():
        if re.fullmatch(rf"{prefix}\d+", item_id):
            return collection, what
    raise InputError(f"« {item_id} » n'est ni une expérience (e…), ni une formation (f…), ni une pièce (p…).")


def edit_item(dossier: Dossier, item_id: str, **changes: Any) -> Any:
    """Change an experience, a training or a pièce, by id (``e2``, ``f1``, ``p3``)."""
    collection, what = _collection_of(item_id)
    item = _find(getattr(dossier, collection), item_id, what)
    _update_in_place(item, changes, what)
    dossier.touch()
    return item


def delete_item(dossier: Dossier, item_id: str) -> Any:
    collection, what = _collection_of(item_id)
    items = getattr(dossier, collection)
    item = _find(items, item_id, what)
    items.remove(item)
    dossier.touch()
    return item


# -- importing a Word draft --------------------------------------------------------------------------------------------


def import_draft(
    dossier: Dossier,
    sections: Iterable[Any],
    *,
    match: MatchFunction | None = None,
    referential: Referential | None = None,
) -> list[Situation]:
    """Add one situation per section of a draft (:class:`~vae_assistant.dossier.docx_import.DraftSection`).

    Every section is checked before any is added, so that a refused draft leaves the dossier as it was. A
    section's ``context`` (read from a context table under its heading) becomes the situation's context.
    """
    sections = list(sections)
    for section in sections:
        check_narrative_size(section.text)
    return [
        add_situation(
            dossier,
            section.text,
            title=section.title,
            context=section.context,
            tags=section.tags,
            match=match,
            referential=referential,
        )
        for section in sections
    ]


def needs_refresh(dossier: Dossier, referential: Referential, match: MatchFunction) -> bool:
    """Whether :func:`refresh_matches` would change anything (the referential or the matcher changed)."""
    if dossier.certification.fingerprint != referential.fingerprint:
        return True
    fingerprint = current_fingerprint(match)
    return any(is_stale(s, fingerprint) for s in dossier.situations)
