"""The e-mails of the call for défis. Called from services, inside their transaction."""

from django.conf import settings
from django.urls import reverse

from eig.accounts.models import User
from eig.accounts.selectors import staff_emails
from eig.challenges.models import Challenge, Opinion
from eig.notifications.services import email_queue
from eig.programmes.models import Round


def _agents_of(challenge: Challenge) -> list[str]:
    return list(
        User.objects.filter(memberships__organisation=challenge.organisation, is_active=True)
        .values_list("email", flat=True)
        .distinct()
    )


def _link(name: str, pk: int) -> str:
    return settings.SITE_URL + reverse(name, kwargs={"pk": pk})


def challenge_submitted(challenge: Challenge) -> None:
    context = {"challenge": challenge, "url": _link("challenges:detail", challenge.pk)}
    email_queue(to=_agents_of(challenge), template="challenge_submitted", context=context)
    staff_context = {**context, "url": _link("challenges:staff_detail", challenge.pk)}
    email_queue(to=staff_emails(), template="challenge_submitted_staff", context=staff_context)


def challenge_withdrawn(challenge: Challenge, *, reason: str = "") -> None:
    context = {
        "challenge": challenge,
        "reason": reason,
        "url": _link("challenges:staff_detail", challenge.pk),
    }
    email_queue(to=staff_emails(), template="challenge_withdrawn_staff", context=context)


def challenge_draft_reminder(
    challenge: Challenge, *, round_: Round, missing: dict[str, list[str]]
) -> None:
    context = {
        "challenge": challenge,
        "round": round_,
        "missing": missing,
        "url": _link("challenges:detail", challenge.pk),
    }
    email_queue(to=_agents_of(challenge), template="challenge_draft_reminder", context=context)


def challenge_status_changed(challenge: Challenge, *, name: str, message: str) -> None:
    context = {
        "challenge": challenge,
        "transition": name,
        "message": message,
        "url": _link("challenges:detail", challenge.pk),
    }
    email_queue(to=_agents_of(challenge), template="challenge_status_changed", context=context)


def opinion_requested(opinion: Opinion) -> None:
    context = {
        "opinion": opinion,
        "challenge": opinion.challenge,
        "url": _link("challenges:coach_detail", opinion.challenge_id),
    }
    email_queue(to=opinion.coach.email, template="opinion_requested", context=context)


def opinion_given(opinion: Opinion) -> None:
    context = {
        "opinion": opinion,
        "challenge": opinion.challenge,
        "url": _link("challenges:staff_detail", opinion.challenge_id),
    }
    email_queue(to=staff_emails(), template="opinion_given_staff", context=context)
