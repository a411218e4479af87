"""``vae-assistant dossier experience|formation|piece|remove``: the parcours and the pièces from the command line.

The livret's *Identité et parcours* and *Pièces justificatives* come from these lists; without them a candidate
who works from the command line would export a livret that says « aucune expérience ». The actions are
registered under ``dossier`` by :mod:`vae_assistant.cli.dossier_cmd`; the edits are the core's
(:mod:`vae_assistant.dossier.operations`), dates are read as people type them (« mars 2015 », « 03/2015 »).
"""

from __future__ import annotations

import argparse
import re
from typing import Any

from vae_assistant.cli.output import emit
from vae_assistant.cli.support import add_force_option, open_for_edit
from vae_assistant.dossier import operations as ops
from vae_assistant.dossier.dates import format_period, parse_partial_date
from vae_assistant.dossier.labels import EXPERIENCE_KIND_LABELS
from vae_assistant.dossier.storage import dossier_path
from vae_assistant.errors import InputError
from vae_assistant.interview.commands import typed_situation_id
from vae_assistant.shell import shell_word

DOSSIER_HELP = "nom ou chemin du dossier"
DATE_HELP = "« 2015 », « mars 2015 », « 03/2015 » ou « 12/03/2015 »"
_KINDS = {"emploi": "job", "benevolat": "volunteering", "stage": "internship", "autre": "other"}


def register_actions(sub: argparse._SubParsersAction) -> None:
    """Add the parcours actions to ``vae-assistant dossier``."""
    p_exp = sub.add_parser(
        "experience",
        help="ajouter un emploi, un bénévolat ou un stage au parcours",
        description="Ajouter une expérience au parcours : le livret en fait un tableau avec les durées.",
    )
    p_exp.add_argument("path", metavar="DOSSIER", help=DOSSIER_HELP)
    p_exp.add_argument("--employeur", required=True, help="employeur, ou association pour un bénévolat")
    p_exp.add_argument("--poste", required=True, help="intitulé du poste ou de la mission")
    p_exp.add_argument("--type", choices=list(_KINDS), default="emploi", help="emploi (par défaut), benevolat…")
    p_exp.add_argument("--debut", metavar="DATE", help=f"début : {DATE_HELP}")
    end = p_exp.add_mutually_exclusive_group()
    end.add_argument("--fin", metavar="DATE", help="fin (même forme que --debut)")
    end.add_argument("--en-cours", action="store_true", help="l'expérience continue aujourd'hui")
    time = p_exp.add_mutually_exclusive_group()
    time.add_argument("--temps-plein", action="store_true", help="à temps plein")
    time.add_argument("--temps-partiel", metavar="POURCENTAGE", type=int, help="à temps partiel, quotité en %% (80)")
    p_exp.add_argument("--secteur", help="secteur (insertion, logement, santé…)")
    p_exp.add_argument("--description", help="ce que vous y faisiez, en une ou deux phrases")
    add_force_option(p_exp)
    p_exp.set_defaults(handler=cmd_experience)

    p_training = sub.add_parser("formation", help="ajouter une formation suivie")
    p_training.add_argument("path", metavar="DOSSIER", help=DOSSIER_HELP)
    p_training.add_argument("--intitule", required=True, help="intitulé de la formation")
    p_training.add_argument("--organisme", help="organisme de formation")
    p_training.add_argument("--debut", metavar="DATE", help=f"début : {DATE_HELP}")
    p_training.add_argument("--fin", metavar="DATE", help="fin, ou l'année pour une formation courte")
    diploma = p_training.add_mutually_exclusive_group()
    diploma.add_argument("--diplome-obtenu", action="store_true", help="le diplôme a été obtenu")
    diploma.add_argument("--diplome-non-obtenu", action="store_true", help="le diplôme n'a pas été obtenu")
    add_force_option(p_training)
    p_training.set_defaults(handler=cmd_training)

    p_piece = sub.add_parser("piece", help="ajouter une pièce justificative à la liste du livret")
    p_piece.add_argument("path", metavar="DOSSIER", help=DOSSIER_HELP)
    p_piece.add_argument("--intitule", required=True, help="« Attestation d'employeur (CCAS, 2018-2023) »…")
    p_piece.add_argument("--description", help="précision")
    add_force_option(p_piece)
    p_piece.set_defaults(handler=cmd_piece)

    p_remove = sub.add_parser(
        "remove",
        help="retirer une situation, une expérience, une formation ou une pièce",
        description="Retire un élément du dossier. La version précédente reste dans les sauvegardes "
        "(« vae-assistant dossier restore DOSSIER »).",
    )
    p_remove.add_argument("path", metavar="DOSSIER", help=DOSSIER_HELP)
    p_remove.add_argument(
        "item", metavar="ÉLÉMENT", type=typed_situation_id, help="identifiant : s2 (situation), e1, f1, p1"
    )
    add_force_option(p_remove)
    p_remove.set_defaults(handler=cmd_remove)


def _date(text: str | None) -> str | None:
    return parse_partial_date(text) if text else None


def _add(args: argparse.Namespace, add: Any, fields: dict[str, Any]) -> Any:
    path = dossier_path(args.path)
    with open_for_edit(path, force=args.force) as opened:
        item = add(opened.dossier, **{k: v for k, v in fields.items() if v is not None})
        opened.save()
    return item


def cmd_experience(args: argparse.Namespace) -> int:
    working_time = "full_time" if args.temps_plein else "part_time" if args.temps_partiel is not None else None
    item = _add(
        args,
        ops.add_experience,
        {
            "kind": _KINDS[args.type],
            "employer": args.employeur,
            "position": args.poste,
            "start": _date(args.debut),
            "end": _date(args.fin),
            "ongoing": args.en_cours or None,
            "working_time": working_time,
            "part_time_percent": args.temps_partiel,
            "sector": args.secteur,
            "description": args.description,
        },
    )
    when = format_period(item.start, item.end, item.ongoing)
    label = EXPERIENCE_KIND_LABELS[item.kind]
    emit(f"Expérience {item.id} ajoutée : {label} · {item.position} · {item.employer}" + (f" · {when}" if when else ""))
    return 0


def cmd_training(args: argparse.Namespace) -> int:
    obtained = True if args.diplome_obtenu else False if args.diplome_non_obtenu else None
    item = _add(
        args,
        ops.add_training,
        {
            "title": args.intitule,
            "organisation": args.organisme,
            "start": _date(args.debut),
            "end": _date(args.fin),
            "diploma_obtained": obtained,
        },
    )
    emit(f"Formation {item.id} ajoutée : {item.title}")
    return 0


def cmd_piece(args: argparse.Namespace) -> int:
    item = _add(args, ops.add_piece, {"title": args.intitule, "description": args.description})
    emit(f"Pièce justificative {item.id} ajoutée : {item.title}")
    return 0


def cmd_remove(args: argparse.Namespace) -> int:
    if not re.fullmatch(r"[sefp]\d+", args.item):
        raise InputError(
            f"« {args.item} » n'est pas un identifiant d'élément du dossier : s2 (situation), e1 (expérience), "
            "f1 (formation) ou p1 (pièce).",
            hint=f"« vae-assistant dossier show {shell_word(args.path)} » les montre.",
        )
    path = dossier_path(args.path)
    with open_for_edit(path, force=args.force) as opened:
        if args.item.startswith("s"):
            removed = ops.delete_situation(opened.dossier, args.item)
            what = f"Situation {removed.id} « {removed.title} »"
        else:
            removed = ops.delete_item(opened.dossier, args.item)
            what = f"{removed.id} « {getattr(removed, 'title', None) or getattr(removed, 'position', '')} »"
        opened.save()
    emit(f"{what} retirée du dossier.")
    emit(f"La version précédente est gardée : vae-assistant dossier restore {shell_word(args.path)} --list")
    return 0
