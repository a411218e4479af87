"""Two commands on one dossier: the second waits a few seconds for the first instead of failing at once.

The dossier is held by a real second process (the lock names its pid, which must be alive); the waiting side is
this process (the core, the command line in-process with a short wait) or the installed command itself.
"""

from __future__ import annotations

import io
import json
import os
import socket
import subprocess
import sys
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import yaml
from test_dossier_support import MINI, KeywordMatcher, mini_referential

from vae_assistant.cli import main, support
from vae_assistant.cli.support import STDIN_PROMPT, WAITING_NOTICE
from vae_assistant.dossier import lock
from vae_assistant.dossier import operations as ops
from vae_assistant.dossier.errors import DossierLockedError
from vae_assistant.dossier.lock import lock_path
from vae_assistant.dossier.storage import create_dossier_file, load_dossier, open_dossier

STORY = "J'ai accueilli une dame inquiète. Je l'ai écoutée longuement, puis je l'ai orientée vers le CCAS."

_HOLDER = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from vae_assistant.dossier import lock
    lock.command_name = sys.argv[3] or None
    held = lock.DossierLock.acquire(Path(sys.argv[1]), use=sys.argv[2])
    print("held", flush=True)
    time.sleep(float(sys.argv[4]))
    held.release()
    print("released", flush=True)
    """
)


@contextmanager
def held_elsewhere(path: Path, seconds: float, use: str = "command", command: str = "dossier add") -> Iterator[None]:
    """Another process holds the dossier's lock for ``seconds`` from the moment this block starts."""
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(path), use, command, str(seconds)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        yield
    finally:
        holder.kill()
        holder.wait(timeout=10)


def new(path: Path) -> Path:
    dossier = ops.new_dossier(mini_referential(), nom="Martin", prenom="Léa")
    create_dossier_file(path, dossier).close()
    return path


# -- the core ----------------------------------------------------------------------------------------------------------


def test_a_dossier_another_command_is_changing_is_waited_for_and_opened_when_it_is_done(tmp_path: Path) -> None:
    path = new(tmp_path / "lea.vae.json")
    told: list[dict] = []
    with held_elsewhere(path, 1.2):
        started = time.monotonic()
        with open_dossier(path, wait=8, on_wait=told.append) as opened:
            elapsed = time.monotonic() - started
            assert not opened.read_only
            assert json.loads(lock_path(path).read_text())["pid"] == os.getpid()
    assert 0.8 < elapsed < 6
    assert len(told) == 1 and told[0]["use"] == "command" and told[0]["command"] == "dossier add"


def test_a_short_wait_is_not_said(tmp_path: Path) -> None:
    path = new(tmp_path / "lea.vae.json")
    told: list[dict] = []
    with held_elsewhere(path, 0.1):
        open_dossier(path, wait=8, on_wait=told.append).close()
    assert told == []


def test_the_assistant_holds_a_dossier_for_a_whole_session_so_it_is_not_waited_for(tmp_path: Path) -> None:
    path = new(tmp_path / "lea.vae.json")
    told: list[dict] = []
    with held_elsewhere(path, 30, use="assistant"):
        started = time.monotonic()
        with pytest.raises(DossierLockedError) as caught:
            open_dossier(path, wait=8, on_wait=told.append)
        assert time.monotonic() - started < 0.5
    assert caught.value.message.startswith("Ce dossier est ouvert dans l'assistant (le processus")
    assert caught.value.waited == 0 and told == []


def test_a_command_still_running_after_the_wait_is_reported_with_the_time_waited(tmp_path: Path) -> None:
    path = new(tmp_path / "lea.vae.json")
    before = path.read_bytes()
    with held_elsewhere(path, 30):
        started = time.monotonic()
        with pytest.raises(DossierLockedError) as caught:
            open_dossier(path, wait=0.8)
        assert 0.8 <= time.monotonic() - started < 3
    message = caught.value.message
    assert message.startswith("Ce dossier est utilisé par la commande «\u00a0vae-assistant dossier add\u00a0» (le")
    assert message.endswith(") ; il l'est toujours après 0,8\u00a0secondes d'attente.") and caught.value.waited == 0.8
    assert path.read_bytes() == before


def test_stale_locks_keep_their_handling_when_waiting(tmp_path: Path) -> None:
    """A dead program's lock is taken over at once; another computer's is reported at once (waiting for a lock
    that cannot be checked would only delay the same message)."""
    path = new(tmp_path / "lea.vae.json")
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    lock_path(path).write_text(json.dumps({"pid": int(dead.stdout), "host": socket.gethostname(), "use": "command"}))
    started = time.monotonic()
    open_dossier(path, wait=8).close()
    assert time.monotonic() - started < 0.5
    lock_path(path).write_text(json.dumps({"pid": 1, "host": "autre-poste", "use": "command"}))
    with pytest.raises(DossierLockedError, match="autre-poste"):
        open_dossier(path, wait=8)
    assert time.monotonic() - started < 1


# -- the command line --------------------------------------------------------------------------------------------------


@pytest.fixture
def lea(capsys: pytest.CaptureFixture[str], tmp_path: Path, isolated_home: Path, monkeypatch) -> Path:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(support, "match_function", lambda ref: KeywordMatcher(ref))
    ref_file = tmp_path / "mini.yaml"
    ref_file.write_text(yaml.safe_dump(MINI, allow_unicode=True), encoding="utf-8")
    assert main(["dossier", "new", "lea", "--nom", "Martin", "--prenom", "Léa", "--referential", str(ref_file)]) == 0
    capsys.readouterr()
    return isolated_home / "dossiers" / "lea.vae.json"


def test_the_installed_command_waits_for_another_command_and_then_adds_the_situation(
    tmp_path: Path, lea: Path, isolated_home: Path
) -> None:
    story = tmp_path / "recit.txt"
    story.write_text(STORY, encoding="utf-8")
    env = {**os.environ, "VAE_ASSISTANT_HOME": str(isolated_home)}
    with held_elsewhere(lea, 1.5):
        done = subprocess.run(
            [sys.executable, "-m", "vae_assistant", "dossier", "add", str(lea), "--file", str(story)],
            capture_output=True,
            text=True,
            timeout=60,
            env=env,
        )
    assert done.returncode == 0, done.stderr
    assert WAITING_NOTICE in done.stderr and "Traceback" not in done.stderr
    assert "Situation s1 ajoutée" in done.stdout
    assert load_dossier(lea).situation("s1").narrative == STORY


def test_a_command_that_waited_in_vain_says_which_command_holds_the_dossier_and_what_to_do(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path, lea: Path
) -> None:
    monkeypatch.setattr(lock, "COMMAND_WAIT_S", 0.8)
    story = tmp_path / "recit.txt"
    story.write_text(STORY, encoding="utf-8")
    before = lea.read_bytes()
    with held_elsewhere(lea, 30):  # « dossier add - » in another terminal, waiting for the candidate's text
        code = main(["dossier", "confirm", str(lea), "s1", "1.1"])
    out, err = capsys.readouterr()
    assert code == 2 and "Traceback" not in out + err
    assert err.startswith(WAITING_NOTICE)
    assert "utilisé par la commande «\u00a0vae-assistant dossier add\u00a0»" in err
    assert "il l'est toujours après 0,8\u00a0secondes d'attente" in err
    assert "terminez-le là-bas (Ctrl+D" in err and f"vae-assistant dossier show {lea}" in err
    assert lea.read_bytes() == before


class _Terminal(io.BytesIO):
    def isatty(self) -> bool:
        return True


def test_a_text_to_type_is_asked_for_only_once_the_wait_is_over(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, lea: Path
) -> None:
    """« dossier add - » waits for the dossier first, then asks for the text: nothing typed is lost if it fails."""
    typed = _Terminal(STORY.encode("utf-8"))
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(typed))
    monkeypatch.setattr(lock, "COMMAND_WAIT_S", 0.8)
    with held_elsewhere(lea, 30):
        code = main(["dossier", "add", str(lea), "-"])
    _, err = capsys.readouterr()
    assert code == 2 and err.startswith(WAITING_NOTICE) and STDIN_PROMPT not in err
    assert typed.tell() == 0
    monkeypatch.setattr(lock, "COMMAND_WAIT_S", 8)
    with held_elsewhere(lea, 1.2):
        code = main(["dossier", "add", str(lea), "-"])
    out, err = capsys.readouterr()
    assert code == 0 and "Situation s1 ajoutée" in out
    assert WAITING_NOTICE in err and err.index(WAITING_NOTICE) < err.index(STDIN_PROMPT)
    assert load_dossier(lea).situation("s1").narrative == STORY


def test_the_counsellors_review_waits_for_a_command_instead_of_opening_read_only(
    capsys: pytest.CaptureFixture[str], lea: Path
) -> None:
    from vae_assistant.cli.review_cmd import open_for_review

    with held_elsewhere(lea, 1.2):
        opened, _, notices = open_for_review(str(lea))
    with opened:
        assert not opened.read_only and not any("lecture seule" in n for n in notices)
    assert WAITING_NOTICE in capsys.readouterr().err


def test_read_only_commands_do_not_wait(capsys: pytest.CaptureFixture[str], lea: Path) -> None:
    """They only read (a save renames a whole new file into place, so a read never sees half of one); coverage
    keeps its fresh analysis in memory when it cannot save it (tests/test_dossier_refresh.py)."""
    with held_elsewhere(lea, 30):
        for argv in (["coverage", lea], ["dossier", "show", lea], ["dossier", "check", lea], ["dossier", "list"]):
            started = time.monotonic()
            code = main([str(a) for a in argv])
            _, err = capsys.readouterr()
            assert code == 0, err
            assert WAITING_NOTICE not in err and time.monotonic() - started < 0.5


# -- the assistant -----------------------------------------------------------------------------------------------------


def test_the_assistant_opening_a_dossier_a_command_is_changing_waits_for_it_and_says_so(casp, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import asyncio

    from test_tui import SIZE, new_dossier_file, settle

    from vae_assistant.tui.app import WAITING_NOTICE as ASSISTANT_WAITING
    from vae_assistant.tui.app import VaeApp
    from vae_assistant.tui.screens.main import MainScreen

    path = new_dossier_file(casp, tmp_path)

    async def story() -> None:
        with held_elsewhere(path, 2.5):
            app = VaeApp(path)
            async with app.run_test(size=SIZE) as pilot:
                await pilot.pause(1.2)
                assert any(n.message == ASSISTANT_WAITING for n in app._notifications)
                await settle(app, pilot)
                assert isinstance(app.screen, MainScreen)  # no « Dossier déjà ouvert » dialog
                assert app.session is not None and not app.session.read_only

    asyncio.run(story())
