"""The guard every export applies to its text cells."""

import io

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from eig.core.spreadsheet import FORMULA_STARTS, spreadsheet_cell


@given(st.text())
def test_any_text_can_be_written_to_an_xlsx_file_and_never_runs_as_a_formula(text):
    cell = spreadsheet_cell(text)
    assert not cell.startswith(FORMULA_STARTS)
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet()
    sheet.append([cell])
    workbook.save(io.BytesIO())


def test_control_characters_are_dropped_before_the_formula_check():
    assert spreadsheet_cell("Titre\x01\x0b du défi") == "Titre du défi"
    assert spreadsheet_cell("\x02=HYPERLINK()") == "'=HYPERLINK()"


def test_a_cell_read_back_keeps_the_text():
    workbook = Workbook()
    workbook.active.append([spreadsheet_cell("Une\tphrase")])
    output = io.BytesIO()
    workbook.save(output)
    assert load_workbook(output).active["A1"].value == "Une\tphrase"


def test_other_values_are_kept():
    assert spreadsheet_cell(12) == 12
    assert spreadsheet_cell(None) is None
