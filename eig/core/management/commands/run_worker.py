"""Run the job worker, restarted in-process when its database comes back (eig.core.worker)."""

import asyncio
import sys
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from eig.core.worker import worker_supervise


class Command(BaseCommand):
    help = (
        "Lance un worker de tâches (Procrastinate). Il redémarre seul quand la base revient, "
        "et s’arrête avec le code 1 si elle reste injoignable plus de --max-downtime secondes."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--max-downtime",
            type=float,
            default=300,
            help="Secondes d’attente de la base avant de s’arrêter (300 par défaut).",
        )
        parser.add_argument("--name", default="worker", help="Nom du worker dans les journaux.")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.EIG_TASKS_BACKEND != "procrastinate":
            raise CommandError(
                "EIG_TASKS_BACKEND=procrastinate est nécessaire : avec « immediate », les tâches "
                "s’exécutent dans le processus web et aucun worker n’est utile."
            )
        code = asyncio.run(
            worker_supervise(max_downtime=options["max_downtime"], name=options["name"])
        )
        sys.exit(code)
