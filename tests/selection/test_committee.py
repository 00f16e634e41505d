"""The committee's decisions and the publication of a round's decisions."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from eig.candidacies.enums import CandidacyStatus
from eig.core.errors import DomainError
from eig.core.history import event_list_for
from eig.core.history_actions import HistoryAction
from eig.notifications.models import Email
from eig.selection.enums import DecisionKind, DecisionOutcome
from eig.selection.models import Decision
from eig.selection.services.committee import (
    ReviewsMissing,
    committee_decide,
    committee_decide_bulk,
    publication_summary,
    round_decisions_publish,
)
from eig.selection.services.screening import DecisionChanged, decision_version, screening_decide
from tests.factories import ReviewerFactory, StaffFactory
from tests.selection.round_setup import a_reason, file_reviewed, selection_round, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff():
    return StaffFactory()


def decided_round(staff):
    """A round with one ineligible, one not retained, one in the pool, one undecided."""
    round_ = selection_round()
    ineligible, not_retained, pool, undecided = (submitted(round_) for _ in range(4))
    screening_decide(
        candidacy=ineligible, eligible=False, reason=a_reason(), comment="Aucune", by=staff
    )
    for candidacy in (not_retained, pool, undecided):
        screening_decide(candidacy=candidacy, eligible=True, by=staff)
        file_reviewed(candidacy)
    committee_decide(candidacy=not_retained, joins_pool=False, comment="Moins adapté", by=staff)
    committee_decide(candidacy=pool, joins_pool=True, comment="Excellent parcours", by=staff)
    return round_, ineligible, not_retained, pool, undecided


def test_the_committee_decides_only_on_eligible_applications_with_a_reason(staff):
    round_ = selection_round()
    candidacy = submitted(round_)
    with pytest.raises(DomainError, match="recevables"):
        committee_decide(candidacy=candidacy, joins_pool=True, comment="Oui", by=staff)
    screening_decide(candidacy=candidacy, eligible=True, by=staff)
    with pytest.raises(DomainError, match="raison"):
        committee_decide(candidacy=candidacy, joins_pool=True, comment=" ", by=staff)
    decision = committee_decide(candidacy=candidacy, joins_pool=True, comment="Oui", by=staff)
    assert decision.kind == DecisionKind.COMMITTEE
    assert decision.outcome == DecisionOutcome.POOL
    with pytest.raises(DomainError):
        committee_decide(candidacy=candidacy, joins_pool=True, comment="Oui", by=ReviewerFactory())


def test_an_application_decided_by_the_committee_cannot_become_ineligible(staff):
    round_ = selection_round()
    candidacy = submitted(round_)
    screening_decide(candidacy=candidacy, eligible=True, by=staff)
    committee_decide(candidacy=candidacy, joins_pool=False, comment="Non", by=staff)
    with pytest.raises(DomainError, match="comité"):
        screening_decide(candidacy=candidacy, eligible=False, reason=a_reason(), by=staff)


def test_bulk_committee_decisions(staff):
    round_ = selection_round()
    candidacies = [submitted(round_) for _ in range(3)]
    for candidacy in candidacies:
        screening_decide(candidacy=candidacy, eligible=True, by=staff)
        file_reviewed(candidacy)
    count = committee_decide_bulk(
        candidacies=candidacies, joins_pool=True, comment="Comité du 12", by=staff
    )
    assert count == 3
    assert Decision.objects.filter(outcome=DecisionOutcome.POOL).count() == 3


def test_no_email_before_publication(staff):
    decided_round(staff)
    assert not Email.objects.filter(template__startswith="selection_").exists()


def test_publication_sets_statuses_history_and_queues_the_emails(
    staff, django_capture_on_commit_callbacks, mailoutbox
):
    round_, ineligible, not_retained, pool, undecided = decided_round(staff)
    summary = publication_summary(round_)
    assert summary.counts == {"ineligible": 1, "not_retained": 1, "pool": 1}
    assert summary.undecided == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert round_decisions_publish(round_=round_, by=staff) == 3
    expected = {
        ineligible: CandidacyStatus.INELIGIBLE,
        not_retained: CandidacyStatus.NOT_RETAINED,
        pool: CandidacyStatus.POOL,
        undecided: CandidacyStatus.SUBMITTED,
    }
    for candidacy, status in expected.items():
        candidacy.refresh_from_db()
        assert candidacy.status == status
    assert ineligible.decided_at is not None
    assert undecided.decided_at is None
    event = event_list_for(pool).get(action=HistoryAction.DECISION_PUBLISHED)
    assert (event.from_status, event.to_status) == ("submitted", "pool")
    assert not Decision.objects.filter(
        candidacy__in=[ineligible, not_retained, pool], published_at=None
    ).exists()
    assert Decision.objects.get(candidacy=undecided).published_at is None
    emails = {email.to: email for email in Email.objects.filter(template__startswith="selection_")}
    assert emails[ineligible.candidate.user.email].template == "selection_ineligible"
    assert "Pas d’expérience entrepreneuriale" in emails[ineligible.candidate.user.email].body_text
    assert emails[not_retained.candidate.user.email].template == "selection_not_retained"
    assert emails[pool.candidate.user.email].template == "selection_pool"
    assert "Et maintenant" in emails[pool.candidate.user.email].body_text
    assert len(mailoutbox) == 3


def test_publishing_twice_sends_nothing_twice_and_published_decisions_are_locked(staff):
    round_, _ineligible, _not_retained, pool, undecided = decided_round(staff)
    round_decisions_publish(round_=round_, by=staff)
    assert round_decisions_publish(round_=round_, by=staff) == 0
    assert Email.objects.filter(template__startswith="selection_").count() == 3
    with pytest.raises(DomainError):
        committee_decide(candidacy=pool, joins_pool=False, comment="Finalement non", by=staff)
    # A decision taken later is published on its own, alone.
    committee_decide(candidacy=undecided, joins_pool=True, comment="Oui", by=staff)
    assert round_decisions_publish(round_=round_, by=staff) == 1
    assert Email.objects.filter(template__startswith="selection_").count() == 4


def test_a_published_decision_cannot_change_and_says_so(staff):
    round_ = selection_round()
    candidacy = submitted(round_)
    screening_decide(candidacy=candidacy, eligible=True, by=staff)
    decision = committee_decide(candidacy=candidacy, joins_pool=True, comment="Oui", by=staff)
    Decision.objects.filter(pk=decision.pk).update(published_at="2026-01-01T10:00:00+01:00")
    with pytest.raises(DomainError, match="déjà publiée"):
        committee_decide(candidacy=candidacy, joins_pool=False, comment="Non", by=staff)


def test_the_publication_page_summarises_then_publishes(client, staff):
    round_, *_ = decided_round(staff)
    client.force_login(staff)
    url = reverse("selection:publish", kwargs={"round_pk": round_.pk})
    page = client.get(url)
    assert page.status_code == 200
    assert page.context["summary"].total == 3
    assert client.post(url).status_code == 302
    assert Email.objects.filter(template__startswith="selection_").count() == 3
    assert client.post(url).status_code == 302
    assert Email.objects.filter(template__startswith="selection_").count() == 3


def test_committee_from_the_application_page(client, staff):
    round_ = selection_round()
    candidacy = submitted(round_)
    screening_decide(candidacy=candidacy, eligible=True, by=staff)
    client.force_login(staff)
    url = reverse("selection:committee", kwargs={"pk": candidacy.pk})
    assert client.post(url, {"committee-outcome": "pool"}).status_code == 200  # reason missing
    assert (
        client.post(url, {"committee-outcome": "pool", "committee-comment": "Très bon"}).status_code
        == 302
    )
    assert Decision.objects.get(kind="committee").outcome == "pool"


def test_bulk_committee_from_the_board(client, staff):
    round_ = selection_round()
    candidacies = [submitted(round_) for _ in range(2)]
    for candidacy in candidacies:
        screening_decide(candidacy=candidacy, eligible=True, by=staff)
        file_reviewed(candidacy)
    client.force_login(staff)
    response = client.post(
        reverse("selection:bulk_decide", kwargs={"round_pk": round_.pk}),
        {"candidacies": [c.pk for c in candidacies], "action": "not_retained", "comment": "Comité"},
    )
    assert response.status_code == 302
    assert Decision.objects.filter(kind="committee", outcome="not_retained").count() == 2


# The application deadline
def _deadline_is(round_, day):
    """Move the round so that its application deadline falls on ``day``."""
    type(round_).objects.filter(pk=round_.pk).update(
        opens_on=day - datetime.timedelta(weeks=5),
        challenge_deadline=day - datetime.timedelta(weeks=2),
        application_deadline=day,
        committee_on=day + datetime.timedelta(weeks=2),
        starts_on=day + datetime.timedelta(weeks=4),
    )
    round_.refresh_from_db()


def test_the_committee_cannot_decide_until_the_application_deadline_has_passed(staff):
    round_ = selection_round()
    candidacy = submitted(round_)
    screening_decide(candidacy=candidacy, eligible=True, by=staff)
    file_reviewed(candidacy)
    today = timezone.localdate()
    _deadline_is(round_, today)
    with pytest.raises(DomainError, match="qu’après la date limite des candidatures"):
        committee_decide(candidacy=candidacy, joins_pool=True, comment="Oui", by=staff)
    with pytest.raises(DomainError, match="peuvent encore déposer ou modifier"):
        committee_decide_bulk(candidacies=[candidacy], joins_pool=True, comment="Oui", by=staff)
    assert not Decision.objects.filter(kind=DecisionKind.COMMITTEE).exists()
    _deadline_is(round_, today - datetime.timedelta(days=1))
    committee_decide(candidacy=candidacy, joins_pool=True, comment="Oui", by=staff)


def test_the_application_page_says_why_the_committee_cannot_decide_yet(client, staff):
    round_ = selection_round()
    candidacy = submitted(round_)
    screening_decide(candidacy=candidacy, eligible=True, by=staff)
    _deadline_is(round_, timezone.localdate())
    client.force_login(staff)
    response = client.post(
        reverse("selection:committee", kwargs={"pk": candidacy.pk}),
        {"committee-outcome": "pool", "committee-comment": "Très bon"},
    )
    assert response.status_code == 200
    assert "qu’après la date limite des candidatures" in response.content.decode()
    assert not Decision.objects.filter(kind=DecisionKind.COMMITTEE).exists()


# Files that lack reviews
def _three_eligible(staff):
    """Reviewed, one review still to submit (0 / 1), no reviewer at all."""
    round_ = selection_round()
    complete = submitted(round_, first_name="Claire", last_name="Complète")
    pending = submitted(round_, first_name="Paul", last_name="Attente")
    unassigned = submitted(round_, first_name="Nina", last_name="Personne")
    for candidacy in (complete, pending, unassigned):
        screening_decide(candidacy=candidacy, eligible=True, by=staff)
    file_reviewed(complete)
    file_reviewed(pending, done=False)
    return round_, complete, pending, unassigned


def test_a_bulk_committee_decision_names_the_files_lacking_reviews_and_needs_confirmation(staff):
    _round, complete, pending, unassigned = _three_eligible(staff)
    everyone = [complete, pending, unassigned]
    with pytest.raises(ReviewsMissing) as refused:
        committee_decide_bulk(candidacies=everyone, joins_pool=True, comment="Oui", by=staff)
    assert "Paul Attente (0 / 1)" in refused.value.message
    assert "Nina Personne (aucune évaluation attribuée)" in refused.value.message
    assert "Claire" not in refused.value.message
    assert [gap.candidacy for gap in refused.value.gaps] == [pending, unassigned]
    # Confirming one file is not confirming the other.
    with pytest.raises(ReviewsMissing, match="Nina Personne"):
        committee_decide_bulk(
            candidacies=everyone,
            joins_pool=True,
            comment="Oui",
            by=staff,
            missing_reviews_confirmed=[pending.pk],
        )
    assert not Decision.objects.filter(kind=DecisionKind.COMMITTEE).exists()
    count = committee_decide_bulk(
        candidacies=everyone,
        joins_pool=True,
        comment="Oui",
        by=staff,
        missing_reviews_confirmed=[pending.pk, unassigned.pk],
    )
    assert count == 3


def test_the_board_names_the_files_lacking_reviews_then_decides_once_confirmed(client, staff):
    round_, complete, pending, unassigned = _three_eligible(staff)
    client.force_login(staff)
    url = reverse("selection:bulk_decide", kwargs={"round_pk": round_.pk})
    data = {"candidacies": [complete.pk, pending.pk, unassigned.pk], "action": "pool"}
    data["comment"] = "Comité du 12"
    refused = client.post(url, data)
    assert refused.status_code == 200
    page = refused.content.decode()
    assert "Dossiers sans toutes leurs évaluations" in page
    assert "Paul Attente" in page
    assert "Nina Personne" in page
    assert f'value="{pending.pk}" checked' in page  # the ticked boxes stay ticked
    assert [gap.candidacy for gap in refused.context["gaps"]] == [pending, unassigned]
    assert not Decision.objects.filter(kind=DecisionKind.COMMITTEE).exists()
    confirmed = {
        **data,
        "confirm_missing_reviews": "on",
        "reviews_confirmed": [pending.pk, unassigned.pk],
    }
    assert client.post(url, confirmed).status_code == 302
    assert Decision.objects.filter(kind=DecisionKind.COMMITTEE, outcome="pool").count() == 3


def test_publishing_decisions_on_files_lacking_reviews_needs_a_confirmation_kept_in_history(
    staff,
):
    round_, complete, pending, unassigned = _three_eligible(staff)
    committee_decide_bulk(
        candidacies=[complete, pending, unassigned],
        joins_pool=True,
        comment="Oui",
        by=staff,
        missing_reviews_confirmed=[pending.pk, unassigned.pk],
    )
    summary = publication_summary(round_)
    assert [str(gap) for gap in summary.gaps] == [
        "Paul Attente (0 / 1)",
        "Nina Personne (aucune évaluation attribuée)",
    ]
    with pytest.raises(ReviewsMissing, match="Rien n’est publié"):
        round_decisions_publish(round_=round_, by=staff, missing_reviews_confirmed=[pending.pk])
    assert not Decision.objects.filter(published_at__isnull=False).exists()
    published = round_decisions_publish(
        round_=round_, by=staff, missing_reviews_confirmed=[pending.pk, unassigned.pk]
    )
    assert published == 3
    event = event_list_for(pending).get(action=HistoryAction.DECISION_PUBLISHED)
    assert event.changes == {"missing_reviews_confirmed": "0 / 1"}
    assert event_list_for(complete).get(action=HistoryAction.DECISION_PUBLISHED).changes == {}
    round_event = event_list_for(round_).get(action=HistoryAction.DECISIONS_PUBLISHED)
    assert round_event.actor == staff
    assert "Paul Attente (0 / 1)" in round_event.comment
    assert round_event.changes["missing_reviews_confirmed"] == [pending.pk, unassigned.pk]


def test_the_publication_page_lists_the_files_lacking_reviews_and_asks_to_confirm(client, staff):
    round_, complete, pending, _unassigned = _three_eligible(staff)
    committee_decide_bulk(
        candidacies=[complete, pending],
        joins_pool=True,
        comment="Oui",
        by=staff,
        missing_reviews_confirmed=[pending.pk],
    )
    client.force_login(staff)
    url = reverse("selection:publish", kwargs={"round_pk": round_.pk})
    page = client.get(url).content.decode()
    assert "Décisions du comité sur des dossiers sans toutes leurs évaluations" in page
    assert "Paul Attente" in page
    assert "Claire Complète" not in page
    refused = client.post(url, {"reviews_confirmed": [pending.pk]})
    assert refused.status_code == 200
    assert "Rien n’est publié" in refused.content.decode()
    assert not Email.objects.filter(template__startswith="selection_").exists()
    confirmed = client.post(
        url, {"reviews_confirmed": [pending.pk], "confirm_missing_reviews": "on"}
    )
    assert confirmed.status_code == 302
    assert Email.objects.filter(template="selection_pool").count() == 2
    detail = client.get(reverse("candidacies:staff_detail", kwargs={"pk": pending.pk}))
    assert "publiée sans toutes ses évaluations, après confirmation" in detail.content.decode()


# Two staff deciding at once
def test_a_decision_changed_meanwhile_is_shown_before_being_replaced(staff):
    round_ = selection_round()
    candidacy = submitted(round_, first_name="Alice", last_name="Durand")
    screening_decide(candidacy=candidacy, eligible=True, by=staff)
    file_reviewed(candidacy)
    other = StaffFactory(first_name="Sam", last_name="Équipe")
    first = committee_decide(
        candidacy=candidacy, joins_pool=True, comment="Oui", by=other, expected_version=""
    )
    with pytest.raises(DecisionChanged) as changed:
        committee_decide(
            candidacy=candidacy, joins_pool=False, comment="Non", by=staff, expected_version=""
        )
    message = changed.value.message
    assert message.startswith("La décision du comité d’Alice Durand a changé entre-temps")
    assert "Sam Équipe l’a enregistrée « Rejoint le vivier »" in message
    assert Decision.objects.get(kind=DecisionKind.COMMITTEE).outcome == DecisionOutcome.POOL
    committee_decide(
        candidacy=candidacy,
        joins_pool=False,
        comment="Non",
        by=staff,
        expected_version=decision_version(first),
    )
    assert Decision.objects.get(kind=DecisionKind.COMMITTEE).outcome == "not_retained"


def test_the_application_page_tells_the_second_person_and_lets_them_replace(client, staff):
    round_ = selection_round()
    candidacy = submitted(round_, first_name="Alice", last_name="Durand")
    screening_decide(candidacy=candidacy, eligible=True, by=staff)
    file_reviewed(candidacy)
    client.force_login(staff)
    shown = client.get(reverse("selection:application", kwargs={"pk": candidacy.pk}))
    version = shown.context["committee_form"].initial["version"]
    assert version == ""
    committee_decide(candidacy=candidacy, joins_pool=True, comment="Oui", by=StaffFactory())
    url = reverse("selection:committee", kwargs={"pk": candidacy.pk})
    mine = {
        "committee-outcome": "not_retained",
        "committee-comment": "Non",
        "committee-version": "",
    }
    told = client.post(url, mine)
    assert told.status_code == 200
    assert "a changé entre-temps" in told.content.decode()
    assert Decision.objects.get(kind=DecisionKind.COMMITTEE).outcome == "pool"
    current = decision_version(Decision.objects.get(kind=DecisionKind.COMMITTEE))
    assert told.context["committee_form"]["version"].value() == current
    assert told.context["committee_form"]["outcome"].value() == "not_retained"
    assert client.post(url, {**mine, "committee-version": current}).status_code == 302
    assert Decision.objects.get(kind=DecisionKind.COMMITTEE).outcome == "not_retained"


def test_the_board_tells_who_changed_a_decision_meanwhile_before_replacing_it(client, staff):
    round_ = selection_round()
    alice = submitted(round_, first_name="Alice", last_name="Durand")
    bruno = submitted(round_, first_name="Bruno", last_name="Petit")
    for candidacy in (alice, bruno):
        screening_decide(candidacy=candidacy, eligible=True, by=staff)
        file_reviewed(candidacy)
    client.force_login(staff)
    board = client.get(reverse("selection:board", kwargs={"round_pk": round_.pk}))
    assert f'name="committee-version-{alice.pk}" value=""' in board.content.decode()
    committee_decide(candidacy=alice, joins_pool=True, comment="Oui", by=StaffFactory())
    url = reverse("selection:bulk_decide", kwargs={"round_pk": round_.pk})
    data = {
        "candidacies": [alice.pk, bruno.pk],
        "action": "not_retained",
        "comment": "Comité",
        f"committee-version-{alice.pk}": "",
        f"committee-version-{bruno.pk}": "",
    }
    told = client.post(url, data)
    assert told.status_code == 200
    page = told.content.decode()
    assert "La décision du comité d’Alice Durand a changé entre-temps" in page
    assert "Bruno" not in str(next(iter(told.context["messages"])))
    assert not Decision.objects.filter(outcome="not_retained").exists()
    current = decision_version(Decision.objects.get(candidacy=alice, kind=DecisionKind.COMMITTEE))
    assert f'name="committee-version-{alice.pk}" value="{current}"' in page
    data[f"committee-version-{alice.pk}"] = current
    assert client.post(url, data).status_code == 302
    assert Decision.objects.filter(outcome="not_retained").count() == 2
