"""``vae-assistant referential list|show|validate|schema``."""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

from vae_assistant.cli.output import emit, table
from vae_assistant.paths import user_referential_dir
from vae_assistant.referential import Referential, load_referential, resolve
from vae_assistant.referential.export import json_schema, referential_json_text
from vae_assistant.referential.registry import available, broken_user_files
from vae_assistant.shell import shell_word


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "referential",
        help="consulter, vérifier ou importer des référentiels de certification",
        description="Les référentiels décrivent les blocs, activités, tâches et compétences d'une certification.",
    )
    sub = parser.add_subparsers(dest="referential_command", metavar="ACTION", required=True)

    p_list = sub.add_parser("list", help="lister les référentiels disponibles")
    p_list.add_argument("--json", action="store_true", help="sortie JSON")
    p_list.set_defaults(handler=cmd_list)

    p_show = sub.add_parser("show", help="afficher un référentiel (par défaut : CASP)")
    p_show.add_argument("ref", nargs="?", metavar="REF", help="identifiant, code RNCP ou chemin d'un fichier")
    p_show.add_argument("--json", action="store_true", help="sortie JSON (format stable)")
    p_show.add_argument("--brief", action="store_true", help="sans le détail des compétences")
    p_show.set_defaults(handler=cmd_show)

    p_validate = sub.add_parser("validate", help="vérifier un fichier de référentiel")
    p_validate.add_argument(
        "path",
        metavar="FICHIER",
        help="le fichier YAML du référentiel ; son vocabulaire du métier (ID.lexicon.yaml), s'il est à côté, est "
        "vérifié aussi",
    )
    p_validate.set_defaults(handler=cmd_validate)

    p_schema = sub.add_parser("schema", help="écrire le schéma JSON du format (complétion dans les éditeurs)")
    p_schema.set_defaults(handler=cmd_schema)

    p_import = sub.add_parser(
        "import-rncp",
        help="importer le référentiel d'une certification depuis l'export open data RNCP",
        description="Lit l'export quotidien des fiches RNCP de France compétences (fichier .zip ou .xml, sans le "
        "décompresser) et écrit le référentiel de la fiche demandée, à affiner ensuite à la main.",
    )
    p_import.add_argument(
        "export", metavar="EXPORT", help="export-fiches-rncp-v4-….zip ou le fichier XML qu'il contient"
    )
    p_import.add_argument("number", metavar="RNCPnnnnn", help="numéro de la fiche, avec ou sans le préfixe RNCP")
    p_import.add_argument(
        "-o", "--output", metavar="FICHIER.yaml", help="fichier à écrire (par défaut : votre dossier de référentiels)"
    )
    p_import.add_argument("--force", action="store_true", help="remplacer le fichier s'il existe déjà")
    p_import.set_defaults(handler=cmd_import_rncp)


def counts(ref: Referential) -> dict[str, int]:
    return {
        "blocs": len(ref.blocs),
        "activities": len(ref.activities),
        "tasks": len(ref.tasks),
        "competencies": len(ref.competencies),
    }


def _count(n: int, singular: str, plural: str) -> str:
    """« 1 bloc », « 0 bloc », « 5 blocs »: French puts nouns after 0 and 1 in the singular."""
    return f"{n} {singular if n <= 1 else plural}"


_SIZES = (("blocs", "bloc"), ("activities", "activité"), ("tasks", "tâche"), ("competencies", "compétence"))


def sizes(ref: Referential, separator: str = ", ") -> str:
    """« 5 blocs, 6 activités, 32 tâches, 180 compétences », « 0 bloc » for a referential without blocs."""
    c = counts(ref)
    return separator.join(_count(c[key], word, word + "s") for key, word in _SIZES)


def cmd_list(args: argparse.Namespace) -> int:
    entries = available()
    if args.json:
        emit(
            json.dumps(
                [
                    {
                        "id": e.referential.id,
                        "title": e.referential.title,
                        "rncp": e.referential.rncp.code,
                        "origin": e.origin,
                        "path": str(e.path),
                        **counts(e.referential),
                    }
                    for e in entries
                ],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    rows = [
        [
            e.referential.id,
            e.referential.rncp.code,
            e.referential.title,
            str(len(e.referential.blocs)),
            str(len(e.referential.activities)),
            str(len(e.referential.tasks)),
            str(len(e.referential.competencies)),
            "fourni" if e.origin == "shipped" else "importé",
        ]
        for e in entries
    ]
    headers = ["Identifiant", "RNCP", "Intitulé", "Blocs", "Activités", "Tâches", "Compétences", "Origine"]
    emit(table(headers, rows, numeric=(3, 4, 5, 6)))
    emit(f"\nVos référentiels (importés, ou écrits par vous) : {user_referential_dir()}")
    for path, reason in broken_user_files():
        emit(f"\nAttention : {path} est ignoré ({reason}).")
    return 0


def _wrap(text: str, indent: str) -> str:
    """``text`` wrapped at 100 columns under ``indent``; its own next lines (CASP 2.4's « 2.4.a : … » sub-steps)
    are indented like its wrapped ones, not at the place of the next task's id."""
    lines = []
    for n, line in enumerate(text.splitlines()):
        first = indent if n == 0 else indent + "  "
        lines.append(textwrap.fill(line, width=100, initial_indent=first, subsequent_indent=indent + "  "))
    return "\n".join(lines)


def render_text(ref: Referential, brief: bool = False) -> str:
    out = [ref.title, "=" * min(len(ref.title), 100)]
    reg = ref.rncp
    line = reg.code + (f" (enregistrement actuel : {reg.current})" if reg.current else "")
    out.append(" · ".join(part for part in (line, ref.certifier, ref.level) if part))
    out.append(sizes(ref, " · "))
    groups: list[tuple[str, list]] = [
        (f"Bloc {b.id} — {b.title}", ref.activities_of_bloc(b.id)) for b in ref.blocs
    ]
    transversal = ref.activities_of_bloc(None)
    if transversal:
        groups.append(("Activités transversales (sans bloc)" if ref.blocs else "Activités", transversal))
    for heading, activities in groups:
        out += ["", heading]
        for activity in activities:
            out.append(_wrap(f"Activité {activity.id} — {activity.title}", "  "))
            for task in activity.tasks:
                if not task.implicit:
                    out.append(_wrap(f"{task.id}  {task.title}", "    "))
                if brief:
                    continue
                for comp in task.competencies:
                    mark = "•" if comp.kind == "associated" else "◦ évaluée :"
                    out.append(_wrap(f"{mark} {comp.text}", "        "))
    return "\n".join(out)


def cmd_show(args: argparse.Namespace) -> int:
    ref = resolve(args.ref).referential
    emit(referential_json_text(ref) if args.json else render_text(ref, brief=args.brief))
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    ref = load_referential(args.path)
    emit(f"Référentiel valide : {args.path}\n{ref.id} — {ref.title} ({ref.rncp.code}) : {sizes(ref)}.")
    _validate_lexicon(ref, Path(args.path))
    return 0


def _validate_lexicon(ref: Referential, path: Path) -> None:
    """The trade vocabulary beside the referential, if any: checked the way the matcher will read it, with a
    warning for each expression that keeps a single word once its function words are set aside."""
    from vae_assistant.matching.index import lone_word_expressions
    from vae_assistant.matching.lexicon import LEXICON_SUFFIX, load_lexicon

    lexicon_file = path.with_name(ref.id + LEXICON_SUFFIX)
    if not lexicon_file.is_file():
        return
    lexicon = load_lexicon(lexicon_file, ref)
    expressions = sum(len(v.expressions) for v in lexicon.tasks.values())
    examples = sum(len(v.examples) for v in lexicon.tasks.values())
    more = sum(len(v.more_examples) for v in lexicon.tasks.values())
    learning = f", {more} de plus pour apprendre les mots des tâches" if more else ""
    traps = _count(len(lexicon.domain.trap_examples), "phrase", "phrases")
    emit(f"Vocabulaire du métier valide : {lexicon_file} ({_count(expressions, 'expression', 'expressions')}, "
         f"{_count(examples, 'phrase type', 'phrases types')}{learning}, {traps} d'autres métiers).")
    for where, text, kept in lone_word_expressions(lexicon):
        print(
            f"Attention ({where}) : « {text} » ne garde que « {kept} » : les mots outils (le, de, en, que, avoir…) "
            "ne comptent pas. Liez les mots qui vont ensemble avec _ (en_tant_que_participant) ou exigez-les "
            "tels quels avec = (=en =formation).",
            file=sys.stderr,
        )


def cmd_schema(args: argparse.Namespace) -> int:
    emit(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return 0


def cmd_import_rncp(args: argparse.Namespace) -> int:
    from vae_assistant.rncp import import_fiche

    result = import_fiche(args.export, args.number, args.output, force=args.force)
    ref = result.referential
    emit(
        f"Référentiel importé : {result.path}\n"
        f"{ref.id} — {ref.title} ({ref.rncp.code}) : {sizes(ref)}.\n"
        "Les blocs servent aussi d'activités et les compétences ont été découpées automatiquement : "
        "relisez et affinez le fichier (voir son champ « notes »).\n"
        f"Après vos retouches : vae-assistant referential validate {shell_word(str(result.path))}\n"
        f"Un dossier sur ce référentiel : vae-assistant dossier new mon-dossier --prenom PRÉNOM --nom NOM "
        f"--referential {ref.id}"
    )
    for warning in result.warnings:
        print(f"Attention : {warning}", file=sys.stderr)
    return 0
