"""Exports of the programme team's list of applications, in CSV and XLSX, row by row.

The rows come from ``candidacy_list_for_staff`` read by chunks of ``CHUNK_SIZE``
(``iterator(chunk_size=...)`` with its prefetches); each chunk costs a fixed number of
queries (the rows, their wishes, their ventures, the duplicate flags), whatever the
number of applications, and the list is never held whole in memory.

The files are written by ``eig.core.exports`` (the staff CSV dialect, the XLSX writer,
the formula guard).

The gender is never exported: it only feeds aggregated equal-treatment statistics.
The column names (``COLUMNS``) are part of the export's contract: do not rename them.
"""

import datetime
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import batched
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.urls import reverse
from django.utils import timezone

from eig.candidacies.models import Candidacy, Venture
from eig.candidacies.staff_selectors import Duplicate, ExperienceBand, band_of, duplicates_for

CHUNK_SIZE = 500


@dataclass(frozen=True)
class Row:
    """One application and what the export computes for it."""

    candidacy: Candidacy
    bands: list[ExperienceBand]
    duplicates: list[Duplicate]


def _local_date(value: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(value).date() if value else None


def _band(row: Row) -> str:
    band = band_of(row.candidacy.candidate.experience_years, row.bands)
    return band.label if band else ""


def _venture(venture: Venture) -> str:
    years = f"{venture.start_year}–{venture.end_year or ''}"
    return f"{venture.name} ({venture.get_role_display()}, {years}, {venture.team_size} pers.)"


def _ventures(row: Row) -> str:
    return " | ".join(_venture(venture) for venture in row.candidacy.candidate.ventures.all())


def _choices(row: Row) -> str:
    return " | ".join(
        f"{choice.rank}. {choice.challenge.title}" for choice in row.candidacy.choices.all()
    )


def _duplicates(row: Row) -> str:
    return " | ".join(
        f"{_url(duplicate.candidacy_id)} ({duplicate.reason})"
        if duplicate.candidacy_id
        else f"compte {duplicate.candidate_id} ({duplicate.reason})"
        for duplicate in row.duplicates
    )


def _url(pk: int) -> str:
    return settings.SITE_URL + reverse("candidacies:staff_detail", kwargs={"pk": pk})


def _yes_no(value: Any) -> str:
    return "oui" if value else "non"


COLUMNS: tuple[tuple[str, Callable[[Row], Any]], ...] = (
    ("id", lambda r: r.candidacy.pk),
    ("session", lambda r: str(r.candidacy.round)),
    ("statut", lambda r: r.candidacy.status),
    ("statut_libelle", lambda r: str(r.candidacy.get_status_display())),
    ("prenom", lambda r: r.candidacy.candidate.user.first_name),
    ("nom", lambda r: r.candidacy.candidate.user.last_name),
    ("email", lambda r: r.candidacy.candidate.user.email),
    ("telephone", lambda r: r.candidacy.candidate.phone),
    ("profil", lambda r: str(r.candidacy.candidate.get_track_display())),
    ("annees_experience", lambda r: r.candidacy.candidate.experience_years),
    ("tranche_experience", _band),
    ("competences", lambda r: r.candidacy.candidate.skills),
    ("experiences_entrepreneuriales", _ventures),
    ("portfolio", lambda r: r.candidacy.candidate.portfolio_url),
    ("code", lambda r: r.candidacy.candidate.code_url),
    ("profil_professionnel", lambda r: r.candidacy.candidate.professional_url),
    ("cv", lambda r: _yes_no(r.candidacy.candidate.cv)),
    ("voeux", _choices),
    ("motivation", lambda r: r.candidacy.motivation),
    ("depose_le", lambda r: _local_date(r.candidacy.submitted_at)),
    ("retire_le", lambda r: _local_date(r.candidacy.withdrawn_at)),
    ("raison_retrait", lambda r: r.candidacy.withdrawal_reason),
    ("anonymise_le", lambda r: _local_date(r.candidacy.anonymised_at)),
    ("doublons_possibles", _duplicates),
    ("lien", lambda r: _url(r.candidacy.pk)),
)
HEADER = [name for name, _ in COLUMNS]


def export_rows(candidacies: Iterable[Candidacy], bands: list[ExperienceBand]) -> Iterator[Row]:
    """Each application with what its columns need, by chunks of ``CHUNK_SIZE`` (the
    candidacies should come with ``with_ventures``)."""
    for chunk in batched(candidacies, CHUNK_SIZE):
        duplicates = duplicates_for(candidacy.candidate for candidacy in chunk)
        for candidacy in chunk:
            yield Row(candidacy, bands, duplicates.get(candidacy.candidate_id, []))


def with_ventures(queryset: QuerySet[Candidacy]) -> QuerySet[Candidacy]:
    ventures = Prefetch("candidate__ventures", queryset=Venture.objects.order_by("-start_year"))
    return queryset.prefetch_related(ventures)


def rows(queryset: QuerySet[Candidacy], bands: list[ExperienceBand]) -> Iterator[list[Any]]:
    candidacies = with_ventures(queryset).iterator(chunk_size=CHUNK_SIZE)
    for row in export_rows(candidacies, bands):
        yield [value(row) for _, value in COLUMNS]
