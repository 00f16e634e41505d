"""The one guard every export applies to its text cells (CSV and XLSX alike).

Text typed by candidates, agents or staff is not trusted: a cell starting like a
formula is prefixed with an apostrophe so that a spreadsheet never runs it, and the
control characters an XLSX file cannot hold (openpyxl refuses them) are dropped
first, so that a stray character pasted into a défi never breaks an export.
"""

from typing import Any

from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_cell(value: Any) -> Any:
    """A cell fit for any spreadsheet: no character XLSX refuses, no formula."""
    if not isinstance(value, str):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
