"""The coverage report: each bloc's share, then the gaps, most important first (from the coverage module)."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from vae_assistant.coverage import STATUS_LABELS, Coverage
from vae_assistant.referential.model import Referential
from vae_assistant.tui.widgets.marks import mark, percent


def _escape(text: str) -> str:
    """Keep referential and candidate text literal inside Markdown."""
    return "".join(f"\\{c}" if c in "\\`*_[]<>#|" else c for c in text)


def coverage_markdown(referential: Referential, coverage: Coverage) -> str:
    lines = [f"# Couverture du référentiel — {percent(coverage.ratio)}", "", _escape(referential.title), ""]
    lines += ["| Bloc | Couverture | Tâches |", "| --- | --- | --- |"]
    for group in coverage.groups:
        name = "Activités transversales" if group.transversal else f"{group.id} — {group.title}"
        marks = " ".join(f"{mark(t.status)}\u00a0{t.id}" for t in group.tasks)
        lines.append(f"| {_escape(name)} | {percent(group.ratio)} ({STATUS_LABELS[group.status]}) | {marks} |")
    lines += ["", "## Ce qui manque encore", ""]
    if not coverage.gaps:
        lines.append("Rien : chaque tâche est couverte par au moins une situation.")
    for gap in coverage.gaps:
        lines.append(f"- {_escape(gap.message)}")
    if coverage.unmatched_situations:
        lines += ["", f"Situations pas encore analysées : {', '.join(coverage.unmatched_situations)}."]
    return "\n".join(lines) + "\n"


class CoverageReportScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f5,q", "dismiss", "Fermer")]

    def __init__(self, referential: Referential, coverage: Coverage) -> None:
        super().__init__()
        self.text = coverage_markdown(referential, coverage)

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="modal-body"):
            yield Markdown(self.text)
            yield Static("Échap : fermer", classes="modal-footer")
