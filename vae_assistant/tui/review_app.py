"""A small app holding only the counsellor's review: ``vae-assistant review PATH``."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App
from textual.binding import Binding, BindingType
from textual.screen import Screen

from vae_assistant.dossier.storage import DossierFile
from vae_assistant.referential.model import Referential
from vae_assistant.tui.keys import french_key_display
from vae_assistant.tui.screens.review import DEFAULT_AUTHOR, ReviewScreen, TaskReviewScreen
from vae_assistant.tui.typography import keep_non_breaking_spaces


class ReviewApp(App[None]):
    """Opens straight on the review of an already opened dossier (the command opened it, so errors exit 2)."""

    TITLE = "Revue de l'accompagnateur"
    ENABLE_COMMAND_PALETTE = False
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (110, "-wide")]  # as the assistant
    BINDINGS: ClassVar[list[BindingType]] = [Binding("ctrl+q", "quit", "Quitter", priority=True)]

    def __init__(
        self,
        dossier_file: DossierFile,
        referential: Referential,
        *,
        author: str = DEFAULT_AUTHOR,
        notices: list[str] | None = None,
    ) -> None:
        keep_non_breaking_spaces()  # « » and « : » never split across lines
        super().__init__()
        self.dossier_file = dossier_file
        self.referential = referential
        self.author = author
        self.notices = list(notices or [])

    def get_key_display(self, binding: Binding) -> str:
        return french_key_display(binding) or super().get_key_display(binding)

    def get_default_screen(self) -> Screen:
        # The review is the app's first screen, not pushed over a blank one: Escape there closes the app.
        return ReviewScreen(self.dossier_file, self.referential, author=self.author)

    def on_mount(self) -> None:
        for notice in self.notices:
            self.notify(notice, timeout=10)

    async def action_quit(self) -> None:
        """Quit; a comment typed and not saved is saved or dropped first, as the counsellor chooses."""
        if isinstance(self.screen, TaskReviewScreen):
            self.screen.confirm_leave(self.exit)
        else:
            self.exit()
