"""What a newcomer types and reads on the command line: the README's commands, ``--help``, the hints after a
mistake. What we tell users must match what the program does (QA pass on truthfulness)."""

from __future__ import annotations

import argparse
import re
import shlex
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from conftest import REPO_ROOT

# The command-line tests' matcher: keywords, not the real one (autouse fixture).
from test_cli_forbidden_folder import keyword_matcher  # noqa: F401
from test_cli_text_input import _all_parsers
from test_dossier_support import MINI

from vae_assistant.cli import build_parser, main
from vae_assistant.cli.examples import EXAMPLES
from vae_assistant.cli.open_cmd import looks_like_dossier
from vae_assistant.shell import shell_word


def _new(capsys: pytest.CaptureFixture[str], tmp_path: Path, name: str) -> str:
    """A new dossier on the small test referential; what ``dossier new`` printed."""
    ref_file = tmp_path / "mini.yaml"
    ref_file.write_text(yaml.safe_dump(MINI, allow_unicode=True), encoding="utf-8")
    assert main(["dossier", "new", name, "--nom", "Martin", "--prenom", "Léa", "--referential", str(ref_file)]) == 0
    return capsys.readouterr().out


def _refused(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    with pytest.raises(SystemExit) as done:
        main(list(argv))
    assert done.value.code == 2
    return capsys.readouterr().err


def test_a_dossier_named_like_a_command_is_offered_to_open_not_mistaken_for_the_command(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``vae-assistant mon-dossier`` (the README's own name, without .vae.json) answered « Vouliez-vous dire
    « vae-assistant dossier » ? », as « mon-dossier » is close to « dossier »."""
    _new(capsys, tmp_path, "mon-dossier")
    err = _refused(capsys, "mon-dossier")
    assert "Pour ouvrir le dossier mon-dossier : vae-assistant open mon-dossier" in err
    assert "Vouliez-vous dire" not in err
    for mistyped in ("mon-dossier.json", "mon-dossier.jsn"):  # a file's name: never a command
        err = _refused(capsys, mistyped)
        assert "Pour ouvrir le dossier mon-dossier : vae-assistant open mon-dossier" in err, mistyped
        assert "Vouliez-vous dire" not in err
    err = _refused(capsys, "autre.json")
    assert "Aucun dossier ne s'appelle autre.json : « vae-assistant dossier list » montre les vôtres" in err


def test_an_unknown_option_is_reported_by_its_command_with_the_option_it_stands_for(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """``dossier add mon-dossier --fichier recit.txt`` (French for --file) printed the whole program's usage
    (« vae-assistant [-h] [--version] COMMANDE ... ») and « arguments non reconnus », with no clue."""
    _new(capsys, tmp_path, "lea")
    err = _refused(capsys, "dossier", "add", "lea", "--fichier", "recit.txt")
    assert "usage : vae-assistant dossier add" in err
    assert "arguments non reconnus : --fichier recit.txt" in err
    assert "Vouliez-vous dire « --file » ? « vae-assistant dossier add --help » liste ses options." in err
    err = _refused(capsys, "coverage", "lea", "en-trop")
    assert "usage : vae-assistant coverage" in err
    assert "« vae-assistant coverage --help » dit ce que la commande attend, avec des exemples." in err


def _hinted_command(output: str, before: str) -> list[str]:
    """The command a message gives after ``before``, split as a shell would split it when pasted."""
    line = next(line for line in output.splitlines() if before in line)
    return shlex.split(line.split(before, 1)[1])


def test_the_commands_a_message_gives_for_a_path_with_spaces_work_when_pasted(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """« Ajoutez une situation : vae-assistant dossier add Mes dossiers VAE/dossier de Zoé.vae.json --file
    recit.txt »: pasted in a terminal, that is five arguments and the command failed."""
    folder = tmp_path / "Mes dossiers VAE" / "élève"
    folder.mkdir(parents=True)
    out = _new(capsys, tmp_path, str(folder / "dossier de Zoé"))
    command = _hinted_command(out, "Ajoutez une situation : vae-assistant ")
    assert command[:3] == ["dossier", "add", str(folder / "dossier de Zoé")] and command[3:] == ["--file", "recit.txt"]
    (tmp_path / "recit.txt").write_text("J'ai accueilli une dame au CCAS.", encoding="utf-8")
    command[-1] = str(tmp_path / "recit.txt")
    assert main(command) == 0
    assert main(["dossier", "remove", str(folder / "dossier de Zoé"), "s1"]) == 0
    command = _hinted_command(capsys.readouterr().out, "La version précédente est gardée : vae-assistant ")
    assert command == ["dossier", "restore", str(folder / "dossier de Zoé"), "--list"]
    assert main(command) == 0
    err = _refused_input(capsys, "dossier", "remove", str(folder / "dossier de Zoé"), "x1")
    assert _hinted_command(err, "« vae-assistant ")[:3] == ["dossier", "show", str(folder / "dossier de Zoé")]


def _refused_input(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    capsys.readouterr()
    assert main(list(argv)) == 2
    return capsys.readouterr().err


def test_referential_list_says_where_the_users_own_referentials_go(
    capsys: pytest.CaptureFixture[str], isolated_home: Path
) -> None:
    """referential/README.md: « ceux du dossier utilisateur (`vae-assistant referential list` indique où) »; it
    did not say it anywhere."""
    assert main(["referential", "list"]) == 0
    out = capsys.readouterr().out
    assert f"Vos référentiels (importés, ou écrits par vous) : {isolated_home / 'referentials'}" in out


def _leaf_commands() -> dict[str, argparse.ArgumentParser]:
    """Each command that runs (``dossier add``, ``coverage``…), by its name after « vae-assistant »."""
    found: dict[str, argparse.ArgumentParser] = {}

    def walk(parser: argparse.ArgumentParser) -> None:
        subparsers = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
        if not subparsers:
            found[parser.prog.removeprefix("vae-assistant ")] = parser
        for action in subparsers:
            for sub in action.choices.values():
                walk(sub)

    walk(build_parser())
    return found


def _parses(command_line: str) -> None:
    """``command_line`` (« vae-assistant … », as a shell reads it: comments, « \\ » line ends, a redirection)
    is accepted by the parser: every command, option and choice it names exists."""
    words = shlex.split(command_line.replace("\\\n", " "), comments=True)
    assert words[0] == "vae-assistant", command_line
    argv = words[1 : words.index(">")] if ">" in words else words[1:]
    if len(argv) == 1 and looks_like_dossier(argv[0]):
        argv = ["open", argv[0]]  # as main() does
    try:
        build_parser().parse_args(argv)
    except SystemExit as refused:
        raise AssertionError(f"refused: {command_line}") from refused


def test_every_command_help_says_what_it_does_and_ends_with_examples_that_work(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """« dossier show --help », « dossier formation --help », « referential validate --help »… began with their
    usage and nothing said what they do; no help showed how a command is typed."""
    monkeypatch.setenv("COLUMNS", "80")
    commands = _leaf_commands()
    assert set(commands) == set(EXAMPLES)
    for name, parser in commands.items():
        help_text = parser.format_help()
        assert parser.description, name
        assert "\nExemple :\n" in help_text or "\nExemples :\n" in help_text, name
        assert all(len(line) <= 80 for line in help_text.split("Exemple")[-1].splitlines()), name
        assert all(action.help for action in parser._actions), name
        for example in EXAMPLES[name]:
            assert f"{example} ".startswith(f"vae-assistant {name} "), example
            _parses(example)


README_COMMAND = re.compile(r"^[ \t]*(vae-assistant\b(?:[^\n]*\\\n)*[^\n]*)", re.MULTILINE)


@pytest.mark.parametrize("readme", ["README.md", "referential/README.md"])
def test_every_command_a_readme_shows_is_one_the_program_accepts(readme: str) -> None:
    """The README's commands, in its code blocks and inline, as a newcomer would type them."""
    text = (REPO_ROOT / readme).read_text(encoding="utf-8")
    blocks = re.findall(r"```[a-z]*\n(.*?)```", text, re.DOTALL)
    commands = [m.group(1) for block in blocks for m in README_COMMAND.finditer(block)]
    commands += re.findall(r"`(vae-assistant\b[^`]*)`", text)
    placeholders = re.compile(r"\[|\b(?:FICHIER|DOSSIER|COMMANDE)\b")  # « vae-assistant COMMANDE --help »
    commands = [c for c in commands if not placeholders.search(c)]
    assert len(commands) >= (29 if readme == "README.md" else 2)
    for command in commands:
        _parses(command)


def test_the_lexicon_example_of_the_referential_readme_validates_without_warnings(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """Its « orienter|rediriger vers » drew « ne garde que « orienter|rediriger » » from ``referential validate``
    (« vers » is a function word), and the tally read « 1 phrases types »."""
    readme = (REPO_ROOT / "referential" / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## Vocabulaire du métier") :]
    example = re.search(r"```yaml\n(.*?)```", section, re.DOTALL)
    assert example is not None
    (tmp_path / "casp-rncp7426.yaml").write_bytes((REPO_ROOT / "referential" / "casp-rncp7426.yaml").read_bytes())
    (tmp_path / "casp-rncp7426.lexicon.yaml").write_text(example.group(1), encoding="utf-8")
    assert main(["referential", "validate", str(tmp_path / "casp-rncp7426.yaml")]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    assert "(3 expressions, 1 phrase type, 1 de plus pour apprendre les mots des tâches, 1 phrase d'autres" in out


def test_a_word_of_a_suggested_command_is_quoted_only_when_a_shell_needs_it() -> None:
    assert shell_word("récit.txt") == "récit.txt" and shell_word("~/VAE/zoé") == "~/VAE/zoé"
    assert shell_word("Mes dossiers/zoé") == "'Mes dossiers/zoé'" and shell_word("l'accueil") == "'l'\"'\"'accueil'"
    assert shlex.split(shell_word("l'accueil")) == ["l'accueil"]


@pytest.mark.parametrize("command", ["match", "dossier add", "dossier import-docx"])
def test_a_file_not_found_says_what_to_do_next(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, command: str
) -> None:
    """« Erreur : Fichier introuvable : recit.txt. » and nothing else, while « récit.txt » was right there (the
    README and the messages write it both ways), or with no word of where it was looked for."""
    _new(capsys, tmp_path, "zoé")
    monkeypatch.chdir(tmp_path)
    name = "brouillon.docx" if command.endswith("docx") else "recit.txt"
    (tmp_path / name.replace("recit", "récit").replace("brouillon", "Brouillon")).write_text("x", encoding="utf-8")
    argv = {"match": ["match", "--file"], "dossier add": ["dossier", "add", "zoé", "--file"]}.get(
        command, ["dossier", "import-docx", "zoé"]
    )
    assert main([*argv, name]) == 2
    close = name.replace("recit", "récit").replace("brouillon", "Brouillon")
    assert capsys.readouterr().err == f"Erreur : Fichier introuvable : {name}.\nVouliez-vous dire {close} ?\n"
    assert main([*argv, "autre-nom.txt"]) == 2
    assert "Il a été cherché dans le répertoire courant " f"({tmp_path}) : vérifiez son nom" in capsys.readouterr().err


def test_dossier_new_names_a_dossier_with_an_accent_as_typed(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    assert "Ajoutez une situation : vae-assistant dossier add zoé --file recit.txt" in _new(capsys, tmp_path, "zoé")


def test_an_imported_referential_says_how_to_check_it_and_start_a_dossier_on_it_and_both_work(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """After « Référentiel importé : … relisez et affinez le fichier », nothing said what came next."""
    sample = REPO_ROOT.parent / "shared" / "data" / "rncp-export-sample.xml"
    if not sample.is_file():
        pytest.skip("../shared/data/rncp-export-sample.xml is absent")
    assert main(["referential", "import-rncp", str(sample), "RNCP37674"]) == 0
    out = capsys.readouterr().out
    assert main(_hinted_command(out, "Après vos retouches : vae-assistant ")) == 0
    capsys.readouterr()
    command = _hinted_command(out, "Un dossier sur ce référentiel : vae-assistant ")
    assert command[:3] == ["dossier", "new", "mon-dossier"] and "PRÉNOM" in command and "NOM" in command
    filled = ["Camille" if word == "PRÉNOM" else "Martin" if word == "NOM" else word for word in command]
    assert main(filled) == 0
    assert "Développeur web et web mobile (RNCP37674)" in capsys.readouterr().out


def test_a_mistyped_dossier_name_is_answered_with_the_close_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    _new(capsys, tmp_path, "mon-dossier")
    assert main(["coverage", "mon-dosier"]) == 2
    assert "Vouliez-vous dire mon-dossier ? « vae-assistant dossier list » montre" in capsys.readouterr().err
    folder = tmp_path / "Mes dossiers"
    folder.mkdir()
    _new(capsys, tmp_path, str(folder / "Zoé"))
    assert main(["dossier", "show", str(folder / "Zoe")]) == 2
    assert _hinted_command(capsys.readouterr().err, "Vouliez-vous dire ")[0] == str(folder / "Zoé.vae.json")


def test_the_restore_command_given_for_a_damaged_dossier_works_when_pasted(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    folder = tmp_path / "Mes dossiers"
    folder.mkdir()
    _new(capsys, tmp_path, str(folder / "zoé"))
    dossier = folder / "zoé.vae.json"
    assert main(["dossier", "piece", str(dossier), "--intitule", "Attestation"]) == 0
    dossier.write_text("{abîmé", encoding="utf-8")
    capsys.readouterr()
    assert main(["dossier", "show", str(dossier)]) == 2
    command = _hinted_command(capsys.readouterr().err, "Pour la restaurer : vae-assistant ")
    assert command == ["dossier", "restore", str(dossier), "--backup", "1"]
    assert main(command) == 0


def test_a_command_typed_without_its_action_or_argument_says_what_it_expects(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """``vae-assistant dossier`` alone said « arguments obligatoires manquants : ACTION » and no more."""
    err = _refused(capsys, "dossier")
    assert "Précisez l'action : new, add, show, import-docx" in err and "« vae-assistant dossier --help » les" in err
    assert "Précisez l'action : list, show, validate, schema, import-rncp." in _refused(capsys, "referential")
    err = _refused(capsys, "dossier", "add")
    assert "manquants : DOSSIER\n« vae-assistant dossier add --help » dit ce que la commande attend, avec des" in err


def test_an_unknown_task_is_answered_with_the_tasks_of_the_dossiers_own_referential(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The hint was « vae-assistant referential show --brief », which shows the default referential (CASP), not
    the dossier's."""
    _new(capsys, tmp_path, "lea")
    (tmp_path / "recit.txt").write_text("J'ai accueilli une dame.", encoding="utf-8")
    assert main(["dossier", "add", "lea", "--file", str(tmp_path / "recit.txt")]) == 0
    capsys.readouterr()
    assert main(["dossier", "confirm", "lea", "s1", "9.9"]) == 2
    tasks = ", ".join(task["id"] for activity in MINI["activities"] for task in activity["tasks"])
    assert capsys.readouterr().err.endswith(f"n'a pas de tâche « 9.9 ».\nSes tâches : {tasks}.\n")


@pytest.mark.parametrize("columns", ["60", "80", "100"])
def test_no_help_line_is_cut_at_a_hyphen(monkeypatch: pytest.MonkeyPatch, columns: str) -> None:
    """argparse wrapped at hyphens: « livret2-prénom- / nom.docx », « …/.local/share/vae- / assistant/dossiers »."""
    monkeypatch.setenv("COLUMNS", columns)
    for parser in _all_parsers(build_parser()):
        for line in parser.format_help().splitlines():
            assert not re.search(r"\w-$", line), (parser.prog, line)


def test_the_export_help_names_the_livret_the_way_export_names_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """The help said « livret2-<nom>.docx » (the file is livret2-prénom-nom.docx) and left out the home folder
    used when there is no Documents folder."""
    help_text = " ".join(_leaf_commands()["export"].format_help().split())
    assert "livret2-prénom-nom.docx à côté du dossier" in help_text
    assert "ou votre dossier personnel s'il n'y en a pas" in help_text
    _new(capsys, tmp_path, str(tmp_path / "lea"))
    assert main(["export", str(tmp_path / "lea"), "--sans-pagination"]) == 0
    assert (tmp_path / "livret2-léa-martin.docx").is_file()


def test_the_exit_code_of_an_interrupted_command_is_the_one_the_help_gives(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Ctrl+C gave 130, which neither the help nor the README listed with 0, 1 and 2."""
    from vae_assistant.cli import referential_cmd

    def interrupted(args: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(referential_cmd, "cmd_list", interrupted)
    assert main(["referential", "list"]) == 130
    capsys.readouterr()
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "130 pour une commande interrompue (Ctrl+C)" in " ".join(capsys.readouterr().out.split())
    assert "une commande interrompue (Ctrl+C) : 130" in " ".join((REPO_ROOT / "README.md").read_text().split())


def test_checking_a_dossier_without_situations_says_how_to_add_one(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """« Ce dossier n'a pas encore de situation à relire. », and nothing about what to do."""
    _new(capsys, tmp_path, "zoé")
    assert main(["dossier", "check", "zoé"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert out == (
        "Ce dossier n'a pas encore de situation à relire. Racontez-en une dans l'assistant (vae-assistant open "
        "zoé), ou écrivez-la dans un fichier : vae-assistant dossier add zoé --file recit.txt"
    )


def test_restore_offers_every_version_its_list_shows(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """Its help said « une des 10 dernières versions » while --list numbers the versions from before each removal
    too (11 and more), as README.md says."""
    _new(capsys, tmp_path, "lea")
    (tmp_path / "recit.txt").write_text("J'ai accueilli une dame.", encoding="utf-8")
    for _ in range(11):
        assert main(["dossier", "add", "lea", "--file", str(tmp_path / "recit.txt")]) == 0
    assert main(["dossier", "remove", "lea", "s1"]) == 0
    capsys.readouterr()
    assert main(["dossier", "restore", "lea", "--list"]) == 0
    assert "\n11  " in capsys.readouterr().out
    assert main(["dossier", "restore", "lea", "--backup", "11"]) == 0
    help_text = " ".join(_leaf_commands()["dossier restore"].format_help().split())
    assert "les 10 dernières enregistrées, et celles d'avant chaque suppression" in help_text


def test_a_referential_file_not_found_is_answered_like_any_file_not_found(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """« Référentiel introuvable : mon-titr.yaml n'existe pas. », and nothing more."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "mon-titre.yaml").write_text("format: 1\n", encoding="utf-8")
    assert main(["referential", "validate", "mon-titr.yaml"]) == 2
    assert capsys.readouterr().err.endswith("n'existe pas.\nVouliez-vous dire mon-titre.yaml ?\n")
    assert main(["referential", "show", "autre.yaml"]) == 2
    assert f"Il a été cherché dans le répertoire courant ({tmp_path})" in capsys.readouterr().err


def test_make_with_a_python_older_than_3_11_says_so_in_french_and_makes_no_venv(tmp_path: Path) -> None:
    """pip said « ERROR: Package 'vae-assistant' requires a different Python: 3.10.13 not in '>=3.11' », and left
    a .venv of that Python which every later ``make`` reused, even with ``PYTHON=python3.12``."""
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    for name in ("Makefile", "pyproject.toml"):
        (tmp_path / name).write_bytes((REPO_ROOT / name).read_bytes())
    old = tmp_path / "python3.10"
    old.write_text('#!/bin/sh\n[ "$1" = "--version" ] && echo "Python 3.10.13" && exit 0\nexit 1\n', encoding="utf-8")
    old.chmod(0o755)
    done = subprocess.run(
        ["make", "-C", str(tmp_path), "lint", f"PYTHON={old}"], capture_output=True, text=True, check=False
    )
    assert done.returncode != 0 and not (tmp_path / ".venv").exists()
    assert f"Il faut Python 3.11 ou plus récent (« {old} » : Python 3.10.13)." in done.stderr
    assert "make run PYTHON=python3.12" in done.stderr


def test_the_screens_opened_without_a_terminal_say_so_and_exit_instead_of_waiting_forever(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A script or a cron job that runs « vae-assistant » or « review » has no keyboard: the screen would wait for
    keys forever (found spinning a processor for minutes). Here, under pytest, stdin is not a terminal either."""
    _new(capsys, tmp_path, "lea")
    for argv in ([], ["open", "lea"], ["review", "lea"]):
        assert main(argv) == 2, argv
        err = capsys.readouterr().err
        assert "s'ouvre dans un terminal" in err and "Traceback" not in err
