"""``vae-assistant dossier new|add|show|import-docx|confirm|reject|restore|list|check``: the candidate's dossier."""

from __future__ import annotations

import argparse
import re
import sys
import textwrap
from datetime import datetime
from pathlib import Path

from vae_assistant.cli.output import emit, percent, table
from vae_assistant.cli.parcours_cmd import DOSSIER_HELP, register_actions
from vae_assistant.cli.support import (
    STDIN,
    add_force_option,
    open_for_edit,
    read_text,
    referential_and_matcher,
    say_waiting,
    with_current_matches,
    with_lock_advice,
)
from vae_assistant.coach.text import word_count
from vae_assistant.coverage import compute_coverage
from vae_assistant.dossier import lock
from vae_assistant.dossier import operations as ops
from vae_assistant.dossier.dates import format_period
from vae_assistant.dossier.docx_import import describe_context, read_draft
from vae_assistant.dossier.labels import (
    DECISION_LABELS,
    EXPERIENCE_KIND_LABELS,
    REVIEW_STATUS_LABELS,
    working_time_label,
)
from vae_assistant.dossier.model import Dossier, Situation
from vae_assistant.dossier.recent import remember_last
from vae_assistant.dossier.referential import dossier_referential
from vae_assistant.dossier.storage import (
    BACKUPS_KEPT,
    SUFFIX,
    Backup,
    create_dossier_file,
    dossier_path,
    encode,
    list_backups,
    list_dossiers,
    load_dossier,
    restore_backup,
)
from vae_assistant.errors import InputError, VaeError
from vae_assistant.interview.commands import typed_situation_id, typed_task_id
from vae_assistant.matching.normalize import telling_words
from vae_assistant.matching.types import Evidence
from vae_assistant.paths import user_dossier_dir
from vae_assistant.referential.model import Referential
from vae_assistant.referential.registry import inactive_notice, resolve
from vae_assistant.shell import shell_word


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "dossier",
        help="créer et compléter le dossier d'un candidat",
        description="Le dossier rassemble vos situations professionnelles, votre parcours et ce qu'ils prouvent. "
        f"Un nom sans répertoire désigne un dossier de {user_dossier_dir()}.",
    )
    sub = parser.add_subparsers(dest="dossier_command", metavar="ACTION", required=True)

    p_new = sub.add_parser("new", help="créer un dossier", description="Créer le dossier d'un candidat.")
    p_new.add_argument("path", metavar="DOSSIER", help=f"nom ou chemin du fichier ({SUFFIX})")
    p_new.add_argument("--nom", required=True, help="nom de famille")
    p_new.add_argument("--prenom", required=True, help="prénom")
    p_new.add_argument("--referential", metavar="REF", help="référentiel visé (par défaut : CASP)")
    p_new.add_argument("--email", help="adresse électronique")
    p_new.add_argument("--telephone", help="numéro de téléphone")
    p_new.add_argument("--adresse", help="adresse postale")
    p_new.set_defaults(handler=cmd_new)

    p_add = sub.add_parser(
        "add",
        help="ajouter une situation (texte d'un fichier ou de l'entrée standard)",
        description="Ajouter une situation professionnelle et repérer les tâches du référentiel qu'elle montre.",
    )
    p_add.add_argument("path", metavar="DOSSIER", help=DOSSIER_HELP)
    p_add.add_argument("stdin", nargs="?", choices=["-"], metavar="-", help="lire le texte sur l'entrée standard")
    p_add.add_argument("--file", metavar="FICHIER", help="fichier texte (UTF-8) contenant le récit")
    p_add.add_argument("--titre", help="titre de la situation (par défaut : sa première phrase)")
    p_add.add_argument("--structure", help="structure où la situation s'est passée")
    p_add.add_argument("--public", help="public concerné")
    p_add.add_argument("--periode", help="période (« 2019 », « hiver 2021 »…)")
    p_add.add_argument("--role", help="votre rôle")
    p_add.add_argument("--tache", metavar="TÂCHE", help="tâche du référentiel pour laquelle elle est écrite")
    p_add.add_argument("--tag", action="append", default=[], help="étiquette libre (répétable)")
    add_force_option(p_add)
    p_add.set_defaults(handler=cmd_add)

    p_show = sub.add_parser("show", help="afficher un dossier")
    p_show.add_argument("path", metavar="DOSSIER", help=DOSSIER_HELP)
    p_show.add_argument("--json", action="store_true", help="le fichier du dossier tel quel (JSON)")
    p_show.set_defaults(handler=cmd_show)

    p_import = sub.add_parser(
        "import-docx",
        help="importer un brouillon de livret Word (.docx) comme situations",
        description="Chaque partie titrée du brouillon (ou chaque bloc de paragraphes, sans titres) devient une "
        "situation ; les tâches qu'elle montre sont repérées.",
    )
    p_import.add_argument("path", metavar="DOSSIER", help=DOSSIER_HELP)
    p_import.add_argument("draft", metavar="BROUILLON.docx", help="le livret commencé dans Word (.docx)")
    add_force_option(p_import)
    p_import.set_defaults(handler=cmd_import_docx)

    for name, decision, text in (
        ("confirm", "confirmed", "confirmer qu'une situation montre une tâche"),
        ("reject", "rejected", "écarter une tâche repérée à tort dans une situation"),
        ("undecide", None, "annuler une confirmation ou un refus"),
    ):
        p_decide = sub.add_parser(name, help=text)
        p_decide.add_argument("path", metavar="DOSSIER", help=DOSSIER_HELP)
        p_decide.add_argument(
            "situation", metavar="SITUATION", type=typed_situation_id, help="identifiant de la situation (s1, s2…)"
        )
        p_decide.add_argument("task", metavar="TÂCHE", type=typed_task_id, help="identifiant de la tâche (2.2…)")
        add_force_option(p_decide)
        p_decide.set_defaults(handler=cmd_decide, decision=decision)

    p_restore = sub.add_parser(
        "restore",
        help="restaurer une sauvegarde du dossier",
        description="Remet en place une des versions gardées (les 10 dernières enregistrées, et celles d'avant "
        "chaque suppression) ; le fichier remplacé est gardé.",
    )
    p_restore.add_argument("path", metavar="DOSSIER", help=DOSSIER_HELP)
    p_restore.add_argument("--backup", type=int, metavar="N", help="numéro de la sauvegarde (1 : la plus récente)")
    p_restore.add_argument("--list", action="store_true", help="énumérer les sauvegardes sans rien restaurer")
    add_force_option(p_restore)
    p_restore.set_defaults(handler=cmd_restore)

    p_list = sub.add_parser(
        "list",
        help=f"lister les dossiers de {user_dossier_dir()}, avec leur couverture",
        description=f"Les dossiers rangés dans {user_dossier_dir()} : candidat, nombre de situations, couverture "
        "d'ensemble (la même que « coverage », calculée avec le repérage actuel) et date de modification. Rien "
        "n'est modifié.",
    )
    p_list.set_defaults(handler=cmd_list)

    p_check = sub.add_parser(
        "check",
        help="relire les situations comme un jury : « je », contexte, actions, résultat, recul, phrases "
        "complètes, anonymisation",
        description="Les conseils de relecture pour chaque situation du dossier. Le dossier n'est pas modifié.",
    )
    p_check.add_argument("path", metavar="DOSSIER", help=DOSSIER_HELP)
    p_check.set_defaults(handler=cmd_check)

    register_actions(sub)


# -- helpers -----------------------------------------------------------------------------------------------------------


def french_number(value: float, digits: int = 2) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def local_time(moment: datetime) -> str:
    return f"{moment.astimezone():%d/%m/%Y à %H:%M}"


def _warn(lines: list[str]) -> None:
    for line in lines:
        print(line, file=sys.stderr)


def _check_source(file: str | None, use_stdin: bool) -> None:
    if file and use_stdin:
        raise InputError(
            "Donnez le texte de la situation d'une seule façon : --file FICHIER, ou « - » pour l'entrée "
            "standard, pas les deux."
        )
    if not file and not use_stdin:
        raise InputError("Donnez le texte de la situation : --file FICHIER, ou « - » pour l'entrée standard.")


def _wrap(text: str, indent: str, hang: str | None = None) -> str:
    """Wrapped at 100 columns; ``hang`` indents the following lines (a title under its own first word)."""
    hang = indent if hang is None else hang
    return textwrap.fill(text, width=100, initial_indent=indent, subsequent_indent=hang, break_on_hyphens=False)


def render_found(situation: Situation, referential: Referential | None) -> str:
    """What the matcher recognised in a situation, with the sentence that proves each task."""
    records = [t for t in situation.match.tasks if t.id in situation.counted_tasks] if situation.match else []
    if situation.match is None:
        return "  (pas encore analysée)"
    if not records:
        return _wrap(
            "Aucune tâche du référentiel n'a été reconnue dans ce texte. Racontez ce que vous avez fait vous-même, "
            "concrètement : avec qui, pourquoi, comment, et ce qui en est sorti.",
            "  ",
        )
    lines = []
    titles = {t.id: t.title for t in referential.tasks} if referential else {}
    for record in records:
        mark = " (confirmée)" if record.id in situation.confirmed_tasks else ""
        head = f"{record.id}  {french_number(record.score)}  "
        lines += found_task(head, f"{titles.get(record.id, '')}{mark}", record.best_evidence)
    return "\n".join(lines)


def found_task(head: str, title: str, evidence: Evidence | None) -> list[str]:
    """A task the matcher found, for the terminal (``dossier add``, ``match``): « head title », then the sentence
    that proves it, whole, and the words that made it a proof: what a person checks, and all there is to check when
    the learned weights chose the sentence."""
    lines = [_wrap(f"{head}{title}", "  ", " " * (2 + len(head)))]
    if evidence is not None:
        shown = telling_words(evidence.matched)
        words = f" — mots : {', '.join(shown)}" if shown else ""
        # non-breaking spaces inside « »: wrapping must not leave a guillemet alone at a line's end or start
        lines.append(_wrap(f"«\u00a0{evidence.sentence.strip()}\u00a0»{words}", "        "))
    return lines


# -- commands ----------------------------------------------------------------------------------------------------------


def cmd_new(args: argparse.Namespace) -> int:
    path = dossier_path(args.path, new=True)
    entry = resolve(args.referential)
    dossier = ops.new_dossier(
        entry.referential,
        nom=args.nom,
        prenom=args.prenom,
        email=args.email,
        phone=args.telephone,
        address=args.adresse,
        referential_path=str(entry.path.resolve()) if entry.origin == "file" else None,
    )
    create_dossier_file(path, dossier).close()
    remember_last(path)
    ref = entry.referential
    emit(f"Dossier créé : {path}")
    emit(f"{dossier.candidate.full_name} — {ref.title} ({ref.rncp.code}).")
    emit(f"Ajoutez une situation : vae-assistant dossier add {shell_word(args.path)} --file recit.txt")
    notice = inactive_notice(ref)
    if notice:
        _warn([notice])
    return 0


# A text typed on standard input that cannot be saved is printed back, up to this size, for the candidate to copy.
MAX_TEXT_GIVEN_BACK = 200_000
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def cmd_add(args: argparse.Namespace) -> int:
    use_stdin = args.stdin == STDIN
    _check_source(args.file, use_stdin)
    text = None if use_stdin else read_text(args.file)
    path = dossier_path(args.path)
    typed: list[str] = []
    try:
        return _add(args, path, text, typed)
    except VaeError:
        # A file keeps its text; what was typed or pasted exists nowhere else once the command ends.
        if typed and len(typed[0]) <= MAX_TEXT_GIVEN_BACK:
            emit("Votre texte n'a pas été enregistré. Le voici, pour le copier avant de fermer ce terminal :")
            emit("")
            emit(_CONTROLS.sub("\ufffd", typed[0]))  # an escape sequence in it must not drive the terminal
        raise


def _add(args: argparse.Namespace, path: Path, text: str | None, typed: list[str]) -> int:
    with open_for_edit(path, force=args.force) as opened:
        if text is None:
            # Read once the dossier is open: a damaged or locked dossier is said before the candidate types or
            # pastes a text that would then be lost.
            text = read_text(STDIN)
            typed.append(text)
        heading, text = ops.split_heading(text, args.titre)
        referential, match, warnings = referential_and_matcher(opened.dossier)
        context = {"structure": args.structure, "public": args.public, "period": args.periode, "role": args.role}
        situation = ops.add_situation(
            opened.dossier,
            text,
            title=args.titre or heading,
            context=context,
            for_task=args.tache,
            tags=args.tag,
            match=match,
            referential=referential,
        )
        opened.save()
    remember_last(path)
    _warn(warnings)
    emit(f"Situation {situation.id} ajoutée : « {situation.title} » ({word_count(situation.narrative)} mots).")
    if situation.match is not None:
        emit(render_found(situation, referential))
    return 0


def cmd_import_docx(args: argparse.Namespace) -> int:
    path = dossier_path(args.path)
    draft = read_draft(Path(args.draft))
    if not draft.sections:
        raise InputError(
            f"Aucun texte assez long pour faire une situation dans {Path(args.draft).name}.",
            hint="Le dossier n'a pas été modifié.",
        )
    with open_for_edit(path, force=args.force) as opened:
        referential, match, warnings = referential_and_matcher(opened.dossier)
        added = ops.import_draft(opened.dossier, draft.sections, match=match, referential=referential)
        opened.save()
    remember_last(path)
    _warn(warnings)
    plural = "s" if len(added) > 1 else ""
    emit(f"{len(added)} situation{plural} importée{plural} de {Path(args.draft).name} :")
    for situation in added:
        emit("")
        tags = f" [{' › '.join(situation.tags)}]" if situation.tags else ""
        emit(f"{situation.id}  {situation.title}{tags} ({word_count(situation.narrative)} mots)")
        if not situation.context.is_empty:
            emit(_wrap(f"Contexte (tableau du brouillon) : {describe_context(situation.context.model_dump())}", "  "))
        if situation.match is not None:
            emit(render_found(situation, referential))
    if draft.skipped:
        emit("")
        emit("Passages trop courts pour faire une situation, non importés :")
        for text in draft.skipped:
            emit(_wrap(f"- {text if len(text) <= 90 else text[:89] + '…'}", "  "))
    return 0


def cmd_decide(args: argparse.Namespace) -> int:
    path = dossier_path(args.path)
    with open_for_edit(path, force=args.force) as opened:
        referential, match, warnings = referential_and_matcher(opened.dossier, "La décision est enregistrée.")
        situation = ops.set_decision(
            opened.dossier, args.situation, args.task, args.decision, referential=referential, match=match
        )
        opened.save()
    _warn(warnings)
    if args.decision is None:
        emit(f"Tâche {args.task} : plus de décision pour la situation {situation.id}.")
    else:
        emit(f"Tâche {args.task} {DECISION_LABELS[args.decision]} pour la situation {situation.id}.")
    return 0


def _situation_lines(dossier: Dossier, situation: Situation) -> list[str]:
    lines = [f"  {situation.id}  {situation.title} ({word_count(situation.narrative)} mots)"]
    if not situation.context.is_empty:
        lines.append(_wrap(describe_context(situation.context.model_dump()), "      "))
    if situation.for_task:
        lines.append(f"      Écrite pour la tâche {situation.for_task}")
    if situation.tags:
        lines.append(f"      Étiquettes : {', '.join(situation.tags)}")
    if situation.match is None:
        lines.append("      Pas encore analysée.")
    else:
        counted = situation.counted_tasks
        found = ", ".join(t + (" (confirmée)" if t in situation.confirmed_tasks else "") for t in counted)
        lines.append(_wrap(f"Tâches : {found or 'aucune reconnue'}", "      "))
        if situation.rejected_tasks:
            lines.append(f"      Écartées : {', '.join(situation.rejected_tasks)}")
    comments = [c for c in dossier.comments if c.situation_id == situation.id]
    if comments:
        status = dossier.latest_status(situation_id=situation.id)
        state = f" — statut : {REVIEW_STATUS_LABELS[status]}" if status else ""
        lines.append(f"      {len(comments)} commentaire{'s' if len(comments) > 1 else ''}{state}")
    return lines


def render_dossier(dossier: Dossier, path: Path) -> str:
    candidate, certification = dossier.candidate, dossier.certification
    out = [f"Dossier de {candidate.full_name}", f"Fichier : {path}"]
    rncp = f" ({certification.rncp})" if certification.rncp else ""
    out.append(f"Certification : {certification.title}{rncp} — référentiel {certification.referential_id}")
    contact = candidate.contact
    if not contact.is_empty:
        parts = [p for p in (contact.email, contact.phone, (contact.address or "").replace("\n", ", ")) if p]
        out.append(f"Coordonnées : {' · '.join(parts)}")
    out.append(f"Créé le {local_time(dossier.created_at)} · modifié le {local_time(dossier.updated_at)}")

    out += ["", f"Parcours ({len(dossier.experiences)})"]
    for e in dossier.experiences:
        when = format_period(e.start, e.end, e.ongoing)
        parts = [
            EXPERIENCE_KIND_LABELS[e.kind],
            e.position,
            e.employer,
            when,
            working_time_label(e.working_time, e.part_time_percent),
            e.sector or "",
        ]
        out.append(_wrap(f"{e.id}  " + " · ".join(p for p in parts if p), "  "))
    out += ["", f"Formations ({len(dossier.trainings)})"]
    for t in dossier.trainings:
        diploma = {True: "diplôme obtenu", False: "diplôme non obtenu", None: ""}[t.diploma_obtained]
        parts = [t.title, t.organisation or "", format_period(t.start, t.end), diploma]
        out.append(_wrap(f"{t.id}  " + " · ".join(p for p in parts if p), "  "))
    out += ["", f"Pièces justificatives ({len(dossier.pieces)})"]
    for p in dossier.pieces:
        out.append(_wrap(f"{p.id}  {p.title}" + (f" — {p.description}" if p.description else ""), "  "))

    out += ["", f"Situations ({len(dossier.situations)})"]
    for situation in dossier.situations:
        out += _situation_lines(dossier, situation)
    task_comments = [c for c in dossier.comments if c.situation_id is None]
    if task_comments:
        out += ["", f"Commentaires sur des tâches ({len(task_comments)})"]
        for c in task_comments:
            status = f" [{REVIEW_STATUS_LABELS[c.status]}]" if c.status else ""
            out.append(_wrap(f"{c.task_id} — {c.author}{status} : {c.text}", "  "))
    if dossier.conversation:
        out += ["", f"Conversation avec l'assistant : {len(dossier.conversation)} messages"]
    return "\n".join(out)


def cmd_show(args: argparse.Namespace) -> int:
    path = dossier_path(args.path)
    dossier = load_dossier(path)
    if args.json:
        sys.stdout.write(encode(dossier).decode("utf-8"))
        return 0
    # the tasks listed are those coverage and the assistant count: matches made by an earlier version of the
    # matcher or referential are redone first (and saved when the dossier is free), as coverage does
    try:
        referential = dossier_referential(dossier)
    except VaeError:
        notices: list[str] = []  # the dossier is shown as stored; coverage says why its referential is unreadable
    else:
        dossier, notices = with_current_matches(path, dossier, referential)
    for notice in notices:
        emit(notice)
    if notices:
        emit("")
    emit(render_dossier(dossier, path))
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    path = dossier_path(args.path)
    if args.list:
        backups = list_backups(path)
        if not backups:
            where = "" if path.exists() else " (ce dossier n'existe pas)"
            emit(
                f"Aucune sauvegarde pour {path}{where}. Une sauvegarde de la version précédente est faite à chaque "
                f"enregistrement qui change le dossier (les {BACKUPS_KEPT} dernières sont gardées) : un dossier qui "
                "vient d'être créé n'en a pas encore."
            )
            return 0
        rows = []
        for b in backups:
            problem = b.check()
            state = "lisible" if problem is None else f"illisible ({problem.splitlines()[0]})"
            # how many situations each version holds: the one from before a mistake is found at a glance
            situations = "—" if problem is not None else str(len(load_dossier(b.path).situations))
            rows.append([str(b.number or "—"), local_time(b.saved_at), situations, state, b.path.name])
        emit(table(["N°", "Enregistrée le", "Situations", "État", "Fichier"], rows, numeric=(0, 2)))
        return 0
    try:
        before: bytes | None = path.read_bytes()
    except OSError:
        before = None  # deleted, or unreadable: restore_backup says why when it matters
    def restoring(force: bool) -> Backup:
        return restore_backup(path, args.backup, force=force, wait=lock.COMMAND_WAIT_S, on_wait=say_waiting)

    backup = with_lock_advice(path, args.force, restoring)
    emit(f"Restauré : {backup.label}.")
    if before is None:
        emit(f"Le fichier du dossier manquait : il est recréé ({path}).")
    elif before == backup.path.read_bytes():
        emit("Le dossier était déjà dans cet état : rien n'a été remplacé.")
    else:
        emit(f"Le fichier remplacé est gardé dans {backup.path.parent} (« dossier restore {args.path} --list »).")
    return 0


def cmd_list(args: argparse.Namespace) -> int:
    paths = list_dossiers()
    if not paths:
        emit(f"Aucun dossier dans {user_dossier_dir()}.")
        return 0
    rows = []
    unknown = False
    for path in paths:
        try:
            dossier = load_dossier(path)
        except VaeError:
            rows.append([path.name, "(illisible : vae-assistant dossier show pour le détail)", "", "", ""])
            continue
        ratio = current_coverage_ratio(dossier)
        unknown |= ratio is None
        rows.append([
            path.name,
            dossier.candidate.full_name,
            str(len(dossier.situations)),
            "—" if ratio is None else percent(ratio),
            local_time(dossier.updated_at),
        ])
    emit(table(["Fichier", "Candidat", "Situations", "Couverture", "Modifié le"], rows, numeric=(2, 3)))
    emit("")
    if unknown:
        emit("— : le référentiel du dossier est introuvable ou illisible.")
    emit("Couverture par bloc et manques d'un dossier : vae-assistant coverage FICHIER.")
    emit("Pour reprendre un dossier dans l'assistant : vae-assistant open FICHIER.")
    return 0


def current_coverage_ratio(dossier: Dossier) -> float | None:
    """The dossier's overall coverage as ``coverage`` computes it (same functions, stale matches redone with the
    current matcher), in memory only: ``list`` reads, it neither saves nor waits. None when the referential cannot
    be read."""
    try:
        referential = dossier_referential(dossier)
    except VaeError:
        return None
    _, match, _ = referential_and_matcher(dossier)
    if match is not None and ops.needs_refresh(dossier, referential, match):
        ops.refresh_matches(dossier, referential, match)
    return compute_coverage(dossier, referential).ratio


def render_check(dossier: Dossier) -> str:
    """The coach's advice, situation by situation (see vae_assistant.coach)."""
    from vae_assistant.coach import LEVEL_LABELS, check_situation

    if not dossier.situations:
        return "Ce dossier n'a pas encore de situation à relire."
    out: list[str] = []
    flagged = 0
    for situation in dossier.situations:
        advice = check_situation(situation)
        flagged += bool(advice)
        out += ["", f"{situation.id}  {situation.title} ({word_count(situation.narrative)} mots)"]
        if not advice:
            out.append("      Rien à signaler.")
        for item in advice:
            out.append(_wrap(f"[{LEVEL_LABELS[item.level]}] {item.label} : {item.message}", "      "))
    total = len(dossier.situations)
    head = f"Relecture de {total} situation{'s' if total > 1 else ''} : {flagged} avec des points à revoir."
    return "\n".join([head, *out])


def cmd_check(args: argparse.Namespace) -> int:
    dossier = load_dossier(dossier_path(args.path))
    emit(render_check(dossier))
    name = shell_word(args.path)
    if dossier.situations:
        hint = (f"Pour corriger un récit : vae-assistant open {name} (écran Situations, F8), puis relancez "
                f"vae-assistant dossier check {name}.")
    else:
        hint = (f"Racontez-en une dans l'assistant (vae-assistant open {name}), ou écrivez-la dans un fichier : "
                f"vae-assistant dossier add {name} --file recit.txt")
    emit("")
    emit(textwrap.fill(hint, 100, break_on_hyphens=False, break_long_words=False))
    return 0
