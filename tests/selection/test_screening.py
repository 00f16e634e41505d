"""Screening: the reasons list, eligible or not (one by one, in bulk), the round board."""

import re

import pytest
from django.urls import reverse

from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.services import candidacy_withdraw
from eig.core.errors import DomainError
from eig.core.history import event_list_for
from eig.core.history_actions import HistoryAction
from eig.selection.enums import DecisionKind, DecisionOutcome, Recommendation
from eig.selection.models import Decision, IneligibilityReason
from eig.selection.services.committee import round_decisions_publish
from eig.selection.services.reviews import ScoreInput, file_criteria, review_assign, review_save
from eig.selection.services.screening import (
    ineligibility_reason_save,
    screening_decide,
    screening_decide_bulk,
)
from tests.factories import CandidacyFactory, ReviewerFactory, StaffFactory
from tests.selection.round_setup import (
    a_reason,
    rounds_around_today,
    selection_round,
    submitted,
)

pytestmark = pytest.mark.django_db


def test_the_data_migration_creates_the_default_reasons():
    labels = set(IneligibilityReason.objects.values_list("label", flat=True))
    assert {
        "Pas d’expérience entrepreneuriale",
        "Profil non recruté dans cette session",
        "Expérience professionnelle insuffisante",
        "Dossier incomplet",
    } <= labels


def test_staff_keep_the_reasons_and_deactivate_rather_than_delete(client):
    staff = StaffFactory()
    client.force_login(staff)
    response = client.post(
        reverse("selection:reason_create"),
        {"label": "Hors délai", "position": 9, "is_active": "on"},
    )
    assert response.status_code == 302
    reason = IneligibilityReason.objects.get(label="Hors délai")
    response = client.post(
        reverse("selection:reason_edit", kwargs={"pk": reason.pk}),
        {"label": "Hors délai", "position": 9},
    )
    assert response.status_code == 302
    reason.refresh_from_db()
    assert reason.is_active is False
    assert client.get(reverse("selection:reason_list")).status_code == 200


def test_only_staff_save_a_reason():
    with pytest.raises(DomainError):
        ineligibility_reason_save(by=ReviewerFactory(), data={"label": "X"})


def test_screening_records_a_decision_and_history_without_telling_anyone(mailoutbox):
    round_ = selection_round()
    candidacy = submitted(round_)
    staff = StaffFactory()
    decision = screening_decide(
        candidacy=candidacy, eligible=False, reason=a_reason(), comment="Aucune", by=staff
    )
    assert decision.kind == DecisionKind.SCREENING
    assert decision.outcome == DecisionOutcome.INELIGIBLE
    assert decision.published_at is None
    candidacy.refresh_from_db()
    assert candidacy.status == CandidacyStatus.SUBMITTED
    assert event_list_for(candidacy).filter(action=HistoryAction.SCREENING_DECIDED).exists()
    assert not mailoutbox


def test_not_eligible_needs_an_active_reason():
    round_ = selection_round()
    candidacy = submitted(round_)
    staff = StaffFactory()
    with pytest.raises(DomainError, match="motif"):
        screening_decide(candidacy=candidacy, eligible=False, by=staff)
    inactive = IneligibilityReason.objects.create(label="Ancien motif", is_active=False)
    with pytest.raises(DomainError, match="plus proposé"):
        screening_decide(candidacy=candidacy, eligible=False, reason=inactive, by=staff)


def test_screening_is_editable_until_published_then_locked():
    round_ = selection_round()
    candidacy = submitted(round_)
    staff = StaffFactory()
    screening_decide(candidacy=candidacy, eligible=True, by=staff)
    screening_decide(candidacy=candidacy, eligible=False, reason=a_reason(), by=staff)
    assert Decision.objects.get(candidacy=candidacy).outcome == DecisionOutcome.INELIGIBLE
    round_decisions_publish(round_=round_, by=staff)
    with pytest.raises(DomainError, match=r"déjà publiée|pas en attente"):
        screening_decide(candidacy=candidacy, eligible=True, by=staff)


def test_drafts_and_other_roles_cannot_be_screened():
    round_ = selection_round()
    draft = CandidacyFactory(round=round_)
    with pytest.raises(DomainError):
        screening_decide(candidacy=draft, eligible=True, by=StaffFactory())
    with pytest.raises(DomainError):
        screening_decide(candidacy=submitted(round_), eligible=True, by=ReviewerFactory())


def test_bulk_screening_is_all_or_nothing():
    round_ = selection_round()
    first, second = submitted(round_), submitted(round_)
    draft = CandidacyFactory(round=round_)
    staff = StaffFactory()
    with pytest.raises(DomainError):
        screening_decide_bulk(candidacies=[first, draft], eligible=True, by=staff)
    assert not Decision.objects.exists()
    assert screening_decide_bulk(candidacies=[first, second], eligible=True, by=staff) == 2


def test_bulk_screening_from_the_board(client):
    round_ = selection_round()
    first, second = submitted(round_), submitted(round_)
    client.force_login(StaffFactory())
    url = reverse("selection:bulk_decide", kwargs={"round_pk": round_.pk})
    response = client.post(url, {"candidacies": [first.pk, second.pk], "action": "ineligible"})
    assert response.status_code == 200  # no reason: the form again, nothing written
    assert "Choisissez le motif" in response.content.decode()
    assert not Decision.objects.exists()
    response = client.post(
        url,
        {"candidacies": [first.pk, second.pk], "action": "ineligible", "reason": a_reason().pk},
    )
    assert response.status_code == 302
    assert Decision.objects.filter(outcome=DecisionOutcome.INELIGIBLE).count() == 2


def test_one_by_one_screening_from_the_application_page(client):
    round_ = selection_round()
    candidacy = submitted(round_)
    client.force_login(StaffFactory())
    url = reverse("selection:screen", kwargs={"pk": candidacy.pk})
    response = client.post(
        url, {"screening-eligibility": "eligible", "screening-comment": "Parcours solide"}
    )
    assert response.status_code == 302
    assert Decision.objects.get(candidacy=candidacy).comment == "Parcours solide"


@pytest.mark.parametrize("size", [3, 30])
def test_the_board_runs_a_bounded_number_of_queries(client, django_assert_max_num_queries, size):
    from tests.selection.test_reviews import reviewed

    round_ = selection_round()
    staff = StaffFactory()
    reviewers = [ReviewerFactory(), ReviewerFactory()]
    for index in range(size):
        candidacy = submitted(round_, last_name=f"Nom{index}")
        screening_decide(candidacy=candidacy, eligible=True, by=staff)
        for reviewer in reviewers:
            reviewed(candidacy, reviewer, values=(index % 6, 3))
    CandidacyFactory(round=round_)  # a draft: never listed
    client.force_login(staff)
    with django_assert_max_num_queries(15):
        response = client.get(
            reverse("selection:board", kwargs={"round_pk": round_.pk}), {"tri": "-mean"}
        )
    assert response.status_code == 200
    assert len(response.context["rows"]) == size


def test_the_round_list_puts_open_and_current_rounds_first_with_their_counts(
    client, django_assert_max_num_queries
):
    rounds = rounds_around_today()
    screened = submitted(rounds["open"])
    submitted(rounds["open"])
    _withdrawn(rounds["open"])  # no longer under way: not counted
    screening_decide(candidacy=screened, eligible=True, by=StaffFactory())
    reviewers = [ReviewerFactory(), ReviewerFactory()]
    reviews = [
        review_assign(candidacy=screened, reviewer=reviewer, by=StaffFactory())
        for reviewer in reviewers
    ]
    review_save(
        review=reviews[0],
        by=reviewers[0],
        scores={
            criterion.pk: ScoreInput(value=4, comment="Solide")
            for criterion in file_criteria(rounds["open"])
        },
        recommendation=Recommendation.YES,
        comment="Avis général",
        submit=True,
    )
    client.force_login(StaffFactory())
    with django_assert_max_num_queries(5):
        response = client.get(reverse("selection:round_list"))
    ours = rounds["open"].promotion
    progress = [row for row in response.context["rounds"] if row.listed.round.promotion == ours]
    assert [row.listed.round for row in progress] == [
        rounds["open"],
        rounds["under_way"],
        *rounds["next_year"],
        rounds["over"],
    ]
    first = progress[0]
    assert (first.applications, first.to_screen) == (2, 1)
    assert (first.reviews_submitted, first.reviews_assigned) == (1, 2)
    assert (progress[1].applications, progress[1].to_screen) == (1, 1)
    page = response.content.decode()
    assert "Ouverte" in page
    assert "En cours" in page
    assert "1 sur 2" in page


# Withdrawn applications


def _withdrawn(round_, **names):
    candidacy = submitted(round_, **names)
    screening_decide(candidacy=candidacy, eligible=True, by=StaffFactory())
    return candidacy_withdraw(
        candidacy=candidacy, by=candidacy.candidate.user, reason="Autre poste"
    )


def test_withdrawn_applications_sit_apart_on_the_board_without_a_box_to_tick(client):
    round_ = selection_round()
    live = submitted(round_, first_name="Alice", last_name="Durand")
    gone = _withdrawn(round_, first_name="Bruno", last_name="Petit")
    client.force_login(StaffFactory())
    url = reverse("selection:board", kwargs={"round_pk": round_.pk})
    response = client.get(url, {"comite": "none"})  # « À décider »
    assert [row.pk for row in response.context["rows"]] == [live.pk]
    assert [row.pk for row in response.context["withdrawn_rows"]] == [gone.pk]
    page = response.content.decode()
    assert f'id="select-{live.pk}"' in page
    assert f'id="select-{gone.pk}"' not in page
    assert "Candidatures retirées par la personne" in page
    assert re.search(r">\s*1 candidature\s*</h2>", page)


def test_a_withdrawn_application_is_kept_out_of_decisions_and_says_so(client):
    round_ = selection_round()
    live = submitted(round_, first_name="Alice", last_name="Durand")
    screening_decide(candidacy=live, eligible=True, by=StaffFactory())
    gone = _withdrawn(round_, first_name="Bruno", last_name="Petit")
    staff = StaffFactory()
    with pytest.raises(DomainError, match="Bruno Petit : La personne a retiré sa candidature"):
        screening_decide_bulk(candidacies=[live, gone], eligible=True, by=staff)
    client.force_login(staff)
    page = client.get(reverse("selection:application", kwargs={"pk": gone.pk})).content.decode()
    assert "La personne a retiré sa candidature le" in page
    assert reverse("selection:committee", kwargs={"pk": gone.pk}) not in page
    assert reverse("selection:screen", kwargs={"pk": gone.pk}) not in page
