"""Interview scripts: counsellors edit them, so a mistake is reported in French with the file, line and key.

Also: the generic script gives a usable interview for any referential (the predecessor 5411, the flat 36625), and
the CASP script has hand-written questions for each of its 32 tasks.
"""

from __future__ import annotations

import ast
import re
import shutil
from pathlib import Path

import pytest
import yaml
from test_dossier_support import mini_referential

from vae_assistant.dossier import operations as ops
from vae_assistant.dossier.operations import MatchFunction
from vae_assistant.interview import Interview, ScriptError, load_script, user_prompts_dir
from vae_assistant.matching.types import MatchReport
from vae_assistant.paths import shipped_prompts_dir
from vae_assistant.referential import resolve
from vae_assistant.referential.model import Referential


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """A prompts folder holding a copy of the shipped generic script."""
    shutil.copy(shipped_prompts_dir() / "generic.yaml", tmp_path / "generic.yaml")
    return tmp_path


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / f"{name}.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def nothing_found(referential: Referential) -> MatchFunction:
    return lambda text: MatchReport(referential_id=referential.id, fingerprint="none")


# -- the shipped scripts -------------------------------------------------------------------------------------------


def test_the_casp_script_has_its_own_question_and_example_for_all_32_tasks(casp: Referential) -> None:
    script = load_script(casp)
    assert [Path(p).name for p in script.origins] == ["generic.yaml", "casp-rncp7426.yaml"]
    assert len(casp.tasks) == 32
    for task in casp.tasks:
        own = script.tasks[task.id]
        assert own.question and own.example, task.id
        question = script.task_question(task)
        assert question.count("?") <= 1 and "{" not in question, task.id
        assert "Par exemple" in question, task.id
    assert set(script.activities) == {a.id for a in casp.activities}
    probed = [cid for prompt in script.tasks.values() for cid in prompt.probes]
    assert len(probed) >= 50


def test_casp_follow_ups_start_with_the_counsellor_s_choice_then_what_the_jury_evaluates(casp: Referential) -> None:
    script = load_script(casp)
    task = casp.task("1.4")
    order = [c.id for c in script.probe_order(task)]
    assert order[:3] == ["1.4.c4", "1.4.e1", "1.4.c3"]
    assert order[3:5] == ["1.4.e2", "1.4.e3"]
    assert sorted(order) == sorted(c.id for c in task.competencies)
    assert "confidentialité" in script.probe(task, task.competencies[3])


@pytest.mark.parametrize("referential_id", ["ciao-rncp5411", "casp-rncp36625"])
def test_generic_prompts_build_an_interview_for_any_referential(referential_id: str) -> None:
    referential = resolve(referential_id).referential
    script = load_script(referential)
    assert len(script.origins) == 1
    for activity in referential.activities:
        assert activity.title.split()[0] in script.activity_opener(activity)
    for task in referential.tasks:
        question = script.task_question(task)
        assert task.title.split()[0] in question and "Par exemple" in question
        probe = script.probe(task, task.competencies[-1])
        assert "{" not in probe and len(probe) < 400

    dossier = ops.new_dossier(referential, nom="Martin", prenom="Léa", email="lea@example.org")
    ops.add_experience(dossier, employer="Mission locale", position="Conseillère")
    iv = Interview(referential, dossier, nothing_found(referential), script)
    assert iv.start().phase == "activite"
    assert iv.answer("Une mission locale.").phase == "tache"
    for task in referential.tasks[1:]:
        assert iv.handle(f"/aller {task.id}").task_id == task.id


def test_a_script_in_the_user_prompts_folder_replaces_the_shipped_one(casp: Referential) -> None:
    user = user_prompts_dir()
    user.mkdir(parents=True)
    write(user, "casp-rncp7426", "format: 1\ntasks:\n  '1.1':\n    question: Parlez-moi d'un accueil, {prenom}.\n")
    script = load_script(casp)
    assert script.origins[1] == str(user / "casp-rncp7426.yaml")
    assert script.task_question(casp.task("1.1"), prenom="Léa") == "Parlez-moi d'un accueil, Léa."
    assert "1.2" not in script.tasks  # the user's file replaces the shipped one, it is not merged with it


# -- mistakes in scripts -------------------------------------------------------------------------------------------


def test_an_unknown_task_in_a_script_is_reported_with_the_file_and_line(folder: Path) -> None:
    ref = mini_referential()
    write(folder, "mini-test", "format: 1\ntasks:\n  '1.1':\n    question: Bonjour ?\n  '9.9':\n    question: Non\n")
    with pytest.raises(ScriptError) as error:
        load_script(ref, [folder])
    message = str(error.value)
    assert "mini-test.yaml" in message and "ligne 5" in message and "tâche « 9.9 » inconnue" in message


def test_an_unknown_competency_in_probes_is_reported(folder: Path) -> None:
    write(folder, "mini-test", "format: 1\ntasks:\n  '2.1':\n    probes:\n      2.1.c9: Et le bilan ?\n")
    with pytest.raises(ScriptError, match=r"ligne 5.*2\.1\.c9.*2\.1\.c1"):
        load_script(mini_referential(), [folder])


def test_a_typo_in_a_placeholder_or_a_key_is_reported(folder: Path) -> None:
    write(folder, "mini-test", "format: 1\nactivities:\n  '1':\n    opener: Parlons de {activite_title}.\n")
    with pytest.raises(ScriptError, match=r"ligne 4.*\{activite_title\}.*n'est pas une valeur connue"):
        load_script(mini_referential(), [folder])
    write(folder, "mini-test", "format: 1\ntask:\n  questoin: Racontez.\n")
    with pytest.raises(ScriptError, match=r"ligne 3.*task\.questoin.*champ inconnu"):
        load_script(mini_referential(), [folder])
    write(folder, "mini-test", "format: 1\ntask:\n  question: Racontez {task_title.\n")
    with pytest.raises(ScriptError, match="accolade"):
        load_script(mini_referential(), [folder])


def test_a_script_for_another_referential_broken_yaml_or_not_utf8_is_refused(folder: Path) -> None:
    ref = mini_referential()
    write(folder, "mini-test", "format: 1\nreferential: casp-rncp7426\n")
    with pytest.raises(ScriptError, match="pas pour « mini-test »"):
        load_script(ref, [folder])
    write(folder, "mini-test", "format: 1\ntasks: [\n")
    with pytest.raises(ScriptError, match=r"Script d'entretien illisible.*ligne"):
        load_script(ref, [folder])
    (folder / "mini-test.yaml").write_bytes("format: 1\ngreeting:\n  welcome: \xe9t\xe9\n".encode("latin-1"))
    with pytest.raises(ScriptError, match="UTF-8"):
        load_script(ref, [folder])


def test_a_user_copy_of_the_generic_script_must_keep_every_text(folder: Path) -> None:
    write(folder, "generic", "format: 1\ngreeting:\n  welcome: Bonjour {prenom}.\n")
    with pytest.raises(ScriptError, match=r"incomplet.*greeting\.resume"):
        load_script(mini_referential(), [folder])


def test_a_user_copy_made_before_a_new_text_keeps_working_with_the_shipped_text_under_it(folder: Path) -> None:
    """A counsellor's copy of generic.yaml from an earlier version lacks the texts added since: the shipped file,
    laid under it, gives them, and the copy's own texts win."""
    from vae_assistant.paths import shipped_prompts_dir

    write(folder, "generic", "format: 1\ngreeting:\n  welcome: Bienvenue chez nous, {prenom}.\n")
    script = load_script(mini_referential(), [folder, shipped_prompts_dir()])
    assert script.text("greeting.welcome", prenom="Marie") == "Bienvenue chez nous, Marie."
    assert "activity.story" in script.texts and "greeting.resume" in script.texts


def test_a_missing_generic_script_is_explained(tmp_path: Path) -> None:
    with pytest.raises(ScriptError, match=r"generic\.yaml"):
        load_script(mini_referential(), [tmp_path])


# -- French typography ----------------------------------------------------------------------------------------------

_SLIPS = {
    "a breaking space after «": re.compile(r"«[ \n]"),
    "a breaking space before »": re.compile(r"[ \n]»"),
    "a breaking space before : ; ? !": re.compile(r"(?<=\S)[ \n][:;?!](?=\s|$)"),
    "no space before : ; ? !": re.compile(r"(?<=[\w»*`)])[;?!](?=\s|$)|(?<=[A-Za-zÀ-ÿ»*)]):(?=\s)"),
    "three dots instead of …": re.compile(r"\.\.\."),
    "a double space": re.compile(r"\S  +\S"),
}


def _strings(value: object, key: str = "") -> list[tuple[str, str]]:
    if isinstance(value, str):
        return [(key, value)]
    if isinstance(value, dict):
        return [found for k, v in value.items() for found in _strings(v, f"{key}.{k}".lstrip("."))]
    if isinstance(value, list):
        return [found for n, v in enumerate(value) for found in _strings(v, f"{key}[{n}]")]
    return []


@pytest.mark.parametrize("name", ["generic", "casp-rncp7426"])
def test_every_script_text_keeps_french_punctuation_with_its_word(name: str) -> None:
    """« and » hold their text, and : ; ? ! their word, with a non-breaking space (U+00A0, as in the rest of the
    app), so that a narrow window never starts a line with » or ? nor ends one with «."""
    data = yaml.safe_load((shipped_prompts_dir() / f"{name}.yaml").read_text(encoding="utf-8"))
    slips = [
        f"{key}: {label}: {text[max(0, m.start() - 25) : m.end() + 25]!r}"
        for key, text in _strings(data)
        for label, pattern in _SLIPS.items()
        for m in pattern.finditer(text)
    ]
    assert not slips, "\n".join(slips)


def test_the_parcours_example_is_one_line_with_its_quotes_held_to_the_words() -> None:
    ref = mini_referential()
    dossier = ops.new_dossier(ref, nom="Martin", prenom="Léa", email="lea@example.org")
    iv = Interview(ref, dossier, nothing_found(ref), load_script(ref))
    question = iv.start().messages[-1].text
    assert iv.phase == "parcours"
    example = next(line for line in question.splitlines() if line.startswith("Par exemple"))
    assert "«\u00a0Depuis 2019," in example and example.endswith("quatre ans.\u00a0»")


def test_each_casp_follow_up_asks_one_question_only() -> None:
    """A candidate answers one thing at a time: a follow-up with two questions gets half an answer."""
    data = yaml.safe_load((shipped_prompts_dir() / "casp-rncp7426.yaml").read_text(encoding="utf-8"))
    probes = {
        cid: " ".join(text.split()) for task in data["tasks"].values() for cid, text in task.get("probes", {}).items()
    }
    assert len(probes) > 40
    several = {cid: text for cid, text in probes.items() if len(re.findall(r"[.?!](?:\s|$)", text)) != 1}
    assert not several, several


def _screen_texts(tree: ast.AST) -> list[tuple[int, str]]:
    """The string literals of a module that are shown, not docstrings (an f-string's fields read as « X »)."""
    notes = {id(node.value) for node in ast.walk(tree) if isinstance(node, ast.Expr)}
    fields = {id(part) for node in ast.walk(tree) if isinstance(node, ast.JoinedStr) for part in node.values}
    texts = []
    for node in ast.walk(tree):
        if id(node) in notes or id(node) in fields:
            continue
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            texts.append((node.lineno, node.value))
        elif isinstance(node, ast.JoinedStr):
            parts = (part.value if isinstance(part, ast.Constant) else "X" for part in node.values)
            texts.append((node.lineno, "".join(str(part) for part in parts)))
    return texts


def test_every_text_of_the_assistant_s_screens_keeps_french_punctuation_with_its_word() -> None:
    """The scripts' rule, for the notices, dialogs and labels the screens write themselves: at 80 columns « Récit
    de la situation s8 enregistré ; ses compétences… » broke the line before « ; » (QA pass 9)."""
    tui = Path(__file__).resolve().parents[1] / "vae_assistant" / "tui"
    breaking = {label: pattern for label, pattern in _SLIPS.items() if label.startswith("a breaking space")}
    slips = [
        f"{path.relative_to(tui)}:{line}: {label}: {text[max(0, m.start() - 25) : m.end() + 25]!r}"
        for path in sorted(tui.rglob("*.py"))
        for line, text in _screen_texts(ast.parse(path.read_text(encoding="utf-8")))
        for label, pattern in breaking.items()  # not « no space before : » (the CSS has « height: auto; »)
        for m in pattern.finditer(text)
    ]
    assert not slips, "\n".join(slips)
