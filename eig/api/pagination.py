"""Cursor pagination of the API's lists: stable under insertions, no page count.

A cursor is the id of the last item of the previous page, as the ``next`` address gives
it. Lists are ordered by id, so an item published between two calls is never skipped
nor repeated; any cursor the schema allows is a valid position.
"""

from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Query

MAX_ID = 2**31 - 1

CURSOR: Any = Query(
    None,
    pattern=r"^[0-9]{1,9}$",
    description="Curseur de page : à reprendre tel quel de l’adresse « next ».",
)


def cursor_page(
    request: HttpRequest, queryset: QuerySet[Any], *, cursor: str | None, page_size: int
) -> tuple[list[Any], str | None]:
    """One page of ``queryset`` (by id) and the address of the next one (None at the end)."""
    if cursor:
        queryset = queryset.filter(pk__gt=int(cursor))
    items = list(queryset.order_by("pk")[: page_size + 1])
    if len(items) <= page_size:
        return items, None
    items = items[:page_size]
    query = request.GET.copy()
    query["cursor"] = str(items[-1].pk)
    return items, request.build_absolute_uri(request.path + "?" + query.urlencode())
