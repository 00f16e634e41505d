"""Send the stored e-mails. Running a job twice never sends an e-mail twice."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db.models import F
from django.utils import timezone

from eig.core.jobs import job
from eig.notifications.enums import EmailStatus
from eig.notifications.models import Email


@job(name="notifications.email_send")
def email_send(email_id: int) -> None:
    claimed = Email.objects.filter(pk=email_id, status=EmailStatus.PENDING).update(
        status=EmailStatus.SENDING, claimed_at=timezone.now(), attempts=F("attempts") + 1
    )
    if not claimed:
        return
    email = Email.objects.get(pk=email_id)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=email.body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
    )
    if email.body_html:
        message.attach_alternative(email.body_html, "text/html")
    for attachment in email.attachments:
        message.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    try:
        message.send()
    except Exception as error:
        final = email.attempts >= settings.EIG_EMAIL_MAX_ATTEMPTS
        Email.objects.filter(pk=email_id, status=EmailStatus.SENDING).update(
            status=EmailStatus.FAILED if final else EmailStatus.PENDING,
            last_error=f"{type(error).__name__}: {error}"[:2000],
        )
        raise
    Email.objects.filter(pk=email_id, status=EmailStatus.SENDING).update(
        status=EmailStatus.SENT, sent_at=timezone.now()
    )
