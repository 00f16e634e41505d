"""The agents' use cases: create, update, indicators, attachments, submit, withdraw."""

import datetime
from decimal import Decimal

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from eig.challenges.enums import ChallengeStatus
from eig.challenges.models import Attachment, Challenge
from eig.challenges.services import challenges as services
from eig.core.errors import DomainError
from eig.core.history import event_list_for
from eig.core.history_actions import HistoryAction
from eig.notifications.models import Email
from tests.factories import (
    AgentFactory,
    ChallengeFactory,
    OrganisationFactory,
    PriorityPolicyFactory,
    RoundFactory,
    StaffFactory,
)
from tests.pdfs import minimal_pdf

pytestmark = pytest.mark.django_db

PDF = minimal_pdf()


def _today() -> datetime.date:
    return timezone.localdate()


def _round_open_today(**fields):
    return RoundFactory(opens_on=_today() - datetime.timedelta(days=2), **fields)


def _agent_with_draft(**fields):
    agent = AgentFactory()
    organisation = agent.memberships.get().organisation
    return agent, ChallengeFactory(organisation=organisation, **fields)


# --- create and update --------------------------------------------------------------


def test_an_agent_creates_a_draft_for_their_organisation():
    agent = AgentFactory()
    organisation = agent.memberships.get().organisation

    challenge = services.challenge_create(
        organisation=organisation, by=agent, title="  Simplifier les aides  "
    )

    assert challenge.status == ChallengeStatus.DRAFT
    assert challenge.title == "Simplifier les aides"
    assert challenge.created_by == agent
    assert [event.action for event in event_list_for(challenge)] == [
        HistoryAction.CHALLENGE_CREATED
    ]


def test_an_agent_cannot_create_a_defi_for_another_organisation():
    agent = AgentFactory()

    with pytest.raises(DomainError):
        services.challenge_create(organisation=OrganisationFactory(), by=agent, title="Un défi")

    assert not Challenge.objects.exists()


def test_staff_cannot_create_a_defi():
    with pytest.raises(DomainError):
        services.challenge_create(
            organisation=OrganisationFactory(), by=StaffFactory(), title="Un défi"
        )


def test_an_update_records_what_changed():
    agent, challenge = _agent_with_draft()
    policy = PriorityPolicyFactory()

    services.challenge_update(
        challenge=challenge,
        by=agent,
        data={"problem": "Les délais sont trop longs.", "priority_policy": policy},
    )

    challenge.refresh_from_db()
    assert challenge.problem == "Les délais sont trop longs."
    assert challenge.priority_policy == policy
    event = event_list_for(challenge).get(action=HistoryAction.CHALLENGE_UPDATED)
    assert event.actor == agent
    assert event.changes["problem"] == ["", "Les délais sont trop longs."]
    assert event.changes["priority_policy"] == [None, policy.name]


def test_an_update_that_changes_nothing_records_nothing():
    agent, challenge = _agent_with_draft(problem="Déjà écrit.")

    services.challenge_update(challenge=challenge, by=agent, data={"problem": "Déjà écrit."})

    assert not event_list_for(challenge).filter(action=HistoryAction.CHALLENGE_UPDATED).exists()


def test_another_agent_of_the_same_organisation_may_edit_the_draft():
    _, challenge = _agent_with_draft()
    colleague = AgentFactory(organisation=challenge.organisation)

    services.challenge_update(challenge=challenge, by=colleague, data={"team": "Deux agents."})

    challenge.refresh_from_db()
    assert challenge.team == "Deux agents."


def test_an_agent_of_another_organisation_cannot_edit_the_draft():
    _, challenge = _agent_with_draft()

    with pytest.raises(DomainError):
        services.challenge_update(challenge=challenge, by=AgentFactory(), data={"team": "Nous."})


def test_a_submitted_defi_can_no_longer_be_edited():
    agent, challenge = _agent_with_draft(status=ChallengeStatus.SUBMITTED)

    with pytest.raises(DomainError, match="plus modifiable"):
        services.challenge_update(challenge=challenge, by=agent, data={"team": "Nous."})


def test_only_the_fields_of_the_file_may_be_updated():
    agent, challenge = _agent_with_draft()

    with pytest.raises(DomainError, match="status"):
        services.challenge_update(challenge=challenge, by=agent, data={"status": "selected"})


# --- indicators -----------------------------------------------------------------------


def test_an_indicator_is_added_then_edited_then_deleted():
    agent, challenge = _agent_with_draft()
    data = {
        "name": "Délai de traitement",
        "unit": "jours",
        "baseline": Decimal("90"),
        "target": Decimal("12.5"),
        "data_source": "Outil métier",
    }

    indicator = services.indicator_save(challenge=challenge, by=agent, data=data)
    services.indicator_save(
        challenge=challenge, by=agent, data={"target": Decimal("10")}, indicator=indicator
    )
    indicator.refresh_from_db()
    assert indicator.target == Decimal("10")

    services.indicator_delete(indicator=indicator, by=agent)

    assert not challenge.indicators.exists()
    actions = [event.action for event in event_list_for(challenge)]
    assert actions == [
        HistoryAction.INDICATOR_ADDED,
        HistoryAction.INDICATOR_UPDATED,
        HistoryAction.INDICATOR_DELETED,
    ]


# --- attachments ----------------------------------------------------------------------


def test_pdf_check_accepts_a_pdf():
    services.pdf_check(SimpleUploadedFile("note.pdf", PDF, content_type="application/pdf"))


def test_pdf_check_refuses_a_file_that_is_not_a_pdf_whatever_its_name():
    fake = SimpleUploadedFile(
        "note.pdf", b"<html>pas un PDF</html>", content_type="application/pdf"
    )

    with pytest.raises(DomainError, match="n’est pas un PDF"):
        services.pdf_check(fake)


def test_pdf_check_refuses_a_file_too_large():
    large = SimpleUploadedFile("gros.pdf", PDF + b"0" * 2048, content_type="application/pdf")

    with pytest.raises(DomainError, match="la limite est de"):
        services.pdf_check(large, max_bytes=1024)


def test_an_attachment_is_stored_privately_and_can_be_deleted(django_capture_on_commit_callbacks):
    agent, challenge = _agent_with_draft()

    attachment = services.attachment_add(
        challenge=challenge, by=agent, uploaded=SimpleUploadedFile("note.pdf", PDF)
    )

    assert attachment.size == len(PDF)
    assert attachment.file.name.startswith(f"challenges/{challenge.pk}/attachments/")
    storage, name = attachment.file.storage, attachment.file.name
    with django_capture_on_commit_callbacks(execute=True):
        services.attachment_delete(attachment=attachment, by=agent)
    assert not Attachment.objects.exists()
    assert not storage.exists(name)


def test_a_fake_pdf_is_refused_and_nothing_is_stored():
    agent, challenge = _agent_with_draft()

    with pytest.raises(DomainError):
        services.attachment_add(
            challenge=challenge, by=agent, uploaded=SimpleUploadedFile("x.pdf", b"MZ\x90\x00")
        )

    assert not challenge.attachments.exists()


# --- submission -----------------------------------------------------------------------


def test_an_incomplete_defi_cannot_be_submitted_and_says_what_is_missing_by_section():
    _round_open_today()
    agent, challenge = _agent_with_draft(problem="Un problème.")

    with pytest.raises(services.SubmissionIncomplete) as caught:
        services.challenge_submit(challenge=challenge, by=agent)

    missing = caught.value.missing
    assert missing["Le problème"] == ["qui souffre du problème"]
    assert missing["Les indicateurs de réussite"] == ["au moins un indicateur"]
    assert "Le sponsor" in missing
    assert "Les profils recherchés" in missing
    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.DRAFT


def test_a_complete_defi_goes_to_the_round_open_for_defis(django_capture_on_commit_callbacks):
    open_round = _round_open_today()
    agent, challenge = _agent_with_draft(complete=True)
    colleague = AgentFactory(organisation=challenge.organisation)
    staff = StaffFactory()

    with django_capture_on_commit_callbacks(execute=True):
        submitted = services.challenge_submit(
            challenge=challenge, by=agent, confirmed_round=open_round
        )

    assert submitted.status == ChallengeStatus.SUBMITTED
    assert submitted.round == open_round
    assert submitted.promotion == open_round.promotion
    assert submitted.submitted_at is not None
    event = event_list_for(challenge).get(action=HistoryAction.CHALLENGE_SUBMITTED)
    assert (event.from_status, event.to_status) == ("draft", "submitted")
    receipts = Email.objects.filter(template="challenge_submitted")
    assert {email.to for email in receipts} == {agent.email, colleague.email}
    assert Email.objects.get(template="challenge_submitted_staff").to == staff.email
    receipt = next(m for m in mail.outbox if m.to == [agent.email])
    assert challenge.title in receipt.subject
    assert f"session {open_round.number}" in receipt.body
    assert f"/espace/defis/{challenge.pk}/" in receipt.body


def test_after_the_deadline_a_defi_goes_to_the_next_round():
    today = _today()
    RoundFactory(
        opens_on=today - datetime.timedelta(days=30),
        challenge_deadline=today - datetime.timedelta(days=1),
    )
    next_round = RoundFactory(opens_on=today + datetime.timedelta(days=10))
    agent, challenge = _agent_with_draft(complete=True)

    assert services.submission_round() == (next_round, True)
    submitted = services.challenge_submit(challenge=challenge, by=agent, confirmed_round=next_round)

    assert submitted.round == next_round


def test_a_deadline_passing_between_display_and_confirmation_asks_to_confirm_again():
    today = _today()
    passed = RoundFactory(
        opens_on=today - datetime.timedelta(days=30),
        challenge_deadline=today - datetime.timedelta(days=1),
    )
    RoundFactory(opens_on=today + datetime.timedelta(days=10))
    agent, challenge = _agent_with_draft(complete=True)

    with pytest.raises(DomainError, match="confirmez à nouveau"):
        services.challenge_submit(challenge=challenge, by=agent, confirmed_round=passed)

    challenge.refresh_from_db()
    assert challenge.status == ChallengeStatus.DRAFT


def test_without_any_round_a_defi_cannot_be_submitted(monkeypatch):
    monkeypatch.setattr(services, "submission_round", lambda today=None: (None, True))
    agent, challenge = _agent_with_draft(complete=True)

    with pytest.raises(DomainError, match="Aucune session"):
        services.challenge_submit(challenge=challenge, by=agent)


def test_an_agent_of_another_organisation_cannot_submit():
    _round_open_today()
    _, challenge = _agent_with_draft(complete=True)

    with pytest.raises(DomainError):
        services.challenge_submit(challenge=challenge, by=AgentFactory())


def test_a_defi_sent_back_for_changes_is_resubmitted_in_its_round(
    django_capture_on_commit_callbacks,
):
    open_round = _round_open_today()
    agent, challenge = _agent_with_draft(complete=True)
    staff = StaffFactory()
    services.challenge_submit(challenge=challenge, by=agent)
    with django_capture_on_commit_callbacks(execute=True):
        services.challenge_transition(
            challenge=challenge, by=staff, name="request_changes", message="Précisez le budget."
        )
    request_email = Email.objects.get(template="challenge_status_changed", to=agent.email)
    assert "Précisez le budget." in request_email.body_text
    assert "déposez-le à nouveau" in request_email.body_text

    services.challenge_update(challenge=challenge, by=agent, data={"budget": "300 000 €."})
    resubmitted = services.challenge_submit(challenge=challenge, by=agent)

    assert resubmitted.status == ChallengeStatus.SUBMITTED
    assert resubmitted.round == open_round
    assert event_list_for(challenge).filter(action=HistoryAction.CHALLENGE_RESUBMITTED).exists()


# --- withdrawal -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "status",
    [
        ChallengeStatus.DRAFT,
        ChallengeStatus.SUBMITTED,
        ChallengeStatus.INVESTIGATION,
        ChallengeStatus.CHANGES_REQUESTED,
    ],
)
def test_an_open_defi_can_be_withdrawn(status, django_capture_on_commit_callbacks):
    agent, challenge = _agent_with_draft(complete=True, status=status)
    staff = StaffFactory()

    with django_capture_on_commit_callbacks(execute=True):
        withdrawn = services.challenge_withdraw(
            challenge=challenge, by=agent, reason="Le projet est repoussé."
        )

    assert withdrawn.status == ChallengeStatus.WITHDRAWN
    event = event_list_for(challenge).get(action=HistoryAction.CHALLENGE_WITHDRAWN)
    assert event.comment == "Le projet est repoussé."
    email = Email.objects.get(template="challenge_withdrawn_staff")
    assert email.to == staff.email
    assert "Le projet est repoussé." in email.body_text


@pytest.mark.parametrize(
    "status", [ChallengeStatus.SELECTED, ChallengeStatus.DECLINED, ChallengeStatus.WITHDRAWN]
)
def test_a_decided_defi_cannot_be_withdrawn(status):
    agent, challenge = _agent_with_draft(complete=True, status=status)

    with pytest.raises(DomainError, match="plus possible"):
        services.challenge_withdraw(challenge=challenge, by=agent)

    challenge.refresh_from_db()
    assert challenge.status == status


def test_an_agent_of_another_organisation_cannot_withdraw():
    _, challenge = _agent_with_draft()

    with pytest.raises(DomainError):
        services.challenge_withdraw(challenge=challenge, by=AgentFactory())


# --- the e-mails of the programme team's decisions -------------------------------------


@pytest.mark.parametrize(
    ("name", "message", "expected"),
    [
        ("investigate", "", "phase d’investigation"),
        ("select", "Un beau défi.", "est retenu"),
        ("decline", "Le sponsor n’est pas assez engagé.", "Le sponsor n’est pas assez engagé."),
    ],
)
def test_the_agents_are_told_of_each_decision(
    name, message, expected, django_capture_on_commit_callbacks
):
    _round_open_today()
    agent, challenge = _agent_with_draft(complete=True)
    services.challenge_submit(challenge=challenge, by=agent)

    with django_capture_on_commit_callbacks(execute=True):
        services.challenge_transition(
            challenge=challenge, by=StaffFactory(), name=name, message=message
        )

    email = Email.objects.get(template="challenge_status_changed")
    assert email.to == agent.email
    assert expected in email.body_text
    assert challenge.title in email.subject
    assert email.body_html.startswith("<!DOCTYPE html>")


def test_a_completed_challenge_records_its_outcome(db, staff):
    from eig.challenges.enums import ChallengeStatus, Outcome
    from eig.challenges.services.challenges import challenge_transition
    from eig.core.errors import DomainError
    from tests.factories import ChallengeFactory

    challenge = ChallengeFactory(complete=True, status=ChallengeStatus.RUNNING)
    with pytest.raises(DomainError, match="ce que devient le défi"):
        challenge_transition(challenge=challenge, by=staff, name="complete", message="Bilan")
    challenge = challenge_transition(
        challenge=challenge,
        by=staff,
        name="complete",
        message="Le service est repris par l’équipe interne.",
        outcome=Outcome.CARRIED_ON,
    )
    assert challenge.status == ChallengeStatus.COMPLETED
    assert challenge.outcome == Outcome.CARRIED_ON
    assert challenge.outcome_text == "Le service est repris par l’équipe interne."
