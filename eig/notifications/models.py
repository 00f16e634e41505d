from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from eig.notifications.enums import EmailStatus


class Email(models.Model):
    """An e-mail, stored before it is sent so that none is ever lost.

    A job sends it and marks it sent with a conditional update, so running the
    job twice never sends it twice.
    """

    template = models.CharField(_("modèle"), max_length=100)
    to = models.EmailField(_("destinataire"))
    subject = models.CharField(_("objet"), max_length=255)
    body_text = models.TextField(_("texte"))
    body_html = models.TextField(_("HTML"), blank=True)
    attachments = models.JSONField(_("pièces jointes"), default=list, blank=True)
    status = models.CharField(
        _("statut"), max_length=16, choices=EmailStatus, default=EmailStatus.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("tentatives"), default=0)
    last_error = models.TextField(_("dernière erreur"), blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True, db_index=True)
    claimed_at = models.DateTimeField(_("pris en charge le"), null=True, blank=True)
    sent_at = models.DateTimeField(_("envoyé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("e-mail")
        verbose_name_plural = _("e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "created_at"])]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"

    @property
    def message_id(self) -> str:
        """The e-mail's ``Message-ID``, derived from its row: every attempt sends the same."""
        domain = urlsplit(settings.SITE_URL).hostname or "localhost"
        return f"<eig-email-{self.pk}@{domain}>"
