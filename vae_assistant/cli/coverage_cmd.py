"""``vae-assistant coverage DOSSIER [--json | --format md [-o FICHE.md]]``: what a dossier proves, bloc by bloc."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from datetime import date
from pathlib import Path
from stat import S_ISDIR

from vae_assistant.cli.output import emit, percent, table
from vae_assistant.cli.support import with_current_matches
from vae_assistant.coverage import STATUS_LABELS, WEIGHT_NOTE, BlocCoverage, Coverage, compute_coverage
from vae_assistant.dossier.model import Dossier
from vae_assistant.dossier.referential import dossier_referential
from vae_assistant.dossier.storage import atomic_write, dossier_path, load_dossier, refuse_dossier_as_output
from vae_assistant.errors import InputError, os_reason
from vae_assistant.paths import stat_path
from vae_assistant.review.fiche import render_fiche
from vae_assistant.shell import shell_word


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "coverage",
        help="la couverture du référentiel par un dossier, bloc par bloc, et ce qui manque",
        description="Pour chaque bloc : les tâches couvertes, partielles ou non couvertes, les situations qui les "
        "montrent, et les manques, les plus importants d'abord.",
    )
    parser.add_argument("path", metavar="DOSSIER", help="nom ou chemin du dossier")
    parser.add_argument("--json", action="store_true", help="sortie JSON (format stable)")
    parser.add_argument("--detail", action="store_true", help="avec la meilleure phrase de chaque tâche")
    parser.add_argument(
        "--format",
        choices=["texte", "json", "md"],
        help="md : la fiche de suivi de l'accompagnateur en Markdown (preuves, manques, commentaires, relecture)",
    )
    parser.add_argument(
        "-o",
        "--output",
        metavar="FICHIER",
        help="écrire la fiche de suivi (--format md, implicite pour un nom en .md) dans ce fichier (mode 0600)",
    )
    parser.add_argument(
        "--force", action="store_true", help="avec -o : remplacer le fichier même s'il n'est pas une fiche de suivi"
    )
    parser.set_defaults(handler=cmd_coverage)


def _group_heading(group: BlocCoverage) -> str:
    if group.transversal:
        activities = ", ".join(group.activities)
        name = f"{group.title} (activité{'s' if len(group.activities) > 1 else ''} {activities})"
    else:
        name = f"Bloc {group.id} — {group.title}"
    return f"{name} · {STATUS_LABELS[group.status].lower()} · {percent(group.ratio)}"


def render_coverage(coverage: Coverage, dossier: Dossier, detail: bool) -> str:
    certification = dossier.certification
    out = [
        f"Couverture du référentiel — {dossier.candidate.full_name}",
        f"{certification.title} ({certification.rncp or certification.referential_id})",
        f"Ensemble : {percent(coverage.ratio)} ({WEIGHT_NOTE})",
    ]
    for group in coverage.groups:
        out += ["", _group_heading(group)]
        if detail:
            for task in group.tasks:
                where = ", ".join(task.situations) or "—"
                title = " ".join(task.title.split())  # sub-steps (CASP 2.4) on the task's row, not at column 0
                out.append(f"  {task.id:<5} {STATUS_LABELS[task.status]:<12} {where:<12} {title}")
                out.append(f"        {task.reason}")
                if task.best:
                    out.append(f"        « {task.best.sentence.strip()} » ({task.best.situation_id})")
            continue
        rows = [
            [task.id, STATUS_LABELS[task.status], ", ".join(task.situations) or "—", task.title] for task in group.tasks
        ]
        out.append(table(["Tâche", "État", "Situations", "Intitulé"], rows))
    out += [""]
    if coverage.gaps:
        out.append("Ce qui manque, le plus important d'abord :")
        for n, gap in enumerate(coverage.gaps, start=1):
            out.append(f"  {n:>2}. {gap.message}")
    else:
        out.append("Toutes les tâches du référentiel sont couvertes.")
    if coverage.unmatched_situations:
        out += ["", f"Situations pas encore analysées : {', '.join(coverage.unmatched_situations)}."]
    if coverage.unknown_tasks:
        out += ["", f"Tâches inconnues du référentiel, ignorées : {', '.join(coverage.unknown_tasks)}."]
    return "\n".join(out)


FICHE_HEADING = "# Fiche de suivi"


def _is_fiche(path: Path) -> bool:
    """Whether ``path`` holds a fiche de suivi written earlier (writing it again is how it is updated)."""
    try:
        with path.open("rb") as handle:
            return handle.read(len(FICHE_HEADING.encode())) == FICHE_HEADING.encode()
    except OSError:
        return False


def _check_fiche_target(target: Path, replace: bool) -> None:
    """Refuse, in French, a fiche path that cannot or must not be written (checked before any other work)."""
    refuse_dossier_as_output(target, "la fiche de suivi")
    found, parent = stat_path(target), stat_path(target.parent)
    if found is not None and S_ISDIR(found.st_mode):
        raise InputError(
            f"Impossible d'écrire la fiche dans {target} : c'est un répertoire.",
            hint=f"Donnez un nom de fichier, par exemple -o {target / 'fiche-de-suivi.md'}",
        )
    if parent is None or not S_ISDIR(parent.st_mode):
        raise InputError(
            f"Impossible d'écrire la fiche dans {target} : le répertoire {target.parent} n'existe pas.",
            hint="Créez-le, ou choisissez un autre emplacement avec -o.",
        )
    if found is not None and not replace and not _is_fiche(target):
        raise InputError(
            f"Le fichier {target} existe déjà et ce n'est pas une fiche de suivi : il n'a pas été remplacé.",
            hint="Choisissez un autre nom avec -o, ou ajoutez --force pour le remplacer.",
        )


def _write_fiche(output: str | None, markdown: str, notices: list[str]) -> int:
    """Print the fiche, or write it atomically with mode 0600: it names the candidate and quotes their text."""
    for notice in notices:
        print(notice, file=sys.stderr)
    if output is None:
        emit(markdown)
        return 0
    target = Path(output).expanduser()
    try:
        atomic_write(target, markdown.encode("utf-8"))
    except OSError as exc:
        raise InputError(f"Impossible d'écrire la fiche dans {target} : {os_reason(exc)}.") from None
    emit(f"Fiche de suivi écrite : {target}")
    return 0


def _output_format(args: argparse.Namespace) -> str:
    """The format asked for: ``-o fiche.md`` alone means the fiche; ``-o`` with any other format is refused (only
    the fiche is written to a file: the report went to the screen and the file named was silently not written)."""
    wanted = "json" if args.json else args.format
    if args.output is None:
        return wanted or "texte"
    if wanted is None and Path(args.output).suffix.lower() == ".md":
        return "md"
    if wanted != "md":
        raise InputError(
            "-o écrit la fiche de suivi de l'accompagnateur, en Markdown : ajoutez --format md.",
            hint="Par exemple : vae-assistant coverage mon-dossier --format md -o fiche-de-suivi.md ; le rapport "
            "texte ou JSON s'enregistre avec une redirection (> couverture.txt).",
        )
    return wanted


def cmd_coverage(args: argparse.Namespace) -> int:
    args.format = _output_format(args)
    path = dossier_path(args.path)
    dossier = load_dossier(path)
    referential = dossier_referential(dossier)
    if args.format == "md" and args.output is not None:
        _check_fiche_target(Path(args.output).expanduser(), args.force)  # a bad -o changes nothing
    dossier, notices = with_current_matches(path, dossier, referential)
    coverage = compute_coverage(dossier, referential)
    if args.format == "md":
        fiche = render_fiche(dossier, referential, coverage, today=date.today())
        return _write_fiche(args.output, fiche, notices)
    if args.json or args.format == "json":
        data = {"dossier": str(path), "notices": notices, **coverage.to_json()}
        emit(json.dumps(data, ensure_ascii=False, indent=2))
        for notice in notices:
            print(notice, file=sys.stderr)
        return 0
    for notice in notices:
        emit(notice)
    if notices:
        emit("")
    emit(render_coverage(coverage, dossier, args.detail))
    if coverage.gaps:
        emit("")
        name = shell_word(args.path)
        hint = (f"Pour compléter : vae-assistant open {name} (l'assistant vous interroge tâche par tâche), ou "
                f"vae-assistant dossier add {name} --file récit.txt.")
        emit(textwrap.fill(hint, 100, break_on_hyphens=False))
    return 0
