"""Filter menus that scale: a menu never lists a whole table.

A list's filter menu is scoped to what the list holds (the défis wished in the round,
the administrations with a public défi). When the scope still holds more than
``MENU_LIMIT`` options, the menu becomes a text field that filters by name, with
suggestions: an ``<input list>`` whose ``<datalist>`` the shared script (eig/forms.js)
fills from a small JSON endpoint as the person types. Without JavaScript it stays a
text field that filters by name.

An old link with the menu's id (``?organisation=12``) still filters: in search mode,
the id's name fills the text field, so the filter shows and is kept when the form is
sent again.
"""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse, QueryDict

from eig.core.search import text_search

MENU_LIMIT = 100
SUGGESTIONS_LIMIT = 20


def menu_scope(
    form: forms.BaseForm,
    name: str,
    *,
    options: QuerySet[Any],
    label_field: str,
    search: str,
    suggestions_url: str,
    label_fields: tuple[str, ...] = (),
) -> None:
    """Offer ``name`` (a ``ModelChoiceField``) as a menu of ``options``, or, past
    ``MENU_LIMIT`` options, replace it with the text field ``search`` (one query).
    The menu's options are ordered by ``label_field`` and loaded with only it and
    ``label_fields`` (what the field's ``label_from_instance`` reads).

    ``form.menus[name]`` is then the bound field to render, whichever it is."""
    menu = form.fields[name]
    assert isinstance(menu, forms.ModelChoiceField)  # noqa: S101
    rows = list(
        options.order_by(label_field, "pk").only("pk", label_field, *label_fields)[: MENU_LIMIT + 1]
    )
    menus: dict[str, forms.BoundField] = form.__dict__.setdefault("menus", {})
    if len(rows) <= MENU_LIMIT:
        menu.queryset = options
        menu.choices = [
            ("", menu.empty_label or ""),
            *((row.pk, menu.label_from_instance(row)) for row in rows),
        ]
        del form.fields[search]
        menus[name] = form[name]
        return
    chosen = str(form.data.get(name) or "") if form.is_bound else ""
    if chosen.isdigit() and not form.data.get(search):
        label = options.filter(pk=chosen).values_list(label_field, flat=True).first()
        if label:
            data = QueryDict(mutable=True)
            if isinstance(form.data, QueryDict):
                data = form.data.copy()
            else:
                data.update(form.data)
            data[search] = label
            form.data = data
    del form.fields[name]
    field = form.fields[search]
    field.suggestions_url = suggestions_url  # type: ignore[attr-defined]
    field.widget.attrs.update(
        {
            "list": f"id_{search}_suggestions",
            "autocomplete": "off",
            "data-suggestions": suggestions_url,
        }
    )
    menus[name] = form[search]


def suggestions_response(
    request: HttpRequest,
    options: QuerySet[Any],
    *,
    label_field: str,
    search_fields: tuple[str, ...],
) -> JsonResponse:
    """The names of ``options`` matching ``q`` (``SUGGESTIONS_LIMIT`` at most), in JSON."""
    text = request.GET.get("q", "").strip()[:200]
    names: list[str] = []
    if text:
        matching = text_search(options, search_fields, text).order_by(label_field)
        names = list(matching.values_list(label_field, flat=True).distinct()[:SUGGESTIONS_LIMIT])
    return JsonResponse({"suggestions": names})
