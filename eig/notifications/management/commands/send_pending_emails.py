"""Queue again the e-mails left unsent (the sweep that the periodic job also runs).

With the immediate task backend, run it from cron every few minutes: it is what
retries the e-mails whose first send failed. With Procrastinate, workers run it
every five minutes; running it by hand is harmless.
"""

from typing import Any

from django.core.management.base import BaseCommand

from eig.notifications.tasks import emails_resend_stalled


class Command(BaseCommand):
    help = "Renvoie les e-mails restés en attente ou bloqués en cours d’envoi."

    def handle(self, *args: Any, **options: Any) -> None:
        queued = emails_resend_stalled()
        self.stdout.write(f"{queued} e-mail(s) remis en file d’envoi.")
