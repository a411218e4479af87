"""A candidate who started the livret in Word brings the draft in: each part becomes a situation."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
import pytest
from docx.oxml import OxmlElement
from test_dossier_support import KeywordMatcher, mini_referential

from vae_assistant.dossier import operations as ops
from vae_assistant.dossier.docx_import import context_field, read_draft
from vae_assistant.errors import InputError

LONG = "avec une personne que je recevais pour la première fois dans notre structure de quartier"


def save(document: docx.document.Document, path: Path) -> Path:
    document.save(str(path))
    return path


def test_each_heading_section_becomes_a_situation_and_upper_headings_become_tags(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Livret 2 — Léa Martin", level=0)
    document.add_paragraph("Candidate au titre, session 2025.")
    document.add_heading("Activité 1 : l'accueil", level=1)
    document.add_heading("Situation 1 : une famille à l'accueil", level=2)
    document.add_paragraph(f"J'ai accueilli une famille {LONG}.")
    document.add_heading("Contexte", level=3)
    document.add_paragraph(f"Le centre social ouvre le matin ; je travaille {LONG}.")
    document.add_heading("Situation 2 : le réseau", level=2)
    document.add_paragraph(f"J'anime le réseau des partenaires {LONG}.")
    document.add_paragraph("Premier point", style="List Bullet")
    document.add_paragraph("Second point", style="List Bullet")
    draft = read_draft(save(document, tmp_path / "brouillon.docx"))

    assert [s.title for s in draft.sections] == ["Situation 1 : une famille à l'accueil", "Situation 2 : le réseau"]
    first, second = draft.sections
    assert first.tags == ["Livret 2 — Léa Martin", "Activité 1 : l'accueil"]
    assert first.text.startswith("J'ai accueilli une famille")
    assert "\n\nContexte\n\nLe centre social" in first.text, "a sub-part heading stays in the text"
    assert second.text.endswith("- Premier point\n- Second point")
    assert draft.skipped == ["Livret 2 — Léa Martin Candidate au titre, session 2025."]


def test_bold_lines_are_headings_when_the_draft_has_no_heading_styles(tmp_path: Path) -> None:
    document = docx.Document()
    for title in ("Accueil d'un jeune", "Un bilan difficile"):
        document.add_paragraph().add_run(title).bold = True
        document.add_paragraph(f"Ce jour-là j'ai travaillé {LONG}.")
    draft = read_draft(save(document, tmp_path / "gras.docx"))
    assert [s.title for s in draft.sections] == ["Accueil d'un jeune", "Un bilan difficile"]


def test_without_headings_blocks_of_paragraphs_separated_by_empty_lines_are_situations(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Première situation")
    document.add_paragraph("")
    document.add_paragraph(f"J'ai reçu un homme {LONG}.")
    document.add_paragraph(f"Puis je l'ai revu {LONG}.")
    document.add_paragraph("")
    document.add_paragraph(f"Une autre fois, j'ai animé un atelier {LONG}.")
    draft = read_draft(save(document, tmp_path / "blocs.docx"))
    assert [s.title for s in draft.sections] == ["Première situation", None]
    assert draft.sections[0].text.count("\n\n") == 1


def _tracked(kind: str, words: str):  # type: ignore[no-untyped-def]
    """A tracked change (``w:ins`` or ``w:del``) holding one run of text, as Word writes it."""
    change, run, text = OxmlElement(kind), OxmlElement("w:r"), OxmlElement("w:t")
    text.text = words
    run.append(text)
    change.append(run)
    return change


def test_tables_and_tracked_insertions_are_read_and_deletions_left_out(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Situation en tableau", level=1)
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Contexte"
    table.rows[0].cells[1].text = f"J'ai accompagné une dame {LONG}."
    paragraph = document.add_paragraph("Texte gardé ")
    paragraph._p.append(_tracked("w:ins", "inséré"))
    paragraph._p.append(_tracked("w:del", "SUPPRIMÉ"))
    draft = read_draft(save(document, tmp_path / "tableau.docx"))
    [section] = draft.sections
    assert "Contexte | J'ai accompagné une dame" in section.text, "not a context table: a line of cells"
    assert "Texte gardé inséré" in section.text and "SUPPRIMÉ" not in section.text


def add_table(document: docx.document.Document, rows: list[list[str]]):  # type: ignore[no-untyped-def]
    table = document.add_table(rows=len(rows), cols=max(len(r) for r in rows))
    for row, texts in zip(table.rows, rows, strict=True):
        for cell, text in zip(row.cells, texts, strict=False):
            cell.text = text
    return table


def test_a_context_table_under_each_situation_heading_fills_the_situations_context(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Situation 1 : une famille à l'accueil", level=1)
    add_table(
        document,
        [
            ["Structure", "CCAS de Lyon"],
            ["Bénéficiaires :", "une mère et ses deux enfants"],
            ["PÉRIODE", "hiver 2021"],
            ["Rôle / Fonction / Poste", "conseillère en insertion"],
            ["Durée", "trois mois"],
        ],
    )
    document.add_paragraph(f"J'ai accueilli une famille {LONG}.")
    document.add_heading("Situation 2 : le réseau", level=1)
    add_table(
        document, [["Lieu", "Dates", "Mon rôle", "Personnes accompagnées"], ["Mission locale", "2019", "", "jeunes"]]
    )
    document.add_paragraph(f"J'anime le réseau des partenaires {LONG}.")
    draft = read_draft(save(document, tmp_path / "contextes.docx"))

    first, second = draft.sections
    assert first.context == {
        "structure": "CCAS de Lyon",
        "public": "une mère et ses deux enfants",
        "period": "hiver 2021",
        "role": "conseillère en insertion",
    }
    assert first.text.startswith("Durée | trois mois\n\nJ'ai accueilli"), "an unknown row stays in the text"
    assert "CCAS" not in first.text
    assert second.context == {"structure": "Mission locale", "period": "2019", "public": "jeunes"}
    assert second.text.startswith("J'anime"), f"the header row is not text: {second.text[:60]}"


def test_a_table_that_is_not_a_context_keeps_every_word_once_even_with_merged_cells(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("Situation 3 : le suivi", level=1)
    document.add_paragraph(f"J'ai suivi un jeune pendant six mois {LONG}.")
    table = add_table(
        document,
        [["Date", "Action", "Résultat"], ["12 mars", "visite à domicile", ""], ["20 mars", "réunion", "accord"]],
    )
    table.cell(0, 0).merge(table.cell(0, 1)).text = "Date et action"
    table.cell(1, 2).merge(table.cell(2, 2)).text = "relogé"
    add_table(document, [["Public : familles monoparentales", ""]])
    draft = read_draft(save(document, tmp_path / "suivi.docx"))

    [section] = draft.sections
    assert section.context == {}
    assert section.text.endswith(
        "Date et action | Résultat\n12 mars | visite à domicile | relogé\n20 mars | réunion"
        "\n\nPublic : familles monoparentales"
    ), section.text
    assert section.text.count("relogé") == 1 and section.text.count("Date et action") == 1


def test_a_context_table_alone_between_blank_lines_goes_to_the_situation_that_follows(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Une visite à domicile")
    document.add_paragraph("")
    add_table(document, [["Établissement", "Foyer Adoma"], ["Public", "un homme seul"]])
    document.add_paragraph("")
    document.add_paragraph(f"Je me suis rendue chez lui {LONG}.")
    [section] = read_draft(save(document, tmp_path / "sans_titres.docx")).sections
    assert section.title == "Une visite à domicile"
    assert section.context == {"structure": "Foyer Adoma", "public": "un homme seul"}


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("Lieu", "structure"),
        ("l'établissement", "structure"),
        ("Employeur :", "structure"),
        ("Public concerné", "public"),
        ("Personnes accompagnées", "public"),
        ("Date(s)", "period"),
        ("Quand ?", "period"),
        ("MON RÔLE", "role"),
        ("Fonction / poste", "role"),
        ("Lieu et date", None),
        ("Public : des familles", None),
        ("Contexte", None),
        ("Ce que j'ai fait", None),
    ],
)
def test_context_labels_are_read_whatever_their_accents_case_or_synonym(label: str, expected: str | None) -> None:
    assert context_field(label) == expected


def test_importing_a_draft_adds_matched_situations(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_heading("L'accueil", level=1)
    document.add_paragraph(f"J'ai accueilli et écouté une dame {LONG}.")
    document.add_heading("Le compte rendu", level=1)
    document.add_paragraph(f"J'ai rédigé un compte rendu {LONG}.")
    ref = mini_referential()
    dossier = ops.new_dossier(ref, nom="M", prenom="L")
    draft = read_draft(save(document, tmp_path / "d.docx"))
    added = ops.import_draft(dossier, draft.sections, match=KeywordMatcher(ref), referential=ref)
    assert added[0].context.is_empty
    assert [(s.id, s.title, s.counted_tasks) for s in added] == [
        ("s1", "L'accueil", ["1.1"]),
        ("s2", "Le compte rendu", ["6.1"]),
    ]


def _zip(path: Path, files: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (lambda p: p.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600), "ancien format"),
        (lambda p: p.write_text("Juste du texte", encoding="utf-8"), "pas un document Word"),
        (lambda p: _zip(p, {"mimetype": b"application/vnd.oasis.opendocument.text"}), "OpenDocument"),
        (lambda p: _zip(p, {"bonjour.txt": b"salut"}), "pas un document Word lisible"),
        (lambda p: p.write_bytes(b""), "pas un document Word"),
        (lambda p: None, "introuvable"),
    ],
    ids=["doc", "text", "odt", "zip", "empty", "missing"],
)
def test_what_is_not_a_word_draft_gets_a_french_message(tmp_path: Path, make, expected: str) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "brouillon.docx"
    make(path)
    with pytest.raises(InputError, match=expected):
        read_draft(path)


def test_a_livret_written_by_the_assistant_is_not_imported_as_a_draft(tmp_path: Path, casp) -> None:
    """Importing the exported livret (edited in Word, say) made 45 situations of the example's cover, table of
    contents and competencies."""
    from vae_assistant.dossier.storage import load_dossier
    from vae_assistant.livret import build_livret

    example = Path(__file__).resolve().parents[1] / "examples" / "dossier-exemple.vae.json"
    livret = build_livret(load_dossier(example), casp, tmp_path / "livret2.docx")
    with pytest.raises(InputError, match="est un livret écrit par vae-assistant, pas un brouillon") as refused:
        read_draft(livret)
    assert "n'a pas été modifié" in str(refused.value)
    # where a passage corrected in Word goes: the situation's narrative, which the Situations screen edits (r)
    assert "récit de la situation (écran Situations, F8, touche r)" in str(refused.value)


def test_a_docx_missing_its_parts_is_reported_without_python_names(tmp_path: Path) -> None:
    path = tmp_path / "brouillon.docx"
    _zip(path, {"word/document.xml": b"<w:document/>"})
    with pytest.raises(InputError, match="pas un document Word lisible") as refused:
        read_draft(path)
    assert "Error" not in str(refused.value)  # it read « (KeyError) »


def test_a_truncated_docx_is_reported(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("Bonjour " * 50)
    whole = save(document, tmp_path / "ok.docx").read_bytes()
    broken = tmp_path / "coupe.docx"
    broken.write_bytes(whole[: len(whole) // 2])
    with pytest.raises(InputError, match="Word"):
        read_draft(broken)
