"""Every file the platform writes for a spreadsheet or a script: CSV and XLSX, one module.

Two CSV dialects:

- ``STAFF_CSV``, for the programme team's exports: UTF-8 with a byte order mark, ``;`` as
  separator and a decimal comma, because that is what Excel expects when it opens a file
  in French (where ``,`` is the decimal separator); LibreOffice and scripts read it too.
- ``OPEN_DATA_CSV``, for the open data files: UTF-8 without byte order mark, ``,`` as
  separator, ``\\r\\n`` line ends (RFC 4180, what data.gouv.fr recommends), a decimal
  point and ``true``/``false``.

The staff dialect ends with one more line, « # Fin de l’export : N lignes », written once
every row is: a file cut on its way (a worker stopped by its timeout, a connection
dropped) lacks it, so a truncated export cannot pass for a whole one. The open data
dialect has none, since scripts read those files as plain RFC 4180 tables.

In both, dates are ISO 8601 (times in Europe/Paris, to the minute), an unknown value is
an empty cell, and every text cell goes through one guard (``spreadsheet_cell``): text
typed by candidates, agents or staff is not trusted, so a cell starting like a formula
is prefixed with an apostrophe and the control characters XLSX cannot hold are dropped.

XLSX files are written with XlsxWriter's constant-memory mode, which keeps only the
current row in memory, into a temporary file that the response then streams (or that a
job stores, ``xlsx_write``). It writes 100,000 applications about twice as fast as
openpyxl's write-only mode, which the tests keep to read the files back.
"""

import csv
import datetime
import re
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import IO, Any

from django.http import FileResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.numberformat import format as number_format
from xlsxwriter import Workbook

from eig.core.french import plural

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# The control characters an XLSX cell cannot hold (tab, line feed and carriage return
# aside): the same set as openpyxl's ILLEGAL_CHARACTERS_RE.
ILLEGAL_CHARACTERS_RE = re.compile(r"[\000-\010]|[\013-\014]|[\016-\037]")
# Every value is written as what it is: a text that looks like a number, a formula or a
# link stays a text, and times (already local, ``xlsx_cell``) read as dates and times.
XLSX_OPTIONS = {
    "constant_memory": True,
    "strings_to_numbers": False,
    "strings_to_formulas": False,
    "strings_to_urls": False,
    "default_date_format": "yyyy-mm-dd hh:mm",
}
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
BYTE_ORDER_MARK = "\ufeff"


@dataclass(frozen=True)
class CsvDialect:
    delimiter: str
    byte_order_mark: bool
    decimal_separator: str
    true: str
    false: str
    # Whether the file ends with a line giving its number of rows (``csv_end_line``).
    end_line: bool = False


STAFF_CSV = CsvDialect(
    delimiter=";",
    byte_order_mark=True,
    decimal_separator=",",
    true="oui",
    false="non",
    end_line=True,
)
OPEN_DATA_CSV = CsvDialect(
    delimiter=",", byte_order_mark=False, decimal_separator=".", true="true", false="false"
)


def spreadsheet_cell(value: Any) -> Any:
    """A cell fit for any spreadsheet: no character XLSX refuses, no formula."""
    if not isinstance(value, str):
        return value
    text = ILLEGAL_CHARACTERS_RE.sub("", value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_cell(value: Any, dialect: CsvDialect = STAFF_CSV) -> Any:
    """A value as a CSV cell of ``dialect``: formula-safe text, ISO dates, its numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return dialect.true if value else dialect.false
    if isinstance(value, datetime.datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return moment.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal | float):
        return number_format(value, dialect.decimal_separator, use_l10n=False)
    return spreadsheet_cell(value)


class _Echo:
    """A file-like object whose ``write`` returns what it is given, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def csv_end_line(count: int) -> str:
    """The staff CSV's last line: the file is whole, and holds ``count`` rows."""
    return plural(count, "# Fin de l’export : {n} ligne", "# Fin de l’export : {n} lignes") + "\r\n"


def csv_lines(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, dialect: CsvDialect = STAFF_CSV
) -> Iterator[str]:
    """A CSV file, line by line: header first (after the byte order mark, if any), then
    the rows, then (staff dialect) the line saying the file is complete."""
    writer = csv.writer(_Echo(), delimiter=dialect.delimiter)
    first = writer.writerow([spreadsheet_cell(name) for name in header])
    yield (BYTE_ORDER_MARK + first) if dialect.byte_order_mark else first
    count = 0
    for row in rows:
        yield writer.writerow([csv_cell(value, dialect) for value in row])
        count += 1
    if dialect.end_line:
        yield csv_end_line(count)


def csv_write(header: Sequence[str], rows: Iterable[Sequence[Any]], *, output: IO[bytes]) -> int:
    """Write a staff CSV into ``output`` (a binary file); return its number of rows."""
    lines = 0
    for line in csv_lines(header, rows, dialect=STAFF_CSV):
        output.write(line.encode())
        lines += 1
    return lines - 2  # neither the header nor the end line is a row


# An XLSX cell holds at most this many characters; XlsxWriter leaves a longer one empty.
XLSX_CELL_MAX = 32_767


def xlsx_cell(value: Any) -> Any:
    """A value as an XLSX cell: formula-safe text (cut to what a cell holds), local times
    without a zone (XLSX has none)."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value).replace(tzinfo=None)
    cell = spreadsheet_cell(value)
    return cell[:XLSX_CELL_MAX] if isinstance(cell, str) else cell


def xlsx_write(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet: str, output: IO[bytes]
) -> int:
    """Write a constant-memory XLSX workbook into ``output``; return its number of rows."""
    workbook = Workbook(output, XLSX_OPTIONS)
    worksheet = workbook.add_worksheet(sheet)
    worksheet.write_row(0, 0, [spreadsheet_cell(name) for name in header])
    count = 0
    for count, row in enumerate(rows, start=1):
        worksheet.write_row(count, 0, [xlsx_cell(value) for value in row])
    workbook.close()
    return count


def xlsx_file(header: Sequence[str], rows: Iterable[Sequence[Any]], *, sheet: str) -> IO[bytes]:
    """The XLSX workbook in a temporary file (deleted once closed), rewound to its start."""
    output = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    xlsx_write(header, rows, sheet=sheet, output=output)
    output.seek(0)
    return output


def private_download(response: StreamingHttpResponse | FileResponse) -> None:
    """A staff file: never kept by a shared cache."""
    response["Cache-Control"] = "private, no-store"


def csv_response(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    *,
    filename: str,
    dialect: CsvDialect = STAFF_CSV,
) -> StreamingHttpResponse:
    """A CSV file streamed as an attachment named ``filename``, line by line."""
    response = StreamingHttpResponse(
        csv_lines(header, rows, dialect=dialect), content_type=CSV_CONTENT_TYPE
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if dialect is STAFF_CSV:
        private_download(response)
    return response


def xlsx_response(
    header: Sequence[str], rows: Iterable[Sequence[Any]], *, filename: str, sheet: str
) -> FileResponse:
    """An XLSX staff file (write-only workbook) streamed as an attachment."""
    response = FileResponse(
        xlsx_file(header, rows, sheet=sheet),
        as_attachment=True,
        filename=filename,
        content_type=XLSX_CONTENT_TYPE,
    )
    private_download(response)
    return response
