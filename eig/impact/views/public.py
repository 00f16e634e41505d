"""The public Impact page, its open data files and the « Données ouvertes » page.

Open to everyone, identical for everyone, computed from the data (``eig.impact.figures``:
a fixed number of queries, no personal datum) once per change of the public data.
"""

from collections.abc import Iterable
from typing import Any

from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from eig.accounts.navigation import breadcrumb
from eig.challenges import opendata as challenge_opendata
from eig.core.charts import bar_chart
from eig.core.opendata import LICENCE, LICENCE_URL, PUBLISHER, json_response, licence_headers
from eig.core.public_cache import public_content, public_content_page, public_data, public_file
from eig.core.table_schema import table_schema
from eig.impact import opendata
from eig.impact.figures import (
    PUBLISHED_SOURCE,
    ImpactFigures,
    comparison_matches,
    impact_figures,
    published_comparison,
)


def _charts(figures: ImpactFigures) -> list[dict[str, Any]]:
    """The two bar charts of the page, each with the id of the table that follows it."""
    eig_data = [(row.label, row.eigs) for row in figures.rows]
    challenge_data = [(row.label, row.challenges) for row in figures.rows]
    return [
        {
            "chart": bar_chart(
                identifier="chart-eig",
                title=_("Nombre d’EIG par promotion"),
                description=_("Diagramme en barres horizontales : ")
                + " ; ".join(f"{label} : {value}" for label, value in eig_data)
                + ".",
                data=eig_data,
            ),
            "heading": _("EIG par promotion"),
            "column": _("EIG"),
            "data": eig_data,
        },
        {
            "chart": bar_chart(
                identifier="chart-defis",
                title=_("Nombre de défis publics par promotion"),
                description=_("Diagramme en barres horizontales : ")
                + " ; ".join(f"{label} : {value}" for label, value in challenge_data)
                + ".",
                data=challenge_data,
            ),
            "heading": _("Défis par promotion"),
            "column": _("Défis"),
            "data": challenge_data,
        },
    ]


PAGE_TEMPLATE = "impact/page.html"


def _page_content(figures: ImpactFigures) -> dict[str, Any]:
    comparison = published_comparison(figures)
    return {
        "figures": figures,
        "comparison": comparison,
        "comparison_differs": not comparison_matches(comparison),
        "published_source": PUBLISHED_SOURCE,
        "charts": _charts(figures) if figures.rows else [],
    }


@require_safe
def impact_page(request: HttpRequest) -> HttpResponseBase:
    title = _("Impact du programme")
    page_context = {"title": title, "breadcrumb_data": breadcrumb(title)}
    cached = public_content(
        request,
        "impact-page",
        PAGE_TEMPLATE,
        lambda: page_context | _page_content(public_data("impact-figures", impact_figures).value),
    )
    return public_content_page(request, [cached], PAGE_TEMPLATE, page_context, cached.value)


def _csv_response(lines: Iterable[str], filename: str, schema_url_name: str) -> HttpResponse:
    response = HttpResponse("".join(lines), content_type="text/csv; charset=utf-8")
    licence_headers(response, f'attachment; filename="{filename}"')
    response["Link"] += f', <{reverse(schema_url_name)}>; rel="describedby"'
    return response


@require_safe
@public_file
def figures_csv(request: HttpRequest) -> HttpResponse:
    return _csv_response(
        opendata.figures_csv_lines(impact_figures()),
        opendata.FIGURES_CSV_FILENAME,
        "impact:figures_schema",
    )


@require_safe
@public_file
def figures_json(request: HttpRequest) -> HttpResponse:
    return json_response(
        opendata.figures_json_document(impact_figures()), opendata.FIGURES_JSON_FILENAME
    )


@require_safe
@public_file
def promotions_csv(request: HttpRequest) -> HttpResponse:
    return _csv_response(
        opendata.promotions_csv_lines(impact_figures()),
        opendata.PROMOTIONS_CSV_FILENAME,
        "impact:promotions_schema",
    )


@require_safe
@public_file
def promotions_json(request: HttpRequest) -> HttpResponse:
    return json_response(
        opendata.promotions_json_document(impact_figures()), opendata.PROMOTIONS_JSON_FILENAME
    )


@require_safe
def figures_schema(request: HttpRequest) -> HttpResponse:
    return json_response(
        table_schema(
            columns=opendata.FIGURE_COLUMNS,
            title=_("Les chiffres d’impact"),
            path=opendata.FIGURES_CSV_FILENAME,
        ),
        opendata.FIGURES_SCHEMA_FILENAME,
    )


@require_safe
def promotions_schema(request: HttpRequest) -> HttpResponse:
    return json_response(
        table_schema(
            columns=opendata.PROMOTION_COLUMNS,
            title=_("Les chiffres par promotion"),
            path=opendata.PROMOTIONS_CSV_FILENAME,
        ),
        opendata.PROMOTIONS_SCHEMA_FILENAME,
    )


@require_safe
def opendata_page(request: HttpRequest) -> HttpResponse:
    title = _("Données ouvertes")
    datasets = [
        {
            "identifier": "defis",
            "title": _("Les défis publics"),
            "description": _(
                "Un défi par ligne : l’administration, la promotion, le statut, le problème "
                "à résoudre, les profils recherchés. Les mêmes filtres que le catalogue des "
                "défis s’appliquent (paramètres q, promotion, organisation, status, profile). "
                "Le JSON ajoute les indicateurs de chaque défi."
            ),
            "csv_url": reverse("challenges:opendata_csv"),
            "json_url": reverse("challenges:opendata_json"),
            "schema_url": reverse("challenges:opendata_schema"),
            "columns": challenge_opendata.COLUMNS,
        },
        {
            "identifier": "chiffres",
            "title": _("Les chiffres d’impact"),
            "description": _(
                "Un chiffre de la page Impact par ligne : promotions, EIG recrutés, défis, "
                "administrations, part des défis poursuivis, part des alumni restés dans le "
                "secteur public. Le JSON indique aussi le seuil de réponses (seuil_reponses) "
                "sous lequel une part n’est pas publiée."
            ),
            "csv_url": reverse("impact:figures_csv"),
            "json_url": reverse("impact:figures_json"),
            "schema_url": reverse("impact:figures_schema"),
            "columns": opendata.FIGURE_COLUMNS,
        },
        {
            "identifier": "promotions",
            "title": _("Les chiffres par promotion"),
            "description": _(
                "Une promotion par ligne, avec les mêmes chiffres ; une promotion annexe a sa "
                "propre ligne et indique sa promotion principale."
            ),
            "csv_url": reverse("impact:promotions_csv"),
            "json_url": reverse("impact:promotions_json"),
            "schema_url": reverse("impact:promotions_schema"),
            "columns": opendata.PROMOTION_COLUMNS,
        },
    ]
    return render(
        request,
        "impact/opendata.html",
        {
            "title": title,
            "breadcrumb_data": breadcrumb(title),
            "datasets": datasets,
            "licence": LICENCE,
            "licence_url": LICENCE_URL,
            "publisher": PUBLISHER,
        },
    )
