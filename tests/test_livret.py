"""The Word livret: what a jury reads, read back with python-docx (and LibreOffice when it is installed)."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest
from docx import Document
from docx.oxml.ns import qn

from vae_assistant.cli import main
from vae_assistant.dossier import operations as ops
from vae_assistant.dossier.model import Dossier, Experience
from vae_assistant.dossier.storage import encode, load_dossier
from vae_assistant.errors import VaeError
from vae_assistant.livret import build_livret, render_livret
from vae_assistant.livret.parcours import totals
from vae_assistant.livret.sanitise import NBSP, french_spacing, paragraphs

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "dossier-exemple.vae.json"
DAY = date(2025, 3, 20)


@pytest.fixture
def sample() -> Dossier:
    return load_dossier(EXAMPLE)


def read(data: bytes):
    return Document(io.BytesIO(data))


def texts(document) -> list[str]:
    """Every paragraph's text in body order, table cells included."""
    body = document.element.body
    return ["".join(t.text or "" for t in p.iter(qn("w:t"))) for p in body.iter(qn("w:p"))]


def headings(document, level: int) -> list[str]:
    return [p.text for p in document.paragraphs if p.style.name == f"Heading {level}"]


def test_a_jury_reads_every_narrative_word_for_word_under_the_blocs(sample: Dossier, casp) -> None:
    document = read(render_livret(sample, casp, "jury", today=DAY))
    all_text = texts(document)
    for situation in sample.situations:
        for line in paragraphs(situation.narrative):
            assert french_spacing(line) in all_text, line[:60]
    assert headings(document, 1)[:2] == ["Identité et parcours", "Bloc 1 — " + casp.bloc("B1").title]
    assert headings(document, 1)[-3:] == [
        "Synthèse de couverture",
        "Attestation sur l'honneur",
        "Pièces justificatives",
    ]
    assert "Activités transversales" in headings(document, 1)
    situations = [h for h in headings(document, 3) if h.startswith("Situation ")]
    assert len(situations) == len(sample.situations)
    assert situations[0] == "Situation 1 — Premier accueil d'une femme sans ressources au guichet"
    assert "🙂" in " ".join(all_text)  # emoji kept


def test_the_cover_parcours_and_coverage_table_are_there(sample: Dossier, casp) -> None:
    document = read(render_livret(sample, casp, "jury", today=DAY))
    all_text = texts(document)
    assert "Livret 2" in all_text and "Camille Martin" in all_text and "Le 20 mars 2025" in all_text
    assert any("RNCP 7426" in t and "CNAM" in t for t in all_text)
    parcours = document.tables[1]
    assert [c.text for c in parcours.rows[0].cells] == ["Période", "Structure", "Fonction", "Nature", "Durée (mois)"]
    # most recent first; ongoing since 2019-09 → March 2025 = 67 months
    assert [c.text for c in parcours.rows[1].cells][-1] == "18"
    assert any(row.cells[-1].text == "67" for row in parcours.rows)
    assert any(t.startswith(f"Expérience totale{NBSP}: ") for t in all_text)
    synthesis = document.tables[-2]
    header = synthesis.rows[0]._tr
    assert header.find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
    assert len(synthesis.rows) == 1 + len(casp.tasks) + 6  # header, tasks, 5 blocs + transversal rows
    assert any(row.cells[0].text == "1.4" and row.cells[-1].text != "—" for row in synthesis.rows)


def test_headers_footers_toc_language_and_properties_are_set(sample: Dossier, casp) -> None:
    document = read(render_livret(sample, casp, "jury", today=DAY))
    section = document.sections[0]
    assert round(section.page_width.cm, 1) == 21.0 and round(section.page_height.cm, 1) == 29.7
    assert section.different_first_page_header_footer
    assert "Camille Martin" in section.header.paragraphs[0].text
    footer = section.footer.paragraphs[0]._p.xml
    assert "PAGE" in footer and "NUMPAGES" in footer and "Page " in section.footer.paragraphs[0].text
    body = document.element.body.xml
    assert 'TOC \\o "1-3" \\h \\z \\u' in body and 'w:anchor="_Toc' in body
    assert document.settings.element.find(qn("w:updateFields")) is not None
    lang = document.styles.element.find(qn("w:docDefaults")).find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:lang')}")
    assert lang.get(qn("w:val")) == "fr-FR"
    assert document.styles["Heading 1"].element.rPr.find(qn("w:lang")).get(qn("w:val")) == "fr-FR"
    assert {"toc 1", "toc 2", "toc 3"} <= {s.name for s in document.styles}
    props = document.core_properties
    assert props.author == "Camille Martin" and props.title.startswith("Livret 2 — Chargé")
    assert props.created.year == 2025 and props.language == "fr-FR" and "python-docx" not in (props.comments or "")


def test_the_counsellor_version_only_adds_gaps_and_comments(sample: Dossier, casp) -> None:
    jury = [t for t in texts(read(render_livret(sample, casp, "jury", today=DAY))) if t]
    counsellor = [t for t in texts(read(render_livret(sample, casp, "accompagnateur", today=DAY))) if t]
    remaining = iter(counsellor)
    assert all(any(t == c for c in remaining) for t in jury), "the jury's text must be a subsequence"
    added = "\n".join(counsellor)
    assert "Points à travailler (version accompagnateur)" in added
    assert "précisez la durée de l'entretien" in added and "Le bloc 5 manque encore" in added
    assert "précisez la durée" not in "\n".join(jury) and "Points à travailler" not in "\n".join(jury)


def test_the_counsellors_gaps_speak_of_the_counsellor_not_to_the_candidate(sample: Dossier, casp) -> None:
    ops.add_comment(sample, author="Karim", text="Précisez.", status="a_completer", task_id="3.4")
    counsellor = "\n".join(texts(read(render_livret(sample, casp, "accompagnateur", today=DAY))))
    assert "(Suivi du projet d'insertion)\u00a0: à compléter selon l'accompagnateur." in counsellor
    assert "votre accompagnateur" not in counsellor


def test_french_typography_no_line_starts_with_a_colon_or_a_closing_guillemet(sample: Dossier, casp) -> None:
    """A jury saw « Association d'insertion « » at the end of a table line and « Tremplin » » on the next, and a
    lone « ; » starting a line of the referential's competencies: every space before : ; ! ? » and after « is
    non-breaking, in the assistant's text, the referential's and the candidate's (whose words stay the same)."""
    document = read(render_livret(sample, casp, "jury", today=DAY))
    all_text = texts(document) + [p.text for p in document.sections[0].header.paragraphs]
    breakable = [t for t in all_text if re.search(r" [:;!?»]|« |\d %", t)]
    assert breakable == []
    assert f"Association d'insertion «{NBSP}Tremplin{NBSP}»" in all_text
    assert any(t.startswith(f"Expérience totale{NBSP}:") for t in all_text)
    assert any(f"reformulé sa demande{NBSP}: elle venait" in t for t in all_text)  # the candidate's own colon
    assert any(f"Cette situation montre aussi{NBSP}: tâches" in t for t in all_text)
    toc = document.element.body.xml.split("Table des matières", 1)[1]
    assert f"2.4.a{NBSP}: Préparation" in toc  # headings and their table-of-contents entries alike


def test_french_spacing_turns_existing_spaces_only() -> None:
    assert french_spacing("Elle a dit « non » : voilà ; bien ? oui ! 50 %") == (
        f"Elle a dit «{NBSP}non{NBSP}»{NBSP}: voilà{NBSP}; bien{NBSP}? oui{NBSP}! 50{NBSP}%"
    )
    assert french_spacing("Note: «non» 50%, http://x.fr/?a") == "Note: «non» 50%, http://x.fr/?a"
    assert french_spacing("deux  : espaces") == f"deux{NBSP}: espaces"


NOTE = "Si les numéros de page manquent"


def test_the_jury_reads_no_instructions_to_update_the_page_numbers_once_they_are_computed(
    sample: Dossier, casp, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The note « Si les numéros de page manquent… clic droit sur la table… » was printed in the jury's copy even
    when the export had computed the numbers; it stays only when they are not there."""
    from vae_assistant.livret import builder

    def joined(data: bytes) -> str:
        return "\n".join(texts(read(data)))

    assert NOTE in joined(render_livret(sample, casp, "jury", today=DAY, paginate=False))
    monkeypatch.setattr(builder, "_measure_pages", lambda document, toc: dict.fromkeys(toc.bookmarks, 3))
    computed = joined(render_livret(sample, casp, "jury", today=DAY, paginate=True))
    assert NOTE not in computed and "Table des matières" in computed

    def no_libreoffice(document, toc):  # type: ignore[no-untyped-def]
        raise VaeError("LibreOffice n'a pas pu convertir sonde.docx en PDF.")

    monkeypatch.setattr(builder, "_measure_pages", no_libreoffice)
    notices: list[str] = []
    failed = read(render_livret(sample, casp, "jury", today=DAY, paginate=True, notices=notices))
    all_text = texts(failed)
    assert any(t.startswith(NOTE) for t in all_text) and notices
    toc_end = all_text.index(next(t for t in all_text if t.startswith(NOTE)))
    assert all_text[toc_end - 1].startswith("Pièces justificatives")  # back in its place, under the last entry


def test_the_same_dossier_always_gives_the_same_file(sample: Dossier, casp) -> None:
    first = render_livret(sample, casp, "jury", today=DAY)
    assert render_livret(load_dossier(EXAMPLE), casp, "jury", today=DAY) == first
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2025, 3, 14, 9, 30, 0)}


def test_characters_xml_cannot_hold_are_dropped_and_the_rest_kept_verbatim(sample: Dossier, casp) -> None:
    situation = sample.situations[0]
    # a file edited by hand can carry what the dossier would have cleaned on input
    situation.__dict__["narrative"] = "Bonjour\x00 la\x0b dame\uffff 🧑‍🤝‍🧑 𝔘nicode\nDeuxième ligne\r\nTroisième"
    all_text = texts(read(render_livret(sample, casp, "jury", today=DAY)))
    assert "Bonjour la dame 🧑‍🤝‍🧑 𝔘nicode" in all_text
    assert "Deuxième ligne" in all_text and "Troisième" in all_text


def test_a_one_megabyte_narrative_is_kept_whole(sample: Dossier, casp) -> None:
    line = "J'ai accompagné la personne dans ses démarches et nous avons fait le point chaque semaine. "
    narrative = "\n\n".join(line * 10 for _ in range(1_100))
    assert len(narrative.encode()) > 1_000_000
    sample.situations[2].narrative = narrative
    all_text = texts(read(render_livret(sample, casp, "jury", today=DAY)))
    assert all_text.count((line * 10).rstrip()) == 1_100


def test_a_dossier_without_situations_says_what_is_missing(sample: Dossier, casp) -> None:
    sample.situations = []
    sample.comments = []
    document = read(render_livret(sample, casp, "jury", today=DAY))
    all_text = texts(document)
    assert any(t.startswith("Ce livret ne contient encore aucune situation.") for t in all_text)
    assert all_text.count("Aucune situation de ce livret ne se rapporte à ce bloc.") == len(casp.blocs)
    assert "Non couvert" in all_text and not [h for h in headings(document, 3) if h.startswith("Situation")]


def test_the_jury_reads_what_a_part_lacks_as_a_fact_and_the_counsellor_what_is_left_to_do(
    sample: Dossier, casp
) -> None:
    """The jury's copy read « Aucune situation du dossier ne se rapporte encore à ce bloc » and « … n'est encore
    renseignée dans le dossier »: the tool's words for a draft, in a document a candidate aiming at some blocs
    only sends as it is."""
    sample.situations = sample.situations[:1]  # a welcome at the front desk: nothing for blocs 3 to 5
    sample.experiences, sample.trainings, sample.pieces, sample.comments = [], [], [], []
    jury = "\n".join(texts(read(render_livret(sample, casp, "jury", today=DAY))))
    assert "encore" not in jury and "du dossier" not in jury and "dans le dossier" not in jury
    assert "Aucune situation de ce livret ne se rapporte à ce bloc." in jury
    assert "Aucune formation n'est renseignée." in jury and "n'est jointe à ce livret" in jury
    counsellor = "\n".join(texts(read(render_livret(sample, casp, "accompagnateur", today=DAY))))
    assert "Aucune situation du dossier ne se rapporte encore à ce bloc." in counsellor
    assert "Aucune formation n'est encore renseignée dans le dossier." in counsellor


def test_a_failed_export_leaves_the_previous_livret_untouched(sample: Dossier, casp, tmp_path: Path) -> None:
    target = build_livret(sample, casp, tmp_path / "livret.docx", today=DAY)
    previous = target.read_bytes()

    def broken(*args: object, **kwargs: object) -> bytes:
        raise RuntimeError("disk gone")

    with pytest.raises(RuntimeError):
        build_livret(sample, casp, target, render=broken)
    assert target.read_bytes() == previous and sorted(tmp_path.iterdir()) == [target]
    with pytest.raises(VaeError, match="n'existe pas"):
        build_livret(sample, casp, tmp_path / "absent" / "livret.docx")
    with pytest.raises(VaeError, match=r"\.docx"):
        build_livret(sample, casp, tmp_path / "dossier.vae.json")
    written = build_livret(sample, casp, target, today=DAY)
    assert written == target and target.read_bytes()[:2] == b"PK" and (target.stat().st_mode & 0o777) == 0o600


def test_a_full_disk_is_told_as_such_not_as_a_livret_open_in_word(
    sample: Dossier, casp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """On a full disk the hint read « Fermez-le s'il est ouvert dans Word »."""
    import errno
    import os

    target = build_livret(sample, casp, tmp_path / "livret.docx", today=DAY)
    previous = target.read_bytes()

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(VaeError, match="le disque est plein") as refused:
        build_livret(sample, casp, target, today=DAY)
    assert "Libérez de la place" in str(refused.value) and "Word" not in str(refused.value)
    assert target.read_bytes() == previous and sorted(tmp_path.iterdir()) == [target]


def test_exporting_onto_the_candidates_word_draft_by_mistake_keeps_the_draft(
    sample: Dossier, casp, tmp_path: Path, capsys
) -> None:
    draft = tmp_path / "brouillon.docx"
    Document().save(str(draft))
    before = draft.read_bytes()
    dossier = tmp_path / "d.vae.json"
    dossier.write_bytes(encode(sample))
    code = main(["export", str(dossier), "-o", str(draft), "--sans-pagination"])
    assert code == 2 and draft.read_bytes() == before
    assert "n'est pas un livret" in capsys.readouterr().err
    assert main(["export", str(dossier), "-o", str(draft), "--sans-pagination", "--force"]) == 0
    assert draft.read_bytes() != before
    # A livret written earlier is simply brought up to date.
    assert main(["export", str(dossier), "-o", str(draft), "--sans-pagination", "--date", "2025-01-02"]) == 0


def test_a_certifier_template_gives_its_styles_and_none_of_its_text(sample: Dossier, casp, tmp_path: Path) -> None:
    template = Document()
    template.styles["Heading 1"].font.name = "Georgia"
    template.add_paragraph("Texte d'exemple du certificateur à ne pas garder")
    path = tmp_path / "modele.docx"
    template.save(str(path))
    document = read(render_livret(sample, casp, "jury", template=path, today=DAY))
    assert document.styles["Heading 1"].font.name == "Georgia"
    assert "Texte d'exemple du certificateur à ne pas garder" not in texts(document)
    assert "Identité et parcours" in headings(document, 1)
    bad = tmp_path / "faux.docx"
    bad.write_text("pas un docx")
    with pytest.raises(VaeError, match="modèle Word") as refused:
        render_livret(sample, casp, "jury", template=bad, today=DAY)
    assert "ce n'est pas un document Word (.docx ou .dotx)" in str(refused.value)
    assert "zip" not in str(refused.value)  # python-docx's English reason stays out of the message


def test_durations_count_calendar_months_and_overlaps_once() -> None:
    def job(start: str, end: str, kind: str = "job") -> Experience:
        return Experience(id="e1", kind=kind, employer="X", position="Y", start=start, end=end)

    assert totals([job("2009", "2012")], DAY).months == 48
    assert totals([job("2015-03", "2019-06")], DAY).months == 52
    both = totals([job("2015-01", "2015-12"), job("2015-07", "2016-06", "volunteering")], DAY)
    assert both.months == 18 and both.by_kind == {"job": 12, "volunteering": 12}
    # two jobs held together: the time of employment counts their months once, never more than the total
    # (the example livret read « Expérience totale : 154 mois — dont emploi : 170 mois »)
    jobs = totals([job("2019-09", "2023-06"), job("2022-01", "2023-06"), job("2016", "2020", "volunteering")], DAY)
    assert jobs.by_kind == {"job": 46, "volunteering": 60} and jobs.months == 90
    assert all(months <= jobs.months for months in jobs.by_kind.values())


def test_the_export_command_writes_the_livret_and_refuses_a_bad_path(tmp_path: Path, capsys) -> None:
    dossier = tmp_path / "d.vae.json"
    dossier.write_bytes(encode(load_dossier(EXAMPLE)))
    out = tmp_path / "livret.docx"
    code = main(["export", str(dossier), "-o", str(out), "--date", "2025-03-20", "--sans-pagination"])
    assert code == 0 and out.is_file()
    assert "Livret écrit (version jury)" in capsys.readouterr().out
    assert main(["export", str(dossier), "-o", str(tmp_path / "nope" / "l.docx"), "--sans-pagination"]) == 2
    assert "n'existe pas" in capsys.readouterr().err
    assert main(["export", str(dossier), "--date", "hier", "--sans-pagination"]) == 2


@pytest.mark.skipif(not (shutil.which("soffice") and shutil.which("pdftotext")), reason="LibreOffice not installed")
def test_libreoffice_renders_the_livret_with_a_filled_toc_and_page_numbers(
    sample: Dossier, casp, tmp_path: Path
) -> None:
    from vae_assistant.livret.paginate import convert_to_pdf, pdf_pages_text

    path = build_livret(sample, casp, tmp_path / "livret.docx", today=DAY, paginate=True)
    pages = pdf_pages_text(convert_to_pdf(path, tmp_path))
    count = len([p for p in pages if p.strip()])
    assert count > 10
    toc = pages[1]
    assert "Table des matières" in toc and "Identité et parcours" in toc
    found = re.search(r"Identité et parcours\s*\.{5,}\s*(\d+)", toc)
    assert found, "the TOC entry has its page number"
    page = int(found.group(1))
    assert "Identité et parcours" in pages[page - 1] and "Le candidat" in pages[page - 1]
    assert f"Page 2 / {count}" in pages[1]
    whole = "\n".join(pages)
    for situation in sample.situations:
        assert situation.title[:30] in whole
    info = subprocess.run(["pdfinfo", str(tmp_path / "livret.pdf")], capture_output=True, text=True, check=False)
    assert f"Pages:          {count}" in info.stdout or str(count) in info.stdout


def test_export_on_the_command_line_names_the_situations_whose_paragraphs_do_not_stand_alone(
    sample: Dossier, tmp_path: Path, capsys
) -> None:
    # QA pass 7: a follow-up answer (« le site de la caf et mes-droits-sociaux, … ») became a paragraph of the
    # jury's livret without the question it answered; the livret prints it as written, the candidate is told
    dossier = tmp_path / "d.vae.json"
    dossier.write_bytes(encode(sample))
    assert main(["export", str(dossier), "-o", str(tmp_path / "l.docx"), "--sans-pagination"]) == 0
    assert "ne se lit pas seul" not in capsys.readouterr().err  # the example reads well
    answer = "le site de la caf et mes-droits-sociaux, et j'ai appeler ma collegue"
    situation = sample.situations[1]
    situation.narrative += f"\n\n{answer}"
    dossier.write_bytes(encode(sample))
    assert main(["export", str(dossier), "-o", str(tmp_path / "l2.docx"), "--sans-pagination"]) == 0
    err = capsys.readouterr().err
    assert f"Attention : 1 paragraphe ne se lit pas seul ({situation.id} ; dossier check)." in err
    assert answer in "\n".join(p.text for p in read((tmp_path / "l2.docx").read_bytes()).paragraphs)  # as written


def test_export_on_the_command_line_says_how_many_recognised_tasks_await_a_decision(
    sample: Dossier, tmp_path: Path, capsys
) -> None:
    from vae_assistant.livret.naming import undecided_tasks

    dossier = tmp_path / "d.vae.json"
    dossier.write_bytes(encode(sample))
    count = undecided_tasks(sample)
    assert count > 1  # the example's candidate confirmed two tasks and rejected one
    assert main(["export", str(dossier), "-o", str(tmp_path / "l.docx"), "--sans-pagination"]) == 0
    err = capsys.readouterr().err
    assert f"Remarque : {count} tâches repérées attendent votre avis (dossier show, puis dossier confirm" in err
    # the counsellor's copy: « votre avis » would speak to the counsellor, whose version lists the gaps anyway
    counsellor = ["-o", str(tmp_path / "a.docx"), "--sans-pagination", "--version", "accompagnateur"]
    assert main(["export", str(dossier), *counsellor]) == 0
    assert "attendent votre avis" not in capsys.readouterr().err
