"""Reading referential files, with errors a counsellor can fix.

A referential is written by hand. When it is wrong, the author needs the file, the line and the field, in French,
not a traceback: YAML is parsed into nodes first so that every value keeps its line, and each problem found by
pydantic or by the integrity checks is reported against that line.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from vae_assistant.errors import ReferentialError, missing_file_hint, os_reason
from vae_assistant.referential.model import Referential

Loc = tuple[str | int, ...]

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_PROBLEMS_SHOWN = 8


@dataclass(frozen=True)
class Problem:
    """One thing wrong in a referential file."""

    loc: Loc
    message: str


# -- YAML with line numbers ----------------------------------------------------------------------------------------


class _DuplicateKey(Exception):
    def __init__(self, key: str, line: int, first_line: int) -> None:
        super().__init__(key)
        self.key, self.line, self.first_line = key, line, first_line


MAX_REPEATED_VALUES = 10_000
"""Values an alias (``*name``) may repeat in all: anchors nested in anchors multiply (« billion laughs »)."""


class _AliasProblem(Exception):
    def __init__(self, line: int, recursive: bool) -> None:
        super().__init__(line)
        self.line, self.recursive = line, recursive


@dataclass
class _Walk:
    lines: dict[Loc, int]
    ancestors: set[int]
    seen: set[int]
    repeated: int = 0


def _index_lines(node: yaml.Node, loc: Loc, walk: _Walk) -> None:
    """Record the 1-based line of every value under ``node``, keyed by its path.

    An alias makes a node appear again: one inside itself would never end, and anchors repeated inside anchors
    would multiply past any memory, so both are refused.
    """
    if id(node) in walk.ancestors:
        raise _AliasProblem(node.start_mark.line + 1, recursive=True)
    if id(node) in walk.seen:
        walk.repeated += 1
        if walk.repeated > MAX_REPEATED_VALUES:
            raise _AliasProblem(node.start_mark.line + 1, recursive=False)
    walk.seen.add(id(node))
    walk.lines[loc] = node.start_mark.line + 1
    if not isinstance(node, yaml.MappingNode | yaml.SequenceNode):
        return
    walk.ancestors.add(id(node))
    if isinstance(node, yaml.MappingNode):
        keys: dict[str, int] = {}
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node.value)
            line = key_node.start_mark.line + 1
            if key in keys:
                raise _DuplicateKey(key, line, keys[key])
            keys[key] = line
            _index_lines(value_node, (*loc, key), walk)
            walk.lines.setdefault((*loc, key, "__key__"), line)
    else:
        for index, item in enumerate(node.value):
            _index_lines(item, (*loc, index), walk)
    walk.ancestors.discard(id(node))


# libyaml's parser, when PyYAML was built with it (its wheels are): the CASP lexicon's 5,000 lines took 0.4 s to
# parse in pure Python, at every start. Its messages differ: a file it refuses is read again by the pure Python
# parser, whose messages are the ones translated into French.
_FAST_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def parse_yaml(text: str, origin: str) -> tuple[Any, dict[Loc, int]]:
    """Parse YAML text into plain data and a map from each value's path to its line."""
    try:
        return _parse_yaml(text, origin, _FAST_LOADER)
    except ReferentialError:
        if _FAST_LOADER is yaml.SafeLoader:
            raise
        return _parse_yaml(text, origin, yaml.SafeLoader)


def _parse_yaml(text: str, origin: str, loader_class: type) -> tuple[Any, dict[Loc, int]]:
    try:
        loader = loader_class(text)
        try:
            node = loader.get_single_node()
            if node is None:
                return None, {}
            lines: dict[Loc, int] = {}
            _index_lines(node, (), _Walk(lines, set(), set()))
            data = loader.construct_document(node)
        finally:
            loader.dispose()
    except _AliasProblem as alias:
        limit = f"{MAX_REPEATED_VALUES:_}".replace("_", "\u00a0")
        what = (
            "un alias * renvoie à l'ancre & qui le contient : sa valeur ne finirait jamais"
            if alias.recursive
            else f"des alias * répètent plus de {limit} valeurs (ancres & imbriquées)"
        )
        raise ReferentialError(f"Référentiel illisible : {origin}, ligne {alias.line} : {what}.") from None
    except RecursionError:
        raise ReferentialError(
            f"Référentiel illisible : {origin} : les listes ou dictionnaires y sont imbriqués trop profondément."
        ) from None
    except _DuplicateKey as dup:
        raise ReferentialError(
            f"Référentiel invalide : {origin}, ligne {dup.line} : la clé « {dup.key} » apparaît deux fois "
            f"(déjà ligne {dup.first_line})."
        ) from None
    except yaml.reader.ReaderError as exc:
        line = text[: exc.position].count("\n") + 1
        raise ReferentialError(
            f"Référentiel illisible : {origin}, ligne {line} : caractère interdit U+{exc.character:04X} "
            "(caractère de contrôle ou invisible)."
        ) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f", ligne {mark.line + 1}, colonne {mark.column + 1}" if mark else ""
        what = yaml_problem_in_french(exc.problem or exc.context or "")
        raise ReferentialError(
            f"Référentiel illisible : {origin}{where} : le YAML est mal formé ({what}).",
            hint="Vérifiez l'indentation, les deux-points et les guillemets autour de cette ligne.",
        ) from None
    except yaml.YAMLError as exc:
        raise ReferentialError(f"Référentiel illisible : {origin} : le YAML est mal formé ({exc}).") from None
    return data, lines


# -- messages ------------------------------------------------------------------------------------------------------

_YAML_PROBLEMS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"expected ',' or '\]'"), "une liste entre crochets [ ] n'est pas refermée"),
    (re.compile(r"expected ',' or '\}'"), "un dictionnaire entre accolades { } n'est pas refermé"),
    (re.compile(r"mapping values are not allowed here"), "deux-points inattendus : indentation ou guillemets à revoir"),
    (re.compile(r"found unexpected end of stream"), "le fichier se termine au milieu d'un texte entre guillemets"),
    (re.compile(r"could not find expected ':'"), "il manque les deux-points après une clé"),
    (re.compile(r"found character '\\t'"), "une tabulation sert d'indentation : utilisez des espaces"),
    (re.compile(r"expected <block end>, but found"), "l'indentation ne correspond pas à celle des lignes voisines"),
    (re.compile(r"did not find expected key"), "l'indentation ne correspond pas à celle des lignes voisines"),
    (re.compile(r"did not find expected '-' indicator"), "un élément de liste doit commencer par « - »"),
    (re.compile(r"found undefined alias"), "un alias * renvoie à une ancre & qui n'existe pas"),
    (re.compile(r"found unknown escape character"), "une séquence \\ inconnue entre guillemets doubles"),
    (re.compile(r"found unexpected ':'"), "deux-points inattendus : mettez ce texte entre guillemets"),
]


def yaml_problem_in_french(problem: str) -> str:
    """PyYAML explains in English; a counsellor editing a referential reads French."""
    for pattern, french in _YAML_PROBLEMS:
        if pattern.search(problem):
            return french
    return f"syntaxe incorrecte : {problem}" if problem else "syntaxe incorrecte"


_PYDANTIC_MESSAGES = {
    "missing": "champ obligatoire manquant",
    "extra_forbidden": "champ inconnu (faute de frappe ?)",
    "string_type": "doit être un texte",
    "int_type": "doit être un nombre entier",
    "int_parsing": "doit être un nombre entier",
    "float_type": "doit être un nombre",
    "float_parsing": "doit être un nombre",
    "bool_type": "doit valoir true ou false",
    "bool_parsing": "doit valoir true ou false",
    "list_type": "doit être une liste",
    "dict_type": "doit être un objet (clé : valeur)",
    "model_type": "doit être un objet (clé : valeur)",
    "model_attributes_type": "doit être un objet (clé : valeur)",
    "date_type": "doit être une date AAAA-MM-JJ",
    "date_from_datetime_parsing": "doit être une date AAAA-MM-JJ",
    "date_parsing": "doit être une date AAAA-MM-JJ",
    "too_short": "ne doit pas être vide",
    "string_too_long": "texte trop long",
    "greater_than_equal": "valeur trop petite",
    "less_than_equal": "valeur trop grande",
}


def pydantic_message(error: dict[str, Any]) -> str:
    kind = error["type"]
    if kind == "value_error":
        reason = str(error.get("ctx", {}).get("error", error["msg"]))
        return {
            "empty text": "le texte est vide",
            "an activity lists either tasks or competencies, not both": (
                "une activité donne soit des tâches (tasks), soit des compétences (competencies), pas les deux"
            ),
        }.get(reason, reason)
    if kind == "string_pattern_mismatch":
        pattern = error.get("ctx", {}).get("pattern", "")
        if "RNCP" in pattern:
            return f"code RNCP attendu sous la forme RNCP1234 (trouvé : {error['input']!r})"
        if pattern.startswith("^[a-z0-9]"):
            return f"identifiant en minuscules, chiffres et tirets attendu (trouvé : {error['input']!r})"
        return f"identifiant invalide {error['input']!r} : lettres, chiffres, points et tirets seulement"
    if kind == "literal_error":
        expected = error.get("ctx", {}).get("expected", "")
        return f"valeur {error['input']!r} non permise (attendu : {expected})"
    if kind == "too_short" and isinstance(error.get("input"), list):
        return "la liste ne doit pas être vide"
    return _PYDANTIC_MESSAGES.get(kind, error["msg"])


def clean_loc(loc: Iterable[str | int]) -> Loc:
    """Drop pydantic's internal steps (validator and union names) to keep the path of the file's fields."""
    return tuple(part for part in loc if isinstance(part, int) or not str(part).startswith(("function-", "[")))


def format_loc(loc: Loc) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(racine)"


def line_for(loc: Loc, lines: dict[Loc, int]) -> int | None:
    """The line of the deepest known part of ``loc`` (a missing field is reported at its parent)."""
    for end in range(len(loc), -1, -1):
        line = lines.get(loc[:end])
        if line is not None:
            return line
    return None


def _describe(problem: Problem, data: Any) -> str:
    """Name the unit the problem sits in (``tâche 3.3``) when the path goes through one."""
    node, label = data, ""
    names = {"activities": "activité", "tasks": "tâche", "competencies": "compétence", "blocs": "bloc"}
    kind = None
    for part in problem.loc:
        if isinstance(part, str):
            kind = names.get(part)
            node = node.get(part) if isinstance(node, dict) else None
        else:
            node = node[part] if isinstance(node, list) and part < len(node) else None
            if kind and isinstance(node, dict) and isinstance(node.get("id"), str | int):
                label = f"{kind} {node['id']}"
        if node is None:
            break
    return f" ({label})" if label else ""


def raise_problems(problems: list[Problem], origin: str, data: Any, lines: dict[Loc, int]) -> None:
    if not problems:
        return
    shown = []
    for problem in problems[:MAX_PROBLEMS_SHOWN]:
        line = line_for(problem.loc, lines)
        where = f"ligne {line}, " if line else ""
        shown.append(f"  - {where}champ {format_loc(problem.loc)}{_describe(problem, data)} : {problem.message}")
    more = len(problems) - len(shown)
    if more > 0:
        shown.append(f"  … et {more} autre{'s' if more > 1 else ''} problème{'s' if more > 1 else ''}.")
    count = len(problems)
    header = f"Référentiel invalide : {origin} ({count} problème{'s' if count > 1 else ''})"
    raise ReferentialError(header + "\n" + "\n".join(shown))


# -- integrity -----------------------------------------------------------------------------------------------------


def check_integrity(ref: Referential) -> list[Problem]:
    """Problems the field types cannot see: duplicate ids and references that lead nowhere."""
    problems: list[Problem] = []
    bloc_ids: dict[str, int] = {}
    for b_index, bloc in enumerate(ref.blocs):
        if bloc.id in bloc_ids:
            problems.append(Problem(("blocs", b_index, "id"), f"identifiant de bloc « {bloc.id} » en double"))
        bloc_ids.setdefault(bloc.id, b_index)

    activity_ids: set[str] = set()
    task_ids: set[str] = set()
    competency_ids: set[str] = set()
    for a_index, activity in enumerate(ref.activities):
        a_loc: Loc = ("activities", a_index)
        if activity.id in activity_ids:
            problems.append(Problem((*a_loc, "id"), f"identifiant d'activité « {activity.id} » en double"))
        activity_ids.add(activity.id)
        if activity.bloc is not None and activity.bloc not in bloc_ids:
            known = ", ".join(bloc_ids) or "aucun bloc n'est défini"
            problems.append(
                Problem((*a_loc, "bloc"), f"le bloc « {activity.bloc} » n'existe pas (blocs connus : {known})")
            )
        for t_index, task in enumerate(activity.tasks):
            t_loc: Loc = a_loc if task.implicit else (*a_loc, "tasks", t_index)
            if task.id in task_ids:
                problems.append(Problem((*t_loc, "id"), f"identifiant de tâche « {task.id} » en double"))
            task_ids.add(task.id)
            for c_index, competency in enumerate(task.competencies):
                if competency.implicit:
                    c_loc: Loc = (*t_loc, "title")
                elif task.implicit:
                    c_loc = (*a_loc, "competencies", c_index, "id")
                else:
                    c_loc = (*t_loc, "competencies", c_index, "id")
                if competency.id in competency_ids:
                    problems.append(Problem(c_loc, f"identifiant de compétence « {competency.id} » en double"))
                competency_ids.add(competency.id)
    return problems


# -- entry points --------------------------------------------------------------------------------------------------


_KIND_OF_VALUE = {list: "une liste", str: "un texte seul", int: "un nombre seul", float: "un nombre seul"}
"""What a YAML document that is not an object holds, in French (Python's type names are English)."""


def parse_referential(text: str, origin: str) -> Referential:
    """Build a referential from YAML (or JSON) text; ``origin`` names it in messages."""
    data, lines = parse_yaml(text, origin)
    if not isinstance(data, dict):
        raise ReferentialError(
            f"Référentiel invalide : {origin} : le fichier doit décrire un objet "
            "(format, id, title, activities…), pas "
            + ("un document vide." if data is None else f"{_KIND_OF_VALUE.get(type(data), 'une valeur seule')}.")
        )
    try:
        ref = Referential.model_validate(data)
    except ValidationError as exc:
        problems = [
            Problem(clean_loc(err["loc"]), pydantic_message(dict(err)))
            for err in exc.errors(include_url=False)
        ]
        raise_problems(problems, origin, data, lines)
        raise AssertionError("unreachable") from None
    raise_problems(check_integrity(ref), origin, data, lines)
    return ref


def load_referential(path: Path | str) -> Referential:
    """Read and validate a referential file."""
    path = Path(path)
    origin = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise ReferentialError(
                f"Référentiel refusé : {origin} pèse {size // (1024 * 1024)} Mo ; "
                f"un référentiel fait au plus {MAX_FILE_BYTES // (1024 * 1024)} Mo."
            )
        raw = path.read_bytes()
    except FileNotFoundError:
        hint = missing_file_hint(path)
        raise ReferentialError(f"Référentiel introuvable : {origin} n'existe pas.", hint=hint) from None
    except IsADirectoryError:
        raise ReferentialError(f"Référentiel illisible : {origin} est un dossier, pas un fichier.") from None
    except PermissionError:
        raise ReferentialError(f"Référentiel illisible : {origin} : accès refusé.") from None
    except OSError as exc:
        raise ReferentialError(f"Référentiel illisible : {origin} : {os_reason(exc)}.") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ReferentialError(
            f"Référentiel illisible : {origin}, ligne {line} : le fichier n'est pas en UTF-8.",
            hint="Enregistrez-le en UTF-8 depuis votre éditeur.",
        ) from None
    return parse_referential(text, origin)
