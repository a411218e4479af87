"""``vae-assistant open PATH`` (or just ``vae-assistant PATH.vae.json``): the assistant on a given dossier."""

from __future__ import annotations

import argparse

from vae_assistant.cli.support import require_terminal
from vae_assistant.dossier.storage import SUFFIX, dossier_path, read_dossier


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "open",
        help="ouvrir l'assistant sur un dossier",
        description=f"Ouvre l'assistant sur un dossier de candidat ({SUFFIX}).",
    )
    parser.add_argument(
        "path", metavar="DOSSIER", help=f"le fichier {SUFFIX} (ou son nom dans votre dossier utilisateur)"
    )
    parser.add_argument("--lecture-seule", action="store_true", dest="read_only", help="ne rien modifier")
    parser.set_defaults(handler=cmd_open)


def cmd_open(args: argparse.Namespace) -> int:
    """Check the file before the screen opens: a corrupt or missing dossier, or one whose referential is gone, is
    a French message and exit 2 (a lock held elsewhere is the app's business: it offers read-only)."""
    from vae_assistant.dossier.referential import dossier_referential
    from vae_assistant.tui import run_app

    path = dossier_path(args.path)
    dossier_referential(read_dossier(path).dossier)
    require_terminal()
    return run_app(path=path, read_only=args.read_only)


def looks_like_dossier(argument: str) -> bool:
    """``vae-assistant marie.vae.json``: a lone argument naming a dossier file means « open it »."""
    return argument.endswith(SUFFIX) and not argument.startswith("-")
