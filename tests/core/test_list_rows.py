"""The lists people open often render each row without an include (issue 14, item 2): a
fragment a row shares with another page is a partial of the list's own template, which
the other page includes once (``{% include "list.html#name" %}``)."""

import pytest
from django.template import loader
from django.template.defaulttags import ForNode
from django.template.loader_tags import IncludeNode

HOT_LISTS = [
    "selection/review/board.html",
    "selection/review/reviewer_home.html",
    "candidacies/staff/list.html",
    "challenges/staff/list.html",
    "challenges/public/catalogue.html",
    "contracts/contract/list.html",
    "contracts/pay/budget.html",
    # Every filter menu: Django's own writes each option with an include.
    "django/forms/widgets/select.html",
]

# An include in a loop over something the programme's structure bounds, not its activity.
BOUNDED = {'"programmes/_listed_round_cell.html"': "one row per round: a few a year"}


def _includes_in_loops(nodelist, in_loop=False) -> list[str]:
    found = []
    for node in nodelist:
        if in_loop and isinstance(node, IncludeNode):
            found.append(node.template.token)
        inside = in_loop or isinstance(node, ForNode)
        for attribute in node.child_nodelists:
            found += _includes_in_loops(getattr(node, attribute, None) or [], inside)
    return found


def _partial_bodies(template) -> list:
    partials = template.extra_data.get("partials", {})
    return [partial.nodelist for partial in partials.values()]


@pytest.mark.parametrize("name", HOT_LISTS)
def test_a_hot_list_renders_its_rows_without_an_include(name):
    template = loader.get_template(name).template
    found = _includes_in_loops(template.nodelist)
    for nodelist in _partial_bodies(template):
        found += _includes_in_loops(nodelist)
    found = [include for include in found if include not in BOUNDED]
    assert found == [], f"{name} includes a template in a loop: {found}"


def test_the_check_finds_an_include_in_a_loop():
    template = loader.engines["django"].from_string(
        "{% for row in rows %}{% include 'includes/pagination.html' %}{% endfor %}"
    )
    assert _includes_in_loops(template.template.nodelist) != []


def test_a_select_renders_as_django_s_own():
    """The project's select (templates/django/forms/widgets/select.html) writes the
    same HTML as Django's, option groups, selection and escaping included."""
    from pathlib import Path

    import django
    from django import forms
    from django.template import engines

    choices = [("", "Toutes"), ("1", "Session 1 — 2026"), ("2", "« Deux » & co")]
    field = forms.ChoiceField(choices=[("Sessions", choices[1:]), *choices[:1]], required=False)
    widget = forms.Select(attrs={"id": "id_round", "class": "fr-select"})
    widget.choices = field.choices
    ours = widget.render("round", "2", renderer=forms.renderers.TemplatesSetting())
    folder = Path(django.__file__).parent / "forms" / "templates"
    engine = engines["django"].engine.__class__(dirs=[str(folder)])
    context = widget.get_context("round", "2", {"id": "id_round", "class": "fr-select"})
    theirs = engine.get_template("django/forms/widgets/select.html").render(
        django.template.Context(context)
    )
    assert ours.split() == theirs.split()
    assert 'value="2" selected' in ours
    assert "« Deux » &amp; co" in ours
    assert '<optgroup label="Sessions">' in ours
