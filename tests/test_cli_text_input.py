"""A text read from a file or standard input: ``dossier add`` and ``match`` share one reader, so the same bad file
gets the same French message and exit code 2 from both (``vae_assistant.cli.support.read_text``)."""

from __future__ import annotations

import argparse
import io
import sys
from pathlib import Path

import pytest
import yaml
from test_dossier_support import MINI, KeywordMatcher

from vae_assistant.cli import main, support

STORY = "J'ai accueilli une dame inquiète. Je l'ai orientée vers l'assistante sociale du CCAS."


@pytest.fixture(autouse=True)
def keyword_matcher(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(support, "match_function", lambda ref: KeywordMatcher(ref))


@pytest.fixture
def lea(capsys: pytest.CaptureFixture[str], tmp_path: Path, isolated_home: Path) -> Path:
    ref = tmp_path / "mini.yaml"
    ref.write_text(yaml.safe_dump(MINI, allow_unicode=True), encoding="utf-8")
    assert main(["dossier", "new", "lea", "--nom", "Martin", "--prenom", "Léa", "--referential", str(ref)]) == 0
    capsys.readouterr()
    return isolated_home / "dossiers" / "lea.vae.json"


BAD_FILES = [
    (None, "Fichier introuvable : "),
    ("dir", "est un répertoire (un dossier de fichiers), pas un fichier texte"),
    (b"", "est vide : il n'y a rien à "),
    (b" \n\t\n", "est vide : il n'y a rien à "),
    ("Mon histoire\nen Latin-1 : été".encode("latin-1"), "UTF-8 (premier caractère illisible à la ligne 2)"),
    (b"PK\x03\x04rest-of-a-zip", "est un document Word ou une archive, pas un texte"),
    (b"%PDF-1.7\n", "est un document PDF, pas un texte"),
    (b"ELF\x00\x01\x02", "contient des données binaires"),
    (b"a" * (5 * 1024 * 1024 + 1), "est trop long (5,0 Mo) : une situation est limitée à 5,0 Mo"),
]
BAD_IDS = ["missing", "folder", "empty", "blank", "latin-1", "docx", "pdf", "binary", "too-long"]


def _bad_file(tmp_path: Path, content: bytes | str | None) -> Path:
    path = tmp_path / "recit.txt"
    if content == "dir":
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    return path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "Erreur interne" not in err
    return code, err


@pytest.mark.parametrize(("content", "expected"), BAD_FILES, ids=BAD_IDS)
def test_match_and_dossier_add_refuse_the_same_bad_file_with_the_same_message(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lea: Path, content: bytes | str | None, expected: str
) -> None:
    source = _bad_file(tmp_path, content)
    before = lea.read_bytes()
    code, added = _run(capsys, "dossier", "add", lea, "--file", source)
    assert code == 2 and added.startswith("Erreur : ") and expected in added
    assert lea.read_bytes() == before
    code, matched = _run(capsys, "match", "--file", source)
    assert code == 2 and matched.startswith("Erreur : ") and expected in matched
    # One reader: the messages differ at most in what an empty text leaves nothing to do.
    assert matched.replace("analyser", "ajouter") == added


def test_match_reads_a_text_saved_as_unicode_by_windows_notepad(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    source = tmp_path / "recit.txt"
    source.write_bytes(STORY.encode("utf-16"))  # with its byte order mark, as Bloc-notes writes « Unicode »
    code, err = _run(capsys, "match", "--json", "--file", source)
    assert code == 0 and err == ""


def test_match_on_standard_input_refuses_binary_data_like_dossier_add(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"%PDF-1.4 ...")))
    code, err = _run(capsys, "match", "-")
    assert code == 2 and "Le texte reçu est un document PDF, pas un texte." in err


def test_an_empty_batch_file_is_a_french_error(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    source = tmp_path / "textes.jsonl"
    source.write_bytes(b"")
    code, err = _run(capsys, "match", "--jsonl", source)
    assert code == 2 and f"Le fichier {source} est vide" in err


def test_a_file_the_user_may_not_read_is_a_french_error_for_match_too(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source = tmp_path / "recit.txt"
    source.write_text(STORY, encoding="utf-8")
    real_open = Path.open

    def open_refused(self: Path, *args, **kwargs):  # type: ignore[no-untyped-def]
        if self == source:  # chmod 000 does not stop root, who runs some CI
            raise PermissionError(13, "Permission denied", str(self))
        return real_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_refused)
    code, err = _run(capsys, "match", "--file", source)
    assert code == 2 and f"Impossible de lire le fichier {source} : permission refusée." in err
    assert "le droit de lire" in err


@pytest.mark.parametrize(
    "line",
    ['{"id": 1, "text": ' + "[" * 100_000 + "]" * 100_000 + "}", '{"id": ' + "1" * 5000 + ', "text": "x"}'],
    ids=["nested-too-deep", "number-too-long"],
)
def test_a_batch_line_python_cannot_parse_is_invalid_json_not_a_crash(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, line: str
) -> None:
    source = tmp_path / "textes.jsonl"
    source.write_text(line + "\n", encoding="utf-8")
    code, err = _run(capsys, "match", "--jsonl", source)
    assert code == 2 and f"{source}, ligne 1 : ce n'est pas du JSON valide." in err


def test_a_control_character_kept_in_the_dossier_is_not_sent_raw_to_a_terminal(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lea: Path
) -> None:
    source = tmp_path / "recit.txt"
    source.write_text(STORY, encoding="utf-8")
    title = "Accueil\x9b31m d'une dame"  # U+009B: a C1 control the dossier keeps, CSI in some terminals
    assert main(["dossier", "add", str(lea), "--file", str(source), "--titre", title]) == 0
    capsys.readouterr()
    assert main(["dossier", "show", str(lea)]) == 0
    assert title in capsys.readouterr().out  # piped: verbatim
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["dossier", "show", str(lea)]) == 0
    shown = capsys.readouterr().out
    assert "\x9b" not in shown and "Accueil\ufffd31m d'une dame" in shown


def test_the_help_says_what_opens_without_a_command_and_what_the_exit_codes_mean(
    capsys: pytest.CaptureFixture[str],
) -> None:
    """It said « l'assistant s'ouvre sur votre dernier dossier », but the start screen opens (the last dossier
    first), and the exit codes a command-line user scripts against were written nowhere."""
    with pytest.raises(SystemExit) as done:
        main(["--help"])
    assert done.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "écran d'accueil" in out and "dernier dossier en tête" in out
    assert "0 si tout s'est bien passé, 2 pour une entrée à corriger" in out and "1 pour une erreur interne" in out


@pytest.mark.parametrize(
    ("argv", "hint"),
    [
        (["dossiers", "list"], "Vouliez-vous dire « vae-assistant dossier » ?"),
        (["dossier", "ad", "lea"], "Vouliez-vous dire « vae-assistant dossier add » ?"),
        (["export", "lea", "--version", "jurys"], "Vouliez-vous dire « --version jury » ?"),
        (["dossier", "add", "lea", "recit.txt"], "écrivez --file devant son nom : --file recit.txt"),
        (["lea"], "Pour ouvrir le dossier lea : vae-assistant open lea"),
    ],
    ids=["command", "action", "option", "file-without---file", "dossier-name"],
)
def test_a_mistyped_command_or_choice_says_what_was_probably_meant(
    capsys: pytest.CaptureFixture[str], lea: Path, argv: list[str], hint: str
) -> None:
    """« choix invalide : 'recit.txt' (choix possibles : '-') » left a candidate who forgot --file with nothing to
    go on; a mistyped command or a dossier's bare name, likewise."""
    with pytest.raises(SystemExit) as done:
        main(argv)
    err = capsys.readouterr().err
    assert done.value.code == 2 and "choix invalide" in err and hint in err


def test_an_invalid_choice_far_from_any_gets_no_guess(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["zzz"])
    assert "Vouliez-vous dire" not in capsys.readouterr().err


def _all_parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in action.choices.values():
                found += _all_parsers(sub)
    return found


@pytest.mark.parametrize("columns", ["60", "80", "100"])
def test_no_help_line_ends_on_an_opening_guillemet_or_starts_on_a_closing_one(
    monkeypatch: pytest.MonkeyPatch, columns: str
) -> None:
    """« dossier experience --help » wrapped « … ou « » / « 12/03/2015 » » at 80 columns."""
    from vae_assistant.cli import build_parser

    monkeypatch.setenv("COLUMNS", columns)
    for parser in _all_parsers(build_parser()):
        for line in parser.format_help().splitlines():
            assert not line.rstrip().endswith("«") and not line.strip().startswith("»"), (parser.prog, line)


def test_a_file_name_that_is_not_utf8_is_named_in_readable_french_not_as_an_escape(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """« récit.txt » copied from an old Latin-1 key: its name reaches Python as « r\\udce9cit.txt »."""
    missing = str(tmp_path) + "/r\udce9cit-manquant.txt"
    code, err = _run(capsys, "match", "--file", missing)
    assert code == 2 and "récit-manquant.txt" in err and "\\udce9" not in err and "\udce9" not in err
