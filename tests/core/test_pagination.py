"""The one pagination of every paginated list (templates/includes/pagination.html)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eig.challenges.enums import ChallengeStatus
from eig.programmes.models import Round
from tests.candidacies.applications import application
from tests.factories import ChallengeFactory, OrganisationFactory, open_round

pytestmark = pytest.mark.django_db


def public_challenges(count: int) -> None:
    for _index in range(count):
        ChallengeFactory(complete=True, status=ChallengeStatus.SELECTED)


def challenges(count: int) -> None:
    for _index in range(count):
        ChallengeFactory()


OPEN_ROUND: dict[str, int] = {}


def applications(count: int) -> None:
    # The list opens on the round open for applications: one for every call of a test.
    round_ = Round.objects.filter(pk=OPEN_ROUND.get("pk")).first() or open_round()
    OPEN_ROUND["pk"] = round_.pk
    for _index in range(count):
        application(round_=round_)


def organisations(count: int) -> None:
    for _index in range(count):
        OrganisationFactory()


# Each paginated list: its URL and rows to list.
PAGINATED_LISTS = [
    ("challenges:catalogue", public_challenges),
    ("challenges:staff_list", challenges),
    ("candidacies:staff_list", applications),
    ("organisations:list", organisations),
]


def pagination_links(html: str) -> dict[str, str]:
    """The pagination's links by kind (first, prev, next, last), as rendered."""
    pattern = r'<a class="fr-pagination__link fr-pagination__link--(first|prev|next|last)[ "][^>]*>'
    return {match[1]: match[0] for match in re.finditer(pattern, html)}


@pytest.mark.parametrize(("url_name", "make_rows"), PAGINATED_LISTS)
def test_every_list_disables_the_links_that_lead_nowhere_as_the_dsfr_does(
    client, staff, settings, url_name, make_rows
):
    settings.PAGE_SIZE = 2
    make_rows(3)
    client.force_login(staff)
    url = reverse(url_name)

    first = pagination_links(client.get(url).content.decode())
    last_page = client.get(url, {"page": 2}).content.decode()
    last = pagination_links(last_page)

    assert set(first) == set(last) == {"first", "prev", "next", "last"}
    for link in (first["first"], first["prev"], last["next"], last["last"]):
        assert 'aria-disabled="true"' in link
        assert 'role="link"' in link
        assert "href" not in link
    assert 'href="?page=2"' in first["next"]
    assert 'href="?page=1"' in last["prev"]
    assert "Page 2 sur 2" in last_page


@pytest.mark.parametrize(("url_name", "make_rows"), PAGINATED_LISTS)
def test_every_list_shows_a_page_in_the_same_queries_whatever_the_rows(
    client, staff, settings, django_assert_num_queries, url_name, make_rows
):
    settings.PAGE_SIZE = 2
    client.force_login(staff)
    url = reverse(url_name)
    make_rows(2)
    with CaptureQueriesContext(connection) as two_rows:
        assert 'class="fr-pagination"' not in client.get(url).content.decode()

    make_rows(5)
    with django_assert_num_queries(len(two_rows)):
        response = client.get(url)

    assert len(response.context["page_obj"].object_list) == 2
    assert 'class="fr-pagination"' in response.content.decode()
