"""Exports of the staff list of défis, in CSV and XLSX, built row by row.

The rows come from ``challenge_list_for_staff`` read with ``iterator(chunk_size=...)``:
a fixed number of queries per chunk whatever the number of défis, and never the whole
list in memory.

CSV choices: UTF-8 with a byte order mark and ``;`` as separator, because that is what
Excel expects when it opens a file in French (where ``,`` is the decimal separator);
LibreOffice and scripts read it as well. Both formats have the same stable columns
(``COLUMNS``): scripts may rely on their names. A cell starting with ``=``, ``+``,
``-`` or ``@`` is prefixed with an apostrophe so that a spreadsheet never runs it as
a formula (text typed by the administrations is not trusted).
"""

import csv
import datetime
import tempfile
from collections.abc import Callable, Iterable, Iterator
from typing import IO, Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from eig.challenges.models import Challenge
from eig.core.spreadsheet import spreadsheet_cell

CHUNK_SIZE = 500
CSV_DELIMITER = ";"


def _local_date(value: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(value).date() if value else None


def _round(challenge: Challenge) -> str:
    return str(challenge.round) if challenge.round_id else ""


def _policy(challenge: Challenge) -> str:
    if challenge.priority_policy_id:
        return str(challenge.priority_policy)
    return challenge.priority_policy_other


def _url(challenge: Challenge) -> str:
    return settings.SITE_URL + reverse("challenges:staff_detail", kwargs={"pk": challenge.pk})


# (column name, value) — the names are part of the export's contract: do not rename them.
COLUMNS: tuple[tuple[str, Callable[[Any], Any]], ...] = (
    ("id", lambda c: c.pk),
    ("titre", lambda c: c.title),
    ("administration", lambda c: c.organisation.name),
    ("sigle", lambda c: c.organisation.acronym),
    ("session", _round),
    ("promotion", lambda c: str(c.promotion) if c.promotion_id else ""),
    ("statut", lambda c: c.status),
    ("statut_libelle", lambda c: str(c.get_status_display())),
    ("politique_prioritaire", _policy),
    ("profil_produit", lambda c: "oui" if c.wants_product else "non"),
    ("profil_technique", lambda c: "oui" if c.wants_tech else "non"),
    ("approche", lambda c: c.approach),
    ("sponsor", lambda c: c.sponsor_name),
    ("fonction_sponsor", lambda c: c.sponsor_role),
    ("depose_le", lambda c: _local_date(c.submitted_at)),
    ("decide_le", lambda c: _local_date(c.decided_at)),
    ("avis_demandes", lambda c: c.opinions_asked),
    ("avis_rendus", lambda c: c.opinions_given),
    ("lien", _url),
)
HEADER = [name for name, _ in COLUMNS]


def _rows(queryset: QuerySet[Challenge]) -> Iterator[list[Any]]:
    for challenge in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield [spreadsheet_cell(value(challenge)) for _, value in COLUMNS]


class _Echo:
    """A file-like object whose ``write`` returns what it is given, for csv.writer."""

    def write(self, value: str) -> str:
        return value


def _csv_text(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime.date) else value


def csv_lines(queryset: QuerySet[Challenge]) -> Iterable[str]:
    """The CSV file, line by line, starting with the byte order mark and the header."""
    writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER)
    yield "\ufeff" + writer.writerow(HEADER)
    for row in _rows(queryset):
        yield writer.writerow([_csv_text(value) for value in row])


def xlsx_file(queryset: QuerySet[Challenge]) -> IO[bytes]:
    """The XLSX workbook in a temporary file (deleted once closed), rewound to its start.

    openpyxl's write-only mode keeps only the current row in memory; the ZIP it
    produces is written into the temporary file, which the response then streams.
    """
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title="Défis")
    sheet.append(HEADER)
    for row in _rows(queryset):
        sheet.append(row)
    output = tempfile.TemporaryFile()  # noqa: SIM115 (the response closes it)
    workbook.save(output)
    output.seek(0)
    return output
