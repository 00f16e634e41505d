"""The main navigation highlights the entry the page belongs to."""

import pytest
from django.urls import reverse

from eig.accounts.navigation import navigation_for
from tests.factories import AgentFactory

pytestmark = pytest.mark.django_db


def _current(user, path: str) -> list[str]:
    return [str(item["label"]) for item in navigation_for(user, path) if item["current"]]


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("interviews:jury_index", {}),
        ("interviews:jury_list", {"pk": 7}),
        ("interviews:jury_candidate", {"pk": 7, "proposal_pk": 3}),
        ("interviews:jury_cv", {"pk": 7, "proposal_pk": 3}),
    ],
)
def test_the_jury_pages_highlight_the_proposed_candidates_not_my_challenges(name, kwargs):
    assert _current(AgentFactory(), reverse(name, kwargs=kwargs)) == ["Candidat·es proposé·es"]


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [("challenges:list", {}), ("challenges:detail", {"pk": 7}), ("challenges:create", {})],
)
def test_the_challenge_pages_still_highlight_my_challenges(name, kwargs):
    assert _current(AgentFactory(), reverse(name, kwargs=kwargs)) == ["Mes défis"]


def test_an_unknown_path_highlights_nothing():
    assert _current(AgentFactory(), "/nulle-part/") == []


def test_every_breadcrumb_is_built_by_the_one_helper():
    """No view writes the template's {"links": [...], "current": ...} by hand."""
    import ast
    from pathlib import Path

    eig = Path(__file__).resolve().parents[2] / "eig"
    by_hand = []
    for path in eig.rglob("*.py"):
        if path.name == "navigation.py":
            continue
        for node in ast.walk(ast.parse(path.read_text())):
            keys = {key.value for key in getattr(node, "keys", []) if isinstance(key, ast.Constant)}
            if isinstance(node, ast.Dict) and "current" in keys and keys <= {"links", "current"}:
                by_hand.append(f"{path.relative_to(eig)}:{node.lineno}")
    assert by_hand == []


def test_a_breadcrumb_has_the_home_page_the_pages_above_and_this_one(client):
    import re

    from eig.accounts.navigation import breadcrumb

    mine = reverse("challenges:list")
    assert breadcrumb("Proposer un défi", (mine, "Mes défis")) == {
        "links": [{"url": mine, "title": "Mes défis"}],
        "current": "Proposer un défi",
    }
    client.force_login(AgentFactory())
    page = client.get(reverse("challenges:create")).content.decode()
    trail = page[page.index('class="fr-breadcrumb__list"') :]
    trail = trail[: trail.index("</ol>")]
    assert re.findall(r'class="fr-breadcrumb__link"[^>]*>([^<]*)<', trail) == [
        "Accueil",
        "Mes défis",
        "Proposer un défi",
    ]
