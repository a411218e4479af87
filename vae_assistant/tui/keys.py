"""Key names as a French keyboard prints them, for the footers: « Échap », « Suppr », « F1 » (Textual writes
« esc », « del », « f1 »). Ctrl combinations keep Textual's short « ^q » so that the footer still fits 80 columns."""

from __future__ import annotations

from textual.binding import Binding

FRENCH_KEYS: dict[str, str] = {
    "escape": "Échap",
    "delete": "Suppr",
    "enter": "Entrée",
    "tab": "Tab",
    **{f"f{n}": f"F{n}" for n in range(1, 13)},
}


def french_key_display(binding: Binding) -> str | None:
    """The French label of a key pressed alone, or None (then Textual's own display is used)."""
    if binding.key_display:
        return binding.key_display
    modifiers, key = binding.parse_key()
    if modifiers:
        return None
    return FRENCH_KEYS.get(key)
