"""``vae-assistant export DOSSIER -o livret.docx``: the Word livret for the jury, or the counsellor's copy.

The shell only gathers arguments and prints: the document is built by :func:`vae_assistant.livret.build_livret`.
Before writing, stale matches are refreshed like ``coverage`` does, so that the coverage table is current, and
the writing coach's anonymisation check (when installed) lists names, e-mails and phone numbers left in the
narratives: the livret is still written — the candidate decides — but they are told where to look.
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from vae_assistant.cli.output import emit
from vae_assistant.cli.support import with_current_matches
from vae_assistant.dossier.referential import dossier_referential
from vae_assistant.dossier.storage import dossier_path, load_dossier
from vae_assistant.errors import InputError
from vae_assistant.livret import VERSIONS, build_livret
from vae_assistant.livret.builder import check_output
from vae_assistant.livret.naming import (
    anonymisation_warnings,
    default_output,
    fragment_line,
    fragment_situations,
    undecided_line,
    undecided_tasks,
)
from vae_assistant.livret.paginate import can_paginate


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "export",
        help="le livret 2 au format Word (.docx), pour le jury ou pour l'accompagnateur",
        description="Assemble le livret 2 : couverture, table des matières, identité et parcours, situations bloc "
        "par bloc, synthèse de couverture, attestation sur l'honneur, pièces justificatives.",
    )
    parser.add_argument("path", metavar="DOSSIER", help="nom ou chemin du dossier")
    parser.add_argument(
        "-o",
        "--output",
        metavar="FICHIER.docx",
        help="le livret à écrire (par défaut : livret2-prénom-nom.docx à côté du dossier ; pour un dossier rangé "
        "par l'assistant, dans vos Documents, ou votre dossier personnel s'il n'y en a pas)",
    )
    parser.add_argument(
        "--version",
        dest="livret_version",
        choices=VERSIONS,
        default="jury",
        help="jury (par défaut) ou accompagnateur (ajoute les manques et les commentaires)",
    )
    parser.add_argument(
        "--template",
        metavar="MODELE.docx",
        help="utiliser les styles d'un modèle Word (.docx ou .dotx) fourni par le certificateur",
    )
    parser.add_argument("--date", metavar="AAAA-MM-JJ", help="date de la couverture (par défaut : aujourd'hui)")
    parser.add_argument(
        "--sans-pagination",
        action="store_true",
        help="ne pas calculer les numéros de page de "
        "la table des matières avec LibreOffice (plus rapide ; Word les calcule à l'ouverture)",
    )
    parser.add_argument(
        "--force",
        action="store_true",
        help="remplacer le fichier de sortie même s'il n'est pas un livret écrit par vae-assistant",
    )
    parser.set_defaults(handler=cmd_export)


def _cover_date(text: str | None) -> date:
    if not text:
        return date.today()
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise InputError(f"Date non reconnue : « {text} ».", hint="Écrivez-la sous la forme AAAA-MM-JJ.") from None


def cmd_export(args: argparse.Namespace) -> int:
    path = dossier_path(args.path)
    dossier = load_dossier(path)
    referential = dossier_referential(dossier)
    today = _cover_date(args.date)
    output = Path(args.output).expanduser() if args.output else default_output(path, dossier, args.livret_version)
    check_output(output, args.force)  # a bad -o changes nothing, not even the stored matches
    dossier, notices = with_current_matches(path, dossier, referential)
    paginate = not args.sans_pagination and can_paginate()
    written = build_livret(
        dossier,
        referential,
        output,
        args.livret_version,
        args.template,
        today=today,
        paginate=paginate,
        notices=notices,
        replace=args.force,
    )
    for notice in notices:
        print(notice, file=sys.stderr)
    warnings = anonymisation_warnings(dossier)
    if warnings:
        print(
            "Attention, données personnelles dans les récits (le jury ne doit pas pouvoir reconnaître les personnes) :",
            file=sys.stderr,
        )
        for warning in warnings:
            print(f"  {warning.line()}", file=sys.stderr)
    fragments = fragment_line(fragment_situations(dossier), "dossier check")
    if fragments:  # printed word for word, without the question they answered: the candidate's to rewrite
        print(f"Attention : {fragments}", file=sys.stderr)
    undecided = undecided_line(undecided_tasks(dossier), "dossier show, puis dossier confirm ou reject")
    if undecided and args.livret_version == "jury":  # the candidate's decision, the candidate's copy
        print(f"Remarque : {undecided}", file=sys.stderr)
    label = "version jury" if args.livret_version == "jury" else "version accompagnateur"
    emit(f"Livret écrit ({label}) : {written}")
    if not paginate:
        emit(
            "Numéros de page de la table des matières : Word les calcule à l'ouverture (acceptez la mise à jour "
            "des champs) ; dans LibreOffice, Outils › Mettre à jour › Tout mettre à jour."
        )
    return 0
