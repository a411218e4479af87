"""The bits of WordprocessingML that python-docx has no API for: fields, bookmarks, internal hyperlinks, the TOC.

Fields are written as complex fields (``begin`` / instruction / ``separate`` / cached result / ``end``) because
that is what both Word and LibreOffice evaluate: PAGE and NUMPAGES for the footer, PAGEREF for the page of a
heading. The table of contents is a real ``TOC`` field (Word regenerates it), whose cached result is written here
entry by entry — heading text hyperlinked to the heading's bookmark, then the page — because LibreOffice never
fills a TOC field on its own when it converts or opens a file (see ``shared/notes/livret.md``).
"""

from __future__ import annotations

from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph

TOC_INSTRUCTION = 'TOC \\o "1-3" \\h \\z \\u'


def _run(*children: object, rpr_style: str | None = None) -> object:
    run = OxmlElement("w:r")
    if rpr_style:
        rpr = OxmlElement("w:rPr")
        style = OxmlElement("w:rStyle")
        style.set(qn("w:val"), rpr_style)
        rpr.append(style)
        run.append(rpr)
    for child in children:
        run.append(child)
    return run


def _fld_char(kind: str, dirty: bool = False) -> object:
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), kind)
    if dirty:
        char.set(qn("w:dirty"), "true")
    return char


def _instr(instruction: str) -> object:
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    return instr


def text_element(text: str) -> object:
    element = OxmlElement("w:t")
    element.set(qn("xml:space"), "preserve")
    element.text = text
    return element


def field_runs(instruction: str, cached: str, *, style: str | None = None) -> tuple[list[object], object]:
    """The runs of a complete field and the ``w:t`` holding its cached result (to fill in later)."""
    result = text_element(cached)
    runs = [
        _run(_fld_char("begin"), rpr_style=style),
        _run(_instr(instruction), rpr_style=style),
        _run(_fld_char("separate"), rpr_style=style),
        _run(result, rpr_style=style),
        _run(_fld_char("end"), rpr_style=style),
    ]
    return runs, result


def add_field(paragraph: Paragraph, instruction: str, cached: str) -> None:
    """Append a field (``PAGE``, ``NUMPAGES`` …) to a paragraph; ``cached`` shows until the viewer computes it."""
    runs, _ = field_runs(instruction, cached)
    for run in runs:
        paragraph._p.append(run)


def add_bookmark(paragraph: Paragraph, name: str, number: int) -> None:
    """Bookmark the whole paragraph (a heading) so that TOC entries and cross-references can point at it."""
    start = OxmlElement("w:bookmarkStart")
    start.set(qn("w:id"), str(number))
    start.set(qn("w:name"), name)
    end = OxmlElement("w:bookmarkEnd")
    end.set(qn("w:id"), str(number))
    ppr = paragraph._p.pPr
    if ppr is not None:
        ppr.addnext(start)
    else:
        paragraph._p.insert(0, start)
    paragraph._p.append(end)


def add_internal_link(paragraph: Paragraph, text: str, anchor: str, *, style: str | None = "Hyperlink") -> None:
    """Append ``text`` as a link to the bookmark ``anchor`` (python-docx cannot create hyperlinks)."""
    link = OxmlElement("w:hyperlink")
    link.set(qn("w:anchor"), anchor)
    link.set(qn("w:history"), "1")
    link.append(_run(text_element(text), rpr_style=style))
    paragraph._p.append(link)


class TocWriter:
    """Writes the TOC field's cached result: one paragraph per heading, in document order.

    ``entry`` is called for every heading as the document is built; :meth:`finish` closes the field. The page
    numbers are unknown until the document has been laid out once: :meth:`set_pages` fills them in from a
    rendering (see :mod:`vae_assistant.livret.paginate`); until then an entry shows no number, and Word offers
    to update the table on opening (``w:updateFields``).
    """

    def __init__(self, anchor_paragraph: Paragraph, style_ids: dict[int, str]) -> None:
        self._anchor = anchor_paragraph  # an empty paragraph where the field begins; entries go after it
        self._last = anchor_paragraph._p
        self._style_ids = style_ids
        self._pages: dict[str, tuple[object, object]] = {}
        self._first = True
        begin = [_run(_fld_char("begin", dirty=True)), _run(_instr(TOC_INSTRUCTION)), _run(_fld_char("separate"))]
        for run in begin:
            anchor_paragraph._p.append(run)

    def entry(self, level: int, text: str, bookmark: str) -> None:
        paragraph = OxmlElement("w:p")
        ppr = OxmlElement("w:pPr")
        style = OxmlElement("w:pStyle")
        style.set(qn("w:val"), self._style_ids[level])
        ppr.append(style)
        paragraph.append(ppr)
        link = OxmlElement("w:hyperlink")
        link.set(qn("w:anchor"), bookmark)
        link.set(qn("w:history"), "1")
        link.append(_run(text_element(text)))
        tab = _run(OxmlElement("w:tab"))
        runs, result = field_runs(f"PAGEREF {bookmark} \\h", "")
        paragraph.append(link)
        self._pages[bookmark] = (tab, runs, result, link)  # type: ignore[assignment]
        self._last.addnext(paragraph)
        self._last = paragraph

    def finish(self) -> None:
        self._last.append(_run(_fld_char("end")))

    @property
    def bookmarks(self) -> list[str]:
        return list(self._pages)

    def set_pages(self, pages: dict[str, int]) -> None:
        """Write each entry's page: a tab (dot leader) then a PAGEREF field whose cached result is the page.

        Called twice when paginating: first with placeholders so that the probe is laid out like the final
        document, then with the pages read from it.
        """
        for bookmark, (tab, runs, result, link) in self._pages.items():  # type: ignore[misc]
            if bookmark not in pages:
                continue
            result.text = str(pages[bookmark])
            if tab.getparent() is None:
                link.append(tab)
                for run in runs:
                    link.append(run)


# Elements that follow w:updateFields in CT_Settings (ECMA-376 part 1, 17.15.1.78): it must come before them.
_AFTER_UPDATE_FIELDS = (
    "w:hdrShapeDefaults",
    "w:footnotePr",
    "w:endnotePr",
    "w:compat",
    "w:docVars",
    "w:rsids",
    "m:mathPr",
    "w:attachedSchema",
    "w:themeFontLang",
    "w:clrSchemeMapping",
    "w:doNotIncludeSubdocsInStats",
    "w:doNotAutoCompressPictures",
    "w:forceUpgrade",
    "w:captions",
    "w:readModeInkLockDown",
    "w:smartTagType",
    "w:shapeDefaults",
    "w:doNotEmbedSmartTags",
    "w:decimalSymbol",
    "w:listSeparator",
)


def enable_update_fields(settings: BaseOxmlElement) -> None:
    """Ask Word to update fields (the TOC and its pages) when the document opens.

    ``w:updateFields`` has a fixed place in the settings part (before ``w:compat`` and what follows it); put
    anywhere else, the file fails schema validation.
    """
    existing = settings.find(qn("w:updateFields"))
    if existing is None:
        existing = OxmlElement("w:updateFields")
        following = [settings.find(qn(tag)) for tag in _AFTER_UPDATE_FIELDS]
        following = [element for element in following if element is not None]
        if following:
            first = min(following, key=lambda element: settings.index(element))
            first.addprevious(existing)
        else:
            settings.append(existing)
    existing.set(qn("w:val"), "true")
