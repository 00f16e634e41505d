"""Send a test e-mail now, to check the e-mail settings of a deployment."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email

from eig.core.jobs import JobGaveUp, RetryAfter
from eig.notifications.enums import EmailStatus
from eig.notifications.models import Email
from eig.notifications.services import email_cancel, email_create
from eig.notifications.tasks import email_send


class Command(BaseCommand):
    help = (
        "Envoie tout de suite un e-mail de test à l’adresse donnée et dit si le serveur "
        "d’envoi l’a accepté (code de sortie 1 sinon)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address", help="Adresse du destinataire")

    def handle(self, *args: Any, **options: Any) -> None:
        address = options["address"]
        try:
            validate_email(address)
        except ValidationError as error:
            raise CommandError(f"Adresse e-mail invalide : {address}") from error
        (email,) = email_create(
            to=address,
            template="notifications/test_message",
            context={"site_url": settings.SITE_URL, "requested_by": "manage.py send_test_email"},
        )
        try:
            email_send(email_id=email.pk)
        except (JobGaveUp, RetryAfter):
            email_cancel(email_id=email.pk)  # a test e-mail is never sent later by surprise
        email = Email.objects.get(pk=email.pk)
        mailer = settings.MAILERS["default"]["BACKEND"]
        if email.status != EmailStatus.SENT:
            raise CommandError(
                f"Échec : le serveur d’envoi ({mailer}) n’a pas accepté l’e-mail de test "
                f"n° {email.pk} pour {address}. Erreur : {email.last_error}"
            )
        self.stdout.write(
            f"E-mail de test n° {email.pk} accepté par le serveur d’envoi ({mailer}) pour "
            f"{address}. Message-ID : {email.message_id}"
        )
