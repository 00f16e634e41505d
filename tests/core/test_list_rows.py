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
