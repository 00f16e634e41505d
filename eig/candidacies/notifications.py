"""The e-mails of the candidates' journey. Called from services, inside their transaction."""

from django.conf import settings
from django.urls import reverse

from eig.candidacies.models import Candidacy
from eig.notifications.services import email_queue


def _link(name: str, pk: int) -> str:
    return settings.SITE_URL + reverse(name, kwargs={"pk": pk})


def candidacy_submitted(candidacy: Candidacy) -> None:
    context = {
        "candidacy": candidacy,
        "choices": list(candidacy.choices.select_related("challenge__organisation")),
        "url": _link("candidacies:detail", candidacy.pk),
    }
    email_queue(to=candidacy.candidate.user.email, template="candidacy_submitted", context=context)


def candidacy_withdrawn(candidacy: Candidacy) -> None:
    context = {"candidacy": candidacy, "url": _link("candidacies:detail", candidacy.pk)}
    email_queue(to=candidacy.candidate.user.email, template="candidacy_withdrawn", context=context)
