"""The endpoints that need a token, one scope each (``eig.api.auth``).

- ``defis:read``: every défi of the token's administration (all of them for a token
  without one), whatever its status, with the open data's columns.
- ``candidatures:read``: what the staff exports hold (``eig.candidacies.exports``), with
  the same exclusions: never the gender; the CV only as a link that needs the token.
- ``decisions:read``: the decisions once published to the candidates.
- ``webhooks``: the registered webhooks (never their secret) and their failing deliveries.
An object out of the token's reach answers 404, exactly as one that does not exist.
"""

import datetime
from typing import Any, Literal

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from ninja import Field, Path, Query, Router, Schema
from pydantic import create_model

from eig.api.auth import TokenAuth, TokenRateThrottle
from eig.api.enums import DeliveryStatus, Scope
from eig.api.models import ApiToken, WebhookEndpoint
from eig.api.pagination import CURSOR, MAX_ID, cursor_page
from eig.api.problems import Problem
from eig.api.schemas import DefiRecord
from eig.candidacies import exports
from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.models import Candidacy
from eig.candidacies.selectors.staff import (
    StaffFilters,
    candidacy_list_for_staff,
    duplicates_for,
    staff_candidacies,
)
from eig.challenges import opendata as challenge_opendata
from eig.challenges.enums import ChallengeStatus
from eig.challenges.models import Challenge, Indicator
from eig.selection.models import Decision

ERRORS: dict[int, Any] = {400: Problem, 401: Problem, 403: Problem, 422: Problem, 429: Problem}


def _router(scope: str, tag: str) -> Router:
    return Router(auth=TokenAuth(scope), throttle=TokenRateThrottle(), tags=[tag])


defis = _router(Scope.DEFIS_READ, "Défis (jeton defis:read)")
candidatures = _router(Scope.CANDIDATURES_READ, "Candidatures (jeton candidatures:read)")
decisions = _router(Scope.DECISIONS_READ, "Décisions (jeton decisions:read)")


def _token(request: HttpRequest) -> ApiToken:
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    return token


# Défis


def challenges_for_token(token: ApiToken) -> QuerySet[Challenge]:
    """Every défi the token may read: its administration's, or all of them."""
    queryset = Challenge.objects.select_related(
        "organisation", "promotion", "round", "priority_policy"
    ).prefetch_related(
        Prefetch("indicators", queryset=Indicator.objects.order_by("position", "pk"))
    )
    if token.organisation_id is not None:
        queryset = queryset.filter(organisation_id=token.organisation_id)
    return queryset


class PrivateDefiPage(Schema):
    next: str | None = Field(description="Adresse de la page suivante ; null à la fin.")
    results: list[DefiRecord]  # type: ignore[valid-type]


@defis.get(
    "/prive/defis",
    response={200: PrivateDefiPage, **ERRORS},
    url_name="private_defi_list",
    summary="Lister les défis de l’administration du jeton",
    description=(
        "Tous les défis, quel que soit leur statut, de l’administration à laquelle le "
        "jeton est limité (tous les défis pour un jeton de l’équipe du programme)."
    ),
)
def private_defi_list(
    request: HttpRequest,
    status: ChallengeStatus | None = Query(None, description="Code du statut."),
    cursor: str | None = CURSOR,
    page_size: int = Query(50, ge=1, le=200, description="Nombre de défis par page."),
) -> dict[str, Any]:
    queryset = challenges_for_token(_token(request))
    if status:
        queryset = queryset.filter(status=status)
    items, next_url = cursor_page(request, queryset, cursor=cursor, page_size=page_size)
    return {"next": next_url, "results": [challenge_opendata.json_item(c) for c in items]}


@defis.get(
    "/prive/defis/{defi_id}",
    response={200: DefiRecord, 404: Problem, **ERRORS},
    url_name="private_defi_detail",
    summary="Lire un défi de l’administration du jeton",
    description="404 pour un défi qui n’existe pas ou hors de l’administration du jeton.",
)
def private_defi_detail(
    request: HttpRequest, defi_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, Any]:
    challenge = challenges_for_token(_token(request)).filter(pk=defi_id).first()
    if challenge is None:
        raise Http404
    return challenge_opendata.json_item(challenge)


# Candidatures

_CANDIDACY_TYPES: dict[str, Any] = {
    "id": int,
    "annees_experience": int | None,
    "depose_le": datetime.date | None,
    "retire_le": datetime.date | None,
    "anonymise_le": datetime.date | None,
    "cv": str | None,
}
CandidatureRecord: Any = create_model(  # type: ignore[call-overload]
    "Candidature",
    __base__=Schema,
    **{
        name: (_CANDIDACY_TYPES.get(name, str | None), None if name != "id" else ...)
        for name in exports.HEADER
    },
)


def _cv_url(candidacy: Candidacy) -> str | None:
    if not candidacy.candidate.cv:
        return None
    return settings.SITE_URL + reverse(
        "api:candidature_cv", kwargs={"candidature_id": candidacy.pk}
    )


def _candidatures(items: list[Candidacy]) -> list[dict[str, Any]]:
    """The page's applications as the export's records, in the page's order (a fixed
    number of queries: the export's rows, and the duplicates of the page's profiles)."""
    duplicates = duplicates_for(candidacy.candidate for candidacy in items)
    context = exports.export_context(duplicates=duplicates)
    queryset = Candidacy.objects.filter(pk__in=[candidacy.pk for candidacy in items])
    records = {
        row[0]: dict(zip(exports.HEADER, row, strict=True))
        for row in exports.rows(queryset, context)
    }
    results = []
    for candidacy in items:
        record = records[candidacy.pk]
        record["cv"] = _cv_url(candidacy)
        results.append(record)
    return results


class CandidaturePage(Schema):
    next: str | None = Field(description="Adresse de la page suivante ; null à la fin.")
    results: list[CandidatureRecord]


StaffStatus: Any = Literal[tuple(s.value for s in CandidacyStatus if s != CandidacyStatus.DRAFT)]


@candidatures.get(
    "/candidatures",
    response={200: CandidaturePage, **ERRORS},
    url_name="candidature_list",
    summary="Lister les candidatures",
    description=(
        "Les colonnes de l’export des candidatures de l’équipe du programme. Le genre n’y "
        "est jamais ; le CV est un lien qui demande le même jeton."
    ),
)
def candidature_list(
    request: HttpRequest,
    session: int | None = Query(None, ge=1, le=MAX_ID, description="Identifiant de session."),
    status: StaffStatus | None = Query(None, description="Code du statut."),
    cursor: str | None = CURSOR,
    page_size: int = Query(50, ge=1, le=200, description="Nombre de candidatures par page."),
) -> dict[str, Any]:
    # The wishes and ventures come with the export's rows, not from a prefetch.
    queryset = candidacy_list_for_staff(filters=StaffFilters()).prefetch_related(None)
    if session:
        queryset = queryset.filter(round_id=session)
    if status:
        queryset = queryset.filter(status=status)
    items, next_url = cursor_page(request, queryset, cursor=cursor, page_size=page_size)
    return {"next": next_url, "results": _candidatures(list(items))}


@candidatures.get(
    "/candidatures/{candidature_id}/cv",
    response={404: Problem, **ERRORS},
    url_name="candidature_cv",
    summary="Télécharger le CV d’une candidature",
    description="Le CV (PDF) ; 404 sans CV ou pour une candidature inconnue.",
    openapi_extra={
        "responses": {
            "200": {
                "description": "Le CV",
                "content": {"application/pdf": {"schema": {"type": "string", "format": "binary"}}},
            }
        }
    },
)
def candidature_cv(
    request: HttpRequest, candidature_id: int = Path(..., ge=1, le=MAX_ID)
) -> FileResponse:
    candidacy = staff_candidacies().select_related("candidate").filter(pk=candidature_id).first()
    if candidacy is None or not candidacy.candidate.cv:
        raise Http404
    try:
        file = candidacy.candidate.cv.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        file, as_attachment=True, filename=f"cv-{candidacy.pk}.pdf", content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


# Décisions


class DecisionRecord(Schema):
    id: int
    candidature: int = Field(description="Identifiant de la candidature.")
    session: str = Field(description="La session de recrutement.")
    etape: str = Field(description="screening (recevabilité) ou committee (comité).")
    decision: str = Field(description="eligible, ineligible, pool ou not_retained.")
    motif: str = Field(description="Motif de non-recevabilité (vide sinon).")
    decidee_le: datetime.date
    publiee_le: datetime.date


class DecisionPage(Schema):
    next: str | None = Field(description="Adresse de la page suivante ; null à la fin.")
    results: list[DecisionRecord]


def _local_date(value: datetime.datetime | None) -> datetime.date | None:
    return timezone.localtime(value).date() if value else None


@decisions.get(
    "/decisions",
    response={200: DecisionPage, **ERRORS},
    url_name="decision_list",
    summary="Lister les décisions publiées",
    description=(
        "Les décisions de recevabilité et du comité, une fois publiées (sans leur justification)."
    ),
)
def decision_list(
    request: HttpRequest,
    session: int | None = Query(None, ge=1, le=MAX_ID, description="Identifiant de session."),
    cursor: str | None = CURSOR,
    page_size: int = Query(50, ge=1, le=200, description="Nombre de décisions par page."),
) -> dict[str, Any]:
    queryset = Decision.objects.filter(published_at__isnull=False).select_related(
        "candidacy__round__promotion", "reason"
    )
    if session:
        queryset = queryset.filter(candidacy__round_id=session)
    items, next_url = cursor_page(request, queryset, cursor=cursor, page_size=page_size)
    return {
        "next": next_url,
        "results": [
            {
                "id": decision.pk,
                "candidature": decision.candidacy_id,
                "session": str(decision.candidacy.round),
                "etape": decision.kind,
                "decision": decision.outcome,
                "motif": decision.reason.label if decision.reason else "",
                "decidee_le": _local_date(decision.decided_at),
                "publiee_le": _local_date(decision.published_at),
            }
            for decision in items
        ],
    }


# Webhooks

webhooks = _router(Scope.WEBHOOKS, "Webhooks (jeton webhooks)")


class WebhookRecord(Schema):
    id: int
    url: str = Field(description="Adresse qui reçoit les événements.")
    evenements: list[str] = Field(description="Les événements auxquels elle est abonnée.")
    desactive_le: datetime.datetime | None = Field(
        description="Désactivé après des échecs répétés (null s’il est actif)."
    )
    envois_en_attente: int = Field(description="Envois en attente d’une nouvelle tentative.")
    envois_abandonnes: int = Field(description="Envois abandonnés après tous les essais.")


@webhooks.get(
    "/webhooks",
    response={200: list[WebhookRecord], **ERRORS},
    url_name="webhook_list_api",
    summary="Lister les webhooks et l’état de leurs envois",
    description="Les webhooks enregistrés (jamais leur secret) et leurs envois en souffrance.",
)
def webhook_list_api(request: HttpRequest) -> list[dict[str, Any]]:
    endpoints = WebhookEndpoint.objects.annotate(
        pending=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.PENDING)),
        failed=Count("deliveries", filter=Q(deliveries__status=DeliveryStatus.FAILED)),
    ).order_by("pk")
    return [
        {
            "id": endpoint.pk,
            "url": endpoint.url,
            "evenements": endpoint.events,
            "desactive_le": endpoint.disabled_at,
            "envois_en_attente": endpoint.pending,
            "envois_abandonnes": endpoint.failed,
        }
        for endpoint in endpoints
    ]
