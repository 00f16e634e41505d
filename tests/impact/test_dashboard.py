"""The programme team's dashboard « Pilotage du programme »: its figures and its page."""

import datetime
import zoneinfo

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from eig.candidacies.selectors.staff import STAFF_STATUSES
from eig.challenges.enums import ChallengeStatus
from eig.contracts.enums import RenewalDecision
from eig.impact import dashboard as dashboard_module
from eig.impact.dashboard import programme_dashboard
from eig.programmes.models import Promotion, Round
from tests.contracts.contracts import make_contract
from tests.contracts.offers import fill_places, make_open_offer
from tests.factories import (
    AgentFactory,
    CandidacyFactory,
    ChallengeFactory,
    PromotionFactory,
    RoundFactory,
    StaffFactory,
)

# A year no other promotion has: this promotion is the current one.
TODAY = datetime.date(2031, 5, 12)
PARIS = zoneinfo.ZoneInfo("Europe/Paris")


def _round(promotion: Promotion, number: int, opens_on: datetime.date) -> Round:
    return RoundFactory(promotion=promotion, number=number, opens_on=opens_on)


@pytest.fixture
def promotion(db):
    return PromotionFactory(number=31, label="Promotion 2031", year=TODAY.year, cap=5)


@pytest.fixture
def rounds(promotion):
    """A round over, one open for défis (deadline in 11 days), one to come."""
    return [
        _round(promotion, 1, TODAY - datetime.timedelta(days=100)),
        _round(promotion, 2, TODAY - datetime.timedelta(days=10)),
        _round(promotion, 3, TODAY + datetime.timedelta(days=50)),
    ]


def _submitted(round_, status="submitted"):
    return CandidacyFactory(round=round_, status=status, submitted_at=timezone.now())


def _line(lines, value):
    return next(line for line in lines if line.value == value)


# Places under the cap


def test_places_filled_are_the_accepted_offers_under_the_cap(promotion):
    fill_places(promotion, 3)
    make_open_offer(promotion=promotion)
    fill_places(PromotionFactory(year=2030), 2)  # another promotion's

    places = programme_dashboard(today=TODAY).places

    assert (places.cap, places.accepted, places.left, places.open_offers) == (5, 3, 2, 1)


def test_places_left_never_go_below_zero(promotion):
    promotion.cap = 2
    promotion.save()
    fill_places(promotion, 3)

    places = programme_dashboard(today=TODAY).places

    assert (places.accepted, places.left) == (3, 0)


# Défis and applications by status


def test_challenges_by_status_every_status_in_workflow_order_per_round(promotion, rounds):
    first, second, _third = rounds
    for _index in range(2):
        ChallengeFactory(promotion=promotion, round=first, status=ChallengeStatus.SUBMITTED)
    ChallengeFactory(promotion=promotion, round=second, status=ChallengeStatus.RUNNING)
    # Imported history: a défi of the promotion without a round.
    ChallengeFactory(promotion=promotion, round=None, status=ChallengeStatus.COMPLETED)
    ChallengeFactory(promotion=PromotionFactory(year=2030), status=ChallengeStatus.SUBMITTED)
    ChallengeFactory(status=ChallengeStatus.DRAFT)  # no promotion yet

    board = programme_dashboard(today=TODAY)

    lines = board.challenge_statuses
    assert [line.value for line in lines] == [status.value for status in ChallengeStatus]
    assert [line.label for line in lines] == [status.label for status in ChallengeStatus]
    assert {line.value: line.total for line in lines if line.total} == {
        "submitted": 2,
        "running": 1,
        "completed": 1,
    }
    assert _line(lines, "draft").total == 0
    assert board.challenges_total == 4
    assert board.challenges_without_round
    submitted = _line(lines, "submitted")
    assert [(cell.round, cell.count) for cell in submitted.per_round] == [
        (rounds[0], 2),
        (rounds[1], 0),
        (rounds[2], 0),
        (None, 0),
    ]
    assert [cell.count for cell in _line(lines, "completed").per_round] == [0, 0, 0, 1]


def test_applications_by_status_of_the_promotion_rounds_without_drafts(promotion, rounds):
    first, second, _third = rounds
    _submitted(first)
    _submitted(first, status="pool")
    _submitted(second)
    _submitted(second, status="hired")
    CandidacyFactory(round=second)  # a draft: the team never sees it
    _submitted(RoundFactory(promotion=PromotionFactory(year=2030)))

    board = programme_dashboard(today=TODAY)

    lines = board.candidacy_statuses
    assert [line.value for line in lines] == [status.value for status in STAFF_STATUSES]
    assert "draft" not in [line.value for line in lines]
    assert {line.value: line.total for line in lines} == {
        "submitted": 2,
        "withdrawn": 0,
        "ineligible": 0,
        "not_retained": 0,
        "pool": 1,
        "hired": 1,
    }
    assert [cell.count for cell in _line(lines, "submitted").per_round] == [1, 1, 0]
    assert board.candidacies_total == 4


# Rounds and their deadlines


def test_the_next_deadline_is_the_soonest_date_still_to_come(promotion, rounds):
    board = programme_dashboard(today=TODAY)

    assert board.rounds == rounds
    deadline = board.next_deadline
    assert deadline.round == rounds[1]
    assert deadline.day == rounds[1].challenge_deadline == TODAY + datetime.timedelta(days=11)
    assert deadline.days_left == 11
    assert str(deadline.label) == "date limite de dépôt des défis"
    assert board.next_round_id == rounds[1].pk


def test_no_next_deadline_once_every_round_is_over(promotion):
    _round(promotion, 1, TODAY - datetime.timedelta(days=200))

    assert programme_dashboard(today=TODAY).next_deadline is None


# Contracts ending soon


def test_contracts_ending_within_90_days_soonest_first(promotion):
    later = make_contract(end=TODAY + datetime.timedelta(days=90))
    today = make_contract(end=TODAY)
    soon = make_contract(end=TODAY + datetime.timedelta(days=10))
    make_contract(end=TODAY + datetime.timedelta(days=91))
    make_contract(end=TODAY - datetime.timedelta(days=1))

    board = programme_dashboard(today=TODAY)

    assert board.ending_contracts == [today, soon, later]
    assert board.ending_count == 3
    assert board.ending_more == 0
    assert board.ending_until == TODAY + datetime.timedelta(days=90)


def test_only_the_soonest_contracts_are_listed_with_the_total(promotion, monkeypatch):
    monkeypatch.setattr(dashboard_module, "ENDING_LISTED", 2)
    contracts = [make_contract(end=TODAY + datetime.timedelta(days=days)) for days in (30, 5, 60)]

    board = programme_dashboard(today=TODAY)

    assert board.ending_contracts == [contracts[1], contracts[0]]
    assert (board.ending_count, board.ending_more) == (3, 1)


# Without any promotion


def _no_promotion():
    Round.objects.all().delete()
    Promotion.objects.all().delete()


def test_without_promotion_the_dashboard_is_empty_but_lists_ending_contracts(db):
    _no_promotion()

    board = programme_dashboard(today=TODAY)

    assert board.promotion is None
    assert board.places is None
    assert board.challenge_statuses == board.candidacy_statuses == board.rounds == []
    assert board.ending_contracts == []


# The page


@pytest.fixture
def on_today(time_machine):
    time_machine.move_to(datetime.datetime(2031, 5, 12, 10, tzinfo=PARIS), tick=False)


def test_staff_see_the_figures_with_links_to_the_filtered_lists(
    client, on_today, promotion, rounds
):
    fill_places(promotion, 3)
    ChallengeFactory(promotion=promotion, round=rounds[0], status=ChallengeStatus.SUBMITTED)
    _submitted(rounds[1])
    contract = make_contract(end=TODAY + datetime.timedelta(days=20))
    client.force_login(StaffFactory())

    response = client.get(reverse("impact:staff_dashboard"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Pilotage du programme" in page
    assert "Promotion 2031" in page
    assert "<strong>3</strong> sur 5 (plafond)" in page
    assert "2 places restantes" in page
    assert f'href="{reverse("impact:page")}"' in page
    assert f'href="{reverse("contracts:list")}?promotion={promotion.pk}"' in page
    challenges = reverse("challenges:staff_list")
    assert f'href="{challenges}?round={rounds[0].pk}&amp;status=submitted"' in page
    candidacies = reverse("candidacies:staff_list")
    assert f'href="{candidacies}?round={rounds[1].pk}&amp;status=submitted"' in page
    assert "Prochaine échéance" in page
    assert f'href="{reverse("contracts:detail", args=[contract.pk])}"' in page
    assert escape(str(contract.person)) in page
    assert escape(contract.challenge.organisation.name) in page
    assert str(RenewalDecision.PENDING.label) in page


def test_the_page_guides_when_there_is_nothing_to_show(client, on_today, db):
    _no_promotion()
    client.force_login(StaffFactory())

    page = client.get(reverse("impact:staff_dashboard")).content.decode()

    assert "Aucune promotion n’est configurée" in page
    assert f'href="{reverse("programmes:index")}"' in page
    assert "Aucun contrat ne se termine dans les 90 prochains jours." in page


def test_only_the_programme_team_sees_the_dashboard(client, db):
    url = reverse("impact:staff_dashboard")
    assert client.get(url).status_code == 302
    client.force_login(AgentFactory())
    assert client.get(url).status_code == 403


def test_pilotage_is_the_first_entry_of_the_team_menu(client, db):
    from eig.accounts.navigation import navigation_for

    staff = StaffFactory()
    labels = [str(item["label"]) for item in navigation_for(staff, "/")]

    assert labels[labels.index("Mon espace") + 1] == "Pilotage"


# A fixed number of queries whatever the volume


def _volume(promotion, rounds, size):
    fill_places(promotion, size)
    for index in range(size):
        round_ = rounds[index % len(rounds)]
        status = list(ChallengeStatus)[index % len(ChallengeStatus)]
        ChallengeFactory(promotion=promotion, round=round_, status=status)
        ChallengeFactory(promotion=promotion, round=None, status=ChallengeStatus.COMPLETED)
        _submitted(round_, status=STAFF_STATUSES[index % len(STAFF_STATUSES)].value)
        make_contract(end=TODAY + datetime.timedelta(days=index % 90))


SELECTOR_QUERIES = 9


def test_the_figures_take_a_fixed_number_of_queries(
    promotion, rounds, django_assert_num_queries, monkeypatch
):
    monkeypatch.setattr(dashboard_module, "ENDING_LISTED", 3)
    _volume(promotion, rounds, 1)
    with django_assert_num_queries(SELECTOR_QUERIES):
        small = programme_dashboard(today=TODAY)

    _volume(promotion, rounds, 12)
    with django_assert_num_queries(SELECTOR_QUERIES):
        large = programme_dashboard(today=TODAY)

    assert (small.ending_count, large.ending_count) == (1, 13)
    assert len(large.ending_contracts) == 3


def test_the_page_takes_a_fixed_number_of_queries(
    client, on_today, promotion, rounds, django_assert_num_queries
):
    client.force_login(StaffFactory())
    url = reverse("impact:staff_dashboard")
    _volume(promotion, rounds, 1)
    # The session and the user, then the figures.
    with django_assert_num_queries(2 + SELECTOR_QUERIES):
        assert client.get(url).status_code == 200

    _volume(promotion, rounds, 12)
    cache.clear()  # the page kept before these changes (the test's transaction never commits)
    with django_assert_num_queries(2 + SELECTOR_QUERIES):
        assert client.get(url).status_code == 200


def test_the_page_shown_again_reads_none_of_its_figures(client, on_today, promotion, rounds):
    client.force_login(StaffFactory())
    url = reverse("impact:staff_dashboard")
    _volume(promotion, rounds, 1)
    client.get(url)

    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200

    figures = [
        q
        for q in queries.captured_queries
        if "contracts_" in q["sql"] or "candidacies_" in q["sql"]
    ]
    assert figures == []


def test_a_change_shows_on_the_page_at_once(
    client, on_today, promotion, rounds, django_capture_on_commit_callbacks
):
    client.force_login(StaffFactory())
    url = reverse("impact:staff_dashboard")
    first = client.get(url).content

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        _volume(promotion, rounds, 3)

    assert _main(client.get(url).content) != _main(first)


def _main(html: bytes) -> bytes:
    return html[html.index(b"<main") : html.index(b"</main>")]
