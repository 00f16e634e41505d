"""Test helpers for the outbox: a mail backend that fails on demand, a test e-mail."""

from typing import Any

from django.core.mail.backends.locmem import EmailBackend

from eig.notifications.models import Email
from eig.notifications.services import email_queue


class FlakyBackend(EmailBackend):
    """Raises for the next ``failures_left`` sends, then delivers to mail.outbox."""

    failures_left = 0

    def send_messages(self, messages: Any) -> int:
        if FlakyBackend.failures_left > 0:
            FlakyBackend.failures_left -= 1
            raise ConnectionRefusedError("Serveur SMTP indisponible")
        return super().send_messages(messages)


def queue_test_email(to: str = "agent@example.gouv.fr") -> Email:
    (email,) = email_queue(
        to=to,
        template="notifications/test_message",
        context={"site_url": "https://eig.example.gouv.fr", "requested_by": "un test"},
    )
    return email
