"""``vae-assistant match``: which tasks a text proves, with the sentence that proves each one.

One text (argument, ``--file`` or ``-`` for standard input) gives a French list (each task with its proving
sentence, whole, and the words that made it one) or, with ``--json``, one JSON object; ``--jsonl FILE`` reads
lines ``{"id": …, "text": …}`` and writes one line per input, for evaluation and scripts. Only the tasks judged
evidenced are listed, best first. Files and standard input are read by
:func:`vae_assistant.cli.support.read_text`, with the same checks and messages as ``dossier add``.
"""

from __future__ import annotations

import argparse
import json
from typing import Any

from vae_assistant.cli.dossier_cmd import found_task
from vae_assistant.cli.output import emit
from vae_assistant.cli.support import STDIN, read_text
from vae_assistant.dossier.referential import match_function
from vae_assistant.dossier.text import clean_text
from vae_assistant.errors import InputError
from vae_assistant.matching.types import MatchReport
from vae_assistant.referential import resolve
from vae_assistant.referential.model import Referential

MAX_JSONL_BYTES = 200 * 1024 * 1024


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "match",
        help="repérer les tâches du référentiel que prouve un texte, avec les phrases qui le montrent",
        description="Lit un texte (argument, --file FICHIER ou « - » pour l'entrée standard) et indique les tâches "
        "du référentiel dont il donne la preuve, avec la phrase qui le montre. --jsonl traite un fichier de textes.",
    )
    parser.add_argument("text", nargs="?", metavar="TEXTE", help="le texte, ou « - » pour l'entrée standard")
    parser.add_argument("--file", metavar="FICHIER", help="lire le texte dans un fichier (UTF-8)")
    parser.add_argument("--jsonl", metavar="FICHIER", help='lignes {"id": …, "text": …} ; une ligne JSON par texte')
    parser.add_argument("--referential", metavar="REF", help="identifiant, code RNCP ou fichier (par défaut : CASP)")
    parser.add_argument("--json", action="store_true", help="sortie JSON")
    parser.set_defaults(handler=cmd_match)


def _input_text(args: argparse.Namespace) -> str:
    given = [x for x in (args.text, args.file) if x is not None]
    if len(given) != 1:
        raise InputError("Donnez un texte : TEXTE, --file FICHIER, ou « - » pour l'entrée standard.")
    if args.file is not None:
        return read_text(args.file, action="analyser")
    if args.text == STDIN:
        return read_text(STDIN, action="analyser")
    return args.text


def report_json(report: MatchReport) -> list[dict[str, Any]]:
    """The evidenced tasks, best first, in the stable shape of ``--json`` and ``--jsonl``."""
    return [
        {
            "id": task.id,
            "score": round(task.score, 3),
            "competencies": [
                {
                    "id": c.id,
                    "score": round(c.score, 3),
                    "evidence": c.evidence[0].sentence if c.evidence else "",
                }
                for c in task.competencies
            ],
        }
        for task in report.evidenced
    ]


def _table(report: MatchReport, referential: Referential) -> str:
    """The evidenced tasks, best first, each with the sentence that proves it, whole, and its words: cut to fit a
    table column (« … qu'elle pouvait demander la pension de… »), the proof could not be checked."""
    if not report.evidenced:
        return "Aucune tâche du référentiel n'est repérée dans ce texte."
    lines = []
    for task in report.evidenced:
        head = f"{task.id}  {round(task.score * 100):>3}\u00a0%  "
        lines += found_task(head, referential.task(task.id).title, task.best_evidence)
    count = len(report.evidenced)
    heading = f"{count} tâche{'s' if count > 1 else ''} repérée{'s' if count > 1 else ''} :"
    return "\n".join([heading, *lines])


def _jsonl(path: str, referential: Referential) -> int:
    match = match_function(referential)
    text = read_text(path, limit=MAX_JSONL_BYTES, limit_label="un fichier de textes est limité à", action="analyser")
    origin = "l'entrée standard" if path == "-" else path
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except (ValueError, RecursionError):  # also a number of 5000 digits, or brackets nested 100 000 deep
            raise InputError(f"{origin}, ligne {number} : ce n'est pas du JSON valide.") from None
        if not isinstance(row, dict) or not isinstance(row.get("text"), str):
            raise InputError(f'{origin}, ligne {number} : il faut un objet {{"id": …, "text": "…"}}.')
        report = match(clean_text(row["text"]))
        emit(json.dumps({"id": row.get("id"), "tasks": report_json(report)}, ensure_ascii=False))
    return 0


def cmd_match(args: argparse.Namespace) -> int:
    referential = resolve(args.referential).referential
    if args.jsonl is not None:
        if args.text is not None or args.file is not None:
            raise InputError("--jsonl lit tous ses textes dans le fichier : ne donnez pas de texte en plus.")
        return _jsonl(args.jsonl, referential)
    report = match_function(referential)(clean_text(_input_text(args)))
    if args.json:
        data = {"referential": referential.id, "tasks": report_json(report)}
        emit(json.dumps(data, ensure_ascii=False, indent=2))
    else:
        emit(_table(report, referential))
    return 0
