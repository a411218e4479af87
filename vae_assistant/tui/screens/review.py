"""The counsellor's review: the coverage matrix, the gaps, and for each task its evidence and the comment form.

Self-contained so that it runs in its own small app (``vae-assistant review PATH``, :mod:`vae_assistant.tui.review_app`)
and can be pushed from the assistant (``ReviewScreen(session.file, session.referential)``). A comment is added with
:func:`vae_assistant.dossier.operations.add_comment` and the dossier saved at once through its
:class:`~vae_assistant.dossier.storage.DossierFile` (atomic save, backups); if the save fails the comment is taken
back out of the dossier and its text stays in the form, so that nothing the counsellor typed is lost.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import Button, Footer, Input, Label, RadioSet, Static, TextArea

from vae_assistant.coverage import Coverage, TaskCoverage, compute_coverage
from vae_assistant.coverage.model import STATUS_LABELS
from vae_assistant.dossier import operations as ops
from vae_assistant.dossier.labels import DECISION_LABELS, REVIEW_STATUS_LABELS
from vae_assistant.dossier.model import Comment, Dossier, ReviewStatus
from vae_assistant.dossier.storage import DossierFile, write_protection
from vae_assistant.errors import VaeError
from vae_assistant.referential.model import Referential
from vae_assistant.review import STATUS_SYMBOLS, bloc_totals, group_name, percent, score_text, task_comments
from vae_assistant.review import task_evidence as evidence_for_task
from vae_assistant.tui.screens.dialogs import ChoiceDialog
from vae_assistant.tui.widgets.review_gaps import GapList
from vae_assistant.tui.widgets.review_matrix import CELL_STYLES, ReviewMatrix
from vae_assistant.tui.widgets.toggles import Choice

DEFAULT_AUTHOR = "Accompagnateur"
WIDE = 110
LEGEND = "✔ couvert · ◐ partiel · ○ non couvert — Entrée\u00a0: ouvrir une tâche"
MORE_TO_THE_RIGHT = "→\u00a0: d'autres tâches à droite · ✔ couvert · ◐ partiel · ○ non couvert"
"""From this width on, the summary names the thin blocs in full."""
STATUS_CHOICES: tuple[tuple[ReviewStatus | None, str], ...] = (
    (None, "Sans statut"),
    *((status, label) for status, label in REVIEW_STATUS_LABELS.items()),  # type: ignore[misc]
)


def _status_text(status: str) -> Text:
    return Text(f"{STATUS_SYMBOLS[status]} {STATUS_LABELS[status].lower()}", style=CELL_STYLES[status])


def _comment_text(comment: Comment) -> Text:
    status = f" [{REVIEW_STATUS_LABELS[comment.status]}]" if comment.status else ""
    where = f" (situation {comment.situation_id})" if comment.situation_id else ""
    head = Text(f"{comment.author}, le {comment.created_at.astimezone():%d/%m/%Y}{where}{status}", style="bold")
    return head + Text(f" : {comment.text}" if comment.text.strip() else "")


class TaskReviewScreen(ModalScreen[tuple[str, ReviewStatus | None, str] | None]):
    """One task: its status, its competencies, every evidence sentence with its score, the comments, a form.

    The comment goes on the task, or on the task within one of the situations shown (« Commenter la situation »
    under its evidence: issue 7 wants both), so that the candidate reads it next to the story it is about.
    Dismissed with ``(text, status, author)`` when the counsellor saves, ``None`` when they close it.
    """

    DEFAULT_CSS = """
    TaskReviewScreen { align: center middle; }
    TaskReviewScreen > Vertical { width: 92%; height: 92%; border: thick $primary; background: $surface; padding: 0 1; }
    TaskReviewScreen #task-body { height: 1fr; }
    TaskReviewScreen .section { margin-top: 1; text-style: bold; }
    TaskReviewScreen .evidence { padding-left: 2; }
    TaskReviewScreen #comment-form { height: auto; }
    TaskReviewScreen #comment-text { height: 5; }
    .-narrow TaskReviewScreen #comment-text, TaskReviewScreen.-narrow #comment-text { height: 3; }
    .-narrow TaskReviewScreen > Vertical, TaskReviewScreen.-narrow > Vertical { width: 100%; height: 100%; }
    TaskReviewScreen RadioSet { layout: horizontal; width: 1fr; height: auto; }
    TaskReviewScreen RadioSet > RadioButton { width: auto; margin-right: 2; }
    TaskReviewScreen .comment-situation { margin-left: 2; }
    TaskReviewScreen #comment-target-row { height: 1; }
    TaskReviewScreen #comment-target { width: 1fr; text-style: bold; text-wrap: nowrap; text-overflow: ellipsis; }
    TaskReviewScreen #comment-author-label { padding: 0 1 0 0; }
    TaskReviewScreen #comment-author { width: 1fr; max-width: 32; }
    TaskReviewScreen #comment-buttons { height: auto; align-horizontal: right; }
    TaskReviewScreen #comment-buttons Button { margin-left: 2; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Fermer"),
        Binding("ctrl+s", "save", "Enregistrer le commentaire", priority=True),
    ]

    def __init__(
        self, task: TaskCoverage, review: ReviewScreen, *, draft: tuple[str, ReviewStatus | None] = ("", None)
    ):
        super().__init__()
        self.task_coverage = task
        self.review = review
        self.draft = draft
        self.situation_id: str | None = None
        """The situation the comment is about (None: the task itself)."""

    def compose(self) -> ComposeResult:
        task, review = self.task_coverage, self.review
        with Vertical():
            # Whose dossier: at 80×24 this form covers the matrix and its summary, the only other place saying it.
            who = Text(f"{review.dossier.candidate.full_name} · ", style="bold")
            yield Static(who + Text(f"Tâche {task.id} — {task.title}", style="bold"), id="task-title")
            with VerticalScroll(id="task-body"):
                reason = task.review_reason or task.reason
                yield Static(_status_text(task.status) + Text(f" — {reason}"), id="task-status")
                yield Label("Compétences", classes="section")
                for competency in task.competencies:
                    line = Text(
                        f"{STATUS_SYMBOLS[competency.status]} {competency.id} ", style=CELL_STYLES[competency.status]
                    )
                    yield Static(line + Text(competency.text), classes="evidence")
                yield Label("Preuves dans les situations", classes="section")
                situations = evidence_for_task(review.dossier, review.referential, task.id)
                if not situations:
                    yield Static("Aucune situation ne montre encore cette tâche.", classes="evidence")
                for situation in situations:
                    state = DECISION_LABELS[situation.decision] if situation.decision else "repérée"
                    if not situation.counted:
                        state = "écartée par le candidat\u00a0: ne compte pas"
                    head = Text(f"{situation.situation_id} — {situation.title} ", style="bold")
                    yield Static(head + Text(f"(score {score_text(situation.task_score)}, {state})"))
                    if not situation.lines:
                        yield Static("Aucune phrase du récit ne montre encore ses compétences.", classes="evidence")
                    for line in situation.lines:
                        words = f" — mots\u00a0: {', '.join(line.matched)}" if line.matched else ""
                        quoted = f"«\u00a0{line.sentence}\u00a0»"
                        body = Text(f"{score_text(line.score)}  {line.competency_id}  {quoted}{words}")
                        yield Static(body, classes="evidence")
                    yield Button(
                        f"Commenter la situation {situation.situation_id}",
                        id=f"comment-on-{situation.situation_id}",
                        classes="comment-situation",
                        disabled=review.read_only,
                        compact=True,
                    )
                comments = task_comments(review.dossier, task.id)
                yield Label(f"Commentaires ({len(comments)})", classes="section")
                for comment in comments:
                    yield Static(_comment_text(comment), classes="evidence")
            with Vertical(id="comment-form"):
                if review.read_only:
                    yield Label(
                        "Dossier ouvert en lecture seule\u00a0: les commentaires ne peuvent pas être enregistrés."
                    )
                with Horizontal(id="comment-target-row"):
                    yield Label(self._target_text(), id="comment-target")
                    yield Button("Sur la tâche seule", id="comment-on-task", compact=True)
                yield TextArea(self.draft[0], id="comment-text", soft_wrap=True, disabled=review.read_only)
                with RadioSet(id="comment-status", disabled=review.read_only, compact=True):
                    for status, label in STATUS_CHOICES:
                        yield Choice(label, value=status == self.draft[1], id=f"status-{status or 'aucun'}")
                with Horizontal(id="comment-buttons"):
                    yield Label("Signé\u00a0:", id="comment-author-label")
                    yield Input(
                        review.author,
                        placeholder="Votre nom",
                        id="comment-author",
                        disabled=review.read_only,
                        compact=True,
                    )
                    yield Button(
                        "Enregistrer (Ctrl+S)", variant="primary", id="save", disabled=review.read_only, compact=True
                    )
                    yield Button("Fermer", id="close", compact=True)

    def on_mount(self) -> None:
        self.query_one("#comment-on-task", Button).display = False
        if not self.review.read_only:
            self.query_one("#comment-text", TextArea).focus()

    def _target_text(self) -> str:
        task_id = self.task_coverage.id
        if self.situation_id is None:
            return f"Commentaire sur la tâche {task_id}"
        try:
            title = self.review.dossier.situation(self.situation_id).title
        except KeyError:
            title = ""
        return f"Commentaire sur la situation {self.situation_id} «\u00a0{title}\u00a0», tâche {task_id}"

    def target(self, situation_id: str | None) -> None:
        """Aim the comment at a situation (None: the task itself) and put the cursor in the text."""
        self.situation_id = situation_id
        self.query_one("#comment-target", Label).update(self._target_text())
        self.query_one("#comment-on-task", Button).display = situation_id is not None
        if not self.review.read_only:
            self.query_one("#comment-text", TextArea).focus()

    @on(Button.Pressed, ".comment-situation")
    def _situation_pressed(self, event: Button.Pressed) -> None:
        self.target((event.button.id or "").removeprefix("comment-on-") or None)

    @on(Button.Pressed, "#comment-on-task")
    def _task_pressed(self) -> None:
        self.target(None)

    @property
    def chosen_status(self) -> ReviewStatus | None:
        pressed = self.query_one("#comment-status", RadioSet).pressed_button
        if pressed is None or pressed.id is None:
            return None
        value = pressed.id.removeprefix("status-")
        return None if value == "aucun" else value  # type: ignore[return-value]

    @property
    def unsaved_text(self) -> bool:
        """A comment typed and not saved (closing the form would drop it)."""
        return not self.review.read_only and bool(self.query_one("#comment-text", TextArea).text.strip())

    def confirm_leave(self, then: Callable[[], None] | None = None) -> None:
        """Close the form, then run ``then``; a comment typed and not saved is saved, dropped or kept writing, as
        the counsellor chooses (Escape: back to the comment)."""

        def leave() -> None:
            if self.is_current:
                self.dismiss(None)
            if then is not None:
                self.app.call_after_refresh(then)

        if not self.unsaved_text:
            leave()
            return

        def chosen(choice: str | None) -> None:
            if choice == "save":
                if self.action_save() and then is not None:
                    self.app.call_after_refresh(then)
            elif choice == "drop":
                leave()

        dialog = ChoiceDialog(
            "Commentaire non enregistré",
            f"Votre commentaire sur la tâche {self.task_coverage.id} n'est pas enregistré.",
            [
                ("Enregistrer", "save", "primary"),
                ("Ne pas l'enregistrer", "drop", "error"),
                ("Revenir", None, "default"),
            ],
        )
        self.app.push_screen(dialog, chosen)

    def action_close(self) -> None:
        self.confirm_leave()

    def action_save(self) -> bool:
        """Save the comment and close the form; False (the form stays, with its text) when it is not saved."""
        if self.review.read_only:
            return False
        text = self.query_one("#comment-text", TextArea).text
        status = self.chosen_status
        author = self.query_one("#comment-author", Input).value
        if not text.strip() and status is None:
            self.notify("Écrivez un commentaire ou choisissez un statut.", severity="warning")
            return False
        error = self.review.save_comment(self.task_coverage.id, text, status, author, situation_id=self.situation_id)
        if error is not None:
            self.notify(error, severity="error", title="Commentaire non enregistré", timeout=12)
            return False
        where = f" sur la situation {self.situation_id}" if self.situation_id else ""
        said = f" (statut\u00a0: {REVIEW_STATUS_LABELS[status]})" if status else ""
        self.app.notify(f"Commentaire enregistré{where}{said}.", timeout=4)
        self.dismiss((text, status, author))
        return True

    @on(Button.Pressed, "#save")
    def _save_pressed(self) -> None:
        self.action_save()

    @on(Button.Pressed, "#close")
    def _close_pressed(self) -> None:
        self.action_close()


class ReviewScreen(Screen[None]):
    """The counsellor's review of one opened dossier."""

    DEFAULT_CSS = """
    ReviewScreen { layout: vertical; }
    ReviewScreen #review-summary { height: auto; padding: 0 1; }
    ReviewScreen #review-legend { height: 1; padding: 0 1; color: $text-muted; }
    ReviewScreen #review-task { height: auto; max-height: 4; padding: 0 1; }
    ReviewScreen .review-heading { text-style: bold; padding: 0 1; margin-top: 1; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "leave", "Retour"),
        Binding("enter", "open_task", "Ouvrir la tâche", show=True),
        Binding("m", "focus_matrix", "Matrice"),
        Binding("g", "focus_gaps", "Manques"),
    ]

    def __init__(self, dossier_file: DossierFile, referential: Referential, *, author: str = DEFAULT_AUTHOR) -> None:
        super().__init__()
        self.file = dossier_file
        self.referential = referential
        self.author = author
        self.coverage: Coverage = compute_coverage(dossier_file.dossier, referential)

    @property
    def dossier(self) -> Dossier:
        return self.file.dossier

    @property
    def read_only(self) -> bool:
        return self.file.read_only

    def compose(self) -> ComposeResult:
        yield Static(self._summary(), id="review-summary")
        yield ReviewMatrix(self.coverage, id="review-matrix")
        yield Static(LEGEND, id="review-legend")
        yield Static("", id="review-task")
        yield Label("Manques, les plus importants d'abord", classes="review-heading")
        yield GapList(self.coverage, id="review-gaps")
        yield Footer()

    def on_mount(self) -> None:
        self.app.sub_title = f"Revue — {self.dossier.candidate.full_name}"
        matrix = self.query_one(ReviewMatrix)
        matrix.focus()
        self._describe_current()
        self.watch(matrix, "scroll_x", lambda _: self._update_legend(), init=False)
        self.call_after_refresh(self._update_legend)

    def on_resize(self) -> None:
        self.call_after_refresh(self._update_legend)

    def _update_legend(self) -> None:
        """Say so when a bloc's last tasks are beyond the right edge (a narrow screen, a bloc with many tasks)."""
        matrix = self.query_one(ReviewMatrix)
        hidden = matrix.scroll_x < matrix.max_scroll_x
        self.query_one("#review-legend", Static).update(MORE_TO_THE_RIGHT if hidden else LEGEND)

    def _summary(self) -> Text:
        dossier, coverage = self.dossier, self.coverage
        text = Text(f"{dossier.candidate.full_name} — {dossier.certification.title}\n", style="bold")
        text += Text(
            f"{len(dossier.situations)} situation{'s' if len(dossier.situations) > 1 else ''} · couverture "
            f"d'ensemble {percent(coverage.ratio)} · "
        )
        thin_groups = [g for g in coverage.groups if g.ratio < 0.5]
        thin = [group_name(g) for g in thin_groups]
        if self.app.size.width < WIDE and len(", ".join(thin)) > self.app.size.width:
            # Five long bloc titles would push the matrix off a 80×24 screen: the matrix says which is which.
            thin = [f"Bloc {g.id}" if not g.transversal else "transversal" for g in thin_groups]
        thin_text = f"blocs sous 50\u00a0%\u00a0: {', '.join(thin)}" if thin else "aucun bloc sous 50\u00a0%"
        text += Text(thin_text, style="bold")
        if self.read_only:
            protected = write_protection(self.file.path) is not None
            why = "il est protégé en écriture" if protected else "il est ouvert dans un autre programme"
            text += Text(f"\nLecture seule\u00a0: {why}.", style="bold red")
        return text

    def refresh_review(self) -> None:
        """Recompute coverage (a comment's status changes it) and redraw everything."""
        self.coverage = compute_coverage(self.dossier, self.referential)
        self.query_one("#review-summary", Static).update(self._summary())
        self.query_one(ReviewMatrix).show(self.coverage)
        self.query_one(GapList).show(self.coverage)
        self._describe_current()

    def _describe_current(self) -> None:
        task_id = self.query_one(ReviewMatrix).current_task
        label = self.query_one("#review-task", Static)
        if task_id is None:
            label.update("")
            return
        task = self.coverage.task(task_id)
        group = next(g for g in self.coverage.groups if task in g.tasks)
        head = Text(f"{task.id} {task.title} — ", style="bold") + _status_text(task.status)
        reason = task.review_reason or task.reason
        label.update(head + Text(f" — {reason}\n{group_name(group)}\u00a0: {bloc_totals(group).summary()}"))

    def on_data_table_cell_highlighted(self, _: object) -> None:
        self._describe_current()

    def save_comment(
        self, task_id: str, text: str, status: ReviewStatus | None, author: str, *, situation_id: str | None = None
    ) -> str | None:
        """Add the comment (on the task, or on the task within ``situation_id``) and save the dossier; on failure
        undo it and return the French reason."""
        try:
            comment = ops.add_comment(
                self.dossier,
                author=author or DEFAULT_AUTHOR,
                text=text,
                status=status,
                situation_id=situation_id,
                task_id=task_id,
                referential=self.referential,
            )
        except VaeError as exc:
            return str(exc)
        try:
            self.file.save()
        except VaeError as exc:
            ops.delete_comment(self.dossier, comment.id)
            return str(exc)
        self.author = author or self.author
        return None

    def open_task(self, task_id: str) -> None:
        self.query_one(ReviewMatrix).select_task(task_id)
        self.app.push_screen(TaskReviewScreen(self.coverage.task(task_id), self), self._task_closed)

    def _task_closed(self, saved: tuple[str, ReviewStatus | None, str] | None) -> None:
        if saved is not None:
            self.refresh_review()

    def on_review_matrix_task_chosen(self, event: ReviewMatrix.TaskChosen) -> None:
        self.open_task(event.task_id)

    def action_open_task(self) -> None:
        task_id = self.query_one(ReviewMatrix).current_task
        if task_id is not None and self.query_one(ReviewMatrix).has_focus:
            self.open_task(task_id)

    def action_focus_matrix(self) -> None:
        self.query_one(ReviewMatrix).focus()

    def action_focus_gaps(self) -> None:
        self.query_one(GapList).focus()

    def action_leave(self) -> None:
        if len(self.app.screen_stack) > 1 and self.app.screen_stack[0] is not self:
            self.dismiss(None)
        else:
            self.app.exit()
