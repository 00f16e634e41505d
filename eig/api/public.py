"""The public endpoints: défis, their indicators, the Impact figures and the promotions.

No authentication, the same answers for everyone, the same selectors, columns and
exclusions as the public pages and the open data files (never a sponsor, a note, an
opinion or a person). The ``/donnees/...`` operations return exactly the open-data
JSON files.
"""

from typing import Literal

from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Field, Path, Query, Router, Schema

from eig.api.pagination import CURSOR, MAX_ID, cursor_page
from eig.api.problems import Problem
from eig.api.schemas import (
    DefiPage,
    DefiRecord,
    DefisDocument,
    FiguresDocument,
    IndicatorWithMeasurements,
    PromotionsDocument,
)
from eig.challenges import opendata as challenge_opendata
from eig.challenges.models import Challenge
from eig.challenges.selectors.public import (
    PublicFilters,
    challenge_list_opendata,
    challenge_public,
    organisations_with_public_challenges,
    promotions_with_public_challenges,
)
from eig.challenges.selectors.results import challenge_results
from eig.impact import opendata as impact_opendata
from eig.impact.figures import impact_figures

router = Router(tags=["Données publiques"])

PublicStatus = Literal["selected", "recruiting", "staffed", "running", "completed"]


class DefiFilters(Schema):
    q: str = Field(
        "",
        max_length=200,
        description="Recherche dans le titre, la présentation, le problème ou l’administration.",
    )
    promotion: int | None = Field(None, ge=1, le=MAX_ID, description="Identifiant de promotion.")
    organisation: int | None = Field(
        None, ge=1, le=MAX_ID, description="Identifiant de l’administration porteuse."
    )
    status: PublicStatus | None = Field(None, description="Code d’un statut public.")
    profile: Literal["product", "tech"] | None = Field(
        None, description="Profil recherché : product (produit) ou tech (technique)."
    )


def public_filters(filters: DefiFilters) -> PublicFilters | None:
    """The catalogue's filters; None when an id matches no promotion or administration with
    public défis (the list is then empty, as the catalogue's would be)."""
    promotion = organisation = None
    if filters.promotion is not None:
        promotion = promotions_with_public_challenges().filter(pk=filters.promotion).first()
        if promotion is None:
            return None
    if filters.organisation is not None:
        organisation = (
            organisations_with_public_challenges().filter(pk=filters.organisation).first()
        )
        if organisation is None:
            return None
    return PublicFilters(
        # A NUL character cannot reach PostgreSQL; it means nothing in a search anyway.
        search=filters.q.replace("\x00", ""),
        promotion=promotion,
        organisation=organisation,
        status=filters.status or "",
        profile=filters.profile or "",
    )


def public_challenges(filters: DefiFilters) -> QuerySet[Challenge]:
    public = public_filters(filters)
    if public is None:
        return Challenge.objects.none()
    return challenge_list_opendata(filters=public)


ERRORS = {400: Problem, 422: Problem}


@router.get(
    "/defis",
    response={200: DefiPage, **ERRORS},
    url_name="defi_list",
    summary="Lister les défis publics",
    description=(
        "Les défis publics, avec les filtres et la recherche du catalogue, par pages "
        "(pagination par curseur : suivre le champ « next »). Chaque défi a les colonnes "
        "du fichier de données ouvertes et ses indicateurs."
    ),
)
def defi_list(
    request: HttpRequest,
    filters: Query[DefiFilters],
    cursor: str | None = CURSOR,
    page_size: int = Query(50, ge=1, le=200, description="Nombre de défis par page."),
) -> dict[str, object]:
    queryset = public_challenges(filters)
    challenges, next_url = cursor_page(request, queryset, cursor=cursor, page_size=page_size)
    return {"next": next_url, "results": [challenge_opendata.json_item(c) for c in challenges]}


@router.get(
    "/defis/{defi_id}",
    response={200: DefiRecord, 404: Problem, 422: Problem},
    url_name="defi_detail",
    summary="Lire un défi public",
    description="Un défi public ; 404 pour un défi qui n’existe pas ou n’est pas public.",
)
def defi_detail(
    request: HttpRequest, defi_id: int = Path(..., ge=1, le=MAX_ID)
) -> dict[str, object]:
    return challenge_opendata.json_item(_public_challenge(defi_id))


@router.get(
    "/defis/{defi_id}/indicateurs",
    response={200: list[IndicatorWithMeasurements], 404: Problem, 422: Problem},
    url_name="defi_indicators",
    summary="Lire les indicateurs d’un défi et leurs mesures",
    description=(
        "Les indicateurs d’un défi public en cours ou terminé, chacun avec ses mesures "
        "(la plus ancienne d’abord) ; une liste vide avant que le défi ne démarre."
    ),
)
def defi_indicators(
    request: HttpRequest, defi_id: int = Path(..., ge=1, le=MAX_ID)
) -> list[dict[str, object]]:
    return [
        {
            "nom": result.indicator.name,
            "unite": result.indicator.unit,
            "valeur_depart": str(result.indicator.baseline),
            "cible": str(result.indicator.target),
            "mesures": [
                {
                    "date": measurement.measured_on,
                    "valeur": str(measurement.value),
                    "commentaire": measurement.comment,
                }
                for measurement in result.measurements
            ],
        }
        for result in challenge_results(_public_challenge(defi_id))
    ]


def _public_challenge(defi_id: int) -> Challenge:
    try:
        return challenge_public(pk=defi_id)
    except Challenge.DoesNotExist:
        raise Http404 from None


@router.get(
    "/donnees/defis",
    response={200: DefisDocument, **ERRORS},
    url_name="opendata_defis",
    summary="Le fichier de données ouvertes des défis",
    description=(
        "Le contenu exact du fichier JSON des défis publics (Licence Ouverte 2.0), avec "
        "les mêmes filtres que le catalogue."
    ),
)
def opendata_defis(request: HttpRequest, filters: Query[DefiFilters]) -> dict[str, object]:
    return challenge_opendata.json_document(public_challenges(filters))


@router.get(
    "/impact/chiffres",
    response=FiguresDocument,
    url_name="impact_figures",
    summary="Les chiffres d’impact du programme",
    description="Le contenu exact du fichier JSON des chiffres de la page Impact.",
)
def impact_figures_document(request: HttpRequest) -> dict[str, object]:
    return impact_opendata.figures_json_document(impact_figures())


@router.get(
    "/promotions",
    response=PromotionsDocument,
    url_name="promotion_list",
    summary="Les promotions et leurs chiffres",
    description="Le contenu exact du fichier JSON des chiffres par promotion.",
)
def promotion_list(request: HttpRequest) -> dict[str, object]:
    return impact_opendata.promotions_json_document(impact_figures())
