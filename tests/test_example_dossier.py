"""The example dossier shipped in examples/ is what a new user opens first (README, `make run`)."""

from pathlib import Path

from vae_assistant.dossier.storage import load_dossier
from vae_assistant.matching import get_matcher

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dossier-exemple.vae.json"


def test_the_example_opens_without_a_re_analysis_its_matches_are_the_shipped_matcher_s(casp) -> None:
    """A stale example greets every newcomer with « Ce qui change… » after any lexicon edit: regenerate it with
    ``python examples/make_example.py`` whenever the matcher, its lexicon or the referential change."""
    dossier = load_dossier(EXAMPLE)
    fingerprint = get_matcher(casp).fingerprint
    stale = [s.id for s in dossier.situations if s.match is None or s.match.fingerprint != fingerprint]
    assert stale == [], f"situations matched by another matcher: {stale}"
