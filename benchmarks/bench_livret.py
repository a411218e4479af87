"""The Word livret of a 100-situation dossier against CASP (target: ≤ 3 s, issue 6).

The dossier is the sample of ``examples/`` with its situations repeated to 100 (~400 words each, stored matches
kept), so the livret has real tables, cross-references and comments. Pagination with LibreOffice is left out:
it is an optional second pass whose time is LibreOffice's, not ours.
"""

from __future__ import annotations

import tempfile
from datetime import date
from pathlib import Path

from common import Result, median_ms

from vae_assistant.dossier.model import Dossier
from vae_assistant.dossier.storage import load_dossier
from vae_assistant.livret import build_livret
from vae_assistant.referential import resolve

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dossier-exemple.vae.json"
SITUATIONS = 100


def build_dossier() -> Dossier:
    dossier = load_dossier(EXAMPLE)
    originals = list(dossier.situations)
    situations = []
    for n in range(SITUATIONS):
        copy = originals[n % len(originals)].model_copy(deep=True)
        copy.id = f"s{n + 1}"
        copy.title = f"{copy.title} ({n + 1})"
        situations.append(copy)
    dossier.situations = situations
    dossier.comments = [c for c in dossier.comments if c.situation_id is None]
    return dossier


def run() -> list[Result]:
    ref = resolve("casp-rncp7426").referential
    dossier = build_dossier()
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "livret.docx"

        def export(version: str) -> None:
            build_livret(dossier, ref, target, version, today=date(2025, 3, 20), paginate=False)  # type: ignore[arg-type]

        jury = median_ms(lambda: export("jury"), repeat=5)
        size_kb = target.stat().st_size / 1024
        counsellor = median_ms(lambda: export("accompagnateur"), repeat=5)
    return [
        Result(f"livret export, {SITUATIONS} situations, jury ({size_kb:.0f} KB)", jury / 1000, "s", 3),
        Result(f"livret export, {SITUATIONS} situations, accompagnateur", counsellor / 1000, "s", 3),
    ]
