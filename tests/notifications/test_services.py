import datetime

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from eig.notifications import services
from eig.notifications.enums import EmailStatus
from eig.notifications.models import Email
from eig.notifications.services import (
    SENDING_TIMEOUT,
    email_claim,
    email_mark_attempt_failed,
    email_queue,
    emails_release_stalled,
)
from tests.notifications.outbox import queue_test_email

pytestmark = pytest.mark.django_db


def test_an_email_queued_in_a_transaction_that_rolls_back_is_neither_stored_nor_sent(
    django_capture_on_commit_callbacks,
):
    def queue_then_fail() -> None:
        with transaction.atomic():
            queue_test_email()
            raise RuntimeError("the service failed after queuing the e-mail")

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
    ):
        queue_then_fail()

    assert not Email.objects.exists()
    assert callbacks == []
    assert mail.outbox == []


def test_an_email_queued_in_a_committed_transaction_is_sent_once(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        email = queue_test_email(to="agent@example.gouv.fr")

    email.refresh_from_db()
    assert email.status == EmailStatus.SENT
    assert email.attempts == 1
    assert email.sent_at is not None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["agent@example.gouv.fr"]
    assert message.subject == "Message de test de la plateforme EIG"
    assert "Ce message de test confirme" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert "République française" in html  # from emails/base.html
    assert '<html lang="fr">' in html


def test_one_email_is_queued_per_recipient(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        emails = email_queue(
            to=["a@example.gouv.fr", "b@example.gouv.fr"],
            template="notifications/test_message",
            context={"site_url": "https://eig.example.gouv.fr", "requested_by": "un test"},
        )

    assert [email.to for email in emails] == ["a@example.gouv.fr", "b@example.gouv.fr"]
    assert sorted(message.to[0] for message in mail.outbox) == [
        "a@example.gouv.fr",
        "b@example.gouv.fr",
    ]


def test_attachments_are_sent(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        email_queue(
            to="a@example.gouv.fr",
            template="notifications/test_message",
            context={"site_url": "https://eig.example.gouv.fr", "requested_by": "un test"},
            attachments=[{"filename": "liste.csv", "content": "a;b\n", "mimetype": "text/csv"}],
        )

    assert mail.outbox[0].attachments[0].filename == "liste.csv"


def test_a_claim_is_won_once():
    email = queue_test_email()
    now = timezone.now()

    assert email_claim(email_id=email.pk, now=now) is True
    assert email_claim(email_id=email.pk, now=now) is False


def test_a_failed_email_is_not_claimed_again_before_its_backoff():
    email = queue_test_email()
    claimed_at = timezone.now()
    email_claim(email_id=email.pk, now=claimed_at)
    email_mark_attempt_failed(email_id=email.pk, claimed_at=claimed_at, error="boom")

    assert email_claim(email_id=email.pk, now=claimed_at + datetime.timedelta(seconds=10)) is False
    assert email_claim(email_id=email.pk, now=claimed_at + datetime.timedelta(seconds=30)) is True


def test_a_stale_claim_cannot_record_a_failure_over_a_newer_claim():
    email = queue_test_email()
    first_claim = timezone.now() - SENDING_TIMEOUT * 2
    email_claim(email_id=email.pk, now=first_claim)
    emails_release_stalled(now=timezone.now())
    email_claim(email_id=email.pk, now=timezone.now())

    assert email_mark_attempt_failed(email_id=email.pk, claimed_at=first_claim, error="x") is None
    email.refresh_from_db()
    assert email.status == EmailStatus.SENDING


def test_the_text_of_an_email_has_no_double_space_between_words(monkeypatch):
    # A variable left empty between two words, a tag on its own line: what templates leave.
    rendered = {"txt": "Bonjour  Ada,\n\n  - votre offre  du 1er décembre\n"}
    monkeypatch.setattr(
        services, "render_to_string", lambda name, context: rendered.get(name[-3:], "Objet")
    )
    (email,) = services.email_create(to="ada@example.fr", template="x")
    assert email.body_text == "Bonjour Ada,\n\n  - votre offre du 1er décembre\n"
