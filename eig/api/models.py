"""API tokens: only a SHA-256 hash of the secret is kept, with a visible prefix."""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eig.api.enums import DeliveryStatus, Scope


def secret_hash(secret: str) -> str:
    """The stored form of a token's secret (a random 256-bit secret needs no slow hash)."""
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def visible_to(self, user: object) -> "ApiTokenQuerySet":
        """Staff see every token; an agent the tokens of their administrations."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        if getattr(user, "is_programme_staff", False):
            return self
        if getattr(user, "is_agent", False):
            return self.filter(organisation__memberships__user=user).distinct()
        return self.none()

    def usable(self) -> "ApiTokenQuerySet":
        return self.filter(revoked_at__isnull=True).filter(Q(expires_at__gt=timezone.now()))


class ApiToken(models.Model):
    name = models.CharField(_("nom"), max_length=100)
    prefix = models.CharField(_("préfixe"), max_length=16)
    key_hash = models.CharField(max_length=64, unique=True)
    scope = models.CharField(_("portée"), max_length=32, choices=Scope)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        verbose_name=_("limité à l’administration"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expire le"))
    revoked_at = models.DateTimeField(_("révoqué le"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("dernier appel"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("jeton d’API")
        verbose_name_plural = _("jetons d’API")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        # Never the secret: the visible prefix identifies the token.
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()


class WebhookEndpoint(models.Model):
    """An address that receives the events it subscribed to, signed with its secret."""

    url = models.URLField(_("adresse"), max_length=500)
    events = models.JSONField(_("événements"), default=list)
    # Needed in clear to sign each delivery (HMAC); shown once to its creator.
    secret = models.CharField(max_length=100)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    consecutive_failures = models.PositiveIntegerField(default=0)
    disabled_at = models.DateTimeField(_("désactivé le"), null=True, blank=True)

    class Meta:
        verbose_name = _("webhook")
        verbose_name_plural = _("webhooks")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.url


class WebhookDelivery(models.Model):
    """One event for one endpoint; claimed by the sending job with a conditional UPDATE."""

    endpoint = models.ForeignKey(
        WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries"
    )
    message_id = models.CharField(max_length=64)
    event = models.CharField(_("événement"), max_length=40)
    payload = models.JSONField()
    status = models.CharField(
        _("état"), max_length=16, choices=DeliveryStatus.choices, default=DeliveryStatus.PENDING
    )
    attempts = models.PositiveIntegerField(_("tentatives"), default=0)
    claimed_at = models.DateTimeField(null=True, blank=True)
    last_status_code = models.PositiveIntegerField(_("dernière réponse"), null=True, blank=True)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    delivered_at = models.DateTimeField(_("reçu le"), null=True, blank=True)

    class Meta:
        verbose_name = _("envoi de webhook")
        verbose_name_plural = _("envois de webhook")
        ordering = ["-created_at", "-pk"]
        # The endpoint's page lists its deliveries, newest first, a page at a time.
        indexes = [
            models.Index(
                fields=["endpoint", "-created_at", "-id"], name="api_delivery_endpoint_newest"
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint_id} ({self.status})"
