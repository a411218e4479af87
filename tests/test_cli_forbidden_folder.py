"""A path inside a folder the user may not enter (``chmod 000``, another user's home, a locked network share).

Python 3.11's ``Path.is_dir()``, ``is_file()`` and ``exists()`` raise ``PermissionError`` there instead of
answering False; every command checks its paths with ``vae_assistant.paths.stat_path`` and says so in French with
exit code 2, and ``main`` turns any file refused by the system that no command expected into the same kind of
message rather than a crash report.
"""

from __future__ import annotations

import builtins
import errno
import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from test_dossier_support import MINI, KeywordMatcher

from vae_assistant.cli import dossier_cmd, main, support

SAMPLE = Path(__file__).resolve().parents[1].parent / "shared" / "data" / "rncp-export-sample.xml"


@pytest.fixture(autouse=True)
def keyword_matcher(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(support, "match_function", lambda ref: KeywordMatcher(ref))


@pytest.fixture
def ref_file(tmp_path: Path) -> Path:
    path = tmp_path / "mini.yaml"
    path.write_text(yaml.safe_dump(MINI, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def lea(capsys: pytest.CaptureFixture[str], ref_file: Path, isolated_home: Path) -> Path:
    assert main(["dossier", "new", "lea", "--nom", "Martin", "--prenom", "Léa", "--referential", str(ref_file)]) == 0
    capsys.readouterr()
    return isolated_home / "dossiers" / "lea.vae.json"


@pytest.fixture
def forbidden(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, lea: Path) -> Iterator[Path]:
    """A folder holding a dossier, a text, a referential and a Word draft, which the user may not enter."""
    folder = tmp_path / "verrouille"
    folder.mkdir()
    (folder / "lea.vae.json").write_bytes(lea.read_bytes())
    (folder / "recit.txt").write_text("J'ai accueilli une dame.", encoding="utf-8")
    (folder / "titre.yaml").write_text(yaml.safe_dump(MINI, allow_unicode=True), encoding="utf-8")
    (folder / "brouillon.docx").write_bytes(b"PK\x03\x04")
    folder.chmod(0)
    if os.geteuid() == 0:  # root ignores permissions (some CI runs as root): refuse like the system would
        prefix = str(folder) + os.sep

        def guard(real):  # type: ignore[no-untyped-def]
            def refused(*args, **kwargs):  # type: ignore[no-untyped-def]
                if args and not isinstance(args[0], int):
                    name = os.path.abspath(os.fsdecode(args[0]))
                    if name.startswith(prefix):
                        raise PermissionError(errno.EACCES, "Permission denied", name)
                return real(*args, **kwargs)

            return refused

        for module, name in (
            (os, "stat"),
            (os, "lstat"),
            (os, "open"),
            (os, "scandir"),
            (os, "listdir"),
            (os, "mkdir"),
            (io, "open"),
            (builtins, "open"),
        ):
            monkeypatch.setattr(module, name, guard(getattr(module, name)))
    yield folder
    folder.chmod(0o700)


def _commands(folder: Path, lea: Path, ref_file: Path) -> dict[str, list[str]]:
    new = ["--nom", "Martin", "--prenom", "Léa"]
    return {
        "dossier show": ["dossier", "show", f"{folder}/lea.vae.json"],
        "dossier check": ["dossier", "check", f"{folder}/lea.vae.json"],
        "dossier restore --list": ["dossier", "restore", "--list", f"{folder}/lea.vae.json"],
        "dossier experience": ["dossier", "experience", f"{folder}/lea", "--employeur", "CCAS", "--poste", "agente"],
        "dossier new": ["dossier", "new", f"{folder}/camille", *new, "--referential", str(ref_file)],
        "dossier new --referential": ["dossier", "new", "camille", *new, "--referential", f"{folder}/titre.yaml"],
        "dossier add --file": ["dossier", "add", str(lea), "--file", f"{folder}/recit.txt"],
        "dossier import-docx": ["dossier", "import-docx", str(lea), f"{folder}/brouillon.docx"],
        "coverage": ["coverage", f"{folder}/lea.vae.json"],
        "coverage -o": ["coverage", str(lea), "--format", "md", "-o", f"{folder}/fiche.md"],
        "export -o": ["export", str(lea), "-o", f"{folder}/livret.docx"],
        "match --file": ["match", "--file", f"{folder}/recit.txt"],
        "match --referential": ["match", "--referential", f"{folder}/titre.yaml", "J'ai accueilli une dame."],
        "referential show": ["referential", "show", f"{folder}/titre.yaml"],
        "referential import-rncp": ["referential", "import-rncp", f"{folder}/export.zip", "RNCP37674"],
        "open": ["open", f"{folder}/lea.vae.json"],
        "a dossier alone": [f"{folder}/lea.vae.json"],
        "review": ["review", f"{folder}/lea.vae.json"],
    }


COMMANDS = list(_commands(Path("F"), Path("L"), Path("R")))


@pytest.mark.parametrize("command", COMMANDS)
def test_a_path_in_a_folder_the_user_may_not_enter_is_a_french_error(
    capsys: pytest.CaptureFixture[str], forbidden: Path, lea: Path, ref_file: Path, command: str
) -> None:
    before = lea.read_bytes()
    code = main(_commands(forbidden, lea, ref_file)[command])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err and "Erreur interne" not in err
    assert code == 2 and err.startswith("Erreur : ") and "permission refusée" in err
    assert str(forbidden) in err
    assert lea.read_bytes() == before


@pytest.mark.skipif(not SAMPLE.is_file(), reason="../shared/data/rncp-export-sample.xml is absent")
def test_importing_a_fiche_into_a_folder_the_user_may_not_enter_is_a_french_error(
    capsys: pytest.CaptureFixture[str], forbidden: Path
) -> None:
    code = main(["referential", "import-rncp", str(SAMPLE), "RNCP37674", "-o", f"{forbidden}/titre.yaml"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("Erreur : ") and "permission refusée" in err
    assert "Erreur interne" not in err


def test_a_file_the_system_refuses_where_no_command_expected_it_is_still_a_french_error_and_exit_2(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lea: Path
) -> None:
    def refused(dossier):  # type: ignore[no-untyped-def]
        raise PermissionError(errno.EACCES, "Permission denied", "/partage/prenoms.txt")

    monkeypatch.setattr(dossier_cmd, "render_check", refused)
    assert main(["dossier", "check", str(lea)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Erreur : Impossible d'accéder à /partage/prenoms.txt : permission refusée.")
    assert "Erreur interne" not in err


def test_an_unknown_system_error_is_still_reported_as_a_bug(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lea: Path
) -> None:
    def broken(dossier):  # type: ignore[no-untyped-def]
        raise OSError(errno.EPROTO, "Protocol error")

    monkeypatch.setattr(dossier_cmd, "render_check", broken)
    assert main(["dossier", "check", str(lea)]) == 1
    assert "Erreur interne inattendue" in capsys.readouterr().err


def test_a_full_disk_without_a_file_name_is_still_said_in_french(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lea: Path
) -> None:
    def full(dossier):  # type: ignore[no-untyped-def]
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(dossier_cmd, "render_check", full)
    assert main(["dossier", "check", str(lea)]) == 2
    assert capsys.readouterr().err.startswith("Erreur : Opération impossible sur le disque : le disque est plein.")
