"""A dossier the user made read-only (chmod 444, « Lecture seule », a read-only folder) is never modified.

Every command that would write says so in French with how to make it writable (exit 2); the file, its mode and
everything beside it (backups, lock, draft) stay exactly as they were; reading still works, in the assistant too.
The tests run as root on some machines: root may write anything, so what makes a dossier read-only here is the
mode the user set, never a permission the system refuses.
"""

from __future__ import annotations

import asyncio
import errno
import io
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from test_dossier_cli import WRITING_COMMANDS, draft, text_file
from test_dossier_support import MINI, KeywordMatcher, mini_referential

from vae_assistant.cli import main, support
from vae_assistant.dossier import operations as ops
from vae_assistant.dossier.errors import DossierError, DossierReadOnlyError
from vae_assistant.dossier.refresh import READ_ONLY_NOTICE, refresh_saved_dossier
from vae_assistant.dossier.storage import (
    create_dossier_file,
    load_dossier,
    open_dossier,
    restore_backup,
    write_protection,
)
from vae_assistant.paths import user_dossier_dir

WELCOME = "J'ai accueilli une dame inquiète. Je l'ai écoutée longuement, puis je l'ai orientée vers le CCAS."
PLAN = "Avec un jeune, nous avons posé un diagnostic puis construit un plan et signé un contrat."


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def everything_beside(path: Path) -> dict[str, tuple[bytes | None, int]]:
    """The dossier's folder as it is: each file (backups included) with its bytes and mode."""
    found = {}
    for item in sorted(path.parent.rglob("*")):
        found[str(item.relative_to(path.parent))] = (item.read_bytes() if item.is_file() else None, mode(item))
    return found


@pytest.fixture
def restore_modes() -> Iterator[list[Path]]:
    """Paths made read-only by a test, made writable again afterwards (pytest must be able to clean up)."""
    paths: list[Path] = []
    yield paths
    for path in paths:
        path.chmod(0o700 if path.is_dir() else 0o600)


def make_read_only(path: Path, restore_modes: list[Path], bits: int = 0o444) -> None:
    path.chmod(bits)
    restore_modes.append(path)


def saved_twice(path: Path) -> Path:
    """Léa's dossier, saved twice: it has a backup."""
    ref = mini_referential()
    dossier = ops.new_dossier(ref, nom="Martin", prenom="Léa")
    create_dossier_file(path, dossier).close()
    with open_dossier(path) as opened:
        ops.add_situation(opened.dossier, WELCOME, match=KeywordMatcher(ref))
        opened.save()
    return path


# -- the core ----------------------------------------------------------------------------------------------------------


def test_a_dossier_the_user_made_read_only_is_never_written_but_still_read(
    tmp_path: Path, restore_modes: list[Path]
) -> None:
    path = saved_twice(tmp_path / "lea.vae.json")
    editing = open_dossier(path)  # open before the user protects it
    make_read_only(path, restore_modes)
    before = everything_beside(path)
    with pytest.raises(DossierReadOnlyError) as caught:
        open_dossier(path)
    assert str(caught.value).startswith(f"Le dossier {path} est en lecture seule : il n'a pas été modifié.\n")
    assert f"chmod u+w {path}" in str(caught.value) and "Lecture seule" in str(caught.value)
    with pytest.raises(DossierReadOnlyError):
        restore_backup(path, 1)
    ops.add_situation(editing.dossier, PLAN)
    with pytest.raises(DossierReadOnlyError):
        editing.save()
    with pytest.raises(DossierReadOnlyError):
        editing.save(force=True)
    editing.close()
    assert everything_beside(path) == {
        name: value for name, value in before.items() if not name.endswith(".lock")
    }, "no byte, no mode, no backup changed; the lock taken before is given back"
    assert mode(path) == 0o444
    assert open_dossier(path, read_only=True).dossier.situations[0].narrative == WELCOME
    assert load_dossier(path).situations[0].narrative == WELCOME


def test_a_dossier_in_a_folder_the_user_made_read_only_is_never_written(
    tmp_path: Path, restore_modes: list[Path]
) -> None:
    folder = tmp_path / "archives"
    folder.mkdir()
    path = saved_twice(folder / "lea.vae.json")
    make_read_only(folder, restore_modes, 0o555)
    before = everything_beside(path)
    with pytest.raises(DossierReadOnlyError, match=r"est dans un répertoire en lecture seule \(.*archives\)") as caught:
        open_dossier(path)
    assert f"copiez-le dans un répertoire où vous pouvez écrire (par exemple {user_dossier_dir()})" in str(caught.value)
    with pytest.raises(DossierError, match=r"Impossible de créer le dossier .* est en lecture seule"):
        create_dossier_file(folder / "autre.vae.json", ops.new_dossier(mini_referential(), nom="A", prenom="B"))
    assert everything_beside(path) == before
    assert load_dossier(path).situations[0].narrative == WELCOME


def test_on_windows_a_folders_read_only_attribute_does_not_make_its_dossiers_read_only(
    tmp_path: Path, restore_modes: list[Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Windows marks customised folders (Documents…) « Lecture seule », which Python shows as 0555: it never stops
    writing there, so only the system's own answer counts."""
    from vae_assistant.dossier import storage

    folder = tmp_path / "Documents"
    folder.mkdir()
    path = saved_twice(folder / "lea.vae.json")
    make_read_only(folder, restore_modes, 0o555)
    monkeypatch.setattr(storage, "FOLDER_MODE_COUNTS", False)
    monkeypatch.setattr(os, "access", lambda *args, **kwargs: True)  # what Windows answers for any folder
    assert write_protection(path) is None


def test_when_the_users_own_dossier_folder_is_read_only_it_is_not_offered_as_the_place_to_copy_to(
    restore_modes: list[Path],
) -> None:
    folder = user_dossier_dir()
    folder.mkdir(parents=True)
    path = saved_twice(folder / "lea.vae.json")
    make_read_only(folder, restore_modes, 0o555)
    with pytest.raises(DossierReadOnlyError) as caught:
        open_dossier(path)
    assert "copiez-le dans un répertoire où vous pouvez écrire et ouvrez la copie" in str(caught.value)
    with pytest.raises(DossierError) as caught_too:
        create_dossier_file(folder / "autre.vae.json", ops.new_dossier(mini_referential(), nom="A", prenom="B"))
    assert caught_too.value.hint == "Choisissez un autre emplacement, dans un répertoire où vous pouvez écrire."


@pytest.mark.parametrize("bits", [0o600, 0o640, 0o644, 0o700])
def test_only_a_missing_write_bit_for_the_owner_means_read_only(tmp_path: Path, bits: int) -> None:
    """Files we create are 0600 on purpose (personal data): that, or any mode the owner may write, is writable."""
    path = saved_twice(tmp_path / "lea.vae.json")
    assert mode(path) == 0o600 and write_protection(path) is None
    path.chmod(bits)
    assert write_protection(path) is None
    open_dossier(path).close()


def test_coverage_of_a_read_only_dossier_is_analysed_again_in_memory_only(
    tmp_path: Path, restore_modes: list[Path]
) -> None:
    path = saved_twice(tmp_path / "lea.vae.json")
    make_read_only(path, restore_modes)
    before = everything_beside(path)
    ref = mini_referential()
    newer = KeywordMatcher(ref, version="new")
    dossier, notices = refresh_saved_dossier(path, load_dossier(path), ref, newer)
    assert notices[-1] == READ_ONLY_NOTICE
    assert dossier.situations[0].match.fingerprint == newer.fingerprint  # type: ignore[union-attr]
    assert everything_beside(path) == before


# -- the command line --------------------------------------------------------------------------------------------------


@pytest.fixture
def lea(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, isolated_home: Path
) -> Path:
    monkeypatch.setattr(support, "match_function", lambda ref: KeywordMatcher(ref))
    ref_file = tmp_path / "mini.yaml"
    ref_file.write_text(yaml.safe_dump(MINI, allow_unicode=True), encoding="utf-8")
    assert main(["dossier", "new", "lea", "--nom", "Martin", "--prenom", "Léa", "--referential", str(ref_file)]) == 0
    story = tmp_path / "premier.txt"
    story.write_text(WELCOME, encoding="utf-8")
    assert main(["dossier", "add", "lea", "--file", str(story)]) == 0
    capsys.readouterr()
    return isolated_home / "dossiers" / "lea.vae.json"


def run(capsys: pytest.CaptureFixture[str], *argv: object) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out, err


@pytest.mark.parametrize("command", list(WRITING_COMMANDS.values()), ids=list(WRITING_COMMANDS))
def test_every_command_that_would_write_a_read_only_dossier_says_so_and_changes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lea: Path, restore_modes: list[Path], command: list[str]
) -> None:
    story = tmp_path / "recit.txt"
    story.write_text(PLAN, encoding="utf-8")
    argv = [part.format(lea=lea, story=story, draft=draft(tmp_path)) for part in command]
    make_read_only(lea, restore_modes)
    before = everything_beside(lea)
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert f"Erreur : Le dossier {lea} est en lecture seule : il n'a pas été modifié." in err
    assert f"chmod u+w {lea}" in err
    assert everything_beside(lea) == before


def immutable_by_simulation(monkeypatch: pytest.MonkeyPatch, path: Path) -> None:
    """What ``chattr +i`` makes of ``path``, whatever the machine: the system refuses to open it for writing and to
    replace it, with EPERM, even to root; reading it still works."""
    real_open, real_replace = os.open, os.replace

    def refused(target: object) -> bool:
        return Path(os.fsdecode(target)) == path  # type: ignore[arg-type]

    def open_(target, flags, *args, **kwargs):  # type: ignore[no-untyped-def]
        if refused(target) and flags & (os.O_WRONLY | os.O_RDWR):
            raise PermissionError(errno.EPERM, os.strerror(errno.EPERM), str(target))
        return real_open(target, flags, *args, **kwargs)

    def replace(source, target, *args, **kwargs):  # type: ignore[no-untyped-def]
        if refused(target):
            raise PermissionError(errno.EPERM, os.strerror(errno.EPERM), str(target))
        return real_replace(source, target, *args, **kwargs)

    monkeypatch.setattr(os, "open", open_)
    monkeypatch.setattr(os, "replace", replace)


@pytest.mark.parametrize("command", list(WRITING_COMMANDS.values()), ids=list(WRITING_COMMANDS))
def test_an_immutable_dossier_is_refused_before_anything_is_written_beside_it(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lea: Path,
    command: list[str],
) -> None:
    # QA pass 7: with chattr +i, dossier add failed at the rename (« opération non permise », code 2) after it had
    # written a backup of the unchanged file into .lea.vae.json.backups/
    story = tmp_path / "recit.txt"
    story.write_text(PLAN, encoding="utf-8")
    argv = [part.format(lea=lea, story=story, draft=draft(tmp_path)) for part in command]
    before = everything_beside(lea)
    immutable_by_simulation(monkeypatch, lea)
    code, _, err = run(capsys, *argv)
    assert code == 2
    assert f"Erreur : Le dossier {lea} est protégé contre toute modification (attribut" in err
    assert "il n'a pas été modifié." in err and f"sudo chattr -i -a {lea}" in err
    assert everything_beside(lea) == before, "no backup, no lock, no temporary file left"
    code, out, _ = run(capsys, "coverage", lea)  # reading still works
    assert code == 0 and "Ensemble" in out


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() != 0, reason="chattr +i needs root")
def test_a_dossier_made_immutable_with_chattr_is_refused_before_anything_is_written_beside_it(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lea: Path
) -> None:
    import shutil
    import subprocess

    if shutil.which("chattr") is None or subprocess.run(["chattr", "+i", str(lea)], check=False).returncode:
        pytest.skip("chattr +i is not available on this file system")
    try:
        before = everything_beside(lea)
        code, _, err = run(capsys, "dossier", "add", lea, "--file", text_file(tmp_path, PLAN))
        assert code == 2 and "est protégé contre toute modification" in err
        assert everything_beside(lea) == before
    finally:
        subprocess.run(["chattr", "-i", str(lea)], check=True)
    code, _, err = run(capsys, "dossier", "add", lea, "--file", text_file(tmp_path, PLAN))
    assert code == 0, err  # made changeable again, it is written as before


def test_a_text_to_type_is_not_asked_for_when_the_dossier_is_read_only(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lea: Path, restore_modes: list[Path]
) -> None:
    typed = io.BytesIO(PLAN.encode("utf-8"))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(typed))
    make_read_only(lea, restore_modes)
    code, _, err = run(capsys, "dossier", "add", lea, "-")
    assert code == 2 and "est en lecture seule" in err
    assert typed.tell() == 0, "nothing was read, so nothing typed is lost"


def test_commands_that_only_read_work_on_a_read_only_dossier(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, lea: Path, restore_modes: list[Path]
) -> None:
    ref_file = tmp_path / "mini.yaml"  # the referential is revised: coverage and export analyse again
    ref_file.write_text(yaml.safe_dump({**MINI, "title": "Titre révisé"}, allow_unicode=True), encoding="utf-8")
    make_read_only(lea, restore_modes)
    before = everything_beside(lea)
    code, out, _ = run(capsys, "coverage", lea)
    assert code == 0 and READ_ONLY_NOTICE in out and "Couverture du référentiel" in out
    code, _, err = run(capsys, "export", lea, "-o", tmp_path / "livret.docx")
    assert code == 0 and READ_ONLY_NOTICE in err and (tmp_path / "livret.docx").is_file()
    for argv, said in (
        (["dossier", "show", lea], "Dossier de Léa Martin"),
        (["dossier", "check", lea], "Relecture de 1 situation"),
        (["dossier", "list"], "lea.vae.json"),
    ):
        code, out, err = run(capsys, *argv)
        assert code == 0 and said in out, (argv, err)
    code, out, _ = run(capsys, "dossier", "restore", lea, "--list")
    assert code == 0 and "lisible" in out
    assert everything_beside(lea) == before


# -- the assistant -----------------------------------------------------------------------------------------------------


def test_the_assistant_opens_a_read_only_dossier_read_only_at_once_and_keeps_it_untouched(
    casp, tmp_path: Path, restore_modes: list[Path]  # type: ignore[no-untyped-def]
) -> None:
    from test_tui import SIZE, new_dossier_file, settle
    from textual.widgets import Button, Input, Static, TabbedContent, TextArea

    from vae_assistant.tui.app import VaeApp
    from vae_assistant.tui.screens.dialogs import ChoiceDialog
    from vae_assistant.tui.screens.main import MainScreen
    from vae_assistant.tui.screens.parcours import ParcoursScreen
    from vae_assistant.tui.widgets.conversation import Conversation

    path = new_dossier_file(casp, tmp_path)
    make_read_only(path, restore_modes)
    before = everything_beside(path)

    async def story() -> None:
        app = VaeApp(path)
        async with app.run_test(size=SIZE) as pilot:
            await settle(app, pilot)
            assert isinstance(app.screen, MainScreen) and not isinstance(app.screen, ChoiceDialog)
            assert app.session is not None and app.session.read_only
            assert app.sub_title.endswith("(lecture seule)")
            assert any("est en lecture seule\u00a0: rien n'y sera enregistré" in n.message for n in app._notifications)
            notes = [str(s.render()) for s in app.screen.query_one(Conversation).query(Static) if s.has_class("note")]
            said = "vous pouvez tout relire, mais rien n'y sera enregistré"
            assert any(said in note and "chmod u+w" in note for note in notes)
            composer = app.screen.query_one("#composer", TextArea)
            assert composer.read_only and "lecture seule" in str(composer.placeholder)
            await pilot.press("a", "b", "c")
            assert composer.text == ""  # nothing typed that could then be lost
            app.clear_notifications()
            await pilot.press("ctrl+s")
            await settle(app, pilot)
            assert any("lecture seule" in n.message for n in app._notifications)
            await pilot.press("f4")  # the parcours: nothing there can be typed and then dropped on leaving either
            await settle(app, pilot)
            assert isinstance(app.screen, ParcoursScreen)
            assert all(field.disabled for field in app.screen.query(Input))
            assert app.screen.query_one("#id-address", TextArea).read_only
            assert all(button.disabled for button in app.screen.query(Button))
            app.screen.query_one("#parcours-tabs", TabbedContent).active = "tab-experiences"
            await pilot.press("a")
            await settle(app, pilot)
            assert isinstance(app.screen, ParcoursScreen), "no form to fill in for nothing"
            await pilot.press("escape", "ctrl+q")

    asyncio.run(story())
    assert everything_beside(path) == before, "no byte, no mode, no backup, no lock, no draft"
    assert not os.access(path, os.W_OK) or os.geteuid() == 0


def test_the_counsellors_review_of_a_read_only_dossier_is_read_only_and_says_why(
    lea: Path, restore_modes: list[Path]
) -> None:
    from textual.widgets import Static

    from vae_assistant.cli.review_cmd import open_for_review
    from vae_assistant.tui.review_app import ReviewApp

    path = lea
    make_read_only(path, restore_modes)
    before = everything_beside(path)
    opened, ref, notices = open_for_review(str(path))
    assert opened.read_only and any(n.startswith("Le dossier est en lecture seule : revue en lecture") for n in notices)

    async def story() -> None:
        app = ReviewApp(opened, ref, notices=notices)
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            summary = str(app.screen.query_one("#review-summary", Static).render())
            assert "Lecture seule\u00a0: il est protégé en écriture." in summary
            await pilot.press("ctrl+q")

    asyncio.run(story())
    opened.close()
    assert everything_beside(path) == before
