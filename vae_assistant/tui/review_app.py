"""A small app holding only the counsellor's review: ``vae-assistant review PATH``."""

from __future__ import annotations

from typing import ClassVar

from textual.app import App

from vae_assistant.dossier.storage import DossierFile
from vae_assistant.referential.model import Referential
from vae_assistant.tui.screens.review import DEFAULT_AUTHOR, ReviewScreen


class ReviewApp(App[None]):
    """Opens straight on the review of an already opened dossier (the command opened it, so errors exit 2)."""

    TITLE = "Revue de l'accompagnateur"
    ENABLE_COMMAND_PALETTE = False
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (110, "-wide")]  # as the assistant

    def __init__(
        self,
        dossier_file: DossierFile,
        referential: Referential,
        *,
        author: str = DEFAULT_AUTHOR,
        notices: list[str] | None = None,
    ) -> None:
        super().__init__()
        self.dossier_file = dossier_file
        self.referential = referential
        self.author = author
        self.notices = list(notices or [])

    def on_mount(self) -> None:
        self.push_screen(ReviewScreen(self.dossier_file, self.referential, author=self.author))
        for notice in self.notices:
            self.notify(notice, timeout=10)
