"""The public défis as open data, in CSV and JSON, under the Licence Ouverte 2.0.

The two files hold the same list as the catalogue (with the same filters) and the
same stable columns (``COLUMNS``): scripts may rely on their names, so never rename
one; add new columns at the end. The catalogue page documents them from here.

What is left out on purpose: every personal datum (the sponsor's name, the agents,
anyone's e-mail) and everything written for the instruction only (the sponsor's
commitment, the team, budget and autonomy conditions, attachments, notes, opinions).

CSV and JSON follow the conventions of every open data file of the platform
(``eig.core.opendata``): UTF-8, RFC 4180, ISO dates, formula-safe text cells (the text
is typed by the administrations); the JSON gives the texts exactly as typed.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eig.challenges.enums import ChallengeStatus
from eig.challenges.models import Challenge, Indicator
from eig.core import exports
from eig.core.labels import choice_label
from eig.core.opendata import (
    LICENCE,
    LICENCE_URL,
    SIRET_PATTERN,
    Column,
    json_envelope,
    json_value,
)
from eig.organisations.enums import OrganisationKind

# Re-exported: the catalogue and its tests read them from here.
__all__ = ["COLUMNS", "HEADER", "LICENCE", "LICENCE_URL", "csv_lines", "json_document"]

CSV_FILENAME = "defis-eig.csv"
JSON_FILENAME = "defis-eig.json"
SCHEMA_FILENAME = "defis-eig.schema.json"
CHUNK_SIZE = 500


def _local_date(value: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(value).date() if value else None


def _policy(challenge: Challenge) -> str:
    policy = challenge.priority_policy
    return policy.name if policy is not None else challenge.priority_policy_other


def _promotion(challenge: Challenge) -> str:
    return str(challenge.promotion) if challenge.promotion is not None else ""


def _promotion_year(challenge: Challenge) -> int | None:
    return challenge.promotion.year if challenge.promotion is not None else None


def _round_number(challenge: Challenge) -> int | None:
    return challenge.round.number if challenge.round is not None else None


def public_url(challenge: Challenge) -> str:
    return settings.SITE_URL + reverse("challenges:public_detail", kwargs={"pk": challenge.pk})


# The contract of the open data: names are stable, new columns go at the end.
COLUMNS: tuple[Column, ...] = (
    Column(
        "id",
        _("Identifiant du défi sur la plateforme (entier)."),
        lambda c: c.pk,
        type="integer",
    ),
    Column("titre", _("Titre du défi."), lambda c: c.title),
    Column(
        "administration",
        _("Nom de l’administration porteuse."),
        lambda c: c.organisation.name,
    ),
    Column(
        "sigle",
        _("Sigle de l’administration (vide s’il n’y en a pas)."),
        lambda c: c.organisation.acronym,
    ),
    Column(
        "type_administration",
        _("Administration centrale, service déconcentré ou opérateur de l’État."),
        lambda c: choice_label(OrganisationKind, c.organisation.kind),
    ),
    Column(
        "siret",
        _("SIRET de l’administration (14 chiffres ; vide pour une administration historique)."),
        lambda c: c.organisation.siret or "",
        pattern=SIRET_PATTERN,
    ),
    Column("promotion", _("Promotion d’EIG du défi (par exemple « 7e promotion »)."), _promotion),
    Column("promotion_annee", _("Année de la promotion."), _promotion_year, type="integer"),
    Column(
        "session",
        _("Numéro de la session de recrutement dans la promotion (vide si aucune)."),
        _round_number,
        type="integer",
    ),
    Column(
        "statut",
        _(
            "Code du statut : selected (retenu), recruiting (en recrutement), staffed "
            "(équipe constituée), running (en cours), completed (terminé)."
        ),
        lambda c: c.status,
    ),
    Column(
        "statut_libelle",
        _("Statut, en toutes lettres."),
        lambda c: choice_label(ChallengeStatus, c.status),
    ),
    Column(
        "profil_produit",
        _("Un·e directeur·rice produit est recherché·e (true ou false)."),
        lambda c: c.wants_product,
        type="boolean",
    ),
    Column(
        "profil_technique",
        _("Un·e directeur·rice technique est recherché·e (true ou false)."),
        lambda c: c.wants_tech,
        type="boolean",
    ),
    Column(
        "politique_prioritaire",
        _("Politique prioritaire du Gouvernement que sert le défi."),
        _policy,
    ),
    Column("probleme", _("Le problème à résoudre."), lambda c: c.problem),
    Column("usagers_concernes", _("Qui souffre du problème."), lambda c: c.affected_users),
    Column(
        "presentation",
        _("Présentation publique du défi (vide si elle n’est pas encore écrite)."),
        lambda c: c.public_summary,
    ),
    Column(
        "date_selection",
        _("Date à laquelle le programme a retenu le défi (AAAA-MM-JJ ; vide si inconnue)."),
        lambda c: _local_date(c.decided_at),
        type="date",
    ),
    Column("url", _("Adresse de la page publique du défi."), public_url),
    Column(
        "historique",
        _(
            "Défi d’une promotion passée, repris du site du programme (true ou false) ; "
            "son devenir est vide quand le site ne le disait pas."
        ),
        lambda c: c.source_ref is not None,
        type="boolean",
    ),
    Column(
        "description",
        _(
            "Description publique détaillée, en Markdown (pour les défis de l’historique ; "
            "les noms et adresses des personnes en sont retirés)."
        ),
        lambda c: c.public_description,
    ),
    Column(
        "devenir",
        _(
            "Devenir du défi terminé : carried_on (poursuivi dans l’administration), "
            "taken_over (repris par une autre structure), stopped (arrêté) ; vide si inconnu."
        ),
        lambda c: c.outcome,
    ),
    Column("devenir_texte", _("Bilan du défi terminé, tel qu’écrit."), lambda c: c.outcome_text),
)
HEADER = [column.name for column in COLUMNS]


def _rows(queryset: QuerySet[Challenge]) -> Iterator[tuple[Challenge, list[Any]]]:
    for challenge in queryset.iterator(chunk_size=CHUNK_SIZE):
        yield challenge, [column.value(challenge) for column in COLUMNS]


# CSV


def csv_lines(queryset: QuerySet[Challenge]) -> Iterable[str]:
    """The CSV file, line by line, header first."""
    rows = (row for _challenge, row in _rows(queryset))
    return exports.csv_lines(HEADER, rows, dialect=exports.OPEN_DATA_CSV)


# JSON


def _indicator(indicator: Indicator) -> dict[str, Any]:
    return {
        "nom": indicator.name,
        "unite": indicator.unit,
        "valeur_depart": str(indicator.baseline),
        "cible": str(indicator.target),
    }


def json_item(
    challenge: Challenge,
    row: list[Any] | None = None,
    indicators: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """One défi of the JSON file (and of the API): the CSV's columns and its indicators
    (numbers as decimal strings, never rounded), from its prefetched ``indicators`` unless
    they are given."""
    if row is None:
        row = [column.value(challenge) for column in COLUMNS]
    item = {name: json_value(value) for name, value in zip(HEADER, row, strict=True)}
    if indicators is None:
        indicators = [_indicator(indicator) for indicator in challenge.indicators.all()]
    item["indicateurs"] = indicators
    return item


def _indicators_of(queryset: QuerySet[Challenge]) -> dict[int, list[dict[str, Any]]]:
    """The indicators of every défi of ``queryset``, in one query."""
    found: dict[int, list[dict[str, Any]]] = defaultdict(list)
    indicators = Indicator.objects.filter(challenge__in=queryset.order_by().values("pk"))
    for indicator in indicators.order_by("challenge_id", "position", "pk"):
        found[indicator.challenge_id].append(_indicator(indicator))
    return found


def json_document(queryset: QuerySet[Challenge]) -> dict[str, Any]:
    """The JSON file: the licence and source, then one object per défi (``json_item``).

    Two queries whatever the number of défis: the défis are read by chunks, and a
    prefetch would run once per chunk, so their indicators are read apart, at once."""
    indicators = _indicators_of(queryset)
    rows = _rows(queryset.prefetch_related(None))
    return json_envelope(
        source=settings.SITE_URL + reverse("challenges:catalogue"),
        columns=COLUMNS,
        key="defis",
        records=[json_item(c, row, indicators.get(c.pk, [])) for c, row in rows],
    )
