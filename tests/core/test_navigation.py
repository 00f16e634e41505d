"""The main navigation highlights the entry the page belongs to."""

import pytest
from django.urls import reverse

from eig.core.navigation import navigation_for
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
