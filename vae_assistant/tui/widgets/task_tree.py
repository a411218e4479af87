"""The referential as a tree: blocs → activities → tasks, each task with its coverage mark.

Activities attached to no bloc go under « Activités transversales »; a referential without blocs lists its
activities at the top. A task node's data is the task id (containers have None), which is all the main screen needs
to move the interview there.
"""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Tree
from textual.widgets.tree import TreeNode

from vae_assistant.coverage import Coverage
from vae_assistant.referential.model import Activity, Referential
from vae_assistant.tui.widgets.marks import mark, percent

TRANSVERSAL_TITLE = "Activités transversales"


class TaskTree(Tree[str | None]):
    """Blocs, activities and tasks of ``referential``; ``refresh_marks`` keeps the marks in step with coverage."""

    def __init__(self, referential: Referential, coverage: Coverage, **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__("Référentiel", **kwargs)
        self.show_root = False
        self.guide_depth = 2
        self.referential = referential
        self.task_nodes: dict[str, TreeNode[str | None]] = {}
        self.group_nodes: dict[str | None, TreeNode[str | None]] = {}
        self.coverage = coverage
        self._populate()

    def on_mount(self) -> None:
        self.refresh_marks(self.coverage)
        # Tree labels are Rich text with fixed colours: take them again from the new theme when it changes.
        self.app.theme_changed_signal.subscribe(self, lambda _: self.refresh_marks(self.coverage))

    def _mark_styles(self) -> dict[str, str]:
        """The theme's text colours for success and warning: made to read on its own background."""
        variables = self.app.get_css_variables()
        return {
            "couvert": f"bold {variables.get('text-success', 'green')}",
            "partiel": f"bold {variables.get('text-warning', 'yellow')}",
            "non_couvert": "",
        }

    def _populate(self) -> None:
        ref = self.referential
        if not ref.blocs:
            for activity in ref.activities:
                self._add_activity(self.root, activity)
            return
        for bloc in ref.blocs:
            node = self.root.add(f"{bloc.id} — {bloc.title}", data=None, expand=True)
            self.group_nodes[bloc.id] = node
            for activity in ref.activities_of_bloc(bloc.id):
                self._add_activity(node, activity)
        transversal = ref.activities_of_bloc(None)
        if transversal:
            node = self.root.add(TRANSVERSAL_TITLE, data=None, expand=True)
            self.group_nodes[None] = node
            for activity in transversal:
                self._add_activity(node, activity)

    def _add_activity(self, parent: TreeNode[str | None], activity: Activity) -> None:
        if len(activity.tasks) == 1 and activity.tasks[0].implicit:
            # An activity without a task table is its own single task: one line, not two.
            self.task_nodes[activity.tasks[0].id] = parent.add_leaf(activity.title, data=activity.tasks[0].id)
            return
        node = parent.add(f"{activity.id}. {activity.title}", data=None, expand=True)
        for task in activity.tasks:
            self.task_nodes[task.id] = node.add_leaf(task.title, data=task.id)

    def refresh_marks(self, coverage: Coverage) -> None:
        """Put each task's coverage mark in front of it and each bloc's percentage after it."""
        self.coverage = coverage
        styles = self._mark_styles()
        for group in coverage.groups:
            for task in group.tasks:
                node = self.task_nodes.get(task.id)
                if node is None:
                    continue
                label = f"{task.id} {task.title}"
                node.set_label(Text.assemble((mark(task.status), styles[task.status]), " ", label))
            node = self.group_nodes.get(group.id if not group.transversal else None)
            if node is not None and self.referential.blocs:
                title = TRANSVERSAL_TITLE if group.transversal else f"{group.id} — {group.title}"
                node.set_label(Text.assemble(title, (f"  {percent(group.ratio)}", "dim")))

    def show_task(self, task_id: str | None) -> None:
        """Move the cursor to a task (without selecting it: that would move the interview again)."""
        node = self.task_nodes.get(task_id) if task_id else None
        if node is not None and self.cursor_node is not node:
            self.move_cursor(node, animate=False)
