"""Links of the pagination (templates/includes/pagination.html)."""

from typing import Any

from django import template

from eig.core.pagination import PAGE_PARAMETER

register = template.Library()


@register.simple_tag(takes_context=True)
def page_query(context: template.Context, page: Any, number: int) -> str:
    """The current query string with page ``number`` of ``page``'s list: every other
    parameter (the filters, another list's page) is kept."""
    query = context["request"].GET.copy()
    query[getattr(page, "parameter", PAGE_PARAMETER)] = str(number)
    return str(query.urlencode())
