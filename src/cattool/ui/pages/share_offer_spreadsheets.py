"""The shareholder register as a spreadsheet, from the Share offer page: "Import
shareholders from spreadsheet…" and "Export register to spreadsheet…".

The buttons are money_spreadsheets.SpreadsheetButtons with the register's own labels.
Import: core.money.spreadsheets.import_shareholders checks every row against the offer
first and imports nothing from a file with any problem; a good file is one undoable step
(undo removes every applicant it added, redo puts them back with the same ids). Export:
the register is personal data, so the export runs in a transaction (the core records it
in the audit trail: how many rows, never a name) and the user is told, once it is
written, that the file holds personal data.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from cattool.core.model import ShareApplication, ShareOffer
from cattool.core.money.spreadsheets import export_shareholders, import_shareholders
from cattool.ui.pages.business_plan_commands import AddManyCommand
from cattool.ui.pages.money_spreadsheets import SpreadsheetButtons

EXPORT_NOTE = (
    "This file holds personal data: the applicants' names, addresses, postcodes and "
    "emails. Keep it somewhere safe, share it only with those who need it (for example "
    "whoever keeps the society's register of members), and delete it when you no longer "
    "need it."
)


class ShareholderImportCommand(AddManyCommand):
    """AddManyCommand for applicants, who belong to the case through its share offer
    (they have no case_id of their own)."""

    def _ids(self, session: Session) -> set[tuple[str, int]]:
        query = (
            select(ShareApplication.id)
            .join(ShareOffer, ShareApplication.offer_id == ShareOffer.id)
            .where(ShareOffer.case_id == self.case_id)
        )
        return {("share_application", record_id) for record_id in session.scalars(query)}


def shareholder_buttons(page: Any) -> SpreadsheetButtons:
    """The register's two spreadsheet buttons for the Share offer page."""
    return SpreadsheetButtons(
        page,
        "shareholders",
        lambda: "shareholder register",
        ("share_application",),
        export_shareholders,
        import_shareholders,
        export_label="Export re&gister to spreadsheet…",
        import_label="Imp&ort shareholders from spreadsheet…",
        export_tip=(
            "Save the shareholder register as an Excel workbook (.xlsx) or a CSV file. "
            "It holds personal data."
        ),
        audited=True,
        export_note=EXPORT_NOTE,
        command=ShareholderImportCommand,
    )
