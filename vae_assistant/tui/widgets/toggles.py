"""Radio buttons and checkboxes whose state reads without colour.

Textual draws « ● » in every radio button and « X » in every checkbox, ticked or not, and tells them apart by colour
only: on a monochrome terminal (or for a colour-blind counsellor) every status of the comment form looked chosen.
Here the mark is drawn only when the button is on, as the coverage marks carry their meaning in a symbol.
"""

from __future__ import annotations

from textual.widgets import Checkbox, RadioButton


class Choice(RadioButton):
    """A radio button showing « ● » when chosen and nothing otherwise."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # Textual's name
        return "●" if self.value else " "


class Tick(Checkbox):
    """A checkbox showing « X » when ticked and nothing otherwise."""

    @property
    def BUTTON_INNER(self) -> str:  # type: ignore[override]  # Textual's name
        return "X" if self.value else " "
