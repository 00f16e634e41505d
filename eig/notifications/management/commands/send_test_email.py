"""Send a test e-mail through the outbox, to check the e-mail settings of a deployment."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.core.validators import validate_email

from eig.notifications.services import email_queue


class Command(BaseCommand):
    help = "Met en file un e-mail de test pour l’adresse donnée."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("address", help="Adresse du destinataire")

    def handle(self, *args: Any, **options: Any) -> None:
        address = options["address"]
        try:
            validate_email(address)
        except ValidationError as error:
            raise CommandError(f"Adresse e-mail invalide : {address}") from error
        (email,) = email_queue(
            to=address,
            template="notifications/test_message",
            context={"site_url": settings.SITE_URL, "requested_by": "manage.py send_test_email"},
        )
        self.stdout.write(f"E-mail de test n° {email.pk} mis en file pour {address}.")
