"""The first screen: reopen a dossier, start a new one (name, first name, certification), or open a file.

The last dossier opened comes first and has the focus, so that a returning candidate only presses Enter.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Input, Label, ListItem, ListView, Select, Static

from vae_assistant.dossier.errors import DossierError
from vae_assistant.dossier.model import Dossier
from vae_assistant.dossier.recent import last_dossier
from vae_assistant.dossier.storage import SUFFIX, dossier_path, list_dossiers, read_dossier
from vae_assistant.errors import VaeError
from vae_assistant.referential import DEFAULT_REFERENTIAL, available
from vae_assistant.referential.registry import Entry
from vae_assistant.tui.screens.dialogs import error_dialog
from vae_assistant.tui.widgets.french_select import FrenchSelect


@dataclass(frozen=True)
class RecentDossier:
    path: Path
    label: str


def recent_dossiers() -> list[RecentDossier]:
    """The last opened dossier, then the others of the user's folder, each with who it is for."""
    paths = list_dossiers()
    last = last_dossier()
    if last is not None:
        paths = [last, *[p for p in paths if p.resolve() != last.resolve()]]
    found = []
    for path in paths:
        try:
            dossier = read_dossier(path).dossier
        except DossierError:
            label = f"{path.name} (illisible\u00a0: l'ouvrir explique pourquoi)"
        else:
            certification = dossier.certification.short_title or dossier.certification.title
            label = f"{dossier.candidate.full_name} — {certification} ({path.name})"
        found.append(RecentDossier(path, label))
    return found


LIGATURES = str.maketrans({"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae", "ß": "ss"})
"""Letters NFKD does not decompose: without them « Dœuf » became ``duf``."""


def file_name_for(prenom: str, nom: str) -> str:
    """« Élodie Martin-Dupré » → ``elodie-martin-dupre``: a file name any system accepts."""
    text = f"{prenom} {nom}".translate(LIGATURES)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "dossier"


def free_dossier_path(stem: str) -> Path:
    """A path in the user's folder that no dossier uses yet (``-2``, ``-3``… added if need be)."""
    path = dossier_path(stem, new=True)
    number = 2
    while path.exists():
        path = dossier_path(f"{stem}-{number}", new=True)
        number += 1
    return path


def referential_label(entry: Entry) -> str:
    ref = entry.referential
    name = f"{ref.short_title} — {ref.title}" if ref.short_title else ref.title
    imported = " (importé)" if entry.origin == "user" else ""
    return f"{name} ({ref.rncp.code}){imported}"


class StartScreen(Screen[None]):
    """Choose what to work on."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "focus_new", "Nouveau dossier"),
        Binding("ctrl+o", "focus_open", "Ouvrir un fichier"),
    ]

    class OpenRequested(Message):
        def __init__(self, path: Path) -> None:
            super().__init__()
            self.path = path

    class CreateRequested(Message):
        def __init__(self, path: Path, dossier: Dossier) -> None:
            super().__init__()
            self.path = path
            self.dossier = dossier

    def __init__(self) -> None:
        super().__init__()
        self.recent = recent_dossiers()
        try:
            self.entries = available()
            self.referential_problem: str | None = None
        except VaeError as exc:
            self.entries = []
            self.referential_problem = str(exc)

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="start"):
            yield Static("Assistant VAE — votre livret 2, pas à pas", id="start-title")
            yield Static(
                "Tout reste sur cet ordinateur. Vos réponses sont enregistrées après chaque message.",
                id="start-subtitle",
            )
            if self.recent:
                yield Label("Reprendre un dossier", classes="section-title")
                yield ListView(
                    *[ListItem(Label(item.label, markup=False)) for item in self.recent], id="recent"
                )
            yield Label("Nouveau dossier", classes="section-title")
            with Vertical(id="new-form"):
                with Horizontal(classes="form-row"):
                    yield Input(placeholder="Prénom", id="prenom")
                    yield Input(placeholder="Nom", id="nom")
                if self.entries:
                    options = [(referential_label(e), e.referential.id) for e in self.entries]
                    ids = [e.referential.id for e in self.entries]
                    default = DEFAULT_REFERENTIAL if DEFAULT_REFERENTIAL in ids else ids[0]
                    yield FrenchSelect(options, value=default, allow_blank=False, id="referential")
                else:
                    problem = (
                        self.referential_problem or "Aucun référentiel n'est installé\u00a0: pas de nouveau dossier."
                    )
                    yield Static(problem, classes="warning", markup=False)
                yield Button("Créer le dossier", id="create", variant="primary", disabled=not self.entries)
            yield Label("Ouvrir un fichier de dossier", classes="section-title")
            with Horizontal(classes="form-row"):
                yield Input(placeholder=f"chemin/vers/dossier{SUFFIX}", id="open-path")
                yield Button("Ouvrir", id="open")
        yield Footer()

    def on_mount(self) -> None:
        if self.recent:
            self.query_one("#recent", ListView).focus()
        else:
            self.query_one("#prenom", Input).focus()

    def action_focus_new(self) -> None:
        self.query_one("#prenom", Input).focus()

    def action_focus_open(self) -> None:
        self.query_one("#open-path", Input).focus()

    @on(ListView.Selected, "#recent")
    def _open_recent(self, event: ListView.Selected) -> None:
        index = event.list_view.index
        if index is not None:
            self.post_message(self.OpenRequested(self.recent[index].path))

    @on(Button.Pressed, "#open")
    @on(Input.Submitted, "#open-path")
    def _open_file(self) -> None:
        text = self.query_one("#open-path", Input).value.strip()
        if not text:
            self.notify("Indiquez le chemin du fichier de dossier.", severity="warning")
            return
        try:
            path = dossier_path(text)
        except VaeError as exc:
            self.app.push_screen(error_dialog(exc))
            return
        self.post_message(self.OpenRequested(path))

    @on(Input.Submitted, "#prenom")
    def _next_field(self) -> None:
        self.query_one("#nom", Input).focus()

    @on(Button.Pressed, "#create")
    @on(Input.Submitted, "#nom")
    def _create(self) -> None:
        if not self.entries:
            return
        prenom = self.query_one("#prenom", Input).value
        nom = self.query_one("#nom", Input).value
        referential_id = self.query_one("#referential", Select).value
        entry = next(e for e in self.entries if e.referential.id == referential_id)
        from vae_assistant.dossier import operations as ops  # not before: it brings the matcher's imports

        try:
            dossier = ops.new_dossier(entry.referential, nom=nom, prenom=prenom)
        except VaeError as exc:
            self.notify(str(exc), severity="error", title="Nouveau dossier")
            return
        path = free_dossier_path(file_name_for(dossier.candidate.prenom, dossier.candidate.nom))
        self.post_message(self.CreateRequested(path, dossier))
