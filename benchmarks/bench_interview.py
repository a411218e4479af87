"""One interview turn on CASP with the real matcher, in a dossier that already holds 30 answered situations.

Each answer runs the matcher on the situation's whole text and recomputes coverage a few times (to pick the
follow-up and the next task); the TUI runs it in a worker, but the reply should still feel immediate.
"""

from __future__ import annotations

from common import Result, median_ms

from vae_assistant.dossier import operations as ops
from vae_assistant.interview import Interview, load_script
from vae_assistant.matching import get_matcher
from vae_assistant.referential import resolve

ANSWER = (
    "Un lundi matin, j'ai accueilli au guichet un jeune homme de 19 ans qui venait pour la première fois. "
    "Il disait chercher un emploi, mais il avait du mal à formuler sa demande. Je l'ai reçu dans un bureau fermé "
    "pour garantir la confidentialité, je l'ai écouté, j'ai reformulé ses attentes et je lui ai expliqué ce que "
    "la mission locale pouvait faire pour lui. "
)


def run() -> list[Result]:
    ref = resolve("casp-rncp7426").referential
    match = get_matcher(ref).match
    dossier = ops.new_dossier(ref, nom="Banc", prenom="Essai", email="banc@example.org")
    ops.add_experience(dossier, employer="Mission locale", position="Conseillère")
    iv = Interview(ref, dossier, match, load_script(ref))
    iv.start()
    for task in ref.tasks[:30]:
        iv.go_to(task.id)
        iv.handle("Contexte : mission locale, jeunes, 2019-2023.")
        iv.handle(ANSWER * 3)
    ids = [t.id for t in ref.tasks]

    def one_turn() -> None:
        iv.go_to(ids[len(dossier.situations) % len(ids)])
        iv.handle(ANSWER * 3)

    return [
        Result("interview: one answer turn (CASP, real matcher, 30+ situations)", median_ms(one_turn, 10), "ms", 300)
    ]
