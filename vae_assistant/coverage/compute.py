"""Coverage of a referential by a dossier: pure functions of (dossier, referential), no matching, no files.

Definitions (also in README, « Dossier et couverture »):

* A situation **counts** for a task when the matcher found the task in it and the candidate did not reject it, or
  when the candidate confirmed it. A situation the counsellor sent back for that task or as a whole (latest status
  *à retravailler* or *à compléter*) still counts, but its sentences are **weak** proof.
* A **competency** is *couvert* when a counting situation has a sentence that shows it (strong proof), *partiel*
  when its only sentences are weak, *non couvert* otherwise. A sentence the matcher credits with less than
  :data:`MIN_STRONG_SCORE` for the competency is weak too: it mostly tells something else (another task of the
  same sentence took nearly all its weight), so it hints at the competency rather than showing it.
* A **task** is *couvert* when strong sentences show at least half of its competencies (:data:`COVERED_SHARE`;
  competencies whose text repeats another's count once), *partiel* when at least one situation counts for it but
  the proof is short of that (or only weak, or only the candidate's confirmation), *non couvert* when none does.
  The counsellor has the last word: a task-level *validé* makes it *couvert*; *à retravailler* or *à compléter*
  makes a *couvert* task *partiel*.
* A **bloc**'s ratio is the mean of its tasks (*couvert* 1, *partiel* ½, *non couvert* 0); it is *couvert* when
  all its tasks are, *non couvert* when none is even partly. Activities without a bloc (CASP's activity 6) form the
  transversal entry, reported the same way.

Gaps are ordered by what costs the candidate most at the jury, i.e. what needs new writing before what needs
more detail: (1) a bloc (or the transversal entry) with nothing at all, since a whole bloc is then unvalidated;
(2) a task with nothing, in a bloc otherwise started; (3) a task the counsellor sent back; (4) a task with weak
proof, the weakest (smallest share of competencies shown) first. Ties keep the referential's order.
"""

from __future__ import annotations

from collections import defaultdict

from vae_assistant.coverage.model import (
    STATUS_WEIGHT,
    BlocCoverage,
    CompetencyCoverage,
    Coverage,
    Gap,
    Proof,
    Status,
    TaskCoverage,
)
from vae_assistant.dossier.model import Dossier, Situation
from vae_assistant.referential.model import Activity, Referential, Task, headline

COVERED_SHARE = 0.5
"""Share of a task's competencies strong sentences must show for the task to be *couvert*."""

MIN_STRONG_SCORE = 0.05
"""Least matcher score for a sentence to show a competency (strong proof); under it, the sentence only hints at it.
On the development corpus and our stories, 8 of the 300 competencies shown in recognised tasks score under it."""

SENT_BACK = ("a_retravailler", "a_completer")

_REVIEW_WORDS = {"a_retravailler": "à retravailler", "a_completer": "à compléter"}
# A task's reason, addressed to the candidate (the assistant, coverage, the livret)
CONFIRMED_ONLY = "Confirmée par vous, mais aucune phrase du récit ne montre encore ses compétences."
VALIDATED = "Validée par votre accompagnateur."
ACCORDING = "selon votre accompagnateur"


def _latest_statuses(dossier: Dossier) -> dict[tuple[str | None, str | None], str]:
    """The status that shows per comment target (situation id, task id): the latest one given."""
    latest: dict[tuple[str | None, str | None], str] = {}
    for comment in dossier.comments:
        if comment.status is not None:
            latest[(comment.situation_id, comment.task_id)] = comment.status
    return latest


def _distinct_competencies(task: Task) -> list[list[str]]:
    """Competency ids grouped by text: an evaluated competency that repeats an associated one counts once."""
    return [[competency.id for competency in group] for group in task.competency_groups]


def _better(a: Proof | None, b: Proof) -> bool:
    return a is None or (b.strong, b.score) > (a.strong, a.score)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'s' if n > 1 else ''}"


class _TaskProof:
    """Everything the dossier's situations say about one task."""

    __slots__ = ("best", "confirmed", "proofs", "situations")

    def __init__(self) -> None:
        self.situations: list[str] = []
        self.confirmed: list[str] = []
        self.proofs: dict[str, list[Proof]] = defaultdict(list)
        self.best: dict[str, Proof] = {}


def _collect(dossier: Dossier, latest: dict[tuple[str | None, str | None], str]) -> dict[str, _TaskProof]:
    by_task: dict[str, _TaskProof] = defaultdict(_TaskProof)
    for situation in dossier.situations:
        _collect_situation(situation, latest, by_task)
    return by_task


def _collect_situation(
    situation: Situation, latest: dict[tuple[str | None, str | None], str], by_task: dict[str, _TaskProof]
) -> None:
    sent_back_whole = latest.get((situation.id, None)) in SENT_BACK
    for task_id in situation.counted_tasks:
        entry = by_task[task_id]
        entry.situations.append(situation.id)
        if task_id in situation.confirmed_tasks:
            entry.confirmed.append(situation.id)
        record = situation.match.task(task_id) if situation.match else None
        if record is None:
            continue
        strong = not (sent_back_whole or latest.get((situation.id, task_id)) in SENT_BACK)
        for competency in record.competencies:
            if not competency.evidence:
                continue
            first = competency.evidence[0]
            score = max(first.score, competency.score)
            proof = Proof(
                situation.id,
                competency.id,
                first.sentence,
                first.start,
                first.end,
                tuple(first.matched),
                score,
                strong and score >= MIN_STRONG_SCORE,
            )
            entry.proofs[competency.id].append(proof)
            if _better(entry.best.get(competency.id), proof):
                entry.best[competency.id] = proof


def _task_coverage(task: Task, activity: Activity, entry: _TaskProof | None, review: str | None) -> TaskCoverage:
    entry = entry or _TaskProof()
    competencies = []
    for competency in task.competencies:
        proofs = entry.proofs.get(competency.id, [])
        status: Status = "couvert" if any(p.strong for p in proofs) else "partiel" if proofs else "non_couvert"
        situations = tuple(dict.fromkeys(p.situation_id for p in proofs))
        best = entry.best.get(competency.id)
        competencies.append(
            CompetencyCoverage(competency.id, competency.text, competency.kind, status, situations, best)
        )
    by_id = {c.id: c for c in competencies}
    groups = _distinct_competencies(task)
    shown = sum(1 for group in groups if any(by_id[i].status == "couvert" for i in group))
    share = shown / len(groups)
    best: Proof | None = None
    for proof in entry.best.values():
        if _better(best, proof):
            best = proof

    if not entry.situations:
        status, reason = "non_couvert", "Aucune situation ne montre cette tâche."
    elif share >= COVERED_SHARE:
        status = "couvert"
        reason = f"{shown} compétence{'s' if shown > 1 else ''} sur {len(groups)} montrée{'s' if shown > 1 else ''}."
    else:
        status = "partiel"
        if shown:
            reason = f"Seulement {shown} compétence{'s' if shown > 1 else ''} sur {len(groups)} montrée" + (
                "s." if shown > 1 else "."
            )
        elif any(entry.proofs.values()):
            reason = "Les situations qui la montrent sont à retravailler."
        else:
            reason = CONFIRMED_ONLY
    if review == "valide":
        status, reason = "couvert", VALIDATED
    elif review in SENT_BACK:
        reason = f"{_REVIEW_WORDS[review].capitalize()} {ACCORDING}. " + reason
        if status == "couvert":
            status = "partiel"
    # the counsellor's review shows the same reason, about the candidate and the counsellor rather than to them
    review_reason = (
        reason.replace(CONFIRMED_ONLY, CONFIRMED_ONLY.replace("par vous", "par le candidat"))
        .replace(VALIDATED, "Validée par l'accompagnateur.")
        .replace(ACCORDING, "selon l'accompagnateur")
    )
    return TaskCoverage(
        id=task.id,
        title=task.title,
        activity_id=activity.id,
        status=status,
        situations=tuple(entry.situations),
        confirmed_in=tuple(entry.confirmed),
        share=share,
        competencies=tuple(competencies),
        best=best,
        review=review,
        reason=reason,
        review_reason=review_reason,
    )


def _group_status(tasks: list[TaskCoverage]) -> Status:
    if all(t.status == "couvert" for t in tasks):
        return "couvert"
    if all(t.status == "non_couvert" for t in tasks):
        return "non_couvert"
    return "partiel"


def _gaps(bloc_id: str | None, title: str, transversal: bool, tasks: list[TaskCoverage]) -> list[Gap]:
    if tasks and all(t.status == "non_couvert" for t in tasks):
        what = "les activités transversales" if transversal else f"le bloc « {' '.join(title.split())} »"
        message = f"Aucune situation ne montre encore {what} ({_plural(len(tasks), 'tâche')})."
        return [Gap("bloc", bloc_id, bloc_id, 1, 0.0, "non_couvert", message, ())]
    gaps = []
    for task in tasks:
        missing = tuple(c.id for c in task.missing_competencies)
        # Titles keep the referential's line breaks (CASP 2.4 lists its sub-steps); a message is one short line.
        title = headline(task.title)
        if task.status == "non_couvert":
            message = f"Tâche {task.id} ({title}) : aucune situation ne la montre."
            gaps.append(Gap("task", task.id, bloc_id, 2, 0.0, "non_couvert", message, missing))
        elif task.status == "partiel":
            rank = 3 if task.review in SENT_BACK else 4
            message, review_message = (
                f"Tâche {task.id} ({title}) : {reason[0].lower()}{reason[1:]}"
                for reason in (task.reason, task.review_reason or task.reason)
            )
            gaps.append(Gap("task", task.id, bloc_id, rank, task.share, "partiel", message, missing, review_message))
    return gaps


def _order(gaps: list[Gap]) -> list[Gap]:
    """Most important first (see the module docstring); sorted() is stable, so ties keep referential order."""
    return sorted(gaps, key=lambda g: (g.rank, g.share if g.rank == 4 else 0.0))


def _group(
    bloc_id: str | None,
    title: str,
    label: str | None,
    activities: list[Activity],
    tasks: dict[str, TaskCoverage],
) -> BlocCoverage:
    transversal = bloc_id is None
    group_tasks = [tasks[t.id] for a in activities for t in a.tasks]
    ratio = sum(STATUS_WEIGHT[t.status] for t in group_tasks) / len(group_tasks) if group_tasks else 0.0
    return BlocCoverage(
        id=bloc_id,
        title=title,
        label=label,
        transversal=transversal,
        activities=tuple(a.id for a in activities),
        status=_group_status(group_tasks),
        ratio=ratio,
        tasks=tuple(group_tasks),
        gaps=tuple(_order(_gaps(bloc_id, title, transversal, group_tasks))),
    )


def compute_coverage(dossier: Dossier, referential: Referential) -> Coverage:
    """Coverage of ``referential`` by ``dossier`` as it stands (see the module docstring for the rules).

    It does not re-run the matcher: ``referential_changed`` and ``unmatched_situations`` tell the caller that the
    stored matches are out of date (:func:`vae_assistant.dossier.operations.refresh_matches` brings them up to date).
    """
    latest = _latest_statuses(dossier)
    proof = _collect(dossier, latest)
    tasks: dict[str, TaskCoverage] = {}
    for activity, task in referential.iter_tasks():
        tasks[task.id] = _task_coverage(task, activity, proof.get(task.id), latest.get((None, task.id)))
    blocs = [
        _group(bloc.id, bloc.title, bloc.label, referential.activities_of_bloc(bloc.id), tasks)
        for bloc in referential.blocs
    ]
    blocs = [b for b in blocs if b.tasks]
    loose = referential.activities_of_bloc(None)
    if referential.blocs:
        title = "Activités transversales" if loose else ""
        transversal = _group(None, title, None, loose, tasks) if loose else None
    else:  # a referential without blocs: all its activities form one group
        transversal = _group(None, "Activités", None, loose, tasks)
    groups = [*blocs, *([transversal] if transversal else [])]
    all_tasks = list(tasks.values())
    known = set(tasks)
    unknown = sorted({t for s in dossier.situations for t in s.counted_tasks if t not in known})
    return Coverage(
        referential_id=referential.id,
        blocs=tuple(blocs),
        transversal=transversal,
        gaps=tuple(_order([g for group in groups for g in group.gaps])),
        ratio=sum(STATUS_WEIGHT[t.status] for t in all_tasks) / len(all_tasks) if all_tasks else 0.0,
        referential_changed=dossier.certification.fingerprint != referential.fingerprint,
        unmatched_situations=tuple(s.id for s in dossier.situations if s.match is None and s.narrative.strip()),
        unknown_tasks=tuple(unknown),
    )
