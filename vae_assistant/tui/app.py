"""The Textual application: the start screen, then one dossier at a time on the main screen.

The app owns the opened :class:`~vae_assistant.tui.session.Session` (and so the dossier's lock), opens dossiers in a
worker thread (building the matcher takes a moment; the screen must paint at once), turns the core's French errors
into dialogs, and offers the app-wide commands (palette, help, quit). Screens do the rest.
"""

from __future__ import annotations

import importlib.util
import socket
import traceback
from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.screen import Screen

from vae_assistant.dossier.errors import DossierError, DossierLoadError, DossierLockedError
from vae_assistant.dossier.lock import COMMAND_WAIT_S
from vae_assistant.dossier.storage import Backup, list_backups, restore_backup, write_protection
from vae_assistant.errors import EXIT_USER_ERROR, VaeError
from vae_assistant.tui.commands import FrenchCommandPalette, FrenchCommands
from vae_assistant.tui.keys import french_key_display
from vae_assistant.tui.screens.dialogs import ChoiceDialog, confirm_dialog, error_dialog
from vae_assistant.tui.screens.restore import (
    RESTORE,
    blocked_restore_hint,
    open_failed_hint,
    restore_dialog,
    restore_failed_dialog,
    restored_notice,
)
from vae_assistant.tui.screens.start import StartScreen
from vae_assistant.tui.typography import keep_non_breaking_spaces

if TYPE_CHECKING:
    from vae_assistant.dossier.model import Dossier
    from vae_assistant.tui.session import Session

REVIEW_MODULE = "vae_assistant.tui.screens.review"

WAITING_NOTICE = "Le dossier est utilisé par une commande\u00a0; j'attends qu'elle se termine…"
"""Said while opening a dossier that a command (``dossier add`` in a terminal) is changing."""


def internal_error_message() -> str:
    """Record the traceback for the developers and return the French sentence for the candidate."""
    from vae_assistant.crash import write_crash_report

    report = write_crash_report(traceback.format_exc())
    return f"Erreur interne inattendue (ce n'est pas de votre faute). Le détail est enregistré dans {report}."


class VaeApp(App[None]):
    """vae-assistant's TUI.

    ``path``: a dossier to open at once instead of showing the start screen. ``session``: a dossier already opened
    (tests, and programs embedding the assistant); the app closes it on exit.
    """

    CSS_PATH = Path(__file__).with_name("app.tcss")  # absolute: subclasses defined elsewhere find it too
    TITLE = "Assistant VAE"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS: ClassVar[set] = {FrenchCommands}
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (110, "-wide"), (180, "-very-wide")]
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", "Quitter", priority=True),
        Binding("ctrl+p", "command_palette", "Commandes", show=False, priority=True),
        Binding("ctrl+c", "help_quit", show=False, system=True),
    ]

    def __init__(self, path: Path | None = None, *, read_only: bool = False, session: Session | None = None) -> None:
        keep_non_breaking_spaces()  # « » and « : » never split across lines
        super().__init__()
        self.start_path = path
        self.start_read_only = read_only
        self.start_session = session
        self.session: Session | None = None

    # -- start-up and opening dossiers ------------------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.start_session is not None:
            self.show_session(self.start_session)
        elif self.start_path is not None:
            self.open_path(self.start_path, read_only=self.start_read_only)
        else:
            self.push_screen(StartScreen())
            self.set_timer(0.5, self._preload)  # after the first paint

    def on_start_screen_open_requested(self, message: StartScreen.OpenRequested) -> None:
        self.open_path(message.path)

    def on_start_screen_create_requested(self, message: StartScreen.CreateRequested) -> None:
        self.create_dossier(message.path, message.dossier)

    def open_path(self, path: Path, *, read_only: bool = False, force: bool = False) -> None:
        self.notify("Ouverture du dossier…", timeout=2)
        self._open_worker(path, read_only, force)

    def create_dossier(self, path: Path, dossier: Dossier) -> None:
        self._create_worker(path, dossier)

    def _say_waiting(self, owner: dict) -> None:
        """Called from a worker thread while a command holds the dossier."""
        self.call_from_thread(self.notify, WAITING_NOTICE, timeout=COMMAND_WAIT_S)

    @work(thread=True, exclusive=True, group="open")
    def _open_worker(self, path: Path, read_only: bool, force: bool) -> None:
        from vae_assistant.tui.session import Session

        self._open_with(lambda: Session.open(path, read_only=read_only, force=force, on_wait=self._say_waiting), path)

    @work(thread=True, exclusive=True, group="open")
    def _restore_worker(self, path: Path, backup: Backup) -> None:
        """Put ``backup`` back through the core (as ``dossier restore`` does: the replaced file is kept aside),
        then open the dossier and say which version came back and where the damaged file is."""
        from vae_assistant.tui.session import Session

        kept: list[Path] = []
        try:
            existed = path.exists()
            # By its file, not its number: a save elsewhere since the dialog opened would shift the numbers.
            current = next((b for b in list_backups(path) if b.path == backup.path), None)
            if current is None:
                raise DossierError(f"La {backup.label} n'est plus dans les sauvegardes du dossier {path}.")
            restored = restore_backup(
                path, current.number, wait=COMMAND_WAIT_S, on_wait=self._say_waiting, on_unreadable_kept=kept.append
            )
        except VaeError as exc:
            self.call_from_thread(self._restore_failed, exc)
            return
        except Exception:
            self.call_from_thread(self._restore_failed, internal_error_message())
            return
        notice = restored_notice(restored, path, existed=existed, kept=kept[-1] if kept else None)
        self.call_from_thread(self.notify, notice, title="Dossier restauré", timeout=20)
        self._open_with(lambda: Session.open(path, on_wait=self._say_waiting), path, notice)

    @work(thread=True, exclusive=True, group="open")
    def _create_worker(self, path: Path, dossier: Dossier) -> None:
        from vae_assistant.tui.session import Session

        self._open_with(lambda: Session.create(path, dossier), path)

    @work(thread=True, group="preload")
    def _preload(self) -> None:
        """While the candidate reads the start screen, import what opening a dossier needs (the matcher, the
        interview, the main screen): the first paint does not wait for them, and the dossier opens sooner."""
        import vae_assistant.interview
        import vae_assistant.tui.screens.main
        import vae_assistant.tui.session  # noqa: F401

    def _open_with(self, opener, path: Path, notice: str | None = None) -> None:  # type: ignore[no-untyped-def]
        """Run ``opener`` (in a worker thread) and hand its session, or its error, to the UI thread; ``notice`` is
        said once the dossier shows."""
        try:
            session = opener()
        except DossierLockedError as exc:
            self.call_from_thread(self._offer_read_only, exc, path)
        except DossierLoadError as exc:
            self.call_from_thread(self._open_failed, exc, self._readable_backup(exc))
        except VaeError as exc:
            self.call_from_thread(self._open_failed, exc)
        except Exception:
            self.call_from_thread(self._open_failed, internal_error_message())
        else:
            self.call_from_thread(self.show_session, session, notice)

    @staticmethod
    def _readable_backup(error: DossierLoadError) -> Backup | None:
        """The backup the core named as the newest readable one, with its number and date (read in the worker)."""
        if error.backup is None:
            return None
        return next((b for b in list_backups(error.path) if b.path == error.backup and b.check() is None), None)

    def _offer_read_only(self, error: DossierLockedError, path: Path) -> None:
        choices: list[tuple[str, str | None, str]] = [("Ouvrir en lecture seule", "read", "primary")]
        hint = "En lecture seule, vous voyez tout mais rien n'est modifié\u00a0; fermez l'autre fenêtre pour écrire."
        if error.owner.get("host") not in (None, socket.gethostname()):
            # A lock from another computer cannot be checked (shared drive, computer switched off): the lock
            # module lets the user take it over, and its hint says when to.
            choices.append(("Forcer l'ouverture", "force", "error"))
            hint = error.hint or hint
        choices.append(("Annuler", None, "default"))
        dialog = ChoiceDialog("Dossier déjà ouvert", error.message, choices, hint=hint)

        def chosen(choice: str | None) -> None:
            if choice == "read":
                self.open_path(path, read_only=True)
            elif choice == "force":
                self.open_path(path, force=True)
            else:
                self._ensure_start_screen()

        self.push_screen(dialog, chosen)

    def _open_failed(self, error: VaeError | str, backup: Backup | None = None) -> None:
        if isinstance(error, DossierLoadError):
            protection = write_protection(error.path) if backup is not None else None
            if backup is not None and protection is not None:
                error = VaeError(error.message, hint=blocked_restore_hint(backup, protection))
            elif backup is not None:
                path = error.path

                def chosen(choice: str | None) -> None:
                    if choice == RESTORE:
                        self.notify("Restauration du dossier…", timeout=2)
                        self._restore_worker(path, backup)
                    else:
                        self._ensure_start_screen()

                self.push_screen(restore_dialog(error, backup), chosen)
                return
            else:
                error = VaeError(error.message, hint=open_failed_hint(error))  # words, not a command to type
        self.push_screen(error_dialog(error, "Ouverture impossible"), lambda _: self._ensure_start_screen())

    def _restore_failed(self, error: VaeError | str) -> None:
        self.push_screen(restore_failed_dialog(error), lambda _: self._ensure_start_screen())

    def _ensure_start_screen(self) -> None:
        if self.session is None and not isinstance(self.screen, StartScreen):
            self.push_screen(StartScreen())

    def show_session(self, session: Session, notice: str | None = None) -> None:
        """Make ``session`` the current dossier and show it on the main screen (the previous one is closed);
        ``notice``: what to tell the candidate about it first (the version restored)."""
        from vae_assistant.tui.screens.main import MainScreen

        self.close_session()
        self.session = session
        self.sub_title = session.title
        self.clear_notifications()  # « Ouverture du dossier… » is done; at 80×24 it would cover the input box
        if notice:
            self.notify(notice, title="Dossier restauré", timeout=20)
        if isinstance(self.screen, StartScreen):
            self.switch_screen(MainScreen(session))
        else:
            self.push_screen(MainScreen(session))
        for warning in session.warnings:
            self.notify(warning, severity="warning", timeout=8)

    def close_session(self) -> None:
        if self.session is not None:
            main = self._main_screen()
            if main is not None and main.session is self.session:
                main.save_draft()  # the text typed and not sent is kept for next time
            self.session.close()
            self.session = None

    # -- app-wide actions -------------------------------------------------------------------------------------------

    def get_key_display(self, binding: Binding) -> str:
        return french_key_display(binding) or super().get_key_display(binding)

    def action_command_palette(self) -> None:
        if self.use_command_palette and not CommandPalette.is_open(self):
            placeholder = "Chercher une commande ou une tâche…"
            self.push_screen(FrenchCommandPalette(placeholder=placeholder, id="--command-palette"))

    def action_help_quit(self) -> None:
        self.notify(
            "Pour quitter\u00a0: Ctrl+Q. Pour copier, sélectionnez le texte à la souris.", title="Quitter\u00a0?"
        )

    def action_help(self) -> None:
        from vae_assistant.tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_new_dossier(self) -> None:
        self._leave_dossier(lambda: self._back_to_start(focus="new"))

    def action_open_other(self) -> None:
        self._leave_dossier(self._back_to_start)

    def _back_to_start(self, focus: str | None = None) -> None:
        self.close_session()
        self.sub_title = ""
        start = StartScreen()
        self.switch_screen(start)
        if focus == "new":
            self.call_after_refresh(start.action_focus_new)

    def _leave_dossier(self, then) -> None:  # type: ignore[no-untyped-def]
        """Run ``then`` once the current dossier is safely saved (or the candidate chose to drop unsaved work).

        Screens over the main screen close first: those holding what was typed save it or ask (``confirm_leave``),
        the others (situations, review, reports) are simply closed, so that the start screen replaces the main one.
        """
        confirm_leave = getattr(self.screen, "confirm_leave", None)
        if confirm_leave is not None:
            confirm_leave(lambda: self.call_later(self._leave_dossier, then))
            return
        main = self._main_screen()
        if main is not None and self.screen is not main:
            self.pop_screen()
            self.call_later(self._leave_dossier, then)
            return
        session = self.session
        if session is None or self._saved(session):
            then()
            return
        self.push_screen(self._unsaved_dialog(), lambda leave: then() if leave else None)

    def _saved(self, session: Session) -> bool:
        """Try to save; True when nothing is left unsaved."""
        if session.read_only or not session.unsaved:
            return True
        try:
            session.save()
        except VaeError:
            return False
        return True

    @staticmethod
    def _unsaved_dialog() -> ChoiceDialog:
        return confirm_dialog(
            "Modifications non enregistrées",
            "Le dossier n'a pas pu être enregistré\u00a0: vos dernières modifications seraient perdues.",
            "Quitter quand même",
            "Rester",
            danger=True,
        )

    async def action_quit(self) -> None:
        confirm_leave = getattr(self.screen, "confirm_leave", None)
        if confirm_leave is not None:
            # A screen holding what was typed and not saved yet (parcours, a form, the counsellor's comment)
            # closes first, saving it or asking; then quitting goes on from the screen below.
            confirm_leave(lambda: self.call_later(self.action_quit))
            return
        session = self.session
        if session is not None and session.lock.locked():
            self.notify("Un instant\u00a0: l'enregistrement de votre dernier message se termine.", severity="warning")
            return
        if session is None or self._saved(session):
            self.close_session()
            self.exit()
            return

        def chosen(leave: bool | None) -> None:
            if leave:
                self.close_session()
                self.exit(return_code=EXIT_USER_ERROR)

        self.push_screen(self._unsaved_dialog(), chosen)

    def on_unmount(self) -> None:
        self.close_session()

    # -- the command palette ----------------------------------------------------------------------------------------

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        main = self._main_screen()
        if main is not None:
            yield SystemCommand("Rapport de couverture", "Ce qui est couvert et ce qui manque", main.action_coverage)
            yield SystemCommand("Exporter le livret", "Le livret 2 au format Word (.docx)", main.action_export)
            yield SystemCommand("Identité et parcours", "Coordonnées, expériences, formations", main.action_parcours)
            yield SystemCommand("Situations", "Vos récits et les conseils du coach d'écriture", main.action_situations)
            if importlib.util.find_spec(REVIEW_MODULE) is not None:
                yield SystemCommand("Revue de l'accompagnateur", "Matrice, commentaires", main.action_review)
            for task in main.session.referential.tasks:
                yield SystemCommand(f"Aller à la tâche {task.id}", task.title, partial(main.go_to, task.id))
        yield SystemCommand("Ouvrir un autre dossier", "Revenir à la liste des dossiers", self.action_open_other)
        yield SystemCommand("Nouveau dossier", "Commencer le dossier d'un autre candidat", self.action_new_dossier)
        yield SystemCommand("Aide", "Touches et commandes", self.action_help)
        yield SystemCommand("Thème", "Changer les couleurs (clair, sombre…)", self.action_change_theme)
        yield SystemCommand("Quitter", "Fermer l'assistant (tout est enregistré)", self.action_quit)

    def _main_screen(self):  # type: ignore[no-untyped-def]
        from vae_assistant.tui.screens.main import MainScreen

        for screen in reversed(self.screen_stack):
            if isinstance(screen, MainScreen):
                return screen
        return None
