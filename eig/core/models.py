from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _

from eig.core.history_actions import HistoryAction


class Event(models.Model):
    """One line of history: who did what to which object, and when.

    Every service that changes something that matters records an event, so the
    people concerned (and the programme team) can read what happened.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    subject = GenericForeignKey("content_type", "object_id")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("auteur"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64, choices=HistoryAction.choices)
    from_status = models.CharField(_("statut précédent"), max_length=32, blank=True)
    to_status = models.CharField(_("nouveau statut"), max_length=32, blank=True)
    comment = models.TextField(_("commentaire"), blank=True)
    changes = models.JSONField(_("modifications"), default=dict, blank=True)
    created_at = models.DateTimeField(_("date"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("événement")
        verbose_name_plural = _("historique")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"])]

    def __str__(self) -> str:
        return f"{self.action} ({self.created_at:%d/%m/%Y %H:%M})"
