"""Filter menus that scale: a menu never lists a whole table.

A list's filter menu is scoped to what the list holds (the défis wished in the round,
the administrations with a public défi). When the scope still holds more than
``MENU_LIMIT`` options, the menu becomes a text field that filters by name, with
suggestions: an ``<input list>`` whose ``<datalist>`` the shared script (eig/forms.js)
fills from a small JSON endpoint as the person types. Without JavaScript it stays a
text field that filters by name.

A menu's options are read once per change of the recorded data, as the public pages'
content is (``eig.core.public_cache.public_data``: every committed change renews it, a
minute at most otherwise): a staff list's menus of sessions, administrations and wished défis
are the same for every request until something changes, and reading them (a join over
every wish of a round, at volume) cost more than the rest of the page's queries.

An old link with the menu's id (``?organisation=12``) still filters: in search mode,
the id's name fills the text field, so the filter shows and is kept when the form is
sent again.
"""

from collections.abc import Callable
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.http import HttpRequest, JsonResponse, QueryDict

from eig.core.public_cache import kept_name, public_data
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
    rows = options.order_by(label_field, "pk").only("pk", label_field, *label_fields)
    labels = menu_labels(menu, rows[: MENU_LIMIT + 1])
    menus: dict[str, forms.BoundField] = form.__dict__.setdefault("menus", {})
    if len(labels) <= MENU_LIMIT:
        menu.queryset = options
        menu.choices = [("", menu.empty_label or ""), *labels]
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


def menu_labels(menu: forms.ModelChoiceField, rows: QuerySet[Any]) -> list[tuple[Any, str]]:
    """``(pk, label)`` of each of ``rows`` as ``menu`` labels it, read once per change of
    the recorded data: the key is the query itself (its SQL and parameters), the menu's
    class and the language of the labels."""
    sql, params = rows.query.sql_with_params()
    name = kept_name("menu", type(menu).__qualname__, sql, repr(params))

    def read() -> list[tuple[Any, str]]:
        # A copy: a menu made once for its form class holds one queryset, whose rows it
        # would otherwise keep from its first reading.
        return [(row.pk, str(menu.label_from_instance(row))) for row in rows.all()]

    return public_data(name, read).value


def menu_kept(form: forms.BaseForm, *names: str) -> None:
    """The menus ``names`` of ``form`` (``ModelChoiceField``: the sessions, the
    promotions…) list their options as read once per change of the recorded data, instead
    of reading them every time the form is shown. Choosing one still checks it exists."""
    for name in names:
        menu = form.fields[name]
        assert isinstance(menu, forms.ModelChoiceField)  # noqa: S101
        menu.choices = kept_choices(menu)


def kept_choices(menu: forms.ModelChoiceField) -> Callable[[], list[tuple[Any, str]]]:
    """``menu``'s options as read once per change of the recorded data (``menu.choices =
    kept_choices(menu)``), read when the menu is shown, not when a form that is only
    validated (an export's) is made."""
    queryset = menu.queryset
    assert queryset is not None  # noqa: S101

    def choices() -> list[tuple[Any, str]]:
        return [("", str(menu.empty_label or "")), *menu_labels(menu, queryset)]

    return choices


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
