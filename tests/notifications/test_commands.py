import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from eig.notifications.enums import EmailStatus
from eig.notifications.models import Email

pytestmark = pytest.mark.django_db


def test_the_test_email_command_sends_a_test_email_at_once(capsys):
    call_command("send_test_email", "ops@example.gouv.fr")

    email = Email.objects.get()
    assert email.status == EmailStatus.SENT
    assert mail.outbox[0].to == ["ops@example.gouv.fr"]
    assert f"E-mail de test n° {email.pk} accepté par le serveur" in capsys.readouterr().out


def test_the_test_email_command_refuses_an_invalid_address():
    with pytest.raises(CommandError, match="Adresse e-mail invalide"):
        call_command("send_test_email", "not-an-address")

    assert not Email.objects.exists()
