"""Exports of the programme team's list of applications, in CSV and XLSX, row by row.

The rows are plain values (``values()``), never model instances: the applications of
``candidacy_list_for_staff`` are read by chunks of ``CHUNK_SIZE`` (``iterator``), and
each chunk costs two more queries (the wishes of its applications, the ventures of
their candidates), whatever the number of rows. What every row reads is found once
per export (``ExportContext``): the experience bands, the rounds' names, the choice
labels, the duplicates of every profile (two queries grouping the duplicate keys) and
the link's address. The list is never held whole in memory.

Small exports are streamed to the person who asks; beyond
``settings.EIG_EXPORT_INLINE_MAX_ROWS`` rows the page queues ``export_build`` (a job,
``eig.candidacies.tasks``), which writes the file in a temporary file, stores it with
its row count (``Export``, private storage) and e-mails the requester a link. Those
files hold personal data: they expire after ``settings.EIG_EXPORT_KEPT_DAYS`` days and
are deleted every night (``exports_expire``), well within the shortest retention period
of the programme (docs/PRODUCT.md), so an export never outlives an anonymisation for
long.

The files are written by ``eig.core.exports`` (the staff CSV dialect with its last line
« # Fin de l’export : N lignes », the XLSX writer, the formula guard).

The gender is never exported: it only feeds aggregated equal-treatment statistics.
The column names (``HEADER``) are part of the export's contract: do not rename them.
"""

import datetime
import tempfile
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import partial
from itertools import batched
from typing import Any

from django.conf import settings
from django.core.files import File
from django.db import transaction
from django.db.models import F, QuerySet
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from eig.candidacies.enums import CandidacyStatus, ExportFormat, ExportStatus, VentureRole
from eig.candidacies.forms.staff import CandidacyFilterForm
from eig.candidacies.models import Candidacy, Choice, Export, Venture
from eig.candidacies.selectors.staff import (
    Duplicate,
    ExperienceBand,
    band_of,
    candidacy_list_for_staff,
    duplicates_all,
    experience_bands,
)
from eig.candidacies.workflow import EXPORT_WORKFLOW
from eig.core import exports as files
from eig.core.french import plural
from eig.core.workflow import transition_apply
from eig.notifications.services import email_queue
from eig.programmes.enums import Track
from eig.programmes.models import Round

CHUNK_SIZE = 2000
SHEET = "Candidatures"

HEADER = [
    "id",
    "session",
    "statut",
    "statut_libelle",
    "prenom",
    "nom",
    "email",
    "telephone",
    "profil",
    "annees_experience",
    "tranche_experience",
    "competences",
    "experiences_entrepreneuriales",
    "portfolio",
    "code",
    "profil_professionnel",
    "cv",
    "voeux",
    "motivation",
    "depose_le",
    "retire_le",
    "raison_retrait",
    "anonymise_le",
    "doublons_possibles",
    "lien",
]

# What each row reads from the database, under its own name.
VALUES: dict[str, Any] = {
    "candidate_pk": F("candidate_id"),
    "first_name": F("candidate__user__first_name"),
    "last_name": F("candidate__user__last_name"),
    "email": F("candidate__user__email"),
    "phone": F("candidate__phone"),
    "track": F("candidate__track"),
    "experience_years": F("candidate__experience_years"),
    "skills": F("candidate__skills"),
    "portfolio_url": F("candidate__portfolio_url"),
    "code_url": F("candidate__code_url"),
    "professional_url": F("candidate__professional_url"),
    "cv": F("candidate__cv"),
}
FIELDS = (
    "pk",
    "round_id",
    "status",
    "motivation",
    "submitted_at",
    "withdrawn_at",
    "withdrawal_reason",
    "anonymised_at",
)

# A number no application has, replaced by each row's id in the link's address.
_LINK_PLACEHOLDER = 987654321


@dataclass(frozen=True)
class ExportContext:
    """What every row of one export reads, found once for the whole export."""

    bands: list[ExperienceBand]
    rounds: dict[int, str]
    duplicates: dict[int, list[Duplicate]]
    statuses: dict[str, str]
    tracks: dict[str, str]
    roles: dict[str, str]
    link_start: str
    link_end: str

    def link(self, pk: int) -> str:
        return f"{self.link_start}{pk}{self.link_end}"


def export_context(*, duplicates: dict[int, list[Duplicate]] | None = None) -> ExportContext:
    """The context of an export: a few queries, whatever its number of rows. Without
    ``duplicates``, those of every profile (``duplicates_all``)."""
    url = settings.SITE_URL + reverse("candidacies:staff_detail", kwargs={"pk": _LINK_PLACEHOLDER})
    link_start, link_end = url.split(str(_LINK_PLACEHOLDER))
    rounds = Round.objects.select_related("promotion")
    return ExportContext(
        bands=experience_bands(),
        rounds={round_.pk: str(round_) for round_ in rounds},
        duplicates=duplicates_all() if duplicates is None else duplicates,
        statuses={value: str(label) for value, label in CandidacyStatus.choices},
        tracks={value: str(label) for value, label in Track.choices},
        roles={value: str(label) for value, label in VentureRole.choices},
        link_start=link_start,
        link_end=link_end,
    )


def _local_date(value: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(value).date() if value else None


def _wishes(candidacy_ids: list[int]) -> dict[int, str]:
    """The ranked wishes of these applications, « 1. Titre | 2. Titre » (one query)."""
    wishes: dict[int, list[str]] = defaultdict(list)
    rows = (
        Choice.objects.filter(candidacy_id__in=candidacy_ids)
        .order_by("candidacy_id", "rank")
        .values_list("candidacy_id", "rank", "challenge__title")
    )
    for candidacy_id, rank, title in rows:
        wishes[candidacy_id].append(f"{rank}. {title}")
    return {pk: " | ".join(texts) for pk, texts in wishes.items()}


def _ventures(candidate_ids: set[int], roles: dict[str, str]) -> dict[int, str]:
    """The ventures of these candidates, latest first (one query)."""
    ventures: dict[int, list[str]] = defaultdict(list)
    rows = (
        Venture.objects.filter(candidate_id__in=candidate_ids)
        .order_by("candidate_id", "-start_year", "pk")
        .values_list("candidate_id", "name", "role", "start_year", "end_year", "team_size")
    )
    for candidate_id, name, role, start, end, team in rows:
        years = f"{start}–{end or ''}"
        ventures[candidate_id].append(f"{name} ({roles.get(role, role)}, {years}, {team} pers.)")
    return {pk: " | ".join(texts) for pk, texts in ventures.items()}


def _duplicates(found: list[Duplicate], context: ExportContext) -> str:
    return " | ".join(
        f"{context.link(duplicate.candidacy_id)} ({duplicate.reason})"
        if duplicate.candidacy_id
        else f"compte {duplicate.candidate_id} ({duplicate.reason})"
        for duplicate in found
    )


def _row(record: dict[str, Any], wishes: str, ventures: str, context: ExportContext) -> list[Any]:
    band = band_of(record["experience_years"], context.bands)
    return [
        record["pk"],
        context.rounds.get(record["round_id"], ""),
        record["status"],
        context.statuses.get(record["status"], record["status"]),
        record["first_name"],
        record["last_name"],
        record["email"],
        record["phone"],
        context.tracks.get(record["track"], record["track"]),
        record["experience_years"],
        band.label if band else "",
        record["skills"],
        ventures,
        record["portfolio_url"],
        record["code_url"],
        record["professional_url"],
        "oui" if record["cv"] else "non",
        wishes,
        record["motivation"],
        _local_date(record["submitted_at"]),
        _local_date(record["withdrawn_at"]),
        record["withdrawal_reason"],
        _local_date(record["anonymised_at"]),
        _duplicates(context.duplicates.get(record["candidate_pk"], []), context),
        context.link(record["pk"]),
    ]


def _records(queryset: QuerySet[Candidacy]) -> Iterable[dict[str, Any]]:
    return queryset.prefetch_related(None).values(*FIELDS, **VALUES).iterator(chunk_size=CHUNK_SIZE)


def rows(queryset: QuerySet[Candidacy], context: ExportContext) -> Iterator[list[Any]]:
    """The export's rows, in ``HEADER``'s order, in the queryset's order."""
    for chunk in batched(_records(queryset), CHUNK_SIZE):
        wishes = _wishes([record["pk"] for record in chunk])
        ventures = _ventures({record["candidate_pk"] for record in chunk}, context.roles)
        for record in chunk:
            yield _row(
                record,
                wishes.get(record["pk"], ""),
                ventures.get(record["candidate_pk"], ""),
                context,
            )


def queryset_for(query: QueryDict, bands: list[ExperienceBand]) -> QuerySet[Candidacy]:
    """The applications the list shows for these parameters (the export's rows)."""
    form = CandidacyFilterForm(query, bands=bands)
    return candidacy_list_for_staff(filters=form.filters())


# Exports built by a job


FAILED_MESSAGE = (
    "L’export n’a pas pu être préparé. Relancez-le depuis la liste des candidatures ; "
    "si l’échec se répète, signalez-le à l’équipe technique."
)


def export_file_name(export: Export) -> str:
    """The downloaded file's name, with its number of rows: « candidatures-2026-07-03-
    30000-lignes.csv »."""
    day = timezone.localtime(export.created_at).date()
    rows = plural(export.row_count or 0, "{n}-ligne", "{n}-lignes")
    return f"candidatures-{day:%Y-%m-%d}-{rows}.{export.file_format}"


def _write(export: Export, output: Any) -> int:
    bands = experience_bands()
    queryset = queryset_for(QueryDict(export.query), bands)
    export_rows = rows(queryset, export_context())
    if export.file_format == ExportFormat.XLSX:
        return files.xlsx_write(HEADER, export_rows, sheet=SHEET, output=output)
    return files.csv_write(HEADER, export_rows, output=output)


def _link(name: str, **kwargs: Any) -> str:
    return settings.SITE_URL + reverse(name, kwargs=kwargs)


def export_build(*, export_id: int) -> Export | None:
    """Write the export's file, store it with its row count, tell the requester.

    Run by a job. The file is written in a temporary file outside any transaction (a
    long read, rows by chunks: the worker's memory stays flat), then stored and marked
    ready in one. An export already built, failed or expired is left as it is; one
    left "en cours" by a worker that died is built again."""
    with transaction.atomic():
        export = Export.objects.select_for_update(of=("self",)).get(pk=export_id)
        if export.status == ExportStatus.PENDING:
            export = transition_apply(
                workflow=EXPORT_WORKFLOW,
                instance=export,
                name="export_start",
                by=None,
                extra_fields={"started_at": timezone.now()},
            )
        elif export.status != ExportStatus.RUNNING:
            return None
    with tempfile.TemporaryFile() as output:
        count = _write(export, output)
        output.seek(0)
        with transaction.atomic():
            export = transition_apply(
                workflow=EXPORT_WORKFLOW,
                instance=export,
                name="export_finish",
                by=None,
                comment=plural(count, "{n} ligne", "{n} lignes"),
                extra_fields={"row_count": count, "finished_at": timezone.now()},
            )
            export.file.save(f"export.{export.file_format}", File(output), save=False)
            export.save(update_fields=["file"])
            email_queue(
                to=export.requested_by.email,
                template="export_ready",
                context={
                    "export": export,
                    "rows": plural(count, "{n} ligne", "{n} lignes"),
                    "expires_at": export.expires_at,
                    "url": _link("candidacies:staff_export_list"),
                    "download_url": _link("candidacies:staff_export_download", pk=export.pk),
                },
            )
    return export


@transaction.atomic
def export_fail(*, export_id: int) -> Export | None:
    """Mark the export failed, with a message the requester reads, and tell them."""
    export = Export.objects.select_for_update(of=("self",)).get(pk=export_id)
    if not EXPORT_WORKFLOW.allows(export.status, "export_fail"):
        return None
    export = transition_apply(
        workflow=EXPORT_WORKFLOW,
        instance=export,
        name="export_fail",
        by=None,
        extra_fields={"error": FAILED_MESSAGE, "finished_at": timezone.now()},
    )
    email_queue(
        to=export.requested_by.email,
        template="export_failed",
        context={"export": export, "url": _link("candidacies:staff_export_list")},
    )
    return export


def exports_expire(*, now: datetime.datetime | None = None) -> int:
    """Delete the files of the exports past their expiry (every night), and their
    filters; keep the rows, marked expired, for the history. Running it again changes
    nothing."""
    moment = now or timezone.now()
    expired = 0
    due = Export.objects.filter(expires_at__lte=moment).exclude(status=ExportStatus.EXPIRED)
    for pk in due.values_list("pk", flat=True):
        with transaction.atomic():
            export = transition_apply(
                workflow=EXPORT_WORKFLOW,
                instance=Export.objects.get(pk=pk),
                name="export_expire",
                by=None,
                # A search typed in the list may hold a person's name: it goes too.
                extra_fields={"query": ""},
            )
            if export.file:
                name, storage = str(export.file.name), export.file.storage
                export.file = None
                export.save(update_fields=["file"])
                # Deleted once the expiry is saved: a rollback keeps the file with its row.
                transaction.on_commit(partial(storage.delete, name))
        expired += 1
    return expired
