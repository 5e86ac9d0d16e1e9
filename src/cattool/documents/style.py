"""The house style: every document starts from resources/documents/house-style.docx.

`HouseDocument` is the only way builders write: real Word headings (the navigation pane
works), tables whose header row repeats on every page, UK dates and money. It refuses
empty values (`MissingValue`), so a document can never go out with a blank where a fact
should be; the registry's requirements catch missing data before a builder runs, and this
is the backstop.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.table import Table
from docx.text.paragraph import Paragraph

from cattool.core.dates import format_date_long
from cattool.core.paths import resources_dir

REFERENCE = Path("documents") / "house-style.docx"
HEADER_SHADE = "DCE9EC"


class MissingValue(ValueError):
    """A builder asked for a value the case does not have (a registry requirement gap)."""


def reference_path() -> Path:
    return resources_dir() / REFERENCE


_REFERENCE_BYTES: bytes | None = None


def _reference_bytes() -> bytes:
    global _REFERENCE_BYTES
    if _REFERENCE_BYTES is None:
        _REFERENCE_BYTES = reference_path().read_bytes()
    return _REFERENCE_BYTES


def format_money(amount: Decimal | int | float | str) -> str:
    """'£25,000.00': pounds with thousands separators and pence, rounded half up."""
    value = Decimal(str(amount)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    sign = "-" if value < 0 else ""
    return f"{sign}£{abs(value):,.2f}"


def format_date(value: dt.date) -> str:
    """'2 March 2026'."""
    return format_date_long(value)


def format_percent(part: int, whole: int) -> str:
    """'53%': whole per cent, halves rounded up (as the Evidence page shows them)."""
    if not whole:
        return "n/a"
    share = (Decimal(100) * part / whole).quantize(Decimal(1), rounding=ROUND_HALF_UP)
    return f"{share}%"


def required(value: object, what: str) -> str:
    """The value as text, or MissingValue naming it: no blank ever reaches a document."""
    text = "" if value is None else str(value).strip()
    if not text:
        raise MissingValue(what)
    return text


def _replace_tokens(paragraphs: Iterable, values: dict[str, str]) -> None:
    for paragraph in paragraphs:
        for run in paragraph.runs:
            for token, value in values.items():
                if token in run.text:
                    run.text = run.text.replace(token, value)


def _repeat_header_row(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    flag = OxmlElement("w:tblHeader")
    flag.set(qn("w:val"), "true")
    tr_pr.append(flag)


def _no_split(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    tr_pr.append(OxmlElement("w:cantSplit"))


def _shade(cell, fill: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    tc_pr.append(shading)


def _set_widths(table: Table, widths_cm: Sequence[float]) -> None:
    """Fixed column widths: Word reads the cells, LibreOffice the table grid."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=False):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)


class HouseDocument:
    """One document in the house style, built top to bottom."""

    def __init__(self, title: str, case_label: str, generated_on: dt.date) -> None:
        self.title_text = title
        self.doc = Document(io.BytesIO(_reference_bytes()))
        self._style_ids: dict[str, str] = {}
        body = self.doc.element.body
        for child in list(body):
            if child.tag != qn("w:sectPr"):
                body.remove(child)
        section = self.doc.sections[0]
        _replace_tokens(
            [*section.header.paragraphs, *section.footer.paragraphs],
            {
                "{case}": case_label,
                "{document}": title,
                "{generated}": format_date(generated_on),
            },
        )
        props = self.doc.core_properties
        props.title = title
        props.subject = case_label
        props.author = "cattool"
        props.created = props.modified = dt.datetime.combine(generated_on, dt.time(12))
        props.language = "en-GB"

    # Text --------------------------------------------------------------------------
    def use_style(self, paragraph: Paragraph, name: str) -> Paragraph:
        """Give `paragraph` the style called `name`, by its id.

        python-docx's `paragraph.style = name` checks whether the style is the default
        by walking every style in the document: over a business plan's hundreds of
        table cells that was most of the bid pack's time (benchmarks/bench_bidpack.py).
        """
        style_id = self._style_ids.get(name)
        if style_id is None:
            style_id = self._style_ids[name] = self.doc.styles[name].style_id
        paragraph._p.style = style_id
        return paragraph

    def title(self, text: str | None = None, subtitle: str | None = None) -> None:
        self.use_style(self.doc.add_paragraph(text or self.title_text), "Title")
        if subtitle:
            self.use_style(self.doc.add_paragraph(subtitle), "Subtitle")

    def heading(self, text: str, level: int = 1, *, new_page: bool = False):
        """A real Word heading; `new_page` starts it on a fresh page (never a blank one)."""
        paragraph = self.doc.add_heading(text, level=level)
        paragraph.paragraph_format.page_break_before = new_page
        return paragraph

    def para(self, text: str = "", *, bold: str = "", style: str | None = None):
        """A paragraph, optionally opening with a bold lead-in ('Address: …')."""
        paragraph = self.doc.add_paragraph()
        if style:
            self.use_style(paragraph, style)
        if bold:
            paragraph.add_run(bold).bold = True
            if text:
                paragraph.add_run(" ")
        if text:
            paragraph.add_run(text)
        return paragraph

    def paras(self, text: str) -> None:
        """Free text typed by the user: one paragraph per non-empty line."""
        for line in text.splitlines():
            if line.strip():
                self.doc.add_paragraph(line.strip())

    def bullets(self, items: Iterable[str], *, numbered: bool = False) -> None:
        style = "List Number" if numbered else "List Bullet"
        for item in items:
            self.use_style(self.doc.add_paragraph(item), style)

    def small(self, text: str) -> None:
        self.use_style(self.doc.add_paragraph(text), "Small Print")

    def page_break(self) -> None:
        self.doc.add_page_break()

    # Tables ------------------------------------------------------------------------
    def _keep_lead_in_with_table(self) -> None:
        """The paragraph just before a table (its heading or lead-in) never ends a page
        alone: it keeps with the table's first row."""
        body = self.doc.element.body
        content = [child for child in body if child.tag != qn("w:sectPr")]
        if content and content[-1].tag == qn("w:p"):
            Paragraph(content[-1], self.doc._body).paragraph_format.keep_with_next = True

    def table(
        self,
        header: Sequence[str],
        rows: Iterable[Sequence[str]],
        *,
        widths_cm: Sequence[float] | None = None,
        caption: str | None = None,
    ) -> Table:
        """A grid with a shaded header row that repeats on every page."""
        self._keep_lead_in_with_table()
        table = self.doc.add_table(rows=1, cols=len(header))
        table.style = self.doc.styles["Table Grid"]
        table.alignment = WD_TABLE_ALIGNMENT.CENTER
        head = table.rows[0]
        _repeat_header_row(head)
        for cell, text in zip(head.cells, header, strict=True):
            cell.text = ""
            run = cell.paragraphs[0].add_run(text)
            run.bold = True
            self.use_style(cell.paragraphs[0], "Table Text")
            _shade(cell, HEADER_SHADE)
        for values in rows:
            row = table.add_row()
            _no_split(row)
            for cell, text in zip(row.cells, values, strict=True):
                cell.text = str(text)
                for paragraph in cell.paragraphs:
                    self.use_style(paragraph, "Table Text")
        if widths_cm:
            _set_widths(table, widths_cm)
        if caption:
            self.use_style(self.doc.add_paragraph(caption), "Caption")
        else:
            self.doc.add_paragraph()
        return table

    def fields(self, pairs: Iterable[tuple[str, str]], *, caption: str | None = None) -> None:
        """Label/value rows (organisation details, asset details): a two-column table."""
        self._keep_lead_in_with_table()
        table = self.doc.add_table(rows=0, cols=2)
        table.style = self.doc.styles["Table Grid"]
        for label, value in pairs:
            row = table.add_row()
            _no_split(row)
            label_cell, value_cell = row.cells
            label_cell.text = ""
            label_cell.paragraphs[0].add_run(label).bold = True
            _shade(label_cell, HEADER_SHADE)
            value_cell.text = ""
            lines = str(value).splitlines() or [""]
            value_cell.paragraphs[0].add_run(lines[0])
            for line in lines[1:]:
                value_cell.add_paragraph(line)
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    self.use_style(paragraph, "Table Text")
        _set_widths(table, (5.0, 11.4))
        # Keep a details table on one page (when it fits): every row keeps with the next.
        for row in table.rows[:-1]:
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True
        if caption:
            self.use_style(self.doc.add_paragraph(caption), "Caption")
        else:
            self.doc.add_paragraph()

    # Pictures and signatures -------------------------------------------------------
    def picture(
        self, data: bytes | Path, *, width_cm: float = 15.0, caption: str = "", alt: str = ""
    ) -> None:
        """A picture with alternative text for screen readers (the caption if no `alt`)."""
        source = io.BytesIO(data) if isinstance(data, bytes) else str(data)
        shape = self.doc.add_picture(source, width=Cm(width_cm))
        description = alt or caption
        if description:
            shape._inline.docPr.set("descr", description)
        if caption:
            self.use_style(self.doc.add_paragraph(caption), "Caption")

    def signature_block(self, signatories: Sequence[tuple[str, str]], *, closing: str = "") -> None:
        """Lines for wet signatures: (name, role) each, with Signed and Date lines; an
        empty name gets a handwritten Name line. A `closing` ('Yours faithfully,') stays on
        the same page as the signature."""
        if closing:
            self.doc.add_paragraph(closing).paragraph_format.keep_with_next = True
        for name, role in signatories:
            block = self.doc.add_paragraph()
            block.paragraph_format.space_before = Pt(18)
            block.paragraph_format.keep_with_next = True
            block.add_run("Signed: ").bold = True
            block.add_run("_" * 40)
            details = self.doc.add_paragraph()
            details.paragraph_format.keep_with_next = True
            if name.strip():
                details.add_run(f"{name}, {role}")
            else:
                details.add_run("Name: ").bold = True
                details.add_run("_" * 30 + f"  {role}")
            dated = self.doc.add_paragraph()
            dated.add_run("Date: ").bold = True
            dated.add_run("_" * 20)

    # Output ------------------------------------------------------------------------
    def to_bytes(self) -> bytes:
        buffer = io.BytesIO()
        self.doc.save(buffer)
        return buffer.getvalue()
