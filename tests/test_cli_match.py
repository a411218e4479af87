"""``vae-assistant match``: a text in, the tasks it proves out, as a table, JSON or JSON lines."""

from __future__ import annotations

import io
import json
import sys

import pytest

from vae_assistant.cli import main

STORY = "Je l'ai mise en lien avec l'assistante sociale du CCAS. Le jeudi, j'anime un atelier CV."


def test_a_text_gives_a_french_table_with_the_proving_sentence(capsys):
    assert main(["match", STORY]) == 0
    out = capsys.readouterr().out
    assert "2.2" in out and "2.4" in out and "tâches repérées" in out and "atelier CV" in out


def test_json_lists_only_evidenced_tasks_best_first(capsys):
    assert main(["match", "--json", STORY]) == 0
    data = json.loads(capsys.readouterr().out)
    scores = [t["score"] for t in data["tasks"]]
    assert {"2.2", "2.4"} <= {t["id"] for t in data["tasks"]}
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 1 for s in scores)
    assert all(c["evidence"] for t in data["tasks"] for c in t["competencies"])


def test_a_file_and_standard_input_are_read(tmp_path, capsys, monkeypatch):
    path = tmp_path / "situation.txt"
    path.write_text(STORY, encoding="utf-8")
    assert main(["match", "--json", "--file", str(path)]) == 0
    from_file = json.loads(capsys.readouterr().out)
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(STORY.encode("utf-8"))))
    assert main(["match", "--json", "-"]) == 0
    assert json.loads(capsys.readouterr().out) == from_file


def test_batch_mode_writes_one_line_per_input(tmp_path, capsys):
    path = tmp_path / "textes.jsonl"
    path.write_text(json.dumps({"id": "a", "text": STORY}) + "\n" + json.dumps({"id": "b", "text": "  "}) + "\n",
                    encoding="utf-8")
    assert main(["match", "--jsonl", str(path)]) == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["id"] for line in lines] == ["a", "b"]
    assert lines[0]["tasks"] and lines[1]["tasks"] == []


def test_an_empty_text_finds_nothing_and_succeeds(capsys):
    assert main(["match", "   "]) == 0
    assert "Aucune tâche" in capsys.readouterr().out


@pytest.mark.parametrize("text", ["?", "…", "12 ?", "« »", "😀"])
def test_a_text_without_a_word_finds_nothing_instead_of_an_internal_error(capsys, tmp_path, text):
    # « ? » typed by a candidate who did not understand the question: the matcher found no sentence and crashed
    assert main(["match", text]) == 0
    assert "Aucune tâche" in capsys.readouterr().out
    path = tmp_path / "textes.jsonl"
    path.write_text(json.dumps({"id": "a", "text": text}) + "\n", encoding="utf-8")
    assert main(["match", "--jsonl", str(path)]) == 0
    assert json.loads(capsys.readouterr().out)["tasks"] == []


@pytest.mark.parametrize(
    ("content", "expected"),
    [(b"pas du json\n", "JSON valide"), (b'{"id": 1}\n', "il faut un objet"), (b"\xff\xfe\x00", "UTF-8")],
)
def test_unreadable_batch_input_is_a_clear_message_and_exit_2(tmp_path, capsys, content, expected):
    path = tmp_path / "bad.jsonl"
    path.write_bytes(content)
    assert main(["match", "--jsonl", str(path)]) == 2
    err = capsys.readouterr().err
    assert expected in err and "Traceback" not in err


def test_a_missing_file_is_exit_2(capsys):
    assert main(["match", "--file", "/nonexistent/situation.txt"]) == 2
    assert "introuvable" in capsys.readouterr().err


def test_a_long_proof_is_shown_whole_with_the_words_that_made_it_one(capsys, monkeypatch):
    # A candidate tried her story with « match »: the table cut every proof at 60 characters (« Je lui ai expliqué
    # qu'elle pouvait demander la pension de… ») and never said which words counted, while « dossier add » did. A
    # task only the learned weights see (« Le lundi matin, je tiens la permanence d'accueil au CCAS. » for the
    # orientation) could not be checked at all.
    from vae_assistant.cli import match_cmd
    from vae_assistant.matching.matcher import LEARNED_VIA
    from vae_assistant.matching.types import CompetencyMatch, Evidence, MatchReport, TaskMatch

    opening = "Le lundi matin, je tiens la permanence d'accueil au CCAS."
    long = (
        "Je lui ai expliqué qu'elle pouvait demander la pension de réversion et je l'ai aidée à remplir le dossier "
        "en ligne sur l'ordinateur de l'accueil."
    )
    story = f"{opening} {long}"

    def found(task_id: str, score: float, sentence: str, words: list[str], via: str) -> TaskMatch:
        start = story.index(sentence)
        proof = Evidence(sentence=sentence, start=start, end=start + len(sentence), matched=words, via=via)
        competency = CompetencyMatch(id=f"{task_id}.c1", score=score, evidence=[proof])
        return TaskMatch(id=task_id, score=score, evidenced=True, competencies=[competency])

    report = MatchReport(
        referential_id="casp-rncp7426", fingerprint="test",
        tasks=[
            found("3.7", 0.68, long, ["remplir", "le", "dossier"], "remplir dossier"),
            found("2.2", 0.51, opening, ["matin", "permanence", "accueil", "CCAS"], LEARNED_VIA),
        ],
    )
    monkeypatch.setattr(match_cmd, "match_function", lambda referential: lambda text: report)
    assert main(["match", story]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert out.startswith("2 tâches repérées :")
    assert f"3.7 68 % Appui dans les démarches administratives « {long} » — mots : remplir, dossier" in out
    assert f"« {opening} » — mots : matin, permanence, accueil, CCAS" in out
    assert "…" not in out
