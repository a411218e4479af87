"""The *fiche de suivi*: the counsellor's review of a dossier as a Markdown document, for their records.

The same content as the review screen: coverage bloc by bloc with a symbol per task (readable without colour),
totals per bloc, the evidence behind each covered task, the gaps most important first, the counsellor's comments,
and the writing coach's advice per situation. Pure: the caller gives the date, so the same dossier always gives
the same file.
"""

from __future__ import annotations

from datetime import date

from vae_assistant.coach import LEVEL_LABELS, check_situation
from vae_assistant.coverage.model import STATUS_LABELS, WEIGHT_NOTE, BlocCoverage, Coverage
from vae_assistant.dossier.labels import REVIEW_STATUS_LABELS
from vae_assistant.dossier.model import Comment, Dossier
from vae_assistant.referential.model import Referential
from vae_assistant.review.evidence import (
    STATUS_SYMBOLS,
    bloc_totals,
    percent,
    score_text,
    task_evidence,
)


def _cell(text: str) -> str:
    """Text that stays inside one Markdown table cell."""
    return " ".join(text.split()).replace("|", "\\|")


def _inline(text: str) -> str:
    return " ".join(text.split())


def group_name(group: BlocCoverage) -> str:
    if group.transversal:
        return group.title or "Activités"
    return f"Bloc {group.id} — {group.title}"


def _status(status: str) -> str:
    return f"{STATUS_SYMBOLS[status]} {STATUS_LABELS[status].lower()}"


def _comment_line(comment: Comment, dossier: Dossier) -> str:
    target = []
    if comment.task_id:
        target.append(f"tâche {comment.task_id}")
    if comment.situation_id:
        try:
            title = dossier.situation(comment.situation_id).title
        except KeyError:
            title = ""
        target.append(f"situation {comment.situation_id}" + (f" « {_inline(title)} »" if title else ""))
    status = f" **{REVIEW_STATUS_LABELS[comment.status]}**" if comment.status else ""
    when = f"{comment.created_at.astimezone():%d/%m/%Y}"
    text = f" : {_inline(comment.text)}" if comment.text.strip() else ""
    return f"- {', '.join(target).capitalize()} — {_inline(comment.author)}, le {when}{status}{text}"


def _summary(coverage: Coverage) -> list[str]:
    out = ["| Bloc | ✔ | ◐ | ○ | Couverture |", "| --- | ---: | ---: | ---: | ---: |"]
    for group in coverage.groups:
        totals = bloc_totals(group)
        out.append(
            f"| {_cell(group_name(group))} | {totals.couvert} | {totals.partiel} | {totals.non_couvert} | "
            f"{percent(totals.ratio)} |"
        )
    return out


def _group(group: BlocCoverage, dossier: Dossier, referential: Referential) -> list[str]:
    totals = bloc_totals(group)
    out = [f"## {group_name(group)}", "", f"{_status(group.status).capitalize()} · {totals.summary()}", ""]
    out += ["| Tâche | État | Situations | Avis | Intitulé |", "| --- | --- | --- | --- | --- |"]
    for task in group.tasks:
        review = REVIEW_STATUS_LABELS[task.review] if task.review else ""
        where = ", ".join(task.situations) or "—"
        out.append(f"| {task.id} | {_status(task.status)} | {where} | {review} | {_cell(task.title)} |")
    proofs = []
    for task in group.tasks:
        for situation in task_evidence(dossier, referential, task.id):
            if not situation.counted:
                continue
            for line in situation.lines:
                # the words that made the sentence a proof, as the review screen shows them: a sentence the learned
                # weights chose says nothing of the task by itself, its words are what the counsellor checks
                words = f" — mots : {_inline(', '.join(line.matched))}" if line.matched else ""
                proofs.append(
                    f"- **{task.id}** ({line.competency_id}, {situation.situation_id}, {score_text(line.score)}) "
                    f"« {_inline(line.sentence)} »{words}"
                )
    if proofs:
        out += ["", "Preuves :", "", *proofs]
    return [*out, ""]


def _coach(dossier: Dossier) -> list[str]:
    out = ["## Relecture des situations", ""]
    if not dossier.situations:
        return [*out, "Aucune situation pour l'instant.", ""]
    for situation in dossier.situations:
        advice = check_situation(situation)
        out.append(f"### {situation.id} — {_inline(situation.title)}")
        out.append("")
        if not advice:
            out.append("Rien à signaler.")
        for item in advice:
            out.append(f"- **{item.label}** ({LEVEL_LABELS[item.level]}) : {_inline(item.message)}")
        out.append("")
    return out


def render_fiche(dossier: Dossier, referential: Referential, coverage: Coverage, *, today: date) -> str:
    """The fiche de suivi of ``dossier`` on ``today``, in Markdown."""
    certification = dossier.certification
    code = certification.rncp or certification.referential_id
    out = [
        f"# Fiche de suivi — {_inline(dossier.candidate.full_name)}",
        "",
        f"- Certification : {_inline(certification.title)} ({code})",
        f"- Date : {today:%d/%m/%Y}",
        f"- Situations : {len(dossier.situations)}",
        f"- Couverture d'ensemble : {percent(coverage.ratio)} ({WEIGHT_NOTE})",
        "",
        "Légende : ✔ couvert · ◐ partiel · ○ non couvert.",
        "",
    ]
    if coverage.referential_changed:
        out += ["> Le référentiel a changé depuis la dernière analyse des situations.", ""]
    out += ["## Couverture par bloc", "", *_summary(coverage), ""]
    for group in coverage.groups:
        out += _group(group, dossier, referential)
    out += ["## Manques, les plus importants d'abord", ""]
    if coverage.gaps:
        out += [f"{n}. {_inline(gap.for_counsellor)}" for n, gap in enumerate(coverage.gaps, start=1)]
    else:
        out.append("Toutes les tâches du référentiel sont couvertes.")
    out += ["", "## Commentaires de l'accompagnateur", ""]
    out += [_comment_line(c, dossier) for c in dossier.comments] or ["Aucun commentaire pour l'instant."]
    out += ["", *_coach(dossier)]
    return "\n".join(out).rstrip() + "\n"
