"""Cursor pagination of the API's lists: stable under insertions, no page count.

A cursor is opaque to clients: the base64 of the last id of the previous page. Lists
are ordered by id, so a défi published between two calls is never skipped nor repeated.
"""

import base64
import binascii
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _

from eig.api.problems import ApiProblem

MAX_ID = 2**31 - 1


def cursor_encode(last_id: int) -> str:
    return base64.urlsafe_b64encode(f"after:{last_id}".encode()).decode()


def cursor_decode(cursor: str) -> int:
    """The id after which the page starts; a 400 problem naming ``cursor`` otherwise."""
    try:
        text = base64.urlsafe_b64decode(cursor.encode("ascii")).decode("ascii")
        prefix, _sep, value = text.partition(":")
        last_id = int(value)
    except (ValueError, UnicodeError, binascii.Error):
        last_id = -1
        prefix = ""
    if prefix != "after" or not 0 <= last_id <= MAX_ID:
        raise ApiProblem(
            400,
            _("Curseur invalide"),
            _("Le paramètre « cursor » doit être repris tel quel du champ « next »."),
            [{"field": "cursor", "location": "query", "detail": _("Curseur inconnu.")}],
        )
    return last_id


def cursor_page(
    request: HttpRequest, queryset: QuerySet[Any], *, cursor: str | None, page_size: int
) -> tuple[list[Any], str | None]:
    """One page of ``queryset`` (by id) and the address of the next one (None at the end)."""
    if cursor:
        queryset = queryset.filter(pk__gt=cursor_decode(cursor))
    items = list(queryset.order_by("pk")[: page_size + 1])
    if len(items) <= page_size:
        return items, None
    items = items[:page_size]
    query = request.GET.copy()
    query["cursor"] = cursor_encode(items[-1].pk)
    return items, request.build_absolute_uri(request.path + "?" + query.urlencode())
