"""Filter menus that scale (eig.core.filter_menus): scoped to what the list holds, and a
text field with suggestions once the scope is too large for a menu."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eig.candidacies.services import candidacy_submit
from eig.challenges.enums import ChallengeStatus
from eig.challenges.forms.staff import ChallengeFilterForm
from eig.core.filter_menus import MENU_LIMIT
from eig.programmes.services import ROUND_FIELDS, round_create
from tests.candidacies.applications import application, recruiting_challenge
from tests.factories import ChallengeFactory, OrganisationFactory, RoundFactory, open_round

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


def options(html: str, name: str) -> list[str]:
    """The labels of the select ``name`` as rendered."""
    select = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', html, re.S)
    assert select, f"no select {name}"
    return [label.strip() for label in re.findall(r"<option[^>]*>([^<]*)</option>", select[1])]


def public_challenge(organisation):
    return ChallengeFactory(
        complete=True, status=ChallengeStatus.SELECTED, organisation=organisation
    )


def test_the_staff_list_offers_only_the_administrations_with_a_défi(staff_client):
    with_draft = OrganisationFactory(name="Direction des ponts", acronym="DP")
    ChallengeFactory(organisation=with_draft)
    OrganisationFactory(name="Direction des canaux", acronym="")

    html = staff_client.get(reverse("challenges:staff_list")).content.decode()

    assert options(html, "organisation") == [
        "Toutes les administrations",
        "Direction des ponts (DP)",
    ]


@pytest.fixture
def small_menus(monkeypatch):
    monkeypatch.setattr("eig.core.filter_menus.MENU_LIMIT", 2)


def test_past_the_limit_the_catalogue_filters_by_a_typed_name_with_suggestions(client, small_menus):
    routes = OrganisationFactory(name="Direction des routes", acronym="DR")
    for organisation in (routes, OrganisationFactory(), OrganisationFactory()):
        public_challenge(organisation)
    on_roads = routes.challenges.get()
    OrganisationFactory(name="Direction des routes oubliées", acronym="")  # no public défi
    url = reverse("challenges:catalogue")
    suggestions_url = reverse("challenges:catalogue_organisation_suggestions")

    page = client.get(url, {"organisation_name": "routes"})
    by_old_link = client.get(url, {"organisation": routes.pk})
    suggested = client.get(suggestions_url, {"q": "direction rout"}).json()

    html = page.content.decode()
    assert '<select name="organisation"' not in html
    assert 'name="organisation_name"' in html
    assert f'data-suggestions="{suggestions_url}"' in html
    assert 'list="id_organisation_name_suggestions"' in html
    assert '<datalist id="id_organisation_name_suggestions">' in html
    assert [challenge.pk for challenge in page.context["page_obj"]] == [on_roads.pk]
    assert [challenge.pk for challenge in by_old_link.context["page_obj"]] == [on_roads.pk]
    assert 'value="Direction des routes"' in by_old_link.content.decode()
    assert suggested == {"suggestions": ["Direction des routes"]}
    assert client.get(suggestions_url).json() == {"suggestions": []}


def test_past_the_limit_the_wish_filter_is_a_title_kept_across_pages(
    staff_client, small_menus, settings
):
    settings.PAGE_SIZE = 1
    round_ = RoundFactory()
    wished = ChallengeFactory(title="Carte des bornes de recharge")
    for _index in range(2):
        application(round_=round_, challenges=[wished])
    for index in range(2):
        application(round_=round_, challenges=[ChallengeFactory(title=f"Autre défi {index}")])
    url = reverse("candidacies:staff_list")
    suggestions_url = reverse("candidacies:staff_challenge_suggestions")

    first = staff_client.get(url, {"round": round_.pk, "challenge_title": "bornes"})
    html = first.content.decode()
    second = staff_client.get(url, {"round": round_.pk, "challenge_title": "bornes", "page": 2})

    assert first.context["page_obj"].paginator.count == 2
    assert f"round={round_.pk}&amp;challenge_title=bornes&amp;page=2" in html
    assert f'data-suggestions="{suggestions_url}?round={round_.pk}"' in html
    assert len(second.context["rows"]) == 1
    assert staff_client.get(suggestions_url, {"q": "born", "round": round_.pk}).json() == {
        "suggestions": ["Carte des bornes de recharge"]
    }
    assert staff_client.get(suggestions_url, {"q": "born", "round": RoundFactory().pk}).json() == {
        "suggestions": []
    }


# Menus read once per change of the recorded data


def _queries_of(client, url, data=None) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url, data).status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def _is_session_menu(sql: str) -> bool:
    return sql.startswith('SELECT "programmes_round"') and "WHERE" not in sql


def _is_wished_menu(sql: str) -> bool:
    return 'FROM "challenges_challenge"' in sql and f"LIMIT {MENU_LIMIT + 1}" in sql


def test_a_list_shown_again_reads_its_menus_from_the_cache(staff_client):
    round_ = open_round()
    application(round_=round_, challenges=[recruiting_challenge(round_)])
    url = reverse("candidacies:staff_list")

    first = _queries_of(staff_client, url)
    again = _queries_of(staff_client, url)

    assert any(map(_is_session_menu, first))
    assert any(map(_is_wished_menu, first))
    assert not any(map(_is_session_menu, again))
    assert not any(map(_is_wished_menu, again))
    assert len(again) < len(first)


def test_a_wish_submitted_is_in_the_menu_at_once(staff_client, django_capture_on_commit_callbacks):
    round_ = open_round()
    first, second = recruiting_challenge(round_, title="Premier"), recruiting_challenge(round_)
    application(round_=round_, challenges=[first])
    url = reverse("candidacies:staff_list")
    assert options(staff_client.get(url).content.decode(), "challenge") == [
        "Tous les défis",
        "Premier",
    ]

    draft = application(round_=round_, status="draft", challenges=[second])
    with django_capture_on_commit_callbacks(execute=True):
        candidacy_submit(candidacy=draft, by=draft.candidate.user)

    shown = options(staff_client.get(url).content.decode(), "challenge")
    assert shown == ["Tous les défis", *sorted(["Premier", second.title])]


def test_a_session_created_is_in_the_menu_at_once(
    staff_client, staff, django_capture_on_commit_callbacks
):
    round_ = RoundFactory()
    url = reverse("challenges:staff_list")
    assert str(round_) in options(staff_client.get(url).content.decode(), "round")

    with django_capture_on_commit_callbacks(execute=True):
        created = round_create(
            promotion=round_.promotion,
            data={field: getattr(round_, field) for field in ROUND_FIELDS if field != "number"}
            | {"number": round_.number + 1},
            by=staff,
        )

    assert str(created) in options(staff_client.get(url).content.decode(), "round")


def test_a_form_only_validated_never_reads_its_kept_menus():
    """An export builds the list's filter form to read its filters: the menus it never
    shows are not read."""
    with CaptureQueriesContext(connection) as queries:
        ChallengeFilterForm(data={"status": "submitted"}).filters()
    assert not [sql["sql"] for sql in queries.captured_queries if "programmes_round" in sql["sql"]]
