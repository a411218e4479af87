"""The coverage panel: a progress bar per bloc, then the current task's competencies ticked as evidence arrives."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Label, ProgressBar, Static

from vae_assistant.coverage import Coverage
from vae_assistant.dossier.model import Comment
from vae_assistant.tui.widgets.comments import comment_line
from vae_assistant.tui.widgets.marks import MARK_STYLES, mark, percent

TRANSVERSAL_SHORT = "Transversal"


def _first_line(text: str, limit: int = 160) -> str:
    line = text.strip().splitlines()[0] if text.strip() else ""
    return line if len(line) <= limit else line[: limit - 1].rstrip() + "…"


class CoveragePanel(VerticalScroll):
    """Bars are built once (the blocs do not change); ``update_coverage`` moves them and rewrites the task part."""

    def __init__(self, coverage: Coverage, task_id: str | None, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(**kwargs)
        self.coverage = coverage
        self.task_id = task_id
        self.can_focus = False
        self.border_title = "Couverture"

    def compose(self) -> ComposeResult:
        for index, group in enumerate(self.coverage.groups):
            name = TRANSVERSAL_SHORT if group.transversal else (group.id or group.title)
            yield Label(f"{name} · {group.title}" if not group.transversal else name, classes="bloc-name", markup=False)
            yield ProgressBar(total=100, show_eta=False, id=f"bar-{index}", classes="bloc-bar")
        yield Static(id="overall", classes="overall")
        yield Static(id="current-task", classes="current-task")
        yield Static(id="task-comments", classes="task-comments")

    def on_mount(self) -> None:
        self.update_coverage(self.coverage, self.task_id)

    def update_coverage(self, coverage: Coverage, task_id: str | None, comments: list[Comment] | None = None) -> None:
        """Move the bars, show the task's competencies and what the counsellor said about the task."""
        self.coverage = coverage
        self.task_id = task_id
        shown = self.query_one("#task-comments", Static)
        shown.display = bool(comments)
        if comments:
            lines = [(f"Votre accompagnateur ({len(comments)})", "bold")]
            lines += [f"\n• {comment_line(comment)}" for comment in comments[-3:]]
            shown.update(Content.assemble(*lines))
        for index, group in enumerate(coverage.groups):
            self.query_one(f"#bar-{index}", ProgressBar).update(progress=round(group.ratio * 100))
        self.query_one("#overall", Static).update(f"Ensemble\u00a0: {percent(coverage.ratio)}")
        self.query_one("#current-task", Static).update(self._task_content())

    def _task_content(self) -> Content:
        if self.task_id is None:
            return Content("Choisissez une tâche dans l'arbre pour voir ses compétences.")
        try:
            task = self.coverage.task(self.task_id)
        except KeyError:
            return Content("")
        parts: list[str | tuple[str, str]] = [(f"Tâche {task.id}", "bold"), f"\n{task.title}\n"]
        for competency in task.competencies:
            status = competency.status
            parts += ["\n", (mark(status), MARK_STYLES[status]), f" {_first_line(competency.text)}"]
        if task.reason:
            parts += ["\n\n", (task.reason, "italic $text-muted")]
        return Content.assemble(*parts)
