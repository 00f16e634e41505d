"""The exports module: the formula guard, the two CSV dialects, the XLSX writer."""

import datetime
import io
import pathlib
import re
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

import eig
from eig.core import exports
from eig.core.exports import FORMULA_STARTS, spreadsheet_cell


@given(st.text())
def test_any_text_can_be_written_to_an_xlsx_file_and_never_runs_as_a_formula(text):
    cell = spreadsheet_cell(text)
    assert not cell.startswith(FORMULA_STARTS)
    sheet = load_workbook(exports.xlsx_file(["a"], [[text]], sheet="X")).active
    # A carriage return is written as OOXML's escape, which Excel reads back (openpyxl
    # does not); an empty text is an empty cell, and its row nothing.
    read = [
        row[0].replace("_x000D_", "\r")
        for row in sheet.iter_rows(min_row=2, values_only=True)
        if row[0] is not None
    ]
    assert read == ([cell] if cell else [])


def test_our_control_characters_are_openpyxl_s():
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    every = "".join(chr(code) for code in range(0x80))
    assert exports.ILLEGAL_CHARACTERS_RE.sub("", every) == ILLEGAL_CHARACTERS_RE.sub("", every)


def test_an_xlsx_text_stays_a_text_and_a_long_one_is_cut_to_what_a_cell_holds():
    values = ["0123", "https://exemple.gouv.fr", "1e5", "x" * 40_000]
    output = exports.xlsx_file(["a", "b", "c", "d"], [values], sheet="X")
    (row,) = load_workbook(output).active.iter_rows(min_row=2, values_only=True)
    assert row[:3] == ("0123", "https://exemple.gouv.fr", "1e5")
    assert row[3] == "x" * exports.XLSX_CELL_MAX


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


# The two CSV dialects, the XLSX writer, and the one place that writes them


def _lines(dialect, rows):
    return list(exports.csv_lines(["nom", "montant"], rows, dialect=dialect))


def test_the_staff_dialect_is_what_excel_reads_in_french():
    moment = datetime.datetime(2026, 7, 3, 12, 30, tzinfo=datetime.UTC)
    lines = _lines(exports.STAFF_CSV, [["=1+1", Decimal("5000.00")], [True, moment]])
    assert lines[0] == "\ufeffnom;montant\r\n"
    assert lines[1] == "'=1+1;5000,00\r\n"
    # Times in Europe/Paris, to the minute.
    assert lines[2] == "oui;2026-07-03 14:30\r\n"


def test_the_open_data_dialect_follows_rfc_4180():
    lines = _lines(exports.OPEN_DATA_CSV, [["Défi, 1", Decimal("0.5")], [False, None]])
    assert lines == ["nom,montant\r\n", '"Défi, 1",0.5\r\n', "false,\r\n"]


def test_an_xlsx_file_reads_back_with_numbers_local_times_and_safe_text():
    moment = datetime.datetime(2026, 12, 1, 9, 0, tzinfo=datetime.UTC)
    output = exports.xlsx_file(["a", "b", "c"], [["@SUM(A1)", Decimal("12.5"), moment]], sheet="X")
    sheet = load_workbook(output).active
    assert sheet.title == "X"
    assert list(sheet.iter_rows(values_only=True)) == [
        ("a", "b", "c"),
        # XLSX has no time zones: the local time is written.
        ("'@SUM(A1)", 12.5, datetime.datetime(2026, 12, 1, 10, 0)),  # noqa: DTZ001
    ]


def test_a_staff_csv_is_streamed_as_a_private_attachment():
    response = exports.csv_response(["a"], iter([[1]]), filename="x.csv")
    assert response.streaming
    assert response["Content-Disposition"] == 'attachment; filename="x.csv"'
    assert response["Cache-Control"] == "private, no-store"
    # Its last line says the file is whole (a cut stream lacks it).
    assert response.getvalue() == "\ufeffa\r\n1\r\n# Fin de l’export : 1 ligne\r\n".encode()


WRITERS = re.compile(r"\bcsv\.writer\(|\bWorkbook\(|ILLEGAL_CHARACTERS_RE|FORMULA_STARTS =")


def test_no_module_but_the_exports_one_writes_csv_or_xlsx_or_guards_formulas():
    root = pathlib.Path(eig.__file__).parent
    writers = [
        str(path.relative_to(root))
        for path in root.rglob("*.py")
        if path.name != "exports.py" or path.parent.name != "core"
        if WRITERS.search(path.read_text())
    ]
    assert writers == []


def test_only_the_staff_dialect_ends_with_its_row_count():
    staff = _lines(exports.STAFF_CSV, [["a", 1], ["b", 2]])
    open_data = _lines(exports.OPEN_DATA_CSV, [["a", 1], ["b", 2]])
    assert staff[-1] == "# Fin de l’export : 2 lignes\r\n"
    assert _lines(exports.STAFF_CSV, [])[-1] == "# Fin de l’export : 0 ligne\r\n"
    assert open_data == ["nom,montant\r\n", "a,1\r\n", "b,2\r\n"]


def test_the_writers_into_a_file_return_their_row_count():
    csv_output, xlsx_output = io.BytesIO(), io.BytesIO()
    assert exports.csv_write(["a"], [[1], [2], [3]], output=csv_output) == 3
    assert csv_output.getvalue().decode().endswith("3\r\n# Fin de l’export : 3 lignes\r\n")
    assert exports.xlsx_write(["a"], [[1], [2]], sheet="X", output=xlsx_output) == 2
    rows = list(load_workbook(xlsx_output).active.iter_rows(values_only=True))
    assert rows == [("a",), (1,), (2,)]
