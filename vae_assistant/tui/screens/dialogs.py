"""Small modal dialogs: a French message and a few choices (quit?, read-only?, an error to acknowledge).

One class serves them all so that every dialog looks and behaves the same: Escape always means the last, safest
choice (cancel, stay), and the first button has the focus.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from vae_assistant.errors import VaeError

Choice = tuple[str, Any, str]
"""(button label, value returned, button variant: "primary", "error", "default"…)."""


class ChoiceDialog(ModalScreen[Any]):
    """A message and buttons; dismisses with the value of the button pressed (Escape: the last one's)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Annuler")]

    def __init__(
        self, title: str, message: str, choices: list[Choice], *, hint: str | None = None, focus: int = 0
    ) -> None:
        super().__init__()
        self.focus_index = focus
        self.title_text = title
        self.message = message
        self.hint = hint
        self.choices = choices

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)
            yield Static(self.message, classes="dialog-message", markup=False)
            if self.hint:
                yield Static(self.hint, classes="dialog-hint", markup=False)
            with Horizontal(classes="dialog-buttons"):
                for index, (label, _, variant) in enumerate(self.choices):
                    yield Button(label, id=f"choice-{index}", variant=variant)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        self.query_one(f"#choice-{self.focus_index}", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        index = int((event.button.id or "choice-0").removeprefix("choice-"))
        self.dismiss(self.choices[index][1])

    def action_cancel(self) -> None:
        self.dismiss(self.choices[-1][1])


def error_dialog(error: VaeError | str, title: str = "Impossible de continuer") -> ChoiceDialog:
    """A French error to acknowledge: the message, then the hint saying what to do."""
    if isinstance(error, VaeError):
        return ChoiceDialog(title, error.message, [("Compris", None, "primary")], hint=error.hint)
    return ChoiceDialog(title, error, [("Compris", None, "primary")])


def confirm_dialog(title: str, message: str, yes: str, no: str = "Annuler", *, danger: bool = False) -> ChoiceDialog:
    """Yes/no; dismisses with True or False (Escape: False)."""
    return ChoiceDialog(title, message, [(yes, True, "error" if danger else "primary"), (no, False, "default")])
