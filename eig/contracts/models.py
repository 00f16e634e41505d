"""Offers made to selected candidates (the contracts issue adds contracts and renewals)."""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from eig.candidacies.models import Candidacy
from eig.challenges.models import Challenge
from eig.contracts.enums import OfferStatus
from eig.programmes.models import PayLevel, Promotion


class Offer(models.Model):
    """A proposal of a contract for one défi at one pay level.

    The pay figures are copied from the grid in force when the offer is made, so a later
    change of the grid never alters it.
    """

    candidacy = models.ForeignKey(Candidacy, on_delete=models.PROTECT, related_name="offers")
    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="offers")
    promotion = models.ForeignKey(Promotion, on_delete=models.PROTECT, related_name="offers")
    pay_level = models.ForeignKey(PayLevel, on_delete=models.PROTECT, related_name="offers")
    level = models.PositiveSmallIntegerField(_("niveau"))
    monthly_net = models.DecimalField(_("net mensuel (€)"), max_digits=8, decimal_places=2)
    variable_rate = models.DecimalField(_("part variable (%)"), max_digits=5, decimal_places=2)
    level_override_reason = models.TextField(
        _("raison du niveau choisi"),
        blank=True,
        help_text=_("Obligatoire si le niveau diffère de celui que donne l’expérience."),
    )
    start_date = models.DateField(_("date de début"))
    expires_at = models.DateTimeField(_("réponse attendue avant le"))
    status = models.CharField(
        _("statut"), max_length=16, choices=OfferStatus, default=OfferStatus.MADE
    )
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField(_("faite le"), auto_now_add=True)
    answered_at = models.DateTimeField(_("répondue le"), null=True, blank=True)

    class Meta:
        verbose_name = _("offre")
        verbose_name_plural = _("offres")
        ordering = ["-made_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidacy"],
                condition=models.Q(status=OfferStatus.ACCEPTED),
                name="one_accepted_offer_per_candidacy",
            )
        ]

    def __str__(self) -> str:
        return f"Offre à {self.candidacy.candidate} pour {self.challenge}"

    @property
    def max_variable_yearly(self) -> Decimal:
        return (self.monthly_net * 12 * self.variable_rate / 100).quantize(Decimal("0.01"))
