"""What every open data file of the platform shares: licence, producer, columns, CSV cells.

The conventions (documented on the « Données ouvertes » page): UTF-8 without byte order
mark, ``,`` as separator and ``\\r\\n`` line ends (RFC 4180, what data.gouv.fr
recommends); booleans ``true``/``false``; dates ISO 8601 in Europe/Paris; an empty cell
for an unknown value. A text cell starting with ``=``, ``+``, ``-`` or ``@`` is prefixed
with an apostrophe so that a spreadsheet never runs it as a formula; the JSON gives the
values exactly as they are. Each JSON document starts with the licence, the producer,
the source page, the time it was generated and the documentation of its columns. The CSV
files are written by ``eig.core.exports`` in its open data dialect.
"""

import datetime
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, StreamingHttpResponse
from django.utils import timezone

from eig.core import exports

LICENCE = "Licence Ouverte / Open Licence version 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
PUBLISHER = "Direction interministérielle du numérique (DINUM)"
# 14 digits; the Luhn key is checked by the tests (Table Schema has no such constraint).
SIRET_PATTERN = "^[0-9]{14}$"


@dataclass(frozen=True)
class Column:
    """One column of an open data file: its stable name, what it holds, how to read it.

    ``type`` is its Table Schema type (``string``, ``integer``, ``number``, ``boolean``,
    ``date``); ``pattern`` a regular expression every non-empty value matches. The
    documentation page, the Table Schemas (``eig.core.table_schema``) and the API's
    schemas (``eig.api``) are all built from these definitions.
    """

    name: str
    description: Any
    value: Callable[[Any], Any]
    type: str = "string"
    pattern: str | None = None


def header(columns: Iterable[Column]) -> list[str]:
    return [column.name for column in columns]


def csv_cell(value: Any) -> Any:
    """A value as a CSV cell: empty for None, true/false, ISO dates, formula-safe text."""
    return exports.csv_cell(value, exports.OPEN_DATA_CSV)


def csv_lines(columns: tuple[Column, ...], items: Iterable[Any]) -> Iterable[str]:
    """A CSV file, line by line, header first: one line per item, one cell per column."""
    rows = ([column.value(item) for column in columns] for item in items)
    return exports.csv_lines(header(columns), rows, dialect=exports.OPEN_DATA_CSV)


def json_value(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def json_record(columns: tuple[Column, ...], item: Any) -> dict[str, Any]:
    return {column.name: json_value(column.value(item)) for column in columns}


def json_envelope(
    *, source: str, columns: tuple[Column, ...], key: str, records: list[Any]
) -> dict[str, Any]:
    """A JSON document: licence, producer, source, time of generation, column docs, data."""
    return {
        "licence": LICENCE,
        "licence_url": LICENCE_URL,
        "producteur": PUBLISHER,
        "source": source,
        "generated_at": timezone.localtime().isoformat(timespec="seconds"),
        "colonnes": {column.name: str(column.description) for column in columns},
        key: records,
    }


def licence_headers(response: HttpResponse | StreamingHttpResponse, disposition: str) -> None:
    """Name the file, point to its licence and let any site's scripts read it."""
    response["Content-Disposition"] = disposition
    response["Link"] = f'<{LICENCE_URL}>; rel="license"'
    response["Access-Control-Allow-Origin"] = "*"


def json_response(document: dict[str, Any], filename: str) -> HttpResponse:
    """An open-data JSON file: UTF-8 as written, indented, with its licence headers."""
    response = HttpResponse(
        json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2),
        content_type="application/json; charset=utf-8",
    )
    licence_headers(response, f'inline; filename="{filename}"')
    return response
