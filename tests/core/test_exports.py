"""The exports module: the formula guard, the two CSV dialects, the XLSX writer."""

import datetime
import io
import pathlib
import re
import zipfile
from decimal import Decimal
from xml.etree import ElementTree

import pytest
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


# The XLSX writer's package (eig.core.exports writes it without a library)


def _package(header, rows) -> zipfile.ZipFile:
    output = io.BytesIO()
    exports.xlsx_write(header, rows, sheet="Défis & co", output=output)
    return zipfile.ZipFile(output)


def test_an_xlsx_file_is_a_package_of_well_formed_parts_with_its_dimension():
    package = _package(["a", "b"], [["x", 1], ["y", None]])

    assert package.namelist()[0] == "[Content_Types].xml"
    for name in package.namelist():
        ElementTree.fromstring(package.read(name))  # noqa: S314 (our own file): well-formed, or it raises
    sheet = ElementTree.fromstring(package.read("xl/worksheets/sheet1.xml"))  # noqa: S314
    spreadsheet = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    # The range the cells fill, that readers size their rows by.
    assert sheet.find(f"{spreadsheet}dimension").get("ref") == "A1:B3"
    workbook = ElementTree.fromstring(package.read("xl/workbook.xml"))  # noqa: S314
    assert workbook.find(f"{spreadsheet}sheets/{spreadsheet}sheet").get("name") == "Défis & co"


def test_a_row_read_in_read_only_mode_keeps_its_empty_cells():
    output = exports.xlsx_file(["a", "b", "c"], [["x", None, None], [None, None, 3]], sheet="X")
    rows = list(load_workbook(output, read_only=True).active.iter_rows(values_only=True))
    assert rows == [("a", "b", "c"), ("x", None, None), (None, None, 3)]


def test_dates_times_booleans_and_numbers_read_back_as_what_they_are():
    day = datetime.date(2026, 7, 3)
    moment = datetime.datetime(2026, 7, 3, 14, 30)  # noqa: DTZ001 (already local)
    output = exports.xlsx_file(
        ["jour", "moment", "oui", "n", "x"], [[day, moment, True, 3, 0.25]], sheet="X"
    )
    sheet = load_workbook(output).active

    assert [cell.value for cell in sheet[2]] == [
        moment.replace(hour=0, minute=0),
        moment,
        True,
        3,
        0.25,
    ]
    assert sheet["A2"].is_date
    assert sheet["A2"].number_format == "yyyy-mm-dd"
    assert sheet["B2"].is_date
    assert sheet["B2"].number_format == "yyyy-mm-dd hh:mm"


def test_a_text_that_reads_like_an_xlsx_escape_is_escaped_itself():
    # Excel reads « _x0041_ » as « A »: typed by a candidate, it must show as typed.
    sheet = _package(["a"], [["code _x0041_ et\rretour"]]).read("xl/worksheets/sheet1.xml")
    assert b"code _x005F_x0041_ et_x000D_retour" in sheet


def test_a_character_xml_refuses_is_dropped_and_a_value_it_cannot_hold_is_refused():
    sheet = load_workbook(exports.xlsx_file(["a"], [["a\ufffeb\uffff"]], sheet="X")).active
    assert sheet["A2"].value == "ab"
    with pytest.raises(TypeError, match="Une cellule XLSX ne peut contenir un timedelta"):
        exports.xlsx_write(["a"], [[datetime.timedelta(days=1)]], sheet="X", output=io.BytesIO())


@pytest.mark.parametrize("number", [float("nan"), float("inf"), Decimal("NaN")])
def test_a_number_a_spreadsheet_cannot_hold_is_refused_rather_than_written(number):
    # Excel would « repair » the file and drop the sheet's contents.
    with pytest.raises(TypeError, match="Une cellule XLSX ne peut contenir"):
        exports.xlsx_write(["a"], [[number]], sheet="X", output=io.BytesIO())


def test_the_dimension_covers_a_row_wider_than_the_header():
    sheet = _package(["a"], [["x", "y", "z"]]).read("xl/worksheets/sheet1.xml")
    assert b'<dimension ref="A1:C2"/>' in sheet
