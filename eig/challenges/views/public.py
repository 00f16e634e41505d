"""Pages of the défis for the public: the catalogue, a défi's page and the open data.

Open to everyone, signed in or not, and identical for everyone: only the public défis
(``Challenge.objects.public()``) are read, so a draft or a défi under instruction
answers 404 here even to the programme team or its own agents, who follow it in
their own spaces.
"""

from typing import Any

from django.conf import settings
from django.core.paginator import Paginator
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from eig.accounts.navigation import breadcrumb
from eig.challenges import opendata
from eig.challenges.forms.public import CatalogueFilterForm
from eig.challenges.models import Challenge
from eig.challenges.selectors.challenges import ORGANISATION_SEARCH_FIELDS
from eig.challenges.selectors.public import (
    PublicFilters,
    challenge_list_opendata,
    challenge_list_public,
    challenge_public,
    organisations_with_public_challenges,
)
from eig.challenges.selectors.results import challenge_results
from eig.core.filter_menus import suggestions_response
from eig.core.opendata import json_response, licence_headers
from eig.core.public_cache import (
    kept_name,
    public_content,
    public_content_page,
    public_data,
    public_file,
)
from eig.core.table_schema import table_schema
from eig.impact.selectors_team import public_team

CATALOGUE_TEMPLATE = "challenges/public/catalogue.html"
DETAIL_TEMPLATE = "challenges/public/detail.html"
FILTER_PARAMETERS = ("q", "promotion", "organisation", "organisation_name", "status", "profile")


def _filters(query: QueryDict) -> tuple[CatalogueFilterForm, PublicFilters]:
    form = CatalogueFilterForm(query or None)
    return form, form.filters()


def _filter_query(query: QueryDict) -> str:
    """The filters of the current page as a query string (without the page number)."""
    kept = QueryDict(mutable=True)
    for name in FILTER_PARAMETERS:
        value = query.get(name, "").strip()
        if value:
            kept[name] = value
    return kept.urlencode()


def _content(request: HttpRequest) -> dict[str, Any]:
    """What the catalogue's content shows for the filters and the page ``request`` asks."""
    form, filters = _filters(request.GET)
    paginator = Paginator(challenge_list_public(filters=filters), settings.PAGE_SIZE)
    return {
        "filter_form": form,
        "filters": filters,
        "page_obj": paginator.get_page(request.GET.get("page")),
        "query": _filter_query(request.GET),
        "columns": opendata.COLUMNS,
        "licence": opendata.LICENCE,
        "licence_url": opendata.LICENCE_URL,
    }


@require_safe
def catalogue(request: HttpRequest) -> HttpResponseBase:
    """The catalogue's content (its filters, cards and open data links) is rendered once per
    change of the public data for each set of filters and page, and answers a 304 to
    whoever holds it."""
    title = _("Les défis")
    page_context = {"title": title, "breadcrumb_data": breadcrumb(title)}
    cached = public_content(
        request,
        kept_name("catalogue", request.GET.urlencode()),
        CATALOGUE_TEMPLATE,
        lambda: page_context | _content(request),
    )
    return public_content_page(request, [cached], CATALOGUE_TEMPLATE, page_context, cached.value)


@require_safe
def organisation_suggestions(request: HttpRequest) -> JsonResponse:
    """The names of the administrations with a public défi that match ``q``: the
    suggestions of the catalogue's administration filter when it is a text field."""
    return suggestions_response(
        request,
        organisations_with_public_challenges(),
        label_field="name",
        search_fields=ORGANISATION_SEARCH_FIELDS,
    )


def _detail_content(request: HttpRequest, pk: int) -> tuple[str, str] | None:
    """A public défi's title and the HTML of its page's content; ``None``: not public."""
    try:
        challenge = challenge_public(pk=pk)
    except Challenge.DoesNotExist:
        return None
    context = {
        "challenge": challenge,
        "policy": challenge.priority_policy or challenge.priority_policy_other,
        "team": public_team(challenge=challenge),
        "results": challenge_results(challenge),
    }
    html = render_to_string(f"{DETAIL_TEMPLATE}#content", context, request=request)
    return challenge.title, html


@require_safe
def challenge_detail(request: HttpRequest, pk: int) -> HttpResponseBase:
    # The same for every visitor and without a nonce: rendered once per change of the
    # public data, and a 304 to whoever holds it. Whether the défi is public is read every
    # time the page is not computed (one indexed query): its status alone decides,
    # whatever changed it.
    computed: list[bool] = []

    def compute() -> tuple[str, str] | None:
        computed.append(True)
        return _detail_content(request, pk)

    cached = public_data(f"challenge-page:{pk}", compute)
    if cached.value is None or not (computed or Challenge.objects.public().filter(pk=pk).exists()):
        raise Http404(_("Ce défi n’existe pas ou n’est pas public."))
    title, html = cached.value
    page_context = {
        "title": title,
        "breadcrumb_data": breadcrumb(title, (reverse("challenges:catalogue"), _("Les défis"))),
    }
    return public_content_page(request, [cached], DETAIL_TEMPLATE, page_context, html)


@require_safe
@public_file
def opendata_csv(request: HttpRequest) -> StreamingHttpResponse:
    _form, filters = _filters(request.GET)
    response = StreamingHttpResponse(
        opendata.csv_lines(challenge_list_public(filters=filters)),
        content_type="text/csv; charset=utf-8",
    )
    licence_headers(response, f'attachment; filename="{opendata.CSV_FILENAME}"')
    _schema_link(response, "challenges:opendata_schema")
    return response


def _schema_link(response: HttpResponse | StreamingHttpResponse, url_name: str) -> None:
    response["Link"] += f', <{reverse(url_name)}>; rel="describedby"'


@require_safe
def opendata_schema(request: HttpRequest) -> HttpResponse:
    return json_response(
        table_schema(
            columns=opendata.COLUMNS, title=_("Les défis publics"), path=opendata.CSV_FILENAME
        ),
        opendata.SCHEMA_FILENAME,
    )


@require_safe
@public_file
def opendata_json(request: HttpRequest) -> HttpResponse:
    _form, filters = _filters(request.GET)
    document = opendata.json_document(challenge_list_opendata(filters=filters))
    return json_response(document, opendata.JSON_FILENAME)
