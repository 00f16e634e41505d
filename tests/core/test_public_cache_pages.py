"""The kept pages (home, Impact, the catalogue, a défi, the staff lists) are rendered from data kept
in the shared cache, renewed by every recorded change, and answer a repeated anonymous
request with a 304 (issue 14, item 3)."""

import pytest
from django.urls import reverse

from eig.challenges.enums import ChallengeStatus
from eig.challenges.services import challenges as services
from eig.core.public_cache import LOCAL_DATA
from tests.challenges.instruction import submitted_challenge
from tests.factories import ChallengeFactory, ReviewerFactory, StaffFactory, open_round

pytestmark = pytest.mark.django_db

PAGES = ["public:home", "impact:page", "challenges:catalogue"]


@pytest.mark.parametrize("name", PAGES)
def test_a_repeated_anonymous_request_gets_a_304_without_a_new_nonce(client, name):
    first = client.get(reverse(name))
    assert first.status_code == 200
    assert first["ETag"]
    assert first["Last-Modified"]
    assert "Cookie" in first["Vary"]

    again = client.get(reverse(name), headers={"if-none-match": first["ETag"]})
    since = client.get(reverse(name), headers={"if-modified-since": first["Last-Modified"]})

    assert again.status_code == since.status_code == 304
    assert again.content == b""
    # The browser keeps the policy it stored with the page, whose nonce its scripts carry.
    assert "Content-Security-Policy" not in again


@pytest.mark.parametrize("name", PAGES)
def test_a_signed_in_person_never_gets_the_visitors_304(client, name):
    etag = client.get(reverse(name))["ETag"]
    client.force_login(StaffFactory())

    response = client.get(reverse(name), headers={"if-none-match": etag})

    assert response.status_code == 200
    assert "ETag" not in response
    assert "Content-Security-Policy" in response


def test_a_filtered_catalogue_is_conditional_on_its_own_content(client):
    url = reverse("challenges:catalogue")
    searched = client.get(url, {"q": "cantine"})
    again = client.get(url, {"q": "cantine"}, headers={"if-none-match": searched["ETag"]})
    other = client.get(url, {"q": "route"}, headers={"if-none-match": searched["ETag"]})

    assert again.status_code == 304
    assert other.status_code == 200


@pytest.mark.parametrize("name", PAGES)
def test_a_defi_selected_by_the_programme_changes_the_next_response(
    client, django_capture_on_commit_callbacks, name
):
    challenge = submitted_challenge(title="Une cantine sans gaspillage")
    first = client.get(reverse(name))

    with django_capture_on_commit_callbacks(execute=True):
        services.challenge_transition(
            challenge=challenge, by=StaffFactory(), name="select", message="Retenu"
        )
    after = client.get(reverse(name), headers={"if-none-match": first["ETag"]})

    assert after.status_code == 200
    assert after["ETag"] != first["ETag"]
    if name == "challenges:catalogue":
        assert "Une cantine sans gaspillage" not in first.content.decode()
        assert "Une cantine sans gaspillage" in after.content.decode()


def test_a_change_not_yet_committed_leaves_the_cached_data(client):
    name = "impact:page"
    first = client.get(reverse(name))
    challenge = submitted_challenge(title="Une cantine sans gaspillage")  # not committed yet

    again = client.get(reverse(name), headers={"if-none-match": first["ETag"]})

    assert challenge.pk
    assert again.status_code == 304


@pytest.mark.parametrize("name", PAGES)
def test_a_repeated_request_reads_its_data_from_the_cache(
    client, django_assert_max_num_queries, name
):
    client.get(reverse(name))
    # The catalogue's first page is served as rendered: neither its rows nor its menus read.
    with django_assert_max_num_queries(0):
        assert client.get(reverse(name)).status_code == 200


def test_a_catalogue_search_repeated_reads_nothing_again(client, django_assert_max_num_queries):
    ChallengeFactory(status=ChallengeStatus.RUNNING, title="Une cantine sans gaspillage")
    search = {"q": "cantine", "page": "1"}
    client.get(reverse("challenges:catalogue"), search)
    with django_assert_max_num_queries(0):
        again = client.get(reverse("challenges:catalogue"), search)
    assert "Une cantine sans gaspillage" in again.content.decode()


def test_a_filtered_catalogue_is_never_served_the_cached_first_page(client):
    ChallengeFactory(status=ChallengeStatus.RUNNING, title="Une cantine sans gaspillage")
    ChallengeFactory(status=ChallengeStatus.RUNNING, title="Des routes plus sûres")
    first = client.get(reverse("challenges:catalogue")).content.decode()
    filtered = client.get(reverse("challenges:catalogue"), {"q": "cantine"}).content.decode()

    assert "Des routes plus sûres" in first
    assert "Une cantine sans gaspillage" in filtered
    assert "Des routes plus sûres" not in filtered
    assert 'value="cantine"' in filtered


# A public défi's page: its content is kept as rendered, its status read every time.


def _main(response):
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def _defi_page(challenge):
    return reverse("challenges:public_detail", args=[challenge.pk])


def test_a_defi_s_page_repeated_reads_only_whether_it_is_still_public(
    client, django_assert_num_queries
):
    challenge = ChallengeFactory(
        status=ChallengeStatus.RUNNING, title="Une cantine sans gaspillage"
    )
    first = client.get(_defi_page(challenge))
    with django_assert_num_queries(1):
        again = client.get(_defi_page(challenge))
    assert _main(again) == _main(first)  # the page's nonce is its own
    assert "Une cantine sans gaspillage" in again.content.decode()
    assert (
        client.get(_defi_page(challenge), headers={"if-none-match": first["ETag"]}).status_code
        == 304
    )


def test_a_defi_s_page_follows_a_recorded_change(client, django_capture_on_commit_callbacks):
    challenge = submitted_challenge(title="Une cantine sans gaspillage")
    assert client.get(_defi_page(challenge)).status_code == 404
    with django_capture_on_commit_callbacks(execute=True):
        services.challenge_transition(
            challenge=challenge, by=StaffFactory(), name="select", message="Retenu"
        )
    assert "Une cantine sans gaspillage" in client.get(_defi_page(challenge)).content.decode()


# Kept staff pages: their content is shown to the whole team, so it holds nothing of one
# person's own.


def _kept_pages():
    """Each kept page and who opens it."""
    round_ = open_round()
    return [
        (StaffFactory(), reverse("candidacies:staff_list")),
        (StaffFactory(), reverse("challenges:staff_list")),
        (StaffFactory(), reverse("selection:board", kwargs={"round_pk": round_.pk})),
        (StaffFactory(), reverse("pay:budget", args=[round_.promotion.pk])),
        (StaffFactory(), reverse("impact:staff_dashboard")),
        (ReviewerFactory(), reverse("selection:reviewer_home")),
    ]


def test_no_kept_content_holds_a_csrf_token_a_nonce_or_a_person_s_name(client, settings):
    settings.EIG_EXPORT_INLINE_MAX_ROWS = 0  # the export buttons become forms with a token
    for person, url in _kept_pages():
        LOCAL_DATA.clear()
        client.force_login(person)
        page = client.get(url).content.decode()
        assert "csrfmiddlewaretoken" in page, url  # the page's own (its sign-out, its forms)
        kept = [str(data.value) for data in LOCAL_DATA.items.values()]
        assert kept, url
        for text in kept:
            assert "csrfmiddlewaretoken" not in text, url
            assert "nonce=" not in text, url
            assert person.email not in text, url
