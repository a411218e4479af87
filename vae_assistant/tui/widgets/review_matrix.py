"""The coverage matrix of the counsellor's review: blocs as rows, their tasks as cells, totals per bloc.

A DataTable with a cell cursor: arrows move from task to task, Enter opens one. Every cell carries a symbol
(✔ couvert, ◐ partiel, ○ non couvert) before its colour, so that it reads on a monochrome terminal too.

The « Total » column gives the bloc's share only: its counts of ✔ ◐ ○ are the row's own cells (and the line under
the matrix repeats them for the current task's bloc). With them, the column took 24 characters and the CASP matrix
89: at 80 columns the tasks 3.7 and 3.8 were hidden until one scrolled right.
"""

from __future__ import annotations

from rich.text import Text
from textual.coordinate import Coordinate
from textual.message import Message
from textual.widgets import DataTable

from vae_assistant.coverage.model import Coverage
from vae_assistant.review import STATUS_SYMBOLS, percent

CELL_STYLES: dict[str, str] = {"couvert": "bold green", "partiel": "bold dark_orange", "non_couvert": "dim"}
"""Plain colours that read on light and dark themes; the symbol carries the meaning."""

FIRST_TASK_COLUMN = 2


class ReviewMatrix(DataTable[Text]):
    """Coverage of a dossier, bloc by bloc. Posts :class:`TaskChosen` when a task cell is opened."""

    DEFAULT_CSS = """
    ReviewMatrix { height: auto; max-height: 60%; }
    """

    class TaskChosen(Message):
        def __init__(self, task_id: str) -> None:
            super().__init__()
            self.task_id = task_id

    def __init__(self, coverage: Coverage, *, id: str | None = None) -> None:
        # the Bloc column stays put: a bloc with more tasks than the screen holds is scrolled right (→)
        super().__init__(cursor_type="cell", zebra_stripes=False, fixed_columns=1, id=id)
        self._coverage = coverage
        self._cells: dict[tuple[int, int], str] = {}

    def on_mount(self) -> None:
        self.show(self._coverage)

    @staticmethod
    def _rows(coverage: Coverage) -> list[list[Text]]:
        width = max((len(g.tasks) for g in coverage.groups), default=0)
        rows = []
        for group in coverage.groups:
            name = "Transv." if group.transversal else (group.id or "")
            cells = [Text(name, style="bold"), Text(percent(group.ratio), justify="right")]
            for task in group.tasks:
                cells.append(Text(f"{STATUS_SYMBOLS[task.status]} {task.id}", style=CELL_STYLES[task.status]))
            rows.append(cells + [Text("")] * (width + FIRST_TASK_COLUMN - len(cells)))
        return rows

    @staticmethod
    def _shape(coverage: Coverage) -> list[tuple[str | None, list[str]]]:
        return [(group.id, [task.id for task in group.tasks]) for group in coverage.groups]

    def show(self, coverage: Coverage) -> None:
        """(Re)draw the matrix for ``coverage``, keeping the cursor where it was.

        Once drawn, the same blocs and tasks are updated cell by cell: clearing and refilling the table (after a
        comment is saved) left Textual drawing it with the columns squeezed and scrolled, until the next resize.
        """
        if self.row_count and self._shape(coverage) == self._shape(self._coverage):
            self._coverage = coverage
            for row, cells in enumerate(self._rows(coverage)):
                for column, cell in enumerate(cells):
                    self.update_cell_at(Coordinate(row, column), cell, update_width=True)
            return
        self._coverage = coverage
        where = self.cursor_coordinate
        self.clear(columns=True)
        self._cells = {}
        rows = self._rows(coverage)
        self.add_column("Bloc", key="bloc")
        self.add_column("Total", key="total")
        for n in range(len(rows[0]) - FIRST_TASK_COLUMN if rows else 0):
            self.add_column(f"{n + 1}", key=f"t{n}")
        for row, (group, cells) in enumerate(zip(coverage.groups, rows, strict=True)):
            for column, task in enumerate(group.tasks, start=FIRST_TASK_COLUMN):
                self._cells[(row, column)] = task.id
            self.add_row(*cells, key=group.id or "transversal")
        if self.row_count:
            self.move_cursor(row=min(where.row, self.row_count - 1), column=where.column or FIRST_TASK_COLUMN)

    def task_at(self, row: int, column: int) -> str | None:
        return self._cells.get((row, column))

    def select_task(self, task_id: str) -> None:
        """Put the cursor on a task's cell."""
        for (row, column), known in self._cells.items():
            if known == task_id:
                self.move_cursor(row=row, column=column)
                return

    @property
    def current_task(self) -> str | None:
        return self.task_at(self.cursor_coordinate.row, self.cursor_coordinate.column)

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        event.stop()
        task_id = self.task_at(event.coordinate.row, event.coordinate.column)
        if task_id is not None:
            self.post_message(self.TaskChosen(task_id))
