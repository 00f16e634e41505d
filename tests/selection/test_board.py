"""The Sélection board at volume: pages of plain rows, bulk decisions on the whole
filtered selection after a confirmation of their count, and the file-review figures
kept in columns equal to their definition."""

import statistics
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase as HypothesisTestCase

from eig.candidacies.models import Candidacy
from eig.selection.enums import DecisionKind, DecisionOutcome
from eig.selection.models import Decision, Review, Score
from eig.selection.selectors import review as selectors
from eig.selection.services.reviews import file_criteria, file_scores_refresh
from eig.selection.services.screening import ineligibility_reason_save, screening_decide
from tests.factories import ReviewerFactory, StaffFactory
from tests.selection.round_setup import selection_round, submitted

pytestmark = pytest.mark.django_db


def _round_of(size: int, *, screened: int = 0):
    """``size`` submitted applications, the first ``screened`` eligible, each with two file
    reviews (one submitted with its scores), made in bulk."""
    round_ = selection_round()
    staff = StaffFactory()
    candidacies = [submitted(round_, last_name=f"Nom{index:03}") for index in range(size)]
    for candidacy in candidacies[:screened]:
        screening_decide(candidacy=candidacy, eligible=True, by=staff)
    reviewers = [ReviewerFactory(), ReviewerFactory()]
    now = timezone.now()
    reviews = Review.objects.bulk_create(
        Review(
            candidacy=candidacy,
            reviewer=reviewer,
            stage="file",
            status="submitted" if turn == 0 else "assigned",
            submitted_at=now if turn == 0 else None,
        )
        for candidacy in candidacies
        for turn, reviewer in enumerate(reviewers)
    )
    criteria = file_criteria(round_)
    Score.objects.bulk_create(
        Score(review=review, criterion=criterion, value=(index + position) % 6, comment="Ok")
        for index, review in enumerate(reviews)
        if review.submitted_at
        for position, criterion in enumerate(criteria)
    )
    file_scores_refresh(candidacy_ids=[candidacy.pk for candidacy in candidacies])
    return round_, staff, candidacies


def _board(round_) -> str:
    return reverse("selection:board", kwargs={"round_pk": round_.pk})


def _bulk(round_, query: str = "") -> str:
    url = reverse("selection:bulk_decide", kwargs={"round_pk": round_.pk})
    return f"{url}?{query}" if query else url


# Pages
@pytest.mark.parametrize("size", [5, 60])
def test_the_board_runs_the_same_queries_whatever_the_round_s_size(
    client, django_assert_num_queries, size
):
    round_, staff, _candidacies = _round_of(size, screened=3)
    client.force_login(staff)
    client.get(_board(round_))  # the session's first request touches it once
    # Filters not asked yet: the page's rows are read (its menus are kept).
    with django_assert_num_queries(7):
        response = client.get(_board(round_), {"tri": "-mean", "recevabilite": "eligible"})
    assert response.status_code == 200
    with django_assert_num_queries(7):
        response = client.get(_board(round_), {"tri": "-spread"})
    assert len(response.context["rows"]) == min(size, 50)


def test_the_board_shows_fifty_rows_and_a_pagination_that_keeps_the_filters(client):
    round_, staff, candidacies = _round_of(60)
    client.force_login(staff)
    first = client.get(_board(round_), {"tri": "-mean"})
    page = first.content.decode()
    assert len(first.context["rows"]) == 50
    assert 'class="fr-pagination"' in page
    assert "tri=-mean&amp;page=2" in page
    assert "60 candidatures" in page
    second = client.get(_board(round_), {"tri": "-mean", "page": "2"})
    assert len(second.context["rows"]) == 10
    # The same order across pages: every application once.
    shown = [row.pk for row in first.context["rows"]] + [row.pk for row in second.context["rows"]]
    assert sorted(shown) == sorted(candidacy.pk for candidacy in candidacies)
    means = [row.mean for row in [*first.context["rows"], *second.context["rows"]]]
    present = [mean for mean in means if mean is not None]
    assert present == sorted(present, reverse=True)
    # The bulk form keeps the filters and the page, so a refused decision shows them again.
    assert f'action="{_bulk(round_, "tri=-mean&amp;page=2")}"' in second.content.decode()


@override_settings(PAGE_SIZE=2)
def test_the_page_size_is_a_setting(client):
    round_, staff, _candidacies = _round_of(3)
    client.force_login(staff)
    assert len(client.get(_board(round_)).context["rows"]) == 2


def test_the_board_shown_again_reads_none_of_its_rows(client):
    round_, staff, _candidacies = _round_of(3)
    client.force_login(staff)
    client.get(_board(round_))

    with CaptureQueriesContext(connection) as queries:
        again = client.get(_board(round_))

    read = [query["sql"] for query in queries.captured_queries]
    assert not [sql for sql in read if "selection_" in sql or "candidacies_" in sql]
    assert "3 candidatures" in again.content.decode()


def test_a_decision_shows_on_the_board_at_once(client, django_capture_on_commit_callbacks):
    round_, staff, candidacies = _round_of(2)
    client.force_login(staff)
    assert "Recevable" not in _rows_html(client.get(_board(round_)))

    with django_capture_on_commit_callbacks(execute=True):
        screening_decide(candidacy=candidacies[0], eligible=True, by=StaffFactory())

    assert "Recevable" in _rows_html(client.get(_board(round_)))


def test_a_reason_added_is_in_the_board_s_menu_at_once(client, django_capture_on_commit_callbacks):
    round_, staff, _candidacies = _round_of(1)
    client.force_login(staff)
    assert "Candidature hors délai" not in client.get(_board(round_)).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        added = ineligibility_reason_save(
            by=staff, data={"label": "Candidature hors délai", "position": 99, "is_active": True}
        )

    page = client.get(_board(round_)).content.decode()
    assert f'<option value="{added.pk}">Candidature hors délai</option>' in page


def _rows_html(response) -> str:
    html = response.content.decode()
    return html[html.index("<tbody>") : html.index("</tbody>")]


# Bulk decisions on the whole filtered selection
def _confirmation(client, round_, data, query):
    response = client.post(_bulk(round_, query), {"scope": "filtered", **data})
    assert response.status_code == 200
    return response


def _confirmed(response, data) -> dict:
    form = response.context["confirm_form"]
    return {
        "scope": "filtered",
        **data,
        "confirmed": "1",
        "expected_count": form["expected_count"].value(),
        "fingerprint": form["fingerprint"].value(),
        "shown_at": form["shown_at"].value(),
    }


def test_a_bulk_decision_on_the_filtered_selection_acts_on_every_page_once_confirmed(client):
    round_, staff, candidacies = _round_of(60, screened=4)
    client.force_login(staff)
    data = {"action": "eligible"}
    asked = _confirmation(client, round_, data, "recevabilite=none")
    page = asked.content.decode()
    assert "56 candidatures seront déclarées recevables." in page
    assert 'name="recevabilite"' not in page  # the filters travel in the address
    assert "recevabilite=none" in page
    assert Decision.objects.count() == 4  # nothing written before the confirmation
    done = client.post(_bulk(round_, "recevabilite=none"), _confirmed(asked, data))
    assert done.status_code == 302
    assert "recevabilite=none" in done["Location"]
    eligible = set(
        Decision.objects.filter(
            kind=DecisionKind.SCREENING, outcome=DecisionOutcome.ELIGIBLE
        ).values_list("candidacy_id", flat=True)
    )
    assert eligible == {candidacy.pk for candidacy in candidacies}  # page 2 too
    assert candidacies[-1].pk in eligible


def test_the_filtered_selection_is_refused_when_its_count_changed_since_the_confirmation(client):
    round_, staff, candidacies = _round_of(60)
    client.force_login(staff)
    data = {"action": "eligible"}
    asked = _confirmation(client, round_, data, "recevabilite=none")
    assert "60 candidatures seront déclarées recevables." in asked.content.decode()
    # Meanwhile someone screens one of them: it leaves the selection.
    screening_decide(candidacy=candidacies[55], eligible=True, by=StaffFactory())
    refused = client.post(_bulk(round_, "recevabilite=none"), _confirmed(asked, data))
    assert refused.status_code == 200
    message = str(next(iter(refused.context["messages"])))
    assert "compte maintenant 59 candidatures, et non plus 60 comme à la confirmation" in message
    assert Decision.objects.count() == 1


def test_the_filtered_selection_is_refused_when_a_decision_changed_with_the_same_count(client):
    round_, staff, candidacies = _round_of(3)
    client.force_login(staff)
    data = {"action": "eligible"}
    asked = _confirmation(client, round_, data, "")
    other = StaffFactory(first_name="Sam", last_name="Autre")
    alice = candidacies[1]
    screening_decide(candidacy=alice, eligible=True, by=other, comment="Vu")
    refused = client.post(_bulk(round_), _confirmed(asked, data))
    assert refused.status_code == 200
    message = str(next(iter(refused.context["messages"])))
    assert "a changé entre-temps : Sam Autre l’a enregistrée « Recevable »" in message
    assert "confirmez de nouveau" in message
    assert Decision.objects.count() == 1


def test_a_committee_decision_on_the_filtered_selection_names_the_files_lacking_reviews(client):
    round_, staff, _candidacies = _round_of(3, screened=3)
    client.force_login(staff)
    data = {"action": "pool", "comment": "Comité du 12"}
    asked = _confirmation(client, round_, data, "recevabilite=eligible")
    page = asked.content.decode()
    assert "3 candidatures rejoindront le vivier (décision du comité)." in page
    assert "Dossiers sans toutes leurs évaluations" in page  # one of two reviews each
    unconfirmed = client.post(_bulk(round_, "recevabilite=eligible"), _confirmed(asked, data))
    assert unconfirmed.status_code == 200
    assert "confirmez la décision du comité sans elles" in unconfirmed.content.decode()
    assert not Decision.objects.filter(kind=DecisionKind.COMMITTEE).exists()


# The figures, one definition
def _expected(reviews: list[tuple[bool, list[int]]]) -> dict:
    """The figures computed here from the raw scores, independently of the code."""

    def two(value) -> Decimal:
        return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)

    means = [two(statistics.fmean(values)) for submitted, values in reviews if submitted and values]
    return {
        "file_reviews_assigned": len(reviews),
        "file_reviews_submitted": sum(1 for submitted, _values in reviews if submitted),
        "file_score_mean": two(statistics.fmean(means)) if means else None,
        "file_score_median": two(statistics.median(means)) if means else None,
        "file_score_spread": two(max(means) - min(means)) if len(means) > 1 else None,
    }


REVIEWS = st.lists(
    st.tuples(st.booleans(), st.lists(st.integers(min_value=0, max_value=5), max_size=2)),
    max_size=5,
)


class FileFiguresTest(HypothesisTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.round = selection_round()
        cls.candidacy = submitted(cls.round)
        cls.criteria = file_criteria(cls.round)
        cls.reviewers = [ReviewerFactory() for _ in range(5)]

    @given(reviews=REVIEWS)
    def test_the_stored_figures_equal_their_definition_for_any_scores(self, reviews):
        Review.objects.filter(candidacy=self.candidacy).delete()
        for reviewer, (is_submitted, values) in zip(self.reviewers, reviews, strict=False):
            review = Review.objects.create(
                candidacy=self.candidacy,
                reviewer=reviewer,
                stage="file",
                status="submitted" if is_submitted else "assigned",
                submitted_at=timezone.now() if is_submitted else None,
            )
            for criterion, value in zip(self.criteria, values, strict=False):
                Score.objects.create(review=review, criterion=criterion, value=value, comment="")
        file_scores_refresh(candidacy_ids=[self.candidacy.pk])
        stored = Candidacy.objects.values(*_expected([])).get(pk=self.candidacy.pk)
        assert stored == _expected(reviews)
        # The application's page computes the same from the model instances.
        row = selectors.board_row(self.candidacy)
        assert (row.aggregate.mean, row.aggregate.median, row.aggregate.spread) == (
            stored["file_score_mean"],
            stored["file_score_median"],
            stored["file_score_spread"],
        )
