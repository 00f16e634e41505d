"""Exports of the staff list of défis, in CSV and XLSX, built row by row.

The rows come from ``challenge_list_for_staff`` read with ``iterator(chunk_size=...)``:
a fixed number of queries per chunk whatever the number of défis, and never the whole
list in memory.

Both formats have the same stable columns (``COLUMNS``): scripts may rely on their
names. The files are written by ``eig.core.exports`` (the staff CSV dialect, the XLSX
writer, the formula guard: text typed by the administrations is not trusted).
"""

import datetime
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from eig.challenges.models import Challenge

CHUNK_SIZE = 500


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


def rows(queryset: QuerySet[Challenge]) -> Iterator[list[Any]]:
    for challenge in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield [value(challenge) for _, value in COLUMNS]
