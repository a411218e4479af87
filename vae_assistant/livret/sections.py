"""The livret's content, section by section, in the order the jury reads it.

Cover, table of contents, *Identité et parcours*, one part per bloc (then the transversal activities) with the
situations under the tasks they prove, *Synthèse de couverture*, *Attestation sur l'honneur*, *Pièces
justificatives*. The counsellor's version (``accompagnateur``) adds, and only adds: a mark on the cover, the
counsellor's comments where they apply, and a *Points à travailler* part with the gaps per bloc — so that what
the jury reads is exactly the counsellor's copy minus the counsellor's material.

The candidate's words are never rewritten: narratives go in verbatim, one Word paragraph per line (see
:func:`vae_assistant.livret.sanitise.paragraphs`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.text.paragraph import Paragraph

from vae_assistant.coverage import STATUS_LABELS, WEIGHT_NOTE, BlocCoverage, Coverage, TaskCoverage
from vae_assistant.dossier.dates import format_partial_date, format_period
from vae_assistant.dossier.model import Comment, Dossier, Situation
from vae_assistant.livret.fields import add_field
from vae_assistant.livret.parcours import KIND_LABELS, experience_span, months_label, totals
from vae_assistant.livret.plan import Plan
from vae_assistant.livret.sanitise import french_spacing, one_line, paragraphs
from vae_assistant.livret.writer import Run, Writer, accent_rule
from vae_assistant.referential.model import Referential, Task

REVIEW_LABELS = {"a_retravailler": "à retravailler", "a_completer": "à compléter", "valide": "validé"}
TITLE = "Livret 2 — Dossier de validation des acquis de l'expérience"


def french_date(day: date) -> str:
    return format_partial_date(day.isoformat())


def rncp_label(code: str | None) -> str:
    """``RNCP7426`` → « RNCP 7426 », the way the register writes it in prose."""
    if not code:
        return ""
    return re.sub(r"^RNCP\s*(\d+)$", r"RNCP \1", code)


@dataclass
class Livret:
    """Everything the sections read, computed once."""

    dossier: Dossier
    referential: Referential
    coverage: Coverage
    plan: Plan
    counsellor: bool
    today: date
    writer: Writer

    def __post_init__(self) -> None:
        self.tasks: dict[str, Task] = {t.id: t for t in self.referential.tasks}
        self.shown_comments: set[str] = set()
        self.toc_note: Paragraph | None = None  # how to update the page numbers, under the table of contents

    @property
    def candidate_name(self) -> str:
        return self.dossier.candidate.full_name

    @property
    def certification_name(self) -> str:
        certification = self.dossier.certification
        return certification.short_title or certification.title


def _missing(livret: Livret, counsellor: str, jury: str) -> str:
    """What a part lacks: « encore … dans le dossier » tells the candidate and the counsellor what is left to do;
    the jury reads a finished document (a candidate may aim at some blocs only) and is told the fact."""
    return counsellor if livret.counsellor else jury


# -- header, footer, cover, table of contents ------------------------------------------------------------------------


def header_and_footer(livret: Livret) -> None:
    """Candidate and certification in the header, « Page X / Y » in the footer; none on the cover."""
    section = livret.writer.section
    section.different_first_page_header_footer = True
    styles = livret.writer.styles
    certification = livret.dossier.certification
    code = rncp_label(certification.rncp)
    header = section.header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.clear()
    paragraph._p.style = styles.id("header")
    paragraph.add_run(french_spacing(one_line(f"{livret.candidate_name} — Livret 2 — {livret.certification_name}")))
    if code:
        paragraph.add_run(f" ({code})")
    footer = section.footer
    footer.is_linked_to_previous = False
    paragraph = footer.paragraphs[0]
    paragraph.clear()
    paragraph._p.style = styles.id("footer")
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.add_run("Page ")
    add_field(paragraph, "PAGE", "1")
    paragraph.add_run(" / ")
    add_field(paragraph, "NUMPAGES", "1")
    for part in (section.first_page_header, section.first_page_footer):
        part.is_linked_to_previous = False
        for p in part.paragraphs:
            p.clear()


def cover(livret: Livret) -> None:
    w = livret.writer
    certification = livret.dossier.certification
    for _ in range(3):
        w.paragraph("cover_text")
    w.paragraph("cover_kicker", "Validation des acquis de l'expérience")
    w.paragraph("cover_title", "Livret 2")
    rule = w.paragraph("cover_subtitle", "Dossier de validation des acquis de l'expérience")
    accent_rule(rule)
    for _ in range(3):
        w.paragraph("cover_text")
    w.paragraph("cover_text", "Certification visée")
    w.paragraph("cover_certification", certification.title)
    details = [rncp_label(certification.rncp)]
    if livret.referential.certifier:
        details.append(f"Certificateur : {livret.referential.certifier}")
    w.paragraph("cover_text", " — ".join(d for d in details if d))
    for _ in range(4):
        w.paragraph("cover_text")
    w.paragraph("cover_text", "Présenté par")
    w.paragraph("cover_name", livret.candidate_name)
    w.paragraph("cover_text", f"Le {french_date(livret.today)}")
    if livret.counsellor:
        w.paragraph("cover_text")
        w.paragraph("cover_mark", "Version accompagnateur — document de travail, à ne pas transmettre au jury")


def table_of_contents(livret: Livret) -> None:
    w = livret.writer
    w.page_break()
    w.paragraph("toc_heading", "Table des matières")
    w.start_toc()
    livret.toc_note = w.paragraph(
        "note",
        "Si les numéros de page manquent ou ne correspondent plus : dans Word, clic droit sur la table puis « Mettre "
        "à jour les champs » ; dans LibreOffice, Outils › Mettre à jour › Tout mettre à jour.",
    )


# -- identity and parcours -------------------------------------------------------------------------------------------


def identity(livret: Livret) -> None:
    w = livret.writer
    dossier = livret.dossier
    candidate = dossier.candidate
    w.heading(1, "Identité et parcours", new_page=True)
    w.heading(2, "Le candidat")
    rows: list[list[str]] = [["Nom", candidate.nom], ["Prénom", candidate.prenom]]
    contact = candidate.contact
    if contact.address:
        rows.append(["Adresse", one_line(contact.address.replace("\n", ", "))])
    if contact.email:
        rows.append(["Courriel", contact.email])
    if contact.phone:
        rows.append(["Téléphone", contact.phone])
    w.table(None, rows, [1, 4], label_column=True)
    experiences(livret)
    trainings(livret)


def _sort_key(start: str | None) -> str:
    return start or ""


def experiences(livret: Livret) -> None:
    w = livret.writer
    items = sorted(livret.dossier.experiences, key=lambda e: _sort_key(e.start), reverse=True)
    w.heading(2, "Expériences professionnelles et bénévoles")
    if not items:
        w.paragraph(
            "body",
            _missing(
                livret,
                "Aucune expérience n'est encore renseignée dans le dossier.",
                "Aucune expérience professionnelle ou bénévole n'est renseignée.",
            ),
        )
        return
    rows = []
    for experience in items:
        kind = KIND_LABELS[experience.kind]
        if experience.working_time == "part_time":
            kind += f", temps partiel{f' ({experience.part_time_percent} %)' if experience.part_time_percent else ''}"
        elif experience.working_time == "full_time":
            kind += ", temps plein"
        span = experience_span(experience, livret.today)
        period = format_period(experience.start, experience.end, experience.ongoing) or "—"
        rows.append([period, experience.employer, experience.position, kind, str(span.months) if span else "—"])
    w.table(["Période", "Structure", "Fonction", "Nature", "Durée (mois)"], rows, [2.2, 2.6, 2.6, 2.0, 1.1])
    total = totals(items, livret.today)
    if total.months:
        detail = ", ".join(f"{KIND_LABELS[k].lower()} : {months_label(m)}" for k, m in total.by_kind.items())
        text = [Run("Expérience totale : ", bold=True), Run(months_label(total.months))]
        if len(total.by_kind) > 1:
            text.append(Run(f" — dont {detail}"))
        w.paragraph("lead", text)
        w.paragraph(
            "note",
            "Durées en mois calendaires, du premier au dernier mois de chaque période ; une période en cours court "
            f"jusqu'au {french_date(livret.today)}. Dans le total comme pour chaque nature, un mois où deux "
            "expériences se chevauchent compte une fois.",
        )
    if total.unknown:
        w.paragraph(
            "note",
            f"Durée non calculable pour {total.unknown} expérience(s) : dates de début ou de fin non renseignées.",
        )
    described = [e for e in items if e.description and e.description.strip()]
    if described:
        w.heading(3, "Missions exercées", in_toc=False)
        for experience in described:
            w.paragraph("body", [Run(f"{experience.position} — {experience.employer}", bold=True)])
            for line in paragraphs(experience.description or ""):
                w.paragraph("narrative", line)


def trainings(livret: Livret) -> None:
    w = livret.writer
    w.heading(2, "Formations")
    items = sorted(livret.dossier.trainings, key=lambda t: _sort_key(t.start or t.end), reverse=True)
    if not items:
        w.paragraph(
            "body",
            _missing(
                livret,
                "Aucune formation n'est encore renseignée dans le dossier.",
                "Aucune formation n'est renseignée.",
            ),
        )
        return
    diploma = {True: "Obtenu", False: "Non obtenu", None: "—"}
    rows = [
        [format_period(t.start, t.end) or "—", t.title, t.organisation or "—", diploma[t.diploma_obtained]]
        for t in items
    ]
    w.table(["Période", "Intitulé", "Organisme", "Diplôme"], rows, [2.2, 4.4, 2.8, 1.2])


# -- blocs, tasks and situations -------------------------------------------------------------------------------------


def group_heading(group: BlocCoverage) -> str:
    if group.transversal:
        return group.title or "Activités transversales"
    match = re.fullmatch(r"[Bb](?:loc)?\s*(\d+)", group.id or "")
    number = match.group(1) if match else group.id
    return f"Bloc {number} — {group.title}"


def task_heading(task: Task) -> str:
    return task.title if task.implicit else f"Tâche {task.id} — {task.title}"


def blocs(livret: Livret) -> None:
    for group in livret.coverage.groups:
        bloc_part(livret, group)
    others(livret)


def bloc_part(livret: Livret, group: BlocCoverage) -> None:
    w = livret.writer
    w.heading(1, group_heading(group), new_page=True)
    if group.id and not group.transversal:
        bloc = livret.referential.bloc(group.id)
        if bloc.label:
            w.paragraph("small", bloc.label)
    for activity_id in group.activities:
        activity = next(a for a in livret.referential.activities if a.id == activity_id)
        w.paragraph("small", f"Activité {activity.id} — {activity.title}")
    shown = [t for t in group.tasks if livret.plan.shown_at.get(t.id)]
    if livret.counsellor:
        task_comments = [c for t in group.tasks for c in livret.dossier.comments_on(task_id=t.id)]
        hidden = [c for c in task_comments if not livret.plan.shown_at.get(c.task_id or "")]
        comments(livret, hidden, "Commentaires sur des tâches sans situation")
    if not shown:
        what = "ces activités" if group.transversal else "ce bloc"
        w.paragraph(
            "lead",
            _missing(
                livret,
                f"Aucune situation du dossier ne se rapporte encore à {what}.",
                f"Aucune situation de ce livret ne se rapporte à {what}.",
            ),
        )
        return
    for task in shown:
        task_part(livret, task)


def task_part(livret: Livret, coverage: TaskCoverage) -> None:
    w = livret.writer
    task = livret.tasks[coverage.id]
    w.heading(2, task_heading(task))
    explicit = [group[0] for group in task.competency_groups if not group[0].implicit]
    if explicit:
        w.paragraph("small", "Compétences du référentiel :")
        for competency in explicit:
            for line in paragraphs(competency.text):
                w.paragraph("competency", f"– {line.lstrip('-• ').strip()}")
    if livret.counsellor:
        comments(livret, livret.dossier.comments_on(task_id=task.id))
    for situation_id in livret.plan.shown_at[task.id]:
        situation = livret.dossier.situation(situation_id)
        if livret.plan.home[situation_id] == task.id:
            situation_part(livret, situation)
        else:
            reference(livret, situation, task.id)
        if livret.counsellor:
            comments(livret, livret.dossier.comments_on(situation_id=situation_id, task_id=task.id))


def reference(livret: Livret, situation: Situation, task_id: str) -> None:
    plan = livret.plan
    home = plan.home[situation.id]
    where = f" (tâche {home})" if home else ""
    livret.writer.paragraph(
        "see_also",
        [
            Run("Voir la "),
            Run(f"{plan.label(situation.id)} — {one_line(situation.title)}", link=plan.bookmark(situation.id)),
            Run(f"{where}, qui montre également cette tâche."),
        ],
    )


def situation_part(livret: Livret, situation: Situation) -> None:
    w = livret.writer
    plan = livret.plan
    w.heading(3, f"{plan.label(situation.id)} — {situation.title}", bookmark=plan.bookmark(situation.id))
    context = situation.context
    rows = [
        [label, value]
        for label, value in (
            ("Structure", context.structure),
            ("Public", context.public),
            ("Période", context.period),
            ("Rôle", context.role),
        )
        if value
    ]
    if rows:
        w.table(None, rows, [1, 4], label_column=True)
        w.paragraph("small")
    lines = paragraphs(situation.narrative)
    if not lines:
        w.paragraph("note", "Récit non rédigé.")
    for line in lines:
        w.paragraph("narrative", line)
    also = [t for t in plan.shown_at if situation.id in plan.shown_at[t] and t != plan.home[situation.id]]
    if also:
        ordered = [t.id for t in livret.referential.tasks if t.id in also]
        w.paragraph(
            "note", f"Cette situation montre aussi : tâche{'s' if len(ordered) > 1 else ''} {', '.join(ordered)}."
        )
    if livret.counsellor:
        comments(livret, livret.dossier.comments_on(situation_id=situation.id))


def others(livret: Livret) -> None:
    if not livret.plan.others:
        return
    w = livret.writer
    w.heading(1, "Autres situations", new_page=True)
    w.paragraph(
        "lead",
        _missing(
            livret,
            "Situations du dossier qui ne se rapportent encore à aucune tâche du référentiel.",
            "Situations de ce livret qui ne se rapportent à aucune tâche du référentiel.",
        ),
    )
    for situation_id in livret.plan.others:
        situation_part(livret, livret.dossier.situation(situation_id))


# -- counsellor's material ---------------------------------------------------------------------------------------------


def comments(livret: Livret, items: list[Comment], title: str | None = None) -> None:
    items = [c for c in items if c.id not in livret.shown_comments]
    if not items:
        return
    w = livret.writer
    if title:
        w.paragraph("small", title)
    for comment in items:
        livret.shown_comments.add(comment.id)
        status = f" — {REVIEW_LABELS[comment.status]}" if comment.status else ""
        when = french_date(comment.created_at.date())
        lines = paragraphs(comment.text)
        head = [Run(f"Commentaire de {comment.author}, {when}{status}", bold=True)]
        if lines:
            head.append(Run(" : " + lines[0]))
        w.paragraph("comment", head)
        for line in lines[1:]:
            w.paragraph("comment", line)


def points_to_work(livret: Livret) -> None:
    """Gaps per bloc, coverage warnings and the comments not shown elsewhere (counsellor's version only)."""
    w = livret.writer
    coverage = livret.coverage
    w.heading(1, "Points à travailler (version accompagnateur)", new_page=True)
    w.paragraph(
        "lead",
        f"Couverture d'ensemble : {round(coverage.ratio * 100)} % ({WEIGHT_NOTE}). Les manques "
        "sont classés du plus important au moins important dans chaque bloc.",
    )
    notices = []
    if coverage.referential_changed:
        notices.append("Le référentiel a changé depuis la dernière analyse des situations : relancez l'analyse.")
    if coverage.unmatched_situations:
        names = ", ".join(livret.plan.label(s) for s in coverage.unmatched_situations if s in livret.plan.number)
        if names:
            notices.append(f"Situations pas encore analysées : {names}.")
    for notice in notices:
        w.paragraph("note", notice)
    for group in coverage.groups:
        w.heading(2, f"{group_heading(group)} — {STATUS_LABELS[group.status].lower()}, {round(group.ratio * 100)} %")
        if not group.gaps:
            w.paragraph("body", "Rien ne manque : toutes les tâches sont couvertes.")
        for gap in group.gaps:
            w.paragraph("body", f"• {gap.for_counsellor}")
            if gap.kind == "task" and gap.id in livret.tasks and gap.missing_competencies:
                texts = {c.id: c.text for c in livret.tasks[gap.id].competencies}
                for competency_id in gap.missing_competencies:
                    first = paragraphs(texts.get(competency_id, competency_id))
                    w.paragraph("competency", f"– non montrée : {first[0] if first else competency_id}")
    rest = [c for c in livret.dossier.comments if c.id not in livret.shown_comments]
    if rest:
        w.heading(2, "Autres commentaires")
        comments(livret, rest)


# -- synthesis, attestation, pieces ------------------------------------------------------------------------------------


def synthesis(livret: Livret) -> None:
    w = livret.writer
    plan = livret.plan
    w.heading(1, "Synthèse de couverture", new_page=True)
    w.paragraph(
        "lead",
        "Pour chaque tâche du référentiel : son état de couverture par les situations de ce livret et les "
        "situations qui la montrent.",
    )
    rows: list[list[object]] = []
    merged: list[int] = []
    for group in livret.coverage.groups:
        merged.append(len(rows))
        rows.append([group_heading(group), "", "", ""])
        for task in group.tasks:
            numbered = sorted((s for s in plan.shown_at.get(task.id, []) if s in plan.number), key=plan.number.get)
            numbers = [plan.number[s] for s in numbered]
            situations: list[Run] = []
            for n, situation_id in enumerate(numbered):
                if n:
                    situations.append(Run(", "))
                situations.append(Run(str(plan.number[situation_id]), link=plan.bookmark(situation_id)))
            title = livret.tasks[task.id].title
            rows.append([task.id, title, STATUS_LABELS[task.status], situations if numbers else "—"])
    w.table(
        ["Tâche", "Intitulé", "État", "Situations"],
        rows,
        [0.9, 6.2, 1.5, 1.4],  # type: ignore[arg-type]
        shaded_rows=merged,
        merged_rows=merged,
    )
    w.paragraph(
        "note",
        "Couvert : les situations montrent au moins la moitié des compétences de la tâche. Partiel : "
        "une situation s'y rapporte, mais montre moins de compétences.",
    )


def attestation(livret: Livret) -> None:
    w = livret.writer
    certification = livret.dossier.certification
    code = rncp_label(certification.rncp)
    w.heading(1, "Attestation sur l'honneur", new_page=True)
    w.paragraph(
        "lead",
        f"Je soussigné(e) {livret.candidate_name}, candidat(e) à la validation des acquis de l'expérience pour la "
        f"certification «\u00a0{certification.title}\u00a0»{f' ({code})' if code else ''}, atteste sur l'honneur "
        "que les "
        "informations contenues dans ce livret sont exactes et que les activités décrites relèvent de ma propre "
        "expérience.",
    )
    w.paragraph("signature", "Fait à ………………………………………………, le ……………………………………")
    w.paragraph("signature", "Signature du candidat :")
    for _ in range(4):
        w.paragraph("body")


def pieces(livret: Livret) -> None:
    w = livret.writer
    items = livret.dossier.pieces
    w.heading(1, "Pièces justificatives", new_page=True)
    if not items:
        w.paragraph(
            "body",
            _missing(
                livret,
                "Aucune pièce justificative n'est encore listée dans le dossier.",
                "Aucune pièce justificative n'est jointe à ce livret.",
            ),
        )
        return
    w.paragraph("lead", "Pièces jointes à ce livret :")
    rows = [[str(n), piece.title, one_line(piece.description or "") or "—"] for n, piece in enumerate(items, 1)]
    w.table(["N°", "Pièce", "Description"], rows, [0.6, 4.2, 5.2])


def empty_notice(livret: Livret) -> None:
    """A dossier without any situation: say plainly what is missing, on the first page after the contents."""
    if livret.plan.number:
        return
    livret.writer.paragraph(
        "lead",
        [
            Run("Ce livret ne contient encore aucune situation. ", bold=True),
            Run(
                "Chaque bloc ci-dessous attend des situations professionnelles décrites par le candidat ; la "
                "synthèse de couverture indique les tâches à montrer."
            ),
        ],
    )
