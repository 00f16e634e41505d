"""The committee's decisions and the publication of a round's decisions."""

import pytest
from django.urls import reverse

from eig.candidacies.enums import CandidacyStatus
from eig.core.errors import DomainError
from eig.core.history import event_list_for
from eig.notifications.models import Email
from eig.selection.enums import DecisionKind, DecisionOutcome
from eig.selection.models import Decision
from eig.selection.services.committee import (
    committee_decide,
    committee_decide_bulk,
    publication_summary,
    round_decisions_publish,
)
from eig.selection.services.screening import screening_decide
from tests.factories import ReviewerFactory, StaffFactory
from tests.selection.round_setup import a_reason, selection_round, submitted

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
    event = event_list_for(pool).get(action="publish_decision")
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
    client.force_login(staff)
    response = client.post(
        reverse("selection:bulk_decide", kwargs={"round_pk": round_.pk}),
        {"candidacies": [c.pk for c in candidacies], "action": "not_retained", "comment": "Comité"},
    )
    assert response.status_code == 302
    assert Decision.objects.filter(kind="committee", outcome="not_retained").count() == 2
