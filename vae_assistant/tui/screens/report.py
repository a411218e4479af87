"""The coverage report: each bloc's share, the gaps bloc by bloc, most important first within a bloc (from the
coverage module), then the writing coach's advice on the situations (from the coach module)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from vae_assistant.coach import check_situation
from vae_assistant.coverage import STATUS_LABELS, Coverage
from vae_assistant.dossier.model import Dossier
from vae_assistant.referential.model import Referential
from vae_assistant.tui.widgets.comments import comment_line
from vae_assistant.tui.widgets.marks import mark, percent


def _escape(text: str) -> str:
    """Keep referential and candidate text literal inside Markdown."""
    return "".join(f"\\{c}" if c in "\\`*_[]<>#|" else c for c in text)


def advice_markdown(dossier: Dossier) -> list[str]:
    """The writing coach's advice, for the situations that have some (what to improve before the jury reads)."""
    lines = []
    for situation in dossier.situations:
        advice = check_situation(situation)
        if advice:
            lines += ["", f"**{situation.id} — {_escape(situation.title)}**", ""]
            lines += [f"- {_escape(item.label)}\u00a0: {_escape(item.message)}" for item in advice]
    return ["", "## Conseils pour vos textes", *lines] if lines else []


def comments_markdown(dossier: Dossier) -> list[str]:
    """The counsellor's comments, newest first: the report is where a candidate on a narrow screen reads them."""
    if not dossier.comments:
        return []
    return ["", "## Commentaires de votre accompagnateur", ""] + [
        f"- {_escape(comment_line(comment, with_target=True))}" for comment in reversed(dossier.comments)
    ]


def bloc_table(coverage: Coverage, *, compact: bool = False) -> list[str]:
    """Each bloc's share and its tasks' marks. ``compact`` (80 columns): short bloc ids and two columns, the
    titles listed under the table, so that a row stays one or two lines instead of six."""
    if not compact:
        lines = ["| Bloc | Couverture | Tâches |", "| --- | --- | --- |"]
        for group in coverage.groups:
            name = "Activités transversales" if group.transversal else f"{group.id} — {group.title}"
            marks = " ".join(f"{mark(t.status)}\u00a0{t.id}" for t in group.tasks)
            lines.append(f"| {_escape(name)} | {percent(group.ratio)} ({STATUS_LABELS[group.status]}) | {marks} |")
        return lines
    lines = ["| Bloc | Tâches |", "| --- | --- |"]
    legend = []
    for group in coverage.groups:
        short = "Transv." if group.transversal else (group.id or "?")
        marks = " ".join(f"{mark(t.status)}\u00a0{t.id}" for t in group.tasks)
        lines.append(f"| {_escape(short)}\u00a0·\u00a0{percent(group.ratio)} | {marks} |")
        title = "Activités transversales" if group.transversal else group.title
        legend.append(f"- {_escape(short)}\u00a0: {_escape(title)}")
    return [*lines, "", *legend]


def coverage_markdown(
    referential: Referential, coverage: Coverage, dossier: Dossier | None = None, *, compact: bool = False
) -> str:
    lines = [f"# Couverture du référentiel — {percent(coverage.ratio)}", "", _escape(referential.title), ""]
    lines += bloc_table(coverage, compact=compact)
    lines += ["", "## Ce qui manque encore, bloc par bloc", ""]
    if not coverage.gaps:
        lines.append("Rien\u00a0: chaque tâche est couverte par au moins une situation.")
    for group in coverage.groups:  # each bloc's gaps under its name, most important first (coverage's order)
        if not group.gaps:
            continue
        name = "Activités transversales" if group.transversal else f"{group.id} — {' '.join(group.title.split())}"
        lines += ["", f"**{_escape(name)}** — {percent(group.ratio)}", ""]
        for gap in group.gaps:
            if gap.kind == "bloc":  # the core's sentence names the bloc again, just under its name
                left = "sa tâche reste" if len(group.tasks) == 1 else f"ses {len(group.tasks)} tâches restent"
                lines.append(f"- Aucune situation pour l'instant\u00a0: {left} à montrer.")
            else:
                lines.append(f"- {_escape(gap.message)}")
    if coverage.unmatched_situations:
        lines += ["", f"Situations pas encore analysées\u00a0: {', '.join(coverage.unmatched_situations)}."]
    if dossier is not None:
        lines += comments_markdown(dossier)
        lines += advice_markdown(dossier)
    return "\n".join(lines) + "\n"


class CoverageReportScreen(ModalScreen[None]):
    """The report, compact on a narrow terminal (the full bloc titles would wrap a table row over six lines)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f5,q", "dismiss", "Fermer")]
    COMPACT_BELOW = 110
    """Columns under which the bloc table uses short ids (the app's -narrow breakpoint)."""

    def __init__(self, referential: Referential, coverage: Coverage, dossier: Dossier | None = None) -> None:
        super().__init__()
        self.referential = referential
        self.coverage = coverage
        self.dossier = dossier
        self.text = coverage_markdown(referential, coverage, dossier)

    def compose(self) -> ComposeResult:
        if self.app.size.width < self.COMPACT_BELOW:
            self.text = coverage_markdown(self.referential, self.coverage, self.dossier, compact=True)
        with VerticalScroll(classes="modal-body"):
            yield Markdown(self.text)
            yield Static("Échap\u00a0: fermer", classes="modal-footer")
