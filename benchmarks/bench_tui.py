"""The assistant's first paint and the opening of a full dossier, as a candidate waits for them.

Each figure is measured in a fresh Python process (headless Textual), from the moment the process is launched —
interpreter start-up and imports included — to the refresh after the screen is mounted: what ``vae-assistant``
makes a person wait for. Issue 5 asks for a first paint within 1 s.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from common import Result

# The child process: open the app, note the time once the first screen has painted, and leave.
CHILD = """
import sys, time
from pathlib import Path
from vae_assistant.tui.app import VaeApp

launched, target = float(sys.argv[1]), sys.argv[2]
path = Path(target) if target != "-" else None
wanted = "MainScreen" if path else "StartScreen"  # by name: importing the main screen here would skew the figure

class Timed(VaeApp):
    def on_mount(self) -> None:
        super().on_mount()
        self._poll = self.set_interval(0.005, self._check)

    def _check(self) -> None:
        if type(self.screen).__name__ == wanted and self.screen.is_mounted:
            self._poll.stop()
            self.call_after_refresh(self._painted)

    def _painted(self) -> None:
        print(f"{time.time() - launched:.4f}", flush=True)
        self.exit()

Timed(path).run(headless=True, size=(160, 45))
"""

REPEAT = 5


def _seconds(target: str, home: str) -> float:
    runs = []
    env = {**os.environ, "VAE_ASSISTANT_HOME": home}
    for _ in range(REPEAT):
        launched = time.time()
        out = subprocess.run(
            [sys.executable, "-c", CHILD, f"{launched:.6f}", target],
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=True,
        )
        runs.append(float(out.stdout.strip().splitlines()[-1]))
    return statistics.median(runs)


def _dossier_with_situations(folder: Path) -> Path:
    from vae_assistant.dossier import operations as ops
    from vae_assistant.dossier.storage import create_dossier_file
    from vae_assistant.interview import Interview, load_script
    from vae_assistant.matching import get_matcher
    from vae_assistant.referential import resolve

    ref = resolve("casp-rncp7426").referential
    dossier = ops.new_dossier(ref, nom="Banc", prenom="Essai", email="banc@example.org")
    ops.add_experience(dossier, employer="Mission locale", position="Conseillère")
    iv = Interview(ref, dossier, get_matcher(ref).match, load_script(ref))
    iv.start()
    for task in ref.tasks:
        iv.go_to(task.id)
        iv.handle(f"J'ai réalisé cette tâche ({task.title.lower()}) avec une personne accueillie, pas à pas.")
    path = folder / "banc.vae.json"
    create_dossier_file(path, dossier).close()
    return path


def run() -> list[Result]:
    with tempfile.TemporaryDirectory() as home:
        first_paint = _seconds("-", home)
        dossier = _dossier_with_situations(Path(home))
        opened = _seconds(str(dossier), home)
    return [
        Result("tui: first paint of the start screen", first_paint * 1000, "ms", 1000),
        Result("tui: open a 32-situation dossier, main screen painted", opened * 1000, "ms", 2000),
    ]
