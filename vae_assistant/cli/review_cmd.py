"""``vae-assistant review DOSSIER [--auteur NOM]``: the counsellor's review (coverage matrix, evidence, comments)."""

from __future__ import annotations

import argparse

from vae_assistant.cli.output import emit
from vae_assistant.cli.support import NO_MATCHING, referential_and_matcher, require_terminal, say_waiting
from vae_assistant.dossier import lock
from vae_assistant.dossier import operations as ops
from vae_assistant.dossier.errors import DossierLockedError, DossierReadOnlyError
from vae_assistant.dossier.referential import dossier_referential
from vae_assistant.dossier.storage import DossierFile, dossier_path, open_dossier, read_dossier
from vae_assistant.referential.model import Referential


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "review",
        help="la revue de l'accompagnateur : matrice de couverture, preuves, commentaires",
        description="Ouvre la revue d'un dossier : la couverture bloc par bloc, les phrases qui prouvent chaque "
        "tâche, les manques, et un commentaire avec un statut (à retravailler, à compléter, validé) par tâche.",
    )
    parser.add_argument("path", metavar="DOSSIER", help="nom ou chemin du dossier")
    parser.add_argument("--auteur", default="Accompagnateur", help="nom signé sous les commentaires")
    parser.set_defaults(handler=cmd_review)


def open_for_review(path_arg: str) -> tuple[DossierFile, Referential, list[str]]:
    """The dossier opened for writing (read-only when another program has it), its referential, French notices.

    Out-of-date matches are refreshed and saved first: the counsellor must judge the evidence the current
    referential and matcher give.
    """
    path = dossier_path(path_arg)
    notices: list[str] = []
    try:
        # A command changing the dossier (« dossier add » in another terminal) ends soon: waited for, as commands do.
        opened = open_dossier(path, use="review", wait=lock.COMMAND_WAIT_S, on_wait=say_waiting)
    except DossierLockedError:
        opened = open_dossier(path, read_only=True)
        notices.append("Le dossier est ouvert dans un autre programme : revue en lecture seule.")
    except DossierReadOnlyError:
        opened = open_dossier(path, read_only=True)
        notices.append("Le dossier est en lecture seule : revue en lecture seule, les commentaires ne peuvent pas "
                       "être enregistrés.")
    try:
        referential = dossier_referential(opened.dossier)
        _, match, warnings = referential_and_matcher(opened.dossier, NO_MATCHING)
        notices += warnings
        if match is not None and ops.needs_refresh(opened.dossier, referential, match):
            result = ops.refresh_matches(opened.dossier, referential, match)
            notices += result.messages()
            if not opened.read_only:
                opened.save()
    except BaseException:
        opened.close()
        raise
    return opened, referential, notices


def cmd_review(args: argparse.Namespace) -> int:
    read_dossier(dossier_path(args.path))  # a missing, forbidden or damaged file is said first, as for open
    require_terminal()
    opened, referential, notices = open_for_review(args.path)
    from vae_assistant.tui.review_app import ReviewApp

    with opened:
        app = ReviewApp(opened, referential, author=args.auteur, notices=notices)
        app.run()
    if app.return_code:
        emit("La revue s'est fermée sur une erreur.")
    return app.return_code or 0
