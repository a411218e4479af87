"""Interview scripts: the assistant's French questions, as data a counsellor can edit (``prompts/*.yaml``).

``generic.yaml`` holds every message the interview needs, written as templates over the referential's own words
(``{task_title}``, ``{competency}``…), so that any referential gets a usable interview. ``<referential id>.yaml``
adds hand-written questions for one referential: an opener per activity, a question and an example per task, and
follow-up *probes* per competency. Anything it leaves out falls back to the generic text. A file in the user's
prompts folder replaces the shipped file of the same name.

A script is checked when it is loaded, against the referential it is for: an unknown task, activity or competency
id, a field that does not exist, or a ``{placeholder}`` the engine does not fill is reported in French with the
file, the line and the key, never discovered in the middle of a candidate's session.
"""

from __future__ import annotations

import re
import string
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from vae_assistant import paths
from vae_assistant.errors import ReferentialError, VaeError, os_reason
from vae_assistant.referential.loader import (
    Loc,
    Problem,
    clean_loc,
    format_loc,
    line_for,
    parse_yaml,
    pydantic_message,
)
from vae_assistant.referential.model import Activity, Competency, Referential, Task

GENERIC = "generic"
MAX_SCRIPT_BYTES = 2 * 1024 * 1024
MAX_PROBLEMS_SHOWN = 8

PLACEHOLDERS = frozenset(
    {
        "prenom",
        "nom",
        "certification",
        "task_id",
        "task_title",
        "activity_id",
        "activity_title",
        "competency",
        "example",
        "situation_id",
        "situation_title",
        "recorded",
        "gaps",
        "count",
        "commands",
        "words",
        "unasked",
    }
)
"""The values the engine fills in templates; any other ``{name}`` in a script is an author's typo."""


class ScriptError(VaeError):
    """An interview script that cannot be read or does not follow the format."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class _Section(_Strict):
    """A group of templates; every field is optional in a file, the merged script must have them all."""


class GreetingTexts(_Section):
    welcome: str | None = Field(default=None, description="First message of a new interview.")
    resume: str | None = Field(default=None, description="First message when the candidate comes back.")
    reminder: str | None = Field(default=None, description="Introduces the question left pending, on resume.")


class IdentityTexts(_Section):
    question: str | None = None
    thanks: str | None = Field(default=None, description="{recorded}: what was understood (courriel, téléphone).")
    nothing: str | None = Field(default=None, description="When no e-mail address or phone number was found.")


class ParcoursTexts(_Section):
    question: str | None = None
    thanks: str | None = None


class ActivityTexts(_Section):
    opener: str | None = Field(default=None, description="Question on the context of an activity.")
    thanks: str | None = None
    story: str | None = Field(
        default=None,
        description="When the answer to the context question already tells a situation of {task_id}: kept as its "
        "first situation.",
    )


class TaskTexts(_Section):
    question: str | None = Field(default=None, description="Asks for one concrete situation for a task.")
    example: str | None = Field(default=None, description="The kind of detail a jury wants, as {example}.")
    back: str | None = Field(default=None, description="When the candidate comes back to a task already asked.")
    back_situation: str | None = Field(
        default=None,
        description="Coming back to a task whose latest situation {situation_id} ({situation_title}) the next "
        "question continues.",
    )
    probe: str | None = Field(default=None, description="Follow-up on one missing {competency}.")
    again: list[str] | None = Field(
        default=None, description="Ways to ask for another situation for a task already answered, used in turn."
    )


class ReplyTexts(_Section):
    recognised: str | None = None
    nothing_new: str | None = None
    proved_again: str | None = Field(
        default=None,
        description="A follow-up answer that proves again what the situation {situation_id} already showed, and "
        "nothing more: the tasks already proposed are not listed again.",
    )
    not_current: str | None = None
    no_longer: str | None = Field(
        default=None,
        description="A task the story showed and no longer shows once read with the candidate's new answer (the "
        "learned weights read the whole story); {task_id}, {situation_id}.",
    )
    near_current: str | None = Field(
        default=None,
        description="{words}: the candidate's words that come close to the current task without showing it.",
    )
    covered: str | None = None
    too_short: str | None = Field(
        default=None,
        description="A few words in answer to a task question (« je sais pas »): not kept as a situation.",
    )
    not_added: str | None = Field(
        default=None,
        description="A few words that tell no act (« ok merci », « rien de plus ») in answer to a follow-up: not "
        "added to the situation's narrative, which the livret prints as it is.",
    )
    fragment: str | None = Field(
        default=None,
        description="A follow-up answer added to the story that does not stand alone (« oui, avec sa fille », lower "
        "case): the livret prints it without the question (the coach's rule « Phrases complètes »).",
    )
    move_on: str | None = None
    move_on_unshown: str | None = Field(
        default=None, description="Moving on from a task the situation does not show (« move_on » praises it)."
    )
    skipped: str | None = None
    finished_gaps: str | None = None
    finished_unasked: str | None = Field(
        default=None,
        description="The end reached while tasks passed over by a jump were never asked ({unasked}: their ids).",
    )
    finished_complete: str | None = None
    confirmed: str | None = None
    rejected: str | None = None
    unknown_task: str | None = None
    first_task: str | None = None
    no_question: str | None = None
    no_task_answer: str | None = None
    framed: str | None = Field(
        default=None, description="{recorded}: the context copied into a new situation from the activity's answer."
    )


class ActivityPrompt(_Strict):
    opener: str | None = None


class TaskPrompt(_Strict):
    question: str | None = None
    example: str | None = None
    probes: dict[str, str] = Field(
        default_factory=dict, description="Follow-up question per competency id, most important first."
    )


class ScriptFile(_Strict):
    """One ``prompts/*.yaml`` file as written."""

    format: Literal[1]
    referential: str | None = Field(default=None, description="The referential id a specific script is for.")
    max_follow_ups: int | None = Field(default=None, ge=0, le=10)
    greeting: GreetingTexts = Field(default_factory=GreetingTexts)
    identity: IdentityTexts = Field(default_factory=IdentityTexts)
    parcours: ParcoursTexts = Field(default_factory=ParcoursTexts)
    activity: ActivityTexts = Field(default_factory=ActivityTexts)
    task: TaskTexts = Field(default_factory=TaskTexts)
    replies: ReplyTexts = Field(default_factory=ReplyTexts)
    activities: dict[str, ActivityPrompt] = Field(default_factory=dict)
    tasks: dict[str, TaskPrompt] = Field(default_factory=dict)


_SECTIONS = ("greeting", "identity", "parcours", "activity", "task", "replies")


class _Values(dict):
    """Template values; a placeholder without a value (validated names only) renders empty, never KeyError."""

    def __missing__(self, key: str) -> str:
        return ""


_SOFT_BREAK = re.compile(r"(?<=[^\s\\])[ \t]*\n[ \t]*(?=\S)(?![-*+] |\d+[.)] |[>#|`])")


def unwrap(template: str) -> str:
    """Join the lines a script file wraps for its own readability; blank lines and list items stay.

    A script's ``|-`` block keeps the newlines of the YAML file; shown as they are (a plain-text shell, a note),
    they cut sentences at the file's width, sometimes right after « ; one paragraph per line lets the shell wrap.
    """
    return _SOFT_BREAK.sub(" ", template)


def render(template: str, **values: Any) -> str:
    return string.Formatter().vformat(unwrap(template), (), _Values(values)).strip()


_TRAILING = " .,;:·-–—"


def first_line(text: str, limit: int = 160) -> str:
    """A competency or task text short enough to quote in a question or a list: its first line, cut at a word.

    Referential texts end in all sorts of ways (« logement...). », « renforts,... », « etc. »); quoted inside
    « » or followed by more text, a final full stop or a comma before « … » looks like a typo. So the final
    punctuation goes, « ... » becomes « … », a cut never ends inside an unclosed parenthesis, and a text that was
    cut (or trailed off) ends with a single « … » glued to its last word.
    """
    line = next((part.strip() for part in text.splitlines() if part.strip()), text.strip())
    line = " ".join(line.lstrip("-•· ").split()).replace("...", "…")
    etc = line.endswith("etc.")
    trailing = line.rstrip(_TRAILING).endswith("…")
    line = line.rstrip(_TRAILING + "…")
    if len(line) > limit:
        cut = line[: limit + 1].rsplit(" ", 1)[0] if " " in line[:limit] else line[:limit]
        if cut.count("(") > cut.count(")"):
            cut = cut[: cut.rindex("(")]
        line, trailing, etc = cut.rstrip(_TRAILING + "…"), True, False
    if etc:
        return line + "."
    return line + "…" if trailing else line


def first_words(text: str, count: int = 6) -> str:
    """« J'ai accueilli un jeune et je… »: enough of a sentence to find it again above."""
    words = text.split()
    return " ".join(words) if len(words) <= count else " ".join(words[:count]).rstrip(_TRAILING) + "…"


def shorten(text: str, limit: int = 300) -> str:
    """A candidate's sentence on one line, cut at a word when too long; its own punctuation is kept."""
    line = " ".join(text.split())
    if len(line) <= limit:
        return line
    return line[: limit + 1].rsplit(" ", 1)[0].rstrip(_TRAILING + "…") + "…"


class Script:
    """The merged script for one referential: generic texts overridden by the referential's own."""

    def __init__(self, referential: Referential, files: list[ScriptFile], origins: list[str]) -> None:
        self.referential_id = referential.id
        self.origins = origins
        texts: dict[str, Any] = {}
        max_follow_ups: int | None = None
        self.activities: dict[str, ActivityPrompt] = {}
        self.tasks: dict[str, TaskPrompt] = {}
        for file in files:
            for section in _SECTIONS:
                for key, value in getattr(file, section).model_dump(exclude_none=True).items():
                    texts[f"{section}.{key}"] = value
            if file.max_follow_ups is not None:
                max_follow_ups = file.max_follow_ups
            self.activities.update(file.activities)
            self.tasks.update(file.tasks)
        self.texts = texts
        self.max_follow_ups = 2 if max_follow_ups is None else max_follow_ups
        missing = [
            f"{section}.{key}"
            for section in _SECTIONS
            for key in ScriptFile.model_fields[section].annotation.model_fields  # type: ignore[union-attr]
            if f"{section}.{key}" not in texts
        ]
        if missing:
            raise ScriptError(
                f"Script d'entretien incomplet ({', '.join(origins)}) : textes manquants : {', '.join(missing)}.",
                hint="Ces textes sont dans prompts/generic.yaml ; une copie personnelle doit les garder tous.",
            )

    def text(self, key: str, **values: Any) -> str:
        """The template ``section.key`` with ``values`` filled in."""
        return render(self.texts[key], **values)

    @property
    def again(self) -> list[str]:
        return list(self.texts["task.again"])

    # -- the questions ---------------------------------------------------------------------------------------

    def activity_opener(self, activity: Activity, **values: Any) -> str:
        own = self.activities.get(activity.id)
        template = own.opener if own and own.opener else self.texts["activity.opener"]
        fields = {**values, "activity_id": activity.id, "activity_title": first_line(activity.title, 200)}
        return render(template, **fields)

    def has_own_question(self, task: Task) -> bool:
        own = self.tasks.get(task.id)
        return bool(own and own.question)

    def task_question(self, task: Task, **values: Any) -> str:
        own = self.tasks.get(task.id)
        example = own.example if own and own.example else self.texts["task.example"]
        template = own.question if own and own.question else self.texts["task.question"]
        fields = {**values, "task_id": task.id, "task_title": first_line(task.title, 200)}
        return render(template, example=render(example, **fields), **fields)

    def probe_order(self, task: Task) -> list[Competency]:
        """Competencies in the order follow-ups ask about them: hand-written probes (the counsellor's choice of
        what matters) first, then the competencies the certification evaluates, then the associated ones."""
        own = self.tasks.get(task.id)
        by_id = {c.id: c for c in task.competencies}
        ordered = [by_id[cid] for cid in (own.probes if own else {}) if cid in by_id]
        ordered += [c for c in task.competencies if c.kind == "evaluated" and c not in ordered]
        ordered += [c for c in task.competencies if c not in ordered]
        return ordered

    def probe(self, task: Task, competency: Competency, **values: Any) -> str:
        own = self.tasks.get(task.id)
        template = own.probes.get(competency.id) if own else None
        fields = {**values, "task_id": task.id, "task_title": first_line(task.title, 200)}
        return render(template or self.texts["task.probe"], **fields, competency=first_line(competency.text))


# -- loading and checking ------------------------------------------------------------------------------------------


def user_prompts_dir() -> Path:
    """Where a counsellor's own scripts go (they replace shipped files of the same name)."""
    return paths.user_data_dir() / "prompts"


def script_path(name: str, folders: list[Path] | None = None) -> Path | None:
    """The file ``<name>.yaml``: the user's copy first, then the shipped one."""
    for folder in folders if folders is not None else [user_prompts_dir(), paths.shipped_prompts_dir()]:
        candidate = folder / f"{name}.yaml"
        if candidate.is_file():
            return candidate
    return None


def _templates(data: Any, loc: Loc) -> list[tuple[Loc, str]]:
    if isinstance(data, str):
        return [(loc, data)]
    if isinstance(data, dict):
        return [item for key, value in data.items() for item in _templates(value, (*loc, key))]
    if isinstance(data, list):
        return [item for index, value in enumerate(data) for item in _templates(value, (*loc, index))]
    return []


def _template_problems(file: ScriptFile) -> list[Problem]:
    problems = []
    data = file.model_dump(exclude_none=True, exclude={"format", "referential", "max_follow_ups"})
    for loc, template in _templates(data, ()):
        try:
            names = [field for _, field, _, _ in string.Formatter().parse(template) if field is not None]
        except ValueError:
            problems.append(Problem(loc, "accolade { ou } mal fermée (doublez-la, {{ ou }}, pour l'écrire)"))
            continue
        for name in names:
            if name not in PLACEHOLDERS:
                known = ", ".join("{" + p + "}" for p in sorted(PLACEHOLDERS))
                problems.append(Problem(loc, f"« {{{name}}} » n'est pas une valeur connue ({known})"))
        if not template.strip():
            problems.append(Problem(loc, "le texte est vide"))
    return problems


def _referential_problems(file: ScriptFile, referential: Referential) -> list[Problem]:
    problems = []
    if file.referential is not None and file.referential != referential.id:
        problems.append(
            Problem(("referential",), f"ce script est pour « {file.referential} », pas pour « {referential.id} »")
        )
    activity_ids = {a.id for a in referential.activities}
    for activity_id in file.activities:
        if activity_id not in activity_ids:
            problems.append(Problem(("activities", activity_id), f"activité « {activity_id} » inconnue du référentiel"))
    tasks = {t.id: t for t in referential.tasks}
    for task_id, prompt in file.tasks.items():
        task = tasks.get(task_id)
        if task is None:
            problems.append(Problem(("tasks", task_id), f"tâche « {task_id} » inconnue du référentiel"))
            continue
        competency_ids = {c.id for c in task.competencies}
        for competency_id in prompt.probes:
            if competency_id not in competency_ids:
                problems.append(
                    Problem(
                        ("tasks", task_id, "probes", competency_id),
                        f"la tâche {task_id} n'a pas de compétence « {competency_id} » "
                        f"(elle a : {', '.join(sorted(competency_ids))})",
                    )
                )
    return problems


def _raise(problems: list[Problem], origin: str, lines: dict[Loc, int]) -> None:
    if not problems:
        return
    shown = []
    for problem in problems[:MAX_PROBLEMS_SHOWN]:
        line = lines.get((*problem.loc, "__key__")) or line_for(problem.loc, lines)
        where = f"ligne {line}, " if line else ""
        shown.append(f"  - {where}clé {format_loc(problem.loc)} : {problem.message}")
    if len(problems) > len(shown):
        shown.append(f"  … et {len(problems) - len(shown)} autre(s) problème(s).")
    count = len(problems)
    raise ScriptError(
        f"Script d'entretien invalide : {origin} ({count} problème{'s' if count > 1 else ''})\n" + "\n".join(shown),
        hint="Corrigez le fichier, ou supprimez votre copie pour revenir au script fourni.",
    )


def parse_script(text: str, origin: str, referential: Referential) -> ScriptFile:
    """Read one script file's text and check it against ``referential``."""
    try:
        data, lines = parse_yaml(text, origin)
    except ReferentialError as exc:  # the YAML reader speaks of referentials; this is a script
        message = exc.message.replace("Référentiel illisible", "Script d'entretien illisible", 1)
        raise ScriptError(message, hint=exc.hint) from None
    if not isinstance(data, dict):
        raise ScriptError(f"Script d'entretien invalide : {origin} : le fichier doit décrire un objet (format: 1, …).")
    try:
        file = ScriptFile.model_validate(data)
    except ValidationError as exc:
        problems = [
            Problem(clean_loc(err["loc"]), pydantic_message(dict(err))) for err in exc.errors(include_url=False)
        ]
        _raise(problems, origin, lines)
        raise AssertionError("unreachable") from None
    _raise(_template_problems(file) + _referential_problems(file, referential), origin, lines)
    return file


def read_script_file(path: Path, referential: Referential) -> ScriptFile:
    origin = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ScriptError(f"Script d'entretien illisible : {origin} : {os_reason(exc)}.") from None
    if len(raw) > MAX_SCRIPT_BYTES:
        raise ScriptError(f"Script d'entretien refusé : {origin} dépasse {MAX_SCRIPT_BYTES // (1024 * 1024)} Mo.")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise ScriptError(
            f"Script d'entretien illisible : {origin}, ligne {line} : le fichier n'est pas en UTF-8.",
            hint="Enregistrez-le en UTF-8 depuis votre éditeur.",
        ) from None
    return parse_script(text, origin, referential)


def load_script(referential: Referential, folders: list[Path] | None = None) -> Script:
    """The interview script for ``referential``: ``generic.yaml`` overridden by ``<referential id>.yaml``.

    ``folders`` (tests) replaces the default search path: the user's prompts folder, then the shipped one. A
    personal ``<referential id>.yaml`` replaces the shipped one (its author chose its questions); a personal
    ``generic.yaml`` is laid over the shipped one, so that a copy made before a new text was added keeps working.
    """
    search = folders if folders is not None else [user_prompts_dir(), paths.shipped_prompts_dir()]
    generic = [folder / f"{GENERIC}.yaml" for folder in reversed(search) if (folder / f"{GENERIC}.yaml").is_file()]
    if not generic:
        raise ScriptError(
            "Script d'entretien introuvable : prompts/generic.yaml manque.",
            hint="Réinstallez vae-assistant : ce fichier est fourni avec le programme.",
        )
    paths_used = list(generic)
    specific = script_path(referential.id, folders)
    if specific is not None:
        paths_used.append(specific)
    files = [read_script_file(path, referential) for path in paths_used]
    return Script(referential, files, [str(p) for p in paths_used])
