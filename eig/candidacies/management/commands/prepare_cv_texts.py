"""Extract the CVs' text for blind reviewers where it is missing.

Each upload queues its own extraction (job ``candidacies.cv_text_prepare``); run this
once after deploying the feature, for the CVs uploaded before, or with ``--all`` after
changing the redaction rules. Running it twice only repeats the extraction.
"""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from eig.candidacies.services import cv_texts_queue_missing


class Command(BaseCommand):
    help = "Prépare le texte des CV, sans nom ni coordonnées, montré lors d’un examen anonyme."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--all", action="store_true", help="Reprend aussi les CV dont le texte est prêt."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        queued = cv_texts_queue_missing(again=options["all"])
        self.stdout.write(f"{queued} CV à préparer.")
