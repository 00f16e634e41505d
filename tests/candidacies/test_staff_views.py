"""The programme team's pages: the list of a round's applications, one application, a CV."""

import re

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from eig.candidacies import services
from eig.candidacies.models import Candidacy
from eig.candidacies.selectors import staff as staff_selectors
from eig.core.history import event_record
from eig.core.history_actions import HistoryAction
from tests.candidacies.applications import application, recruiting_challenge
from tests.factories import (
    CandidateProfileFactory,
    RoundFactory,
    StaffFactory,
    VentureFactory,
    open_round,
)

pytestmark = pytest.mark.django_db

LIST_URL = reverse("candidacies:staff_list")


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture
def round_():
    return open_round()


def _names(response) -> set[str]:
    return {row["candidacy"].candidate.user.last_name for row in response.context["rows"]}


def test_the_list_opens_on_the_round_open_for_applications(staff_client, round_):
    application(round_=round_, last_name="Ouverte")
    application(round_=RoundFactory(), last_name="Ancienne")

    response = staff_client.get(LIST_URL)

    assert response.status_code == 200
    assert response.context["filters"].round == round_
    assert _names(response) == {"Ouverte"}
    # "Toutes les sessions" sends an empty round: every round is listed.
    assert _names(staff_client.get(LIST_URL, {"round": ""})) == {"Ouverte", "Ancienne"}


def test_the_programme_team_never_sees_a_draft(staff_client, round_):
    application(round_=round_, last_name="Déposée")
    application(round_=round_, last_name="Brouillon", status="draft")

    response = staff_client.get(LIST_URL)

    assert _names(response) == {"Déposée"}
    assert "Brouillon" not in response.content.decode()


def test_filters_by_track_status_wish_and_experience(staff_client, round_):
    wanted = recruiting_challenge(round_, title="Simplifier les aides")
    other = recruiting_challenge(round_, title="Mieux orienter")
    application(round_=round_, last_name="Produit", track="product", years=8, challenges=[wanted])
    application(round_=round_, last_name="Tech", track="tech", years=12, challenges=[other, wanted])
    application(round_=round_, last_name="Senior", track="tech", years=20, challenges=[other])
    application(round_=round_, last_name="Retiree", status="withdrawn", years=12)

    def names(**query):
        return _names(staff_client.get(LIST_URL, {"round": round_.pk, **query}))

    assert names(track="tech") == {"Tech", "Senior"}
    assert names(status="withdrawn") == {"Retiree"}
    assert names(status="submitted") == {"Produit", "Tech", "Senior"}
    assert names(challenge=wanted.pk) == {"Produit", "Tech"}
    assert names(experience="0-10") == {"Produit"}
    assert names(experience="10-15") == {"Tech", "Retiree"}
    assert names(experience="15+") == {"Senior"}
    assert names(track="tech", challenge=wanted.pk) == {"Tech"}
    # A stale value is ignored rather than failing.
    assert names(challenge=999999) == {"Produit", "Tech", "Senior", "Retiree"}


def test_the_experience_bands_follow_the_pay_grid_thresholds():
    bands = staff_selectors.experience_bands()

    assert [(band.key, band.label) for band in bands] == [
        ("0-10", "Moins de 10 ans"),
        ("10-15", "De 10 à 14 ans"),
        ("15+", "15 ans et plus"),
    ]


def test_search_on_names_and_skills(staff_client, round_):
    application(round_=round_, first_name="Ada", last_name="Lovelace", skills="Rust, data")
    application(round_=round_, first_name="Grace", last_name="Hopper", skills="Compilateurs")

    def found(text):
        return _names(staff_client.get(LIST_URL, {"round": round_.pk, "q": text}))

    assert found("lovelace") == {"Lovelace"}
    assert found("Grace Hopper") == {"Hopper"}
    assert found("compilateur") == {"Hopper"}
    assert found("ada rust") == {"Lovelace"}
    assert found("ada compilateurs") == set()


def test_counts_per_status(staff_client, round_):
    application(round_=round_)
    application(round_=round_)
    application(round_=round_, status="withdrawn")
    application(round_=round_, status="draft")

    response = staff_client.get(LIST_URL, {"round": round_.pk, "status": "withdrawn"})

    counts = {item.value: item.count for item in response.context["counts"]}
    assert counts["submitted"] == 2
    assert counts["withdrawn"] == 1
    assert "draft" not in counts
    assert sum(counts.values()) == 3
    assert "Déposée (2)" in response.content.decode()


def test_the_list_is_paginated(staff_client, round_, settings):
    settings.PAGE_SIZE = 2
    for _index in range(5):
        application(round_=round_)

    response = staff_client.get(LIST_URL, {"page": 3})

    assert response.context["page_obj"].paginator.count == 5
    assert len(response.context["rows"]) == 1


def test_a_status_filtered_list_is_paginated_on_that_status_alone(staff_client, round_, settings):
    """The page count is taken from the counts by status the page shows, not counted again."""
    settings.PAGE_SIZE = 2
    for _index in range(3):
        application(round_=round_)
    application(round_=round_, status="withdrawn")

    submitted = staff_client.get(LIST_URL, {"status": "submitted", "page": 2})
    everything = staff_client.get(LIST_URL, {"page": 2})

    assert submitted.context["page_obj"].paginator.count == 3
    assert len(submitted.context["rows"]) == 1
    assert "3 candidatures" in submitted.content.decode()
    assert everything.context["page_obj"].paginator.count == 4
    assert len(everything.context["rows"]) == 2


def test_duplicate_accounts_are_flagged_with_a_link_to_the_other_file(staff_client, round_):
    first = application(
        round_=round_, first_name="Élise", last_name="Dupré", phone="06 12 34 56 78"
    )
    second = application(
        round_=round_, first_name="elise", last_name="DUPRE", phone="+33 6 12 34 56 78"
    )
    same_name_other_phone = application(
        round_=round_, first_name="Élise", last_name="Dupré", phone="07 00 00 00 00"
    )
    upper = application(round_=round_, email="Jean.Dupont@Example.fr", last_name="Dupont")
    lower = application(round_=round_, email="jean.dupont@example.fr", last_name="Dupont")

    response = staff_client.get(LIST_URL)

    flags = {
        row["candidacy"].pk: {d.candidacy_id for d in row["duplicates"]}
        for row in response.context["rows"]
    }
    assert flags[first.pk] == {second.pk}
    assert flags[second.pk] == {first.pk}
    assert flags[same_name_other_phone.pk] == set()
    assert flags[upper.pk] == {lower.pk}
    assert flags[lower.pk] == {upper.pk}
    content = response.content.decode()
    assert content.count("Doublon possible") == 4
    assert reverse("candidacies:staff_detail", kwargs={"pk": second.pk}) in content


def test_a_duplicate_without_a_visible_file_is_flagged_without_a_link(staff_client, round_):
    flagged = application(round_=round_, first_name="Léa", last_name="Roy", phone="0611223344")
    CandidateProfileFactory(user__first_name="Léa", user__last_name="Roy", phone="06.11.22.33.44")

    response = staff_client.get(LIST_URL)

    (row,) = response.context["rows"]
    assert row["candidacy"] == flagged
    (duplicate,) = row["duplicates"]
    assert duplicate.candidacy_id is None
    assert "un autre compte, sans candidature déposée" in response.content.decode()


def _list_queries(client, round_, count) -> int:
    challenges = [recruiting_challenge(round_) for _index in range(3)]
    for index in range(count):
        application(
            round_=round_,
            phone=f"06 00 00 {index // 2:02d} 00",
            first_name="Même",
            last_name="Personne",
            challenges=challenges,
        )
    cache.clear()  # measured as the first request after a change: kept menus read again
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL, {"round": round_.pk})
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize("count", [5, 40])
def test_the_list_runs_a_bounded_number_of_queries(
    staff_client, round_, count, django_assert_max_num_queries
):
    challenges = [recruiting_challenge(round_) for _index in range(3)]
    for index in range(count):
        application(round_=round_, phone=f"06 00 00 {index // 2:02d} 00", challenges=challenges)

    with django_assert_max_num_queries(20):
        response = staff_client.get(LIST_URL)

    assert len(response.context["rows"]) == count


def test_the_number_of_queries_does_not_grow_with_the_applications(staff_client):
    few = _list_queries(staff_client, open_round(), 5)
    Candidacy.objects.all().delete()
    many = _list_queries(staff_client, open_round(), 40)

    assert few == many


# The list is kept: rendered once per change of the recorded data


def _list_queries_of(client, query) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(LIST_URL, query)
    assert response.status_code == 200
    return [query["sql"] for query in queries.captured_queries]


def test_the_list_shown_again_reads_none_of_its_rows(staff_client, round_):
    application(round_=round_, last_name="Gardée")
    first = staff_client.get(LIST_URL)

    again = _list_queries_of(staff_client, {})

    assert not [sql for sql in again if "candidacies_" in sql or "challenges_" in sql]
    assert "Gardée" in staff_client.get(LIST_URL).content.decode()
    assert first.context["rows"], "the first request rendered the rows"
    # Other filters, or another page, are kept apart.
    assert [sql for sql in _list_queries_of(staff_client, {"round": ""}) if "candidacies_" in sql]


def test_a_withdrawal_shows_on_the_list_at_once(
    staff_client, round_, django_capture_on_commit_callbacks
):
    candidacy = application(round_=round_, last_name="Partante")
    assert "Partante" not in staff_client.get(LIST_URL, {"status": "withdrawn"}).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        services.candidacy_withdraw(candidacy=candidacy, by=candidacy.candidate.user)

    assert "Partante" in staff_client.get(LIST_URL, {"status": "withdrawn"}).content.decode()


def test_a_change_no_event_records_shows_on_the_list_at_once(
    staff_client, round_, django_capture_on_commit_callbacks
):
    candidacy = application(round_=round_, last_name="Avant")
    assert "Avant" in staff_client.get(LIST_URL).content.decode()
    user = candidacy.candidate.user

    # Its own transaction, as a request's is (the test's own never commits).
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        user.last_name = "Après"
        user.save(update_fields=["last_name"])

    content = staff_client.get(LIST_URL).content.decode()
    assert "Après" in content
    assert "Avant" not in content


def test_the_kept_list_carries_each_person_s_own_csrf_token(round_, settings):
    """Above the streamed size, the export buttons are forms: the token is each person's,
    never one kept with the list."""
    settings.EIG_EXPORT_INLINE_MAX_ROWS = 0
    application(round_=round_)
    for staff in (StaffFactory(), StaffFactory()):
        client = Client(enforce_csrf_checks=True)
        client.force_login(staff)
        page = client.get(LIST_URL).content.decode()
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
        query = f"?round={round_.pk}"
        export = client.post(
            reverse("candidacies:staff_export_csv") + query, {"csrfmiddlewaretoken": token}
        )
        assert export.status_code == 302, "the token of the page is the person's"


# One application


def test_the_detail_shows_the_file_but_never_the_gender(staff_client, round_):
    first = recruiting_challenge(round_, title="Premier vœu")
    second = recruiting_challenge(round_, title="Second vœu")
    candidacy = application(
        round_=round_,
        first_name="Ada",
        last_name="Lovelace",
        phone="06 11 22 33 44",
        challenges=[second, first],
        motivation="Je veux servir l’intérêt général.",
    )
    profile = candidacy.candidate
    profile.gender = "female"
    profile.portfolio_url = "https://ada.example.fr"
    profile.save()

    response = staff_client.get(reverse("candidacies:staff_detail", kwargs={"pk": candidacy.pk}))

    content = response.content.decode()
    assert response.status_code == 200
    for expected in (
        "Ada Lovelace",
        "06 11 22 33 44",
        profile.user.email,
        "https://ada.example.fr",
        profile.ventures.get().name,
        "Je veux servir l’intérêt général.",
        reverse("candidacies:staff_cv", kwargs={"pk": profile.pk}),
        "De 10 à 14 ans".lower(),
    ):
        assert expected in content
    assert content.index("Second vœu") < content.index("Premier vœu")
    assert "Femme" not in content
    assert "genre" not in content.lower()


def test_the_detail_shows_the_history(staff_client, round_):
    candidacy = application(round_=round_)
    event_record(
        subject=candidacy,
        by=candidacy.candidate.user,
        action=HistoryAction.CANDIDACY_SUBMITTED,
        from_status="draft",
        to_status="submitted",
    )

    response = staff_client.get(reverse("candidacies:staff_detail", kwargs={"pk": candidacy.pk}))

    content = response.content.decode()
    assert "Candidature déposée" in content
    assert "Brouillon → Déposée" in content


def _description_url(candidacy, venture) -> str:
    return reverse(
        "candidacies:staff_venture_description",
        kwargs={"pk": candidacy.pk, "venture_pk": venture.pk},
    )


def test_staff_withhold_an_identifying_description_from_blind_reviewers(staff_client, round_):
    candidacy = application(round_=round_)
    venture = VentureFactory(
        candidate=candidacy.candidate, name="Octave", description="Seule start-up de Brest."
    )
    detail = reverse("candidacies:staff_detail", kwargs={"pk": candidacy.pk})
    assert (
        "Masquer cette description aux évaluateur·rices"
        in staff_client.get(detail).content.decode()
    )

    response = staff_client.post(_description_url(candidacy, venture), {"hidden": "1"})

    assert response.status_code == 302
    venture.refresh_from_db()
    assert venture.description_hidden_by_staff
    assert not venture.description_shown_in_blind_review
    page = staff_client.get(detail).content.decode()
    assert "Description d’une expérience masquée aux évaluateur·rices" in page
    assert "Octave" in page
    assert "Montrer de nouveau cette description aux évaluateur·rices" in page

    staff_client.post(_description_url(candidacy, venture), {"hidden": "0"})
    venture.refresh_from_db()
    assert venture.description_shown_in_blind_review
    assert "de nouveau montrée aux évaluateur·rices" in staff_client.get(detail).content.decode()


def test_a_description_the_candidate_marked_needs_no_button(staff_client, round_):
    candidacy = application(round_=round_)
    VentureFactory(
        candidate=candidacy.candidate,
        description="Seule start-up de Brest.",
        description_identifying=True,
    )
    page = staff_client.get(reverse("candidacies:staff_detail", kwargs={"pk": candidacy.pk}))
    content = page.content.decode()
    assert "La personne a indiqué que cette description permet de l’identifier" in content
    assert "Masquer cette description" not in content


def test_marking_a_description_is_for_the_programme_team_and_its_post_only(client, round_):
    candidacy = application(round_=round_)
    venture = VentureFactory(candidate=candidacy.candidate, description="Seule start-up de Brest.")
    client.force_login(candidacy.candidate.user)
    assert client.post(_description_url(candidacy, venture), {"hidden": "1"}).status_code == 403
    client.force_login(StaffFactory())
    assert client.get(_description_url(candidacy, venture)).status_code == 405
    venture.refresh_from_db()
    assert not venture.description_hidden_by_staff


def test_the_detail_of_a_draft_is_not_found(staff_client, round_):
    draft = application(round_=round_, status="draft")

    response = staff_client.get(reverse("candidacies:staff_detail", kwargs={"pk": draft.pk}))

    assert response.status_code == 404


# The CV


def test_staff_download_the_cv(staff_client, round_):
    candidacy = application(round_=round_, first_name="Ada", last_name="Lovelace")

    response = staff_client.get(
        reverse("candidacies:staff_cv", kwargs={"pk": candidacy.candidate.pk})
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="cv-ada-lovelace.pdf"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_a_candidate_without_cv_gives_404(staff_client, round_):
    candidacy = application(round_=round_)
    profile = candidacy.candidate
    profile.cv.delete(save=True)

    response = staff_client.get(reverse("candidacies:staff_cv", kwargs={"pk": profile.pk}))

    assert response.status_code == 404


def test_only_the_programme_team_gets_a_cv_here(client, round_):
    candidacy = application(round_=round_)
    url = reverse("candidacies:staff_cv", kwargs={"pk": candidacy.candidate.pk})

    client.force_login(candidacy.candidate.user)  # even the person: they use their own page
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_the_cv_of_a_person_with_only_a_draft_is_not_found(staff_client, round_):
    draft = application(round_=round_, status="draft")

    response = staff_client.get(reverse("candidacies:staff_cv", kwargs={"pk": draft.candidate.pk}))

    assert response.status_code == 404
