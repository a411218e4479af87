"""Exporting the livret from the assistant: which version, where, and whether LibreOffice numbers the contents.

The same file name and the same anonymisation warnings as ``vae-assistant export`` (both from
:mod:`vae_assistant.livret.naming`). The warnings come *before* anything is written: the candidate reads where a
name or a phone number is left and chooses to go back and fix it, or to export anyway (a counsellor's working
copy may legitimately keep them). Writing runs in a worker, since LibreOffice takes a few seconds to number the
pages; the dialog shows it is working and stays open with a French message if the file cannot be written.
"""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, RadioSet, Static

from vae_assistant.errors import VaeError
from vae_assistant.livret.builder import is_livret
from vae_assistant.livret.naming import (
    anonymisation_warnings,
    default_output,
    fragment_line,
    fragment_situations,
    undecided_line,
    undecided_tasks,
)
from vae_assistant.tui.screens.dialogs import ChoiceDialog
from vae_assistant.tui.session import Session
from vae_assistant.tui.widgets.toggles import Choice, Tick

VERSION_LABELS: dict[str, str] = {
    "jury": "Pour le jury",
    "accompagnateur": "Pour l'accompagnateur (avec manques et commentaires)",
}
PAGINATE_LABEL = "Numéroter la table des matières (LibreOffice)"

EMPTY_PARCOURS = "Votre parcours est vide\u00a0: remplissez-le d'abord (F4)."
"""What the interview heard of the parcours does not fill the livret's « Identité et parcours » (it would say that
no experience is entered): only the Parcours screen does. One line, so that the dialog still fits 80×24."""

COMMAND_LINE_OPTION = re.compile(r"(?<![\w-])(?:-o|--[a-z][\w-]*)\b")
DIALOG_HINT = (
    "Changez le fichier à écrire ci-dessus\u00a0: un autre nom, ou un dossier qui existe et où vous pouvez écrire."
)


def dialog_error(error: VaeError) -> str:
    """The livret's French error as this dialog shows it: the core's hints speak to the command line (« avec -o »,
    « --force »); here the candidate changes the file name in the field above (a file that is not a livret is
    never replaced from the assistant)."""
    if error.hint and COMMAND_LINE_OPTION.search(error.hint):
        return f"{error.message}\n{DIALOG_HINT}"
    return str(error)


def libreoffice_available() -> bool:
    """Whether the table of contents can be numbered here (a function, so that tests can say no)."""
    from vae_assistant.livret.paginate import can_paginate

    return can_paginate()


def warnings_dialog(lines: list[str]) -> ChoiceDialog:
    """Personal data left in the narratives: go back and fix them (the safe choice, Escape) or export anyway."""
    more = len(lines) - 8
    shown = lines[:8]
    if more > 0:
        shown.append(f"… et {'une autre situation' if more == 1 else f'{more} autres situations'}.")
    return ChoiceDialog(
        "Données personnelles dans les récits",
        "Le jury ne doit pas pouvoir reconnaître les personnes dont vous parlez\u00a0:\n\n" + "\n".join(shown),
        [("Exporter quand même", True, "warning"), ("Revenir", False, "primary")],
        hint="Remplacez les noms par des initiales ou une fonction («\u00a0Mme D.\u00a0», «\u00a0le jeune\u00a0»), "
        "retirez adresses, téléphones et courriels, puis exportez à nouveau.",
        focus=1,  # Enter pressed by reflex goes back, it does not send the names to the jury
    )


def replace_dialog(target: Path) -> ChoiceDialog:
    """A livret written earlier is there: replacing it drops any change made to it in Word (Escape: back)."""
    try:
        when = datetime.fromtimestamp(target.stat().st_mtime).strftime(" (enregistré le %d/%m/%Y à %H:%M)")
    except OSError:
        when = ""
    return ChoiceDialog(
        "Remplacer le livret\u00a0?",
        f"Le livret «\u00a0{target.name}\u00a0» existe déjà{when}. L'exporter de nouveau le remplace\u00a0: "
        "ce que vous y auriez modifié dans Word serait perdu.",
        [("Remplacer", True, "warning"), ("Revenir", False, "primary")],
        hint="Pour garder les deux, revenez et changez le nom du fichier à écrire.",
        focus=1,  # Enter pressed by reflex keeps the file
    )


class ExportDialog(ModalScreen[Path | None]):
    """Dismissed with the written file's path, or None when the candidate goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Annuler"),
        Binding("ctrl+s", "export", "Exporter", priority=True),
    ]

    def __init__(self, session: Session) -> None:
        super().__init__()
        self.session = session
        self.version = "jury"
        self.can_number = libreoffice_available()
        self.writing = False

    def _default(self, version: str) -> Path:
        return default_output(self.session.path, self.session.dossier, version)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog", id="export"):
            yield Static("Exporter le livret 2 (Word)", classes="dialog-title")
            with Vertical(id="export-form"):
                # Compact widgets: the dialog, its buttons included, must fit a 80×24 terminal.
                with RadioSet(id="export-version", compact=True):
                    for version, label in VERSION_LABELS.items():
                        yield Choice(label, value=version == self.version, id=f"version-{version}")
                yield Label("Fichier à écrire", classes="field-label")
                yield Input(str(self._default(self.version)), id="export-path", compact=True)
                if self.can_number:
                    yield Tick(PAGINATE_LABEL, True, id="export-paginate", compact=True)
                else:
                    yield Static(
                        "Numéros de page de la table des matières\u00a0: Word les calcule à l'ouverture.",
                        classes="dialog-hint",
                    )
            if not self.session.dossier.experiences:
                yield Static(EMPTY_PARCOURS, id="export-parcours")
            undecided = undecided_line(undecided_tasks(self.session.dossier), "Situations, F8")
            if undecided:
                yield Static(undecided, id="export-undecided")
            fragments = fragment_line(fragment_situations(self.session.dossier), "Situations, F8")
            if fragments:
                yield Static(fragments, id="export-fragments")
            yield Static("", id="export-status")
            yield Static("", id="export-error", classes="form-error")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Exporter", id="export-go", variant="primary")
                yield Button("Annuler", id="export-cancel")
            yield Static("Ctrl+S\u00a0: exporter · Échap\u00a0: annuler", classes="dialog-hint")

    def on_mount(self) -> None:
        self._say()
        self.query_one("#export-go", Button).focus()

    @on(RadioSet.Changed, "#export-version")
    def _version_changed(self, event: RadioSet.Changed) -> None:
        """Follow the version in the file name, unless the candidate typed a name of their own."""
        new = (event.pressed.id or "version-jury").removeprefix("version-")
        path_input = self.query_one("#export-path", Input)
        if path_input.value.strip() == str(self._default(self.version)):
            path_input.value = str(self._default(new))
        self.version = new

    def target(self) -> Path:
        """The typed path; a bare name goes beside the dossier (where the candidate will look for it)."""
        typed = Path(self.query_one("#export-path", Input).value.strip()).expanduser()
        return typed if typed.is_absolute() else self.session.path.parent / typed

    @property
    def paginate(self) -> bool:
        return self.can_number and self.query_one("#export-paginate", Tick).value

    @on(Button.Pressed, "#export-go")
    def action_export(self) -> None:
        if self.writing:
            return
        if not self.query_one("#export-path", Input).value.strip():
            self._say(error="Indiquez le fichier à écrire.")
            return
        self._say()
        target = self.target()
        if target.is_file() and is_livret(target):
            # Exporting again updates a livret, and with it drops what the candidate may have changed in Word.
            self.app.push_screen(replace_dialog(target), lambda replace: self._check_names() if replace else None)
            return
        self._check_names()

    def _check_names(self) -> None:
        lines = [w.line() for w in anonymisation_warnings(self.session.dossier)]
        if not lines:
            self._start()
            return
        self.app.push_screen(warnings_dialog(lines), lambda anyway: self._start() if anyway else None)

    def _start(self) -> None:
        self.writing = True
        self.query_one("#export-form").loading = True
        self.query_one("#export-go", Button).disabled = True
        numbering = " LibreOffice numérote les pages\u00a0: quelques secondes." if self.paginate else ""
        self._say(status="Écriture du livret…" + numbering)
        self._write(self.target(), self.version, self.paginate)

    @work(thread=True, exclusive=True, group="export")
    def _write(self, target: Path, version: str, paginate: bool) -> None:
        from vae_assistant.livret import build_livret
        from vae_assistant.tui.app import internal_error_message

        session = self.session
        notices: list[str] = []
        try:
            with session.lock:  # the dossier must not change under the writer (a turn waits for it)
                written = build_livret(
                    session.dossier, session.referential, target, version, paginate=paginate, notices=notices
                )
        except VaeError as exc:
            self.app.call_from_thread(self._failed, dialog_error(exc))
        except Exception:
            self.app.call_from_thread(self._failed, internal_error_message())
        else:
            self.app.call_from_thread(self._done, written, notices)

    def _failed(self, message: str) -> None:
        self.writing = False
        self.query_one("#export-form").loading = False
        self.query_one("#export-go", Button).disabled = False
        self._say(error=message)

    def _say(self, *, status: str = "", error: str = "") -> None:
        """One line of progress or one French error under the form; nothing (not even a blank line) otherwise."""
        for selector, text in (("#export-status", status), ("#export-error", error)):
            widget = self.query_one(selector, Static)
            widget.update(text)
            widget.display = bool(text)

    def _done(self, written: Path, notices: list[str]) -> None:
        for notice in notices:
            self.notify(notice, severity="warning", timeout=15)
        label = VERSION_LABELS[self.version].split(" (")[0].lower()
        self.notify(f"Livret enregistré ({label})\u00a0: {written}", title="Livret exporté", timeout=15)
        self.dismiss(written)

    @on(Button.Pressed, "#export-cancel")
    def action_cancel(self) -> None:
        if self.writing:
            self.notify("Un instant\u00a0: le livret est en cours d'écriture.", severity="warning")
            return
        self.dismiss(None)
