"""The help screen: the keys and the slash commands, in French."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown, Static

from vae_assistant.interview.commands import COMMANDS

HELP_TEXT = """\
# Aide

L'assistant vous pose une question à la fois, tâche par tâche. Racontez **une situation réelle** que vous avez
vécue\u00a0: où, avec qui, ce que *vous* avez fait, comment, et ce qui en est sorti. Après chaque réponse, il vous dit
quelles compétences votre texte montre, puis il vous demande ce qui manque encore.

Tout est enregistré automatiquement après chaque message, sur cet ordinateur seulement. Une réponse commencée et
pas encore envoyée est gardée elle aussi\u00a0: elle revient dans la zone de saisie à la prochaine ouverture.

## Touches

| Touche | Action |
| --- | --- |
| Entrée | nouvelle ligne dans votre réponse |
| Ctrl+S ou F2 | envoyer la réponse |
| Tab / Maj+Tab | changer de zone (arbre, saisie)\u00a0; Maj+Tab depuis la saisie\u00a0: Confirmer / Écarter |
| F1 | cette aide |
| F4 | identité et parcours (coordonnées, expériences, formations, pièces) |
| F5 | rapport de couverture |
| F8 | vos situations et les conseils du coach d'écriture (titre, contexte, récit, suppression) |
| F3 | aller dans l'arbre, puis revenir à la zone de saisie |
| Ctrl+↑ / Ctrl+↓ | faire défiler la conversation (relire une réponse plus haut) |
| Ctrl+P | toutes les commandes\u00a0: aller à une tâche, exporter le livret, ouvrir un autre dossier… |
| Ctrl+Q | quitter (tout est déjà enregistré) |

Dans l'arbre, les flèches parcourent les tâches et **Entrée** y emmène l'entretien.
Les marques\u00a0: ✔ couverte, ◐ partielle, ○ pas encore couverte.

## Commandes à taper dans la zone de saisie

{commands}

Un texte collé très long (plus de 1 Mo) est refusé et reste dans la zone de saisie\u00a0: découpez-le.

Sur un terminal étroit (moins de 110 colonnes), le panneau de couverture est masqué\u00a0: F5 l'affiche en détail.
"""


def commands_table() -> str:
    """Every command of the interview, from its own list (the help used to copy seven of twelve: the interview's
    « /confirmer s1 1.1 » was missing here)."""
    rows = ["| Commande | Effet |", "| --- | --- |"]
    for typed, argument, description in COMMANDS.values():
        usage = f"{typed} {argument}".strip()
        rows.append(f"| `{usage}` | {description} |")
    return "\n".join(rows)


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,q", "dismiss", "Fermer")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="modal-body"):
            yield Markdown(HELP_TEXT.format(commands=commands_table()))
            yield Static("Échap\u00a0: fermer", classes="modal-footer")
