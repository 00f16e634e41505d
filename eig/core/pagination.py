"""The one pagination of every list: ``settings.PAGE_SIZE`` rows a page (``EIG_PAGE_SIZE``).

A page number that is not a number gives the first page, one past the end the last
(``Paginator.get_page``), on every list alike. A page knows the query parameter that
carries its number, so that a page showing two lists pages each on its own
(templates/includes/pagination.html keeps the other parameters: the filters).
"""

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest

PAGE_PARAMETER = "page"


def page_get(
    items: QuerySet[Any] | Sequence[Any],
    number: Any,
    *,
    parameter: str = PAGE_PARAMETER,
    count: int | None = None,
) -> Page:
    """Page ``number`` of ``items`` (a queryset is sliced in SQL, counted once, or not at
    all when the caller gives the ``count`` it already has)."""
    paginator = Paginator(items, settings.PAGE_SIZE)
    if count is not None:
        paginator.count = count
    page = paginator.get_page(number)
    page.parameter = parameter  # type: ignore[attr-defined]
    return page


def page_for(
    request: HttpRequest, items: QuerySet[Any] | Sequence[Any], *, parameter: str = PAGE_PARAMETER
) -> Page:
    """The page of ``items`` that ``request`` asks for in ``parameter``."""
    return page_get(items, request.GET.get(parameter), parameter=parameter)
