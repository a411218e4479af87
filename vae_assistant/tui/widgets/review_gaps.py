"""The gaps of the counsellor's review, most important first (the order :mod:`vae_assistant.coverage` gives)."""

from __future__ import annotations

from textual.widgets import OptionList
from textual.widgets.option_list import Option

from vae_assistant.coverage.model import Coverage
from vae_assistant.tui.widgets.review_matrix import ReviewMatrix


class GapList(OptionList):
    """Numbered gaps; choosing a task's gap opens it (a bloc's gap opens its first task)."""

    DEFAULT_CSS = """
    GapList { height: 1fr; min-height: 4; }
    """

    def __init__(self, coverage: Coverage, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._targets: list[str | None] = []
        self.show(coverage)

    def show(self, coverage: Coverage) -> None:
        self.clear_options()
        self._targets = []
        first_task = {g.id: (g.tasks[0].id if g.tasks else None) for g in coverage.groups}
        for n, gap in enumerate(coverage.gaps, start=1):
            self.add_option(Option(f"{n:>2}. {gap.for_counsellor}"))
            self._targets.append(gap.id if gap.kind == "task" else first_task.get(gap.bloc_id))
        if not coverage.gaps:
            self.add_option(Option("Toutes les tâches du référentiel sont couvertes.", disabled=True))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_index < len(self._targets):
            target = self._targets[event.option_index]
            if target is not None:
                self.post_message(ReviewMatrix.TaskChosen(target))
