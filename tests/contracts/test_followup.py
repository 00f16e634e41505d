"""The follow-up of a round: funnel, time at each stage, places left, exports."""

import csv
import datetime
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from eig.contracts.selectors import offers as selectors
from eig.selection.models import Decision, Review, Score
from tests.contracts.offers import fill_places, make_open_offer, pool_candidacy
from tests.factories import (
    CandidacyFactory,
    CriterionFactory,
    ProgrammeFactory,
    PromotionFactory,
    ReviewerFactory,
    RoundFactory,
    ScoringGridFactory,
    StaffFactory,
)
from tests.staff_csv import staff_csv_table

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def _scored_round(size: int):
    """A round of ``size`` pool applications, each screened, scored twice on two file
    criteria, decided and published, proposed and offered; plus one withdrawn."""
    round_ = RoundFactory(promotion=PromotionFactory(programme=ProgrammeFactory()))
    grid = ScoringGridFactory(programme=round_.promotion.programme)
    criteria = [CriterionFactory(grid=grid, label=f"Critère {n}") for n in (1, 2)]
    start = timezone.now() - 40 * DAY
    first_challenge = None
    reviewers = [ReviewerFactory(), ReviewerFactory()]
    for _ in range(size):
        candidacy, first_challenge = pool_candidacy(round_=round_, challenge=first_challenge)
        type(candidacy).objects.filter(pk=candidacy.pk).update(submitted_at=start)
        Decision.objects.create(
            candidacy=candidacy, kind="screening", outcome="eligible", decided_at=start + 2 * DAY
        )
        for reviewer, values in zip(reviewers, ((3, 4), (4, 5)), strict=True):
            review = Review.objects.create(
                candidacy=candidacy,
                reviewer=reviewer,
                stage="file",
                status="submitted",
                submitted_at=start + 5 * DAY,
            )
            for criterion, value in zip(criteria, values, strict=True):
                Score.objects.create(review=review, criterion=criterion, value=value, comment="Ok")
        Decision.objects.create(
            candidacy=candidacy,
            kind="committee",
            outcome="pool",
            comment="Très bon profil",
            decided_at=start + 10 * DAY,
            published_at=start + 12 * DAY,
        )
    CandidacyFactory(round=round_, status="withdrawn", submitted_at=start)
    return round_, criteria


def test_the_funnel_counts_each_step():
    round_, _ = _scored_round(3)
    ineligible = CandidacyFactory(round=round_, status="ineligible", submitted_at=timezone.now())
    Decision.objects.create(
        candidacy=ineligible, kind="screening", outcome="ineligible", decided_at=timezone.now()
    )
    CandidacyFactory(round=round_)  # a draft is not an application yet
    counts = {step.key: step.count for step in selectors.round_funnel(round_)}
    assert counts == {
        "submitted": 4,  # the withdrawn application counts apart
        "eligible": 3,
        "ineligible": 1,
        "reviewed": 3,
        "pool": 3,
        "proposed": 3,
        "offered": 0,
        "hired": 0,
        "withdrawn": 1,
    }


def test_a_withdrawn_application_counts_only_as_withdrawn_whatever_step_it_reached():
    round_ = RoundFactory()
    withdrawn = CandidacyFactory(round=round_, status="withdrawn", submitted_at=timezone.now())
    for kind, outcome in (("screening", "eligible"), ("committee", "pool")):
        Decision.objects.create(
            candidacy=withdrawn, kind=kind, outcome=outcome, decided_at=timezone.now()
        )
    Review.objects.create(
        candidacy=withdrawn,
        reviewer=ReviewerFactory(),
        stage="file",
        status="submitted",
        submitted_at=timezone.now(),
    )
    counts = {step.key: step.count for step in selectors.round_funnel(round_)}
    assert counts["withdrawn"] == 1
    assert {key: count for key, count in counts.items() if key != "withdrawn"} == dict.fromkeys(
        ("submitted", "eligible", "ineligible", "reviewed", "pool", "proposed", "offered", "hired"),
        0,
    )


def test_stage_durations_are_medians_or_not_available():
    round_, _ = _scored_round(2)
    durations = selectors.round_stage_durations(round_)
    assert [d.median_days for d in durations[:2]] == [2.0, 10.0]
    assert not durations[2].available
    assert not durations[3].available


def test_places_left_under_the_cap():
    offer = make_open_offer()
    fill_places(offer.promotion, 4)
    places = selectors.promotion_places(offer.promotion)
    assert (places.cap, places.accepted, places.open_offers, places.left) == (30, 4, 1, 26)


@pytest.mark.parametrize("size", [2, 8])
def test_the_follow_up_page_runs_a_bounded_number_of_queries(
    client, django_assert_max_num_queries, size
):
    round_, _ = _scored_round(size)
    client.force_login(StaffFactory())
    url = reverse("offers:followup", kwargs={"pk": round_.pk})
    with django_assert_max_num_queries(14):
        response = client.get(url)
    assert response.status_code == 200
    assert "non disponible" in response.content.decode()


@pytest.mark.parametrize("size", [2, 8])
def test_the_csv_export_has_means_and_decisions_in_bounded_queries(
    client, django_assert_max_num_queries, size
):
    round_, criteria = _scored_round(size)
    client.force_login(StaffFactory())
    url = reverse("offers:export_csv", kwargs={"pk": round_.pk})
    with django_assert_max_num_queries(12):
        response = client.get(url)
        body = b"".join(response.streaming_content).decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(staff_csv_table(body)), delimiter=";"))
    assert len(rows) == size + 1
    pool_row = next(row for row in rows if row["comite"])
    assert pool_row["recevabilite"] == "Recevable"
    assert pool_row[f"moyenne_{criteria[0].label}"] == "3,50"
    assert pool_row[f"moyenne_{criteria[1].label}"] == "4,50"
    assert pool_row["moyenne_des_moyennes"] == "4,00"
    assert pool_row["comite"] == "Rejoint le vivier"
    assert pool_row["comite_justification"] == "Très bon profil"
    assert "Retenue par le jury" in pool_row["propositions"]


def test_the_xlsx_export_has_the_same_columns(client):
    round_, criteria = _scored_round(2)
    client.force_login(StaffFactory())
    response = client.get(reverse("offers:export_xlsx", kwargs={"pk": round_.pk}))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)), read_only=True)
    rows = list(workbook.active.iter_rows(values_only=True))
    header = rows[0]
    assert header[0] == "id_candidature"
    assert f"moyenne_{criteria[0].label}" in header
    assert len(rows) == 4
    first = dict(zip(header, rows[1], strict=True))
    assert Decimal(str(first["moyenne_des_moyennes"])) == Decimal("4.00")


def test_the_follow_up_list_puts_open_and_current_rounds_first(client):
    from tests.selection.round_setup import rounds_around_today

    rounds = rounds_around_today()
    client.force_login(StaffFactory())
    response = client.get(reverse("offers:followup_index"))
    ours = rounds["open"].promotion
    listed = [item for item in response.context["rounds"] if item.round.promotion == ours]
    assert [item.round for item in listed] == [
        rounds["open"],
        rounds["under_way"],
        *rounds["next_year"],
        rounds["over"],
    ]
    assert [item.round.applications for item in listed[:2]] == [0, 1]
    page = response.content.decode()
    assert reverse("offers:followup", kwargs={"pk": rounds["open"].pk}) in page
    assert "Ouverte" in page
