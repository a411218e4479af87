"""Appending paragraphs, headings and tables to the livret's body, fast and always through named styles.

python-docx's ``add_paragraph`` and ``add_table`` look for the section properties at the end of the body on every
call, which grows with the document; a 100-situation livret has thousands of blocks. The writer therefore
detaches the final ``w:sectPr`` while it appends plain elements, and puts it back in :meth:`Writer.close`.
Text always goes through :func:`~vae_assistant.livret.sanitise.xml_safe` and
:func:`~vae_assistant.livret.sanitise.french_spacing`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from docx.document import Document as DocumentObject
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Length
from docx.text.paragraph import Paragraph

from vae_assistant.livret.fields import TocWriter, add_bookmark, add_internal_link, text_element
from vae_assistant.livret.sanitise import french_spacing, one_line, xml_safe
from vae_assistant.livret.styles import ACCENT_HEX, LIGHT_FILL, Styles

BORDER_COLOR = "A9B4C2"


@dataclass(frozen=True)
class Run:
    """A piece of a paragraph: plain, bold or italic, or a link to a bookmark."""

    text: str
    bold: bool = False
    italic: bool = False
    link: str | None = None


Content = str | Sequence[Run]


def _set(element: BaseOxmlElement, **attributes: str) -> BaseOxmlElement:
    for key, value in attributes.items():
        element.set(qn(f"w:{key}"), value)
    return element


def _el(tag: str, **attributes: str) -> BaseOxmlElement:
    return _set(OxmlElement(f"w:{tag}"), **attributes)


def _run(text: str, *, bold: bool = False, italic: bool = False) -> BaseOxmlElement:
    run = _el("r")
    if bold or italic:
        rpr = _el("rPr")
        if bold:
            rpr.append(_el("b"))
        if italic:
            rpr.append(_el("i"))
        run.append(rpr)
    pieces = text.split("\t")
    for n, piece in enumerate(pieces):
        if n:
            run.append(_el("tab"))
        if piece:
            run.append(text_element(piece))
    return run


class Writer:
    """Builds the body of one document (see the module docstring)."""

    def __init__(self, document: DocumentObject, styles: Styles) -> None:
        self.document = document
        self.styles = styles
        self.body = document.element.body
        self.section = document.sections[-1]  # the body's own section: it stays usable while detached
        self._sect_pr = self.body.find(qn("w:sectPr"))
        if self._sect_pr is not None:
            self.body.remove(self._sect_pr)
        self._bookmarks = 0
        self.toc: TocWriter | None = None
        section = self.section
        self.text_width: Length = Length(section.page_width - section.left_margin - section.right_margin)

    def close(self) -> None:
        if self.toc is not None:
            self.toc.finish()
        if self._sect_pr is not None:
            self.body.append(self._sect_pr)
            self._sect_pr = None

    # -- paragraphs -----------------------------------------------------------------------------------------------

    def _paragraph_element(self, role: str, content: Content) -> BaseOxmlElement:
        p = _el("p")
        ppr = _el("pPr")
        ppr.append(_el("pStyle", val=self.styles.id(role)))
        p.append(ppr)
        self._fill(p, content)
        return p

    def _fill(self, p: BaseOxmlElement, content: Content) -> None:
        runs = [Run(content)] if isinstance(content, str) else content
        for run in runs:
            text = french_spacing(xml_safe(run.text))
            if not text:
                continue
            if run.link:
                add_internal_link(Paragraph(p, None), text, run.link, style=self.styles.id("hyperlink"))
            else:
                p.append(_run(text, bold=run.bold, italic=run.italic))

    def paragraph(self, role: str, content: Content = "") -> Paragraph:
        p = self._paragraph_element(role, content)
        self.body.append(p)
        return Paragraph(p, self.document._body)

    def page_break(self) -> None:
        """Start a new page (an explicit break: a template's headings may not break pages themselves)."""
        p = _el("p")
        run = _el("r")
        run.append(_el("br", type="page"))
        p.append(run)
        self.body.append(p)

    def heading(
        self, level: int, text: str, *, new_page: bool = False, in_toc: bool = True, bookmark: str | None = None
    ) -> str:
        """A heading, bookmarked and listed in the table of contents; returns its bookmark name.

        ``bookmark`` names it when links point at it before it is written (situations); otherwise ``_Toc…``.
        """
        title = french_spacing(one_line(text))
        paragraph = self.paragraph(f"heading{level}", title)
        if new_page:
            ppr = paragraph._p.pPr
            ppr.append(_el("pageBreakBefore"))
        self._bookmarks += 1
        name = bookmark or f"_Toc{self._bookmarks:06d}"
        add_bookmark(paragraph, name, self._bookmarks)
        if in_toc and self.toc is not None:
            self.toc.entry(level, title, name)
        return name

    def start_toc(self) -> TocWriter:
        anchor = self.paragraph("toc1")
        self.toc = TocWriter(anchor, {1: self.styles.id("toc1"), 2: self.styles.id("toc2"), 3: self.styles.id("toc3")})
        # entries are inserted after the anchor as headings are written; later body content goes after them
        return self.toc

    # -- tables ---------------------------------------------------------------------------------------------------

    def table(
        self,
        headers: Sequence[str] | None,
        rows: Sequence[Sequence[Content]],
        widths: Sequence[float],
        *,
        shaded_rows: Sequence[int] = (),
        merged_rows: Sequence[int] = (),
        label_column: bool = False,
    ) -> BaseOxmlElement:
        """A bordered table across the text width. ``widths`` are relative; a header row repeats on every page.

        ``merged_rows`` (indexes into ``rows``) span all columns with their first cell — the bloc rows of the
        coverage table; ``shaded_rows`` get the light fill. ``label_column`` sets the first column as labels
        (bold, shaded), for two-column key/value tables such as a situation's context.
        """
        total = sum(widths)
        twips = [int(self.text_width.twips * w / total) for w in widths]
        tbl = _el("tbl")
        tbl_pr = _el("tblPr")
        tbl_pr.append(_el("tblW", w="5000", type="pct"))
        borders = _el("tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            borders.append(_el(side, val="single", sz="4", space="0", color=BORDER_COLOR))
        tbl_pr.append(borders)
        tbl_pr.append(_el("tblLayout", type="fixed"))
        margins = _el("tblCellMar")
        for side, size in (("top", "45"), ("left", "90"), ("bottom", "45"), ("right", "90")):
            margins.append(_el(side, w=size, type="dxa"))
        tbl_pr.append(margins)
        tbl_pr.append(
            _el(
                "tblLook",
                val="04A0",
                firstRow="1",
                lastRow="0",
                firstColumn="0",
                lastColumn="0",
                noHBand="1",
                noVBand="1",
            )
        )
        tbl.append(tbl_pr)
        grid = _el("tblGrid")
        for width in twips:
            grid.append(_el("gridCol", w=str(width)))
        tbl.append(grid)
        if headers is not None:
            tbl.append(self._row(list(headers), twips, header=True))
        for n, row in enumerate(rows):
            merged = n in merged_rows
            tbl.append(
                self._row(
                    list(row),
                    twips,
                    fill=LIGHT_FILL if n in shaded_rows else None,
                    merged=merged,
                    label_column=label_column,
                )
            )
        self.body.append(tbl)
        # Word needs a paragraph between two tables, and the next heading reads better with air above it
        return tbl

    def _row(
        self,
        cells: list[Content],
        twips: list[int],
        *,
        header: bool = False,
        fill: str | None = None,
        merged: bool = False,
        label_column: bool = False,
    ) -> BaseOxmlElement:
        tr = _el("tr")
        if label_column:
            tr_pr = _el("trPr")
            tr_pr.append(_el("cantSplit"))
            tr.append(tr_pr)
        if header:
            tr_pr = _el("trPr")
            tr_pr.append(_el("cantSplit"))
            tr_pr.append(_el("tblHeader"))
            tr.append(tr_pr)
        if merged:
            cells, spans = cells[:1], [sum(twips)]
        else:
            spans = twips
        for n, (content, width) in enumerate(zip(cells, spans, strict=True)):
            tc = _el("tc")
            tc_pr = _el("tcW", w=str(width), type="dxa")
            props = _el("tcPr")
            props.append(tc_pr)
            if merged:
                props.append(_el("gridSpan", val=str(len(twips))))
            label = label_column and n == 0
            cell_fill = LIGHT_FILL if header or label else fill
            if cell_fill:
                props.append(_el("shd", val="clear", color="auto", fill=cell_fill))
            tc.append(props)
            role = "cell_head" if header or label or merged else "cell"
            paragraph = self._paragraph_element(role, content)
            if label_column:  # small key/value tables (a situation's context) stay on one page with what follows
                paragraph.pPr.append(_el("keepNext"))
            tc.append(paragraph)
            tr.append(tc)
        return tr


def accent_rule(paragraph: Paragraph, *, top: bool = False) -> None:
    """A thin accent line under (or over) a paragraph: the cover's only ornament."""
    ppr = paragraph._p.get_or_add_pPr()
    borders = _el("pBdr")
    borders.append(_el("top" if top else "bottom", val="single", sz="12", space="6", color=ACCENT_HEX))
    style = ppr.find(qn("w:pStyle"))
    (style.addnext if style is not None else ppr.append)(borders)
