"""Offers made to selected candidates (the contracts issue adds contracts and renewals)."""

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from eig.candidacies.models import Candidacy
from eig.challenges.models import Challenge
from eig.contracts.enums import OfferStatus, RenewalDecision
from eig.core.fields import BoundedTextField
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
    level_override_reason = BoundedTextField(
        _("raison du niveau choisi"),
        blank=True,
        help_text=_("Obligatoire si le niveau diffère de celui que donne l’expérience."),
        max_length=2000,
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


def contract_document_path(instance: "Contract", filename: str) -> str:
    return f"contracts/{instance.pk}/{filename}"


class Contract(models.Model):
    """A one-year project contract. A renewal is a new contract linked to the previous one.

    The pay figures are copied from the offer (or, for a renewal, from the grid in force
    when it is decided): a later change of the grid never alters a contract.
    """

    offer = models.OneToOneField(
        Offer, null=True, blank=True, on_delete=models.PROTECT, related_name="contract"
    )
    renewal_of = models.OneToOneField(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="renewal"
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="contracts"
    )
    candidacy = models.ForeignKey(Candidacy, on_delete=models.PROTECT, related_name="contracts")
    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="contracts")
    promotion = models.ForeignKey(Promotion, on_delete=models.PROTECT, related_name="contracts")
    pay_level = models.ForeignKey(PayLevel, on_delete=models.PROTECT, related_name="contracts")
    level = models.PositiveSmallIntegerField(_("niveau"))
    monthly_net = models.DecimalField(_("net mensuel (€)"), max_digits=8, decimal_places=2)
    variable_rate = models.DecimalField(_("part variable (%)"), max_digits=5, decimal_places=2)
    level_change_reason = BoundedTextField(
        _("raison du changement de niveau"), blank=True, max_length=2000
    )
    start_date = models.DateField(_("début"))
    end_date = models.DateField(_("fin"))
    renewal_decision = models.CharField(
        _("renouvellement"),
        max_length=16,
        choices=RenewalDecision,
        default=RenewalDecision.PENDING,
    )
    renewal_decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    renewal_decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)
    renewal_comment = BoundedTextField(_("motif"), blank=True, max_length=2000)
    contract_pdf = models.FileField(
        _("contrat (PDF)"), upload_to=contract_document_path, blank=True
    )
    offer_letter_pdf = models.FileField(
        _("lettre d’offre (PDF)"), upload_to=contract_document_path, blank=True
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("contrat de projet")
        verbose_name_plural = _("contrats de projet")
        ordering = ["-start_date"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gt=models.F("start_date")),
                name="contract_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"Contrat de {self.person} — {self.challenge} ({self.start_date:%Y})"

    @property
    def max_variable_yearly(self) -> Decimal:
        return (self.monthly_net * 12 * self.variable_rate / 100).quantize(Decimal("0.01"))

    def clean(self) -> None:
        """A contract's pay is its pay level's, copied: never typed, never different."""
        if self.pay_level_id is None:
            return
        level = self.pay_level
        if (self.level, self.monthly_net, self.variable_rate) != (
            level.level,
            level.monthly_net,
            level.variable_rate,
        ):
            raise ValidationError(
                _("La rémunération du contrat doit être celle de son niveau de la grille.")
            )


class VariablePay(models.Model):
    """The variable part of a contract year: rate × 12 × monthly net × achievement."""

    contract = models.OneToOneField(Contract, on_delete=models.PROTECT, related_name="variable_pay")
    achievement = models.DecimalField(
        _("atteinte des objectifs (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    amount = models.DecimalField(_("montant (€)"), max_digits=10, decimal_places=2)
    comment = BoundedTextField(_("appréciation"), blank=True, max_length=4000)
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assessed_at = models.DateTimeField(_("évaluée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("part variable")
        verbose_name_plural = _("parts variables")

    def __str__(self) -> str:
        return f"{self.amount} € ({self.achievement} %)"


class RenewalReminder(models.Model):
    """A reminder sent before a contract's end: one per threshold, never twice."""

    contract = models.ForeignKey(Contract, on_delete=models.CASCADE, related_name="reminders")
    days_before = models.PositiveSmallIntegerField(_("jours avant la fin"))
    sent_at = models.DateTimeField(_("envoyé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("rappel de renouvellement")
        verbose_name_plural = _("rappels de renouvellement")
        constraints = [
            models.UniqueConstraint(
                fields=["contract", "days_before"], name="one_reminder_per_threshold"
            )
        ]

    def __str__(self) -> str:
        return f"J-{self.days_before} — {self.contract}"
