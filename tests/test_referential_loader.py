"""A counsellor who writes a referential by hand and gets something wrong is told where, in French."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from vae_assistant.errors import ReferentialError
from vae_assistant.referential import load_referential, parse_referential
from vae_assistant.referential.export import json_schema

GOOD = """\
format: 1
id: mini
title: Titre minuscule
certifier: Un certificateur
rncp:
  code: RNCP1234
blocs:
  - id: B1
    title: Premier bloc
activities:
  - id: "1"
    title: Première activité
    bloc: B1
    tasks:
      - id: "1.1"
        title: Accueillir le public
        competencies:
          - id: 1.1.c1
            text: Accueillir et écouter.
          - id: 1.1.e1
            kind: evaluated
            text: Conduire un entretien.
  - id: "2"
    title: Activité transversale
"""


def write(tmp_path: Path, text: str, name: str = "ref.yaml") -> Path:
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def error_of(tmp_path: Path, text: str) -> str:
    path = write(tmp_path, text)
    with pytest.raises(ReferentialError) as info:
        load_referential(path)
    message = str(info.value)
    assert str(path) in message, "the message names the file"
    assert "Traceback" not in message
    return message


def test_a_well_formed_file_loads_with_a_uniform_shape(tmp_path: Path) -> None:
    ref = load_referential(write(tmp_path, GOOD))
    assert [t.id for t in ref.tasks] == ["1.1", "2"]
    assert ref.activity_of("1.1").bloc == "B1"
    transversal = ref.activities_of_bloc(None)
    assert [a.id for a in transversal] == ["2"]
    # An activity with neither tasks nor competencies stands as one task whose title is its competency.
    implicit = transversal[0].tasks[0]
    assert implicit.implicit and implicit.competencies[0].text == "Activité transversale"
    assert ref.task("1.1").competencies[1].kind == "evaluated"


def test_an_activity_can_give_its_competencies_without_tasks() -> None:
    ref = parse_referential(
        GOOD.replace(
            '  - id: "2"\n    title: Activité transversale\n',
            '  - id: "2"\n    title: Fonction\n    competencies:\n      - id: F.c1\n        text: Orienter.\n',
        ),
        "mem",
    )
    task = ref.task("2")
    assert task.implicit and [c.id for c in task.competencies] == ["F.c1"]


def test_files_written_back_do_not_contain_what_the_loader_made_up(tmp_path: Path) -> None:
    ref = load_referential(write(tmp_path, GOOD))
    data = ref.to_file_data()
    assert "tasks" not in data["activities"][1]
    assert "implicit" not in str(data)
    assert parse_referential(__import__("json").dumps(data), "again") == ref


def test_a_duplicate_task_id_is_named_with_its_line(tmp_path: Path) -> None:
    text = GOOD.replace('  - id: "2"\n    title: Activité transversale\n', "") + (
        '  - id: "3"\n    title: Autre\n    tasks:\n      - id: "1.1"\n        title: Doublon\n'
    )
    message = error_of(tmp_path, text)
    assert "« 1.1 » en double" in message
    line = text.splitlines().index('      - id: "1.1"', 15) + 1
    assert f"ligne {line}" in message
    assert "activities[1].tasks[0].id" in message


def test_a_dangling_bloc_reference_lists_the_known_blocs(tmp_path: Path) -> None:
    message = error_of(tmp_path, GOOD.replace("    bloc: B1", "    bloc: B9"))
    assert "le bloc « B9 » n'existe pas" in message
    assert "B1" in message and "ligne 13" in message


def test_an_empty_text_is_refused(tmp_path: Path) -> None:
    message = error_of(tmp_path, GOOD.replace("text: Accueillir et écouter.", 'text: "   "'))
    assert "le texte est vide" in message
    assert "activities[0].tasks[0].competencies[0].text" in message
    assert "(compétence 1.1.c1)" in message


def test_a_missing_field_is_reported_at_its_parent(tmp_path: Path) -> None:
    message = error_of(tmp_path, GOOD.replace("certifier: Un certificateur\n", ""))
    assert "certifier" in message and "champ obligatoire manquant" in message


def test_wrong_types_are_explained(tmp_path: Path) -> None:
    message = error_of(tmp_path, GOOD.replace("    tasks:\n", "    tasks: 12\n    unused:\n", 1))
    assert "doit être une liste" in message
    assert "champ inconnu" in message  # `unused` is not a field: probably a typo


def test_bad_yaml_gives_line_and_column(tmp_path: Path) -> None:
    message = error_of(tmp_path, GOOD.replace("title: Accueillir le public", "title: [Accueillir le public"))
    assert "YAML est mal formé" in message and "ligne" in message


def test_a_duplicate_key_is_not_silently_dropped(tmp_path: Path) -> None:
    message = error_of(tmp_path, GOOD.replace("title: Titre minuscule\n", "title: Titre\ntitle: Autre titre\n"))
    assert "la clé « title » apparaît deux fois" in message


def test_control_characters_and_wrong_encoding_are_refused(tmp_path: Path) -> None:
    message = error_of(tmp_path, GOOD.replace("Premier bloc", "Premier\x07bloc"))
    assert "caractère interdit U+0007" in message and "ligne 9" in message
    path = tmp_path / "latin1.yaml"
    path.write_bytes(GOOD.replace("Première", "Premi\xe8re").encode("latin-1"))
    with pytest.raises(ReferentialError, match="pas en UTF-8"):
        load_referential(path)


def test_a_document_that_is_not_a_referential(tmp_path: Path) -> None:
    assert "pas un document vide" not in error_of(tmp_path, "- juste\n- une liste\n")
    assert error_of(tmp_path, "- juste\n- une liste\n").endswith("pas une liste.")  # it said « de type list »
    assert error_of(tmp_path, "juste une phrase\n").endswith("pas un texte seul.")
    assert "document vide" in error_of(tmp_path, "")


def test_an_rncp_code_and_ids_have_a_shape(tmp_path: Path) -> None:
    message = error_of(tmp_path, GOOD.replace("code: RNCP1234", "code: R1234").replace("id: mini", "id: Mini Ref"))
    assert "RNCP1234" in message and "minuscules" in message


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(ReferentialError, match="n'existe pas"):
        load_referential(tmp_path / "absent.yaml")
    with pytest.raises(ReferentialError, match="est un dossier"):
        load_referential(tmp_path)


def test_many_problems_are_summed_up(tmp_path: Path) -> None:
    activities = "".join(
        f'  - id: "{n}"\n    title: A\n    bloc: X{n}\n' for n in range(3, 15)
    )
    message = error_of(tmp_path, GOOD + activities)
    assert "12 problèmes" in message and "… et 4 autres problèmes" in message


def test_the_json_schema_describes_the_file_format() -> None:
    schema = json_schema()
    assert "activities" in schema["properties"]
    task = schema["$defs"]["Task"]
    assert {"id", "title", "competencies"} <= set(task["properties"])
    assert "implicit" not in task["properties"], "loader-made fields are not for authors"


def test_a_competency_evaluated_in_the_words_of_an_associated_one_is_listed_once(casp) -> None:
    task = casp.task("1.5")
    groups = task.competency_groups
    assert [[c.id for c in g] for g in groups][:2] == [["1.5.c1", "1.5.e1"], ["1.5.c2", "1.5.e2"]]
    assert len(groups) == len(task.competencies) - 2


@pytest.mark.parametrize(
    ("text", "french"),
    [
        ("format: 1\nid: x\ntitle: [a, b\n", "liste entre crochets"),
        ("format: 1\nid: x\n\ttitle: a\n", "tabulation"),
        ('format: 1\nid: "x\n', "au milieu d'un texte entre guillemets"),
    ],
)
def test_a_counsellor_who_breaks_the_yaml_reads_why_in_french(tmp_path: Path, text: str, french: str) -> None:
    path = tmp_path / "titre.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ReferentialError) as caught:
        load_referential(path)
    assert french in caught.value.message
    assert "expected" not in caught.value.message and "found" not in caught.value.message


def test_an_alias_inside_its_own_anchor_is_refused_rather_than_recursing_forever(tmp_path: Path) -> None:
    message = error_of(tmp_path, GOOD + "extra: &boucle\n  - *boucle\n")
    assert "un alias * renvoie à l'ancre & qui le contient" in message and "ligne" in message


def test_anchors_nested_to_multiply_values_are_refused_quickly(tmp_path: Path) -> None:
    levels = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    levels += [f"a{n}: &a{n} [{', '.join([f'*a{n - 1}'] * 10)}]" for n in range(1, 5)]
    message = error_of(tmp_path, "\n".join(levels) + "\n")  # 10**5 values: a small « billion laughs »
    assert "des alias * répètent plus de 10\u00a0000 valeurs" in message


def test_lists_nested_too_deeply_are_refused(tmp_path: Path) -> None:
    message = error_of(tmp_path, "a: " + "[" * 5000 + "]" * 5000 + "\n")
    assert "imbriqués trop profondément" in message


def test_a_few_aliases_are_still_read(tmp_path: Path) -> None:
    text = GOOD.replace("title: Titre minuscule\n", "title: &titre Titre minuscule\nshort_title: *titre\n")
    path = tmp_path / "alias.yaml"
    path.write_text(text, encoding="utf-8")
    assert load_referential(path).short_title == "Titre minuscule"
