"""The main screen: the referential tree, the conversation with its input box, and the coverage panel.

Every turn of the interview (an answer, a slash command, a move in the tree, a decision on a recognised task) runs
in a worker thread: the matcher may take a moment on a long text, and the candidate keeps typing meanwhile. The
worker saves the dossier after the turn; the UI thread then shows the new messages and coverage. The text being
sent is put back in the input box if anything fails, so that no word is ever lost.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any, ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Header, Static, TextArea, Tree

from vae_assistant.coverage import Coverage
from vae_assistant.dossier import draft as drafts
from vae_assistant.dossier.errors import DossierConflictError
from vae_assistant.dossier.model import Dossier
from vae_assistant.dossier.text import human_size, utf8_size
from vae_assistant.errors import VaeError
from vae_assistant.interview import Turn
from vae_assistant.referential.model import Referential
from vae_assistant.review import task_comments
from vae_assistant.tui.app import REVIEW_MODULE, internal_error_message
from vae_assistant.tui.screens.dialogs import ChoiceDialog
from vae_assistant.tui.session import Session
from vae_assistant.tui.widgets.comments import comments_note, comments_since, last_answer_time
from vae_assistant.tui.widgets.conversation import Conversation, Recognised, recognised_in, unrecognised_offer
from vae_assistant.tui.widgets.coverage_panel import CoveragePanel
from vae_assistant.tui.widgets.task_tree import TaskTree

MAX_INPUT_BYTES = 1024 * 1024
"""A message larger than this is a wrong paste, not an answer: refused, and left in the box to be cut down."""

DRAFT_DELAY = 1.0
"""Seconds after the last key before the text being typed is put aside (see vae_assistant.dossier.draft)."""

SEND_KEY = "ctrl+s"
SEND_KEY_LABEL = "Ctrl+S"


def recognised_items(turn: Turn, session: Session) -> list[Recognised]:
    """The turn's recognised tasks as the conversation shows them, with the decision the dossier records; then,
    when the answer's story does not show the task it was told for, that task with « Confirmer quand même »."""
    items = []
    for found in turn.recognised:
        try:
            decision = session.dossier.situation(found.situation_id).decision(found.task_id)
        except KeyError:
            decision = found.decision
        items.append(Recognised(found.situation_id, found.task_id, found.title, found.score, found.sentence, decision))
    answer = turn.candidate_message
    if answer is not None and answer.situation_id is not None:
        try:
            situation = session.dossier.situation(answer.situation_id)
        except KeyError:
            return items
        titles = {task.id: task.title for task in session.referential.tasks}
        offer = unrecognised_offer(situation, answer.task_id, titles)  # never one of the items: not counted
        items += [offer] if offer is not None else []
    return items


def earlier_recognitions(dossier: Dossier, referential: Referential) -> dict[str, list[Recognised]]:
    """For a reopened dossier: each situation's recognised tasks, under the candidate's last answer about it.

    Built from what the dossier stores (the matcher's record, the candidate's decisions), so that the rows look
    as they did when the answer was given, with a decision shown where one was taken, and « Confirmer quand
    même » still offered for the task a story was told for and does not show.
    """
    titles = {task.id: task.title for task in referential.tasks}
    anchors = {m.situation_id: m.id for m in dossier.conversation if m.role == "candidate" and m.situation_id}
    shown: dict[str, list[Recognised]] = {}
    for situation in dossier.situations:
        anchor = anchors.get(situation.id)
        if anchor is None:
            continue
        items = recognised_in(situation, titles)
        offer = unrecognised_offer(situation, situation.for_task, titles)
        items += [offer] if offer is not None else []
        if items:
            shown[anchor] = items
    return shown


class MainScreen(Screen[None]):
    """One dossier: tree | conversation + input | coverage."""

    BINDINGS: ClassVar[list[BindingType]] = [
        # Not priority bindings: the key must reach the input box after the characters typed before it.
        Binding(SEND_KEY, "send", "Envoyer", key_display=SEND_KEY_LABEL),
        Binding("f2", "send", "Envoyer", show=False),
        Binding("f1", "app.help", "Aide"),
        Binding("f4", "parcours", "Parcours"),
        Binding("f5", "coverage", "Couverture"),
        Binding("f8", "situations", "Situations", show=False),  # in the help and the palette (80 columns)
        # F6/F7 belong to the input box (select line / all); F3 goes back and forth between tree and input.
        Binding("f3", "toggle_focus", "Arbre", show=False),  # in the help: the footer must fit 80 columns
        # The conversation takes no focus (the input keeps it): these scroll it from the keyboard.
        Binding("ctrl+up", "scroll_conversation(-1)", "Remonter", show=False),
        Binding("ctrl+down", "scroll_conversation(1)", "Descendre", show=False),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.coverage: Coverage = session.coverage()
        self.task_id: str | None = self._initial_task()
        self.busy = False
        self._pending_text: str | None = None
        self._pending_block: Static | None = None
        self._draft_timer: Timer | None = None
        self._draft_error: str | None = None

    def _initial_task(self) -> str | None:
        interview = self.session.interview
        task = getattr(interview, "current_task", None) if interview is not None else None
        return task.id if task is not None else None

    # -- layout -----------------------------------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        with Horizontal(id="body"):
            yield TaskTree(self.session.referential, self.coverage, id="tree")
            with Vertical(id="centre"):
                yield Conversation(id="conversation")
                yield TextArea(
                    id="composer",
                    soft_wrap=True,
                    show_line_numbers=False,
                    tab_behavior="focus",
                    placeholder=self._placeholder(),
                    read_only=self.session.read_only,
                )
            yield CoveragePanel(self.coverage, self.task_id, id="coverage")
        yield Footer()

    def _placeholder(self) -> str:
        if self.session.read_only:
            return "Dossier ouvert en lecture seule\u00a0: rien ne peut être modifié."
        return (
            f"Votre réponse… (Entrée\u00a0: nouvelle ligne\u00a0; {SEND_KEY_LABEL} ou F2\u00a0: envoyer\u00a0; "
            "/aide\u00a0: les commandes)"
        )

    def on_mount(self) -> None:
        conversation = self.query_one(Conversation)
        dossier = self.session.dossier
        conversation.show_history(dossier.conversation, earlier_recognitions(dossier, self.session.referential))
        self.query_one(TaskTree).show_task(self.task_id)
        self.query_one("#composer", TextArea).focus()
        welcome_back = not self.session.read_only and self._question_on_screen()
        if welcome_back:
            conversation.show_note(
                f"Bon retour, {dossier.candidate.prenom}. Tout ce que vous avez écrit est là\u00a0; "
                "la question en cours est juste au-dessus."
            )
        if self.session.changes:
            conversation.show_note(self.session.changes)
        unread = comments_since(dossier, last_answer_time(dossier))
        if unread:
            conversation.show_note(comments_note(unread), classes="counsellor")
        if not self.session.read_only:
            self._restore_draft()
        if self.session.read_only:
            reason = self.session.read_only_reason
            conversation.show_note(reason or "Lecture seule\u00a0: le dossier est ouvert dans une autre fenêtre.")
        elif self.session.interview is not None and not welcome_back:
            self.run_turn(self.session.interview.start)

    def _question_on_screen(self) -> bool:
        """True when the stored conversation already ends with the question waiting for an answer.

        Then the interview is not restarted: its welcome-back and reminder would be stored again at every opening
        (a candidate who opens the dossier five times to reread it would find five copies of the same question);
        a note, not stored, says hello instead.
        """
        interview = self.session.interview
        state = getattr(interview, "state", None)
        pending = getattr(state, "pending", None)
        conversation = self.session.dossier.conversation
        if pending is None or getattr(state, "phase", None) in ("accueil", "fin") or not conversation:
            return False
        last = conversation[-1]
        return last.role == "assistant" and last.text.rstrip().endswith(pending.text.strip())

    # -- the text not sent yet --------------------------------------------------------------------------------------

    def _restore_draft(self) -> None:
        """The answer left unsent when the dossier was last closed goes back in the input box."""
        draft = drafts.load_draft(self.session.path)
        composer = self.query_one("#composer", TextArea)
        if draft is None or composer.text.strip():
            return
        composer.load_text(draft)
        composer.move_cursor(composer.document.end)
        self.query_one(Conversation).show_note(
            "Le texte que vous aviez commencé sans l'envoyer est revenu dans la zone de saisie\u00a0: "
            f"relisez-le, puis envoyez-le ({SEND_KEY_LABEL})."
        )

    @on(TextArea.Changed, "#composer")
    def _composer_changed(self) -> None:
        if self.session.read_only:
            return
        if self._draft_timer is not None:
            self._draft_timer.stop()
        self._draft_timer = self.set_timer(DRAFT_DELAY, self.save_draft)

    def save_draft(self) -> None:
        """Put the input box's text aside now (the app calls this before closing the dossier)."""
        if self._draft_timer is not None:
            self._draft_timer.stop()
            self._draft_timer = None
        if self.session.read_only:
            return
        try:
            text = self.query_one("#composer", TextArea).text
        except NoMatches:
            return
        error = drafts.save_draft(self.session.path, text)
        if error and error != self._draft_error:
            self.notify(error, severity="warning", timeout=8)
        self._draft_error = error

    # -- sending ----------------------------------------------------------------------------------------------------

    def action_send(self) -> None:
        composer = self.query_one("#composer", TextArea)
        text = composer.text
        if self.session.read_only:
            self.notify("Ce dossier est ouvert en lecture seule.", severity="warning")
            return
        if not text.strip():
            self.notify("Écrivez d'abord votre réponse dans la zone de saisie.", severity="warning")
            return
        size = utf8_size(text)
        if size > MAX_INPUT_BYTES:
            self.notify(
                f"Ce texte est trop long pour un message ({human_size(size)}\u00a0; "
                f"au plus {human_size(MAX_INPUT_BYTES)}). "
                "Il est resté dans la zone de saisie\u00a0: découpez-le en plusieurs réponses.",
                severity="error",
                title="Message trop long",
                timeout=10,
            )
            return
        if self.session.interview is None:
            why = self.session.unavailable or "L'entretien guidé n'est pas disponible."
            self.notify(f"{why}\nVotre texte reste dans la zone de saisie.", severity="warning", timeout=12)
            return
        if self.busy:
            self.notify("Un instant\u00a0: l'assistant lit encore votre message précédent.", severity="warning")
            return
        self._pending_text = text
        composer.clear()
        self.save_draft()  # sent: it is no longer a draft (a failed turn puts it back in the box, and aside again)
        if not text.lstrip().startswith("/"):
            self._pending_block = self.query_one(Conversation).show_pending(text)
        self.run_turn(self.session.interview.handle, text)

    def go_to(self, task_id: str) -> None:
        """Move the interview to a task (from the tree, the palette)."""
        if self.session.interview is None:
            self.task_id = task_id
            self.query_one(TaskTree).show_task(task_id)
            self._show_coverage()
            return
        if self.busy:
            self.notify("Un instant\u00a0: l'assistant termine sa réponse.", severity="warning")
            return
        self.run_turn(self.session.interview.go_to, task_id)

    @on(Tree.NodeSelected, "#tree")
    def _tree_selected(self, event: Tree.NodeSelected) -> None:
        task_id = event.node.data
        if task_id is not None and task_id != self.task_id:
            self.go_to(task_id)
            self.query_one("#composer", TextArea).focus()  # the next thing to do is to answer there

    @on(Conversation.DecisionRequested)
    def _decide(self, event: Conversation.DecisionRequested) -> None:
        interview = self.session.interview
        if interview is None or self.session.read_only:
            return
        if self.busy:
            self.notify("Un instant\u00a0: l'assistant termine sa réponse.", severity="warning")
            return
        method = interview.confirm if event.decision == "confirmed" else interview.reject
        self.run_turn(method, event.item.situation_id, event.item.task_id, decided=(event.item, event.decision))

    # -- the worker -------------------------------------------------------------------------------------------------

    def run_turn(self, step: Callable[..., Any], *args: Any, decided: tuple[Recognised, str] | None = None) -> None:
        self.busy = True
        self._turn_worker(step, args, decided)

    @work(thread=True, group="turn")
    def _turn_worker(self, step: Callable[..., Any], args: tuple, decided: tuple[Recognised, str] | None) -> None:
        session = self.session
        with session.lock:
            try:
                turn = step(*args)
            except VaeError as exc:
                self.app.call_from_thread(self._turn_failed, str(exc))
                return
            except Exception:
                self.app.call_from_thread(self._turn_failed, internal_error_message())
                return
            save_error: str | None = None
            conflict = False
            try:
                session.save()
            except DossierConflictError as exc:
                save_error, conflict = str(exc), True
            except VaeError as exc:
                save_error = str(exc)
            try:
                coverage = session.coverage()
            except Exception:
                coverage = self.coverage
        self.app.call_from_thread(self._turn_done, turn, coverage, save_error, decided)
        if conflict:
            self.app.call_from_thread(self._offer_force_save, save_error)

    def _offer_force_save(self, message: str) -> None:
        """The file changed on disk behind our back: keep ours (theirs goes to the backups) or keep waiting."""
        dialog = ChoiceDialog(
            "Le fichier a changé sur le disque",
            message,
            [("Enregistrer ma version", True, "primary"), ("Plus tard", False, "default")],
            hint="L'autre version sera gardée dans les sauvegardes du dossier\u00a0: rien n'est perdu.",
        )

        def chosen(force: bool | None) -> None:
            if not force:
                return
            with self.session.lock:
                try:
                    self.session.file.save(force=True)
                    self.session.unsaved = False
                except VaeError as exc:
                    self.notify(str(exc), severity="error", title="Enregistrement impossible", timeout=15)
                    return
            self.notify("Votre version est enregistrée\u00a0; l'autre est dans les sauvegardes.")

        self.app.push_screen(dialog, chosen)

    def _turn_failed(self, message: str) -> None:
        self.busy = False
        self._drop_pending_block()
        self._restore_pending_text()
        self.notify(message + "\nVotre texte est resté dans la zone de saisie.", severity="error", timeout=10)

    def _restore_pending_text(self) -> None:
        if self._pending_text is None:
            return
        composer = self.query_one("#composer", TextArea)
        typed_since = composer.text
        composer.load_text(self._pending_text + (f"\n\n{typed_since}" if typed_since.strip() else ""))
        composer.move_cursor(composer.document.end)  # load_text leaves it at the start, where typing went before
        self._pending_text = None

    def _drop_pending_block(self) -> None:
        if self._pending_block is not None:
            self._pending_block.remove()
            self._pending_block = None

    def _turn_done(self, turn: Turn, coverage: Coverage, save_error: str | None, decided: Any) -> None:
        if turn.error:
            # The engine refused the input and stored nothing: the text goes back to the box.
            self._turn_failed(turn.error)
            return
        self.busy = False
        self._pending_text = None
        self._drop_pending_block()
        self.coverage = coverage
        conversation = self.query_one(Conversation)
        for note in turn.notes:  # the engine's welcome-back: shown, never stored
            conversation.show_note(note)
        anchor = turn.candidate_message.id if turn.candidate_message else None
        conversation.show_new(self.session.dossier.conversation, recognised_items(turn, self.session), anchor)
        if decided is not None:
            item, decision = decided
            conversation.mark_decided(item, decision)
            # The pressed button is gone: Textual would focus the row above's « Écarter », which a second Enter
            # pressed by reflex would take. The input box is safe, and the next thing to do is to answer there.
            self.query_one("#composer", TextArea).focus()
        self.task_id = turn.task_id or self.task_id
        self.query_one(TaskTree).refresh_marks(coverage)
        self.query_one(TaskTree).show_task(self.task_id)
        self._show_coverage()
        if save_error:
            self.notify(
                save_error + "\nVotre texte est gardé dans l'assistant\u00a0; il sera enregistré au prochain message.",
                severity="error",
                title="Enregistrement impossible",
                timeout=15,
            )
        self._do_action(turn.action)

    def _show_coverage(self) -> None:
        comments = task_comments(self.session.dossier, self.task_id) if self.task_id else []
        self.query_one(CoveragePanel).update_coverage(self.coverage, self.task_id, comments)

    def _do_action(self, action: str | None) -> None:
        """What a slash command asks the shell to do."""
        if action == "coverage":
            self.action_coverage()
        elif action == "export":
            self.action_export()
        elif action == "help":
            self.app.action_help()
        elif action in ("identity", "parcours"):
            self.action_parcours(tab="identity" if action == "identity" else "experiences")
        elif action == "quit":
            self.app.call_later(self.app.action_quit)  # a coroutine: call_later awaits it

    # -- other screens ----------------------------------------------------------------------------------------------

    def action_scroll_conversation(self, direction: int) -> None:
        """A page up or down in the conversation, to reread an earlier answer or its recognised tasks."""
        conversation = self.query_one(Conversation)
        if direction < 0:
            conversation.scroll_page_up(animate=False)
        else:
            conversation.scroll_page_down(animate=False)

    def action_toggle_focus(self) -> None:
        tree = self.query_one(TaskTree)
        if tree.has_focus:
            self.query_one("#composer", TextArea).focus()
        else:
            tree.focus()

    def action_coverage(self) -> None:
        from vae_assistant.tui.screens.report import CoverageReportScreen

        self.app.push_screen(CoverageReportScreen(self.session.referential, self.coverage, self.session.dossier))

    def action_parcours(self, tab: str = "identity") -> None:
        from vae_assistant.tui.screens.parcours import ParcoursScreen

        self.app.push_screen(ParcoursScreen(self.session, tab=tab), lambda _: self._parcours_closed())

    def _parcours_closed(self) -> None:
        self.app.sub_title = self.session.title
        self.refresh_coverage()

    def action_situations(self) -> None:
        from vae_assistant.tui.screens.situations import SituationsScreen

        self.app.push_screen(SituationsScreen(self.session), self._situations_closed)

    def _situations_closed(self, _deleted: set[str] | None) -> None:
        """Decisions taken (or taken back) and deletions made there show in the conversation's rows too."""
        self.query_one(Conversation).sync_decisions(self.session.dossier)
        self.refresh_coverage()

    def action_review(self) -> None:
        module = importlib.import_module(REVIEW_MODULE)
        screen = module.ReviewScreen(self.session.file, self.session.referential)
        known = {comment.id for comment in self.session.dossier.comments}
        self.app.push_screen(screen, lambda _: self._review_closed(known))

    def _review_closed(self, known: set[str]) -> None:
        """The counsellor's new comments go into the conversation too (the panel is hidden on narrow screens)."""
        self.refresh_coverage()
        new = [comment for comment in self.session.dossier.comments if comment.id not in known]
        if new:
            self.query_one(Conversation).show_note(comments_note(new), classes="counsellor")

    def refresh_coverage(self) -> None:
        """Recompute coverage after another screen changed the dossier (the counsellor's statuses count)."""
        self.coverage = self.session.coverage()
        self.query_one(TaskTree).refresh_marks(self.coverage)
        self._show_coverage()

    def action_export(self) -> None:
        from vae_assistant.tui.screens.export import ExportDialog

        self.app.push_screen(ExportDialog(self.session))
