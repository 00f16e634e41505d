"""The programme's settings, kept as data that the programme team edits."""

import datetime
from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from eig.programmes.enums import CriterionStage


class Programme(models.Model):
    name = models.CharField(_("nom"), max_length=255)
    slug = models.SlugField(_("identifiant"), unique=True)
    max_choices = models.PositiveSmallIntegerField(
        _("nombre maximal de vœux par candidature"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    reviews_per_candidacy = models.PositiveSmallIntegerField(
        _("nombre d’évaluations par candidature"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    retention_unsuccessful_months = models.PositiveSmallIntegerField(
        _("conservation des données d’un·e candidat·e non retenu·e (mois)"),
        default=3,
        help_text=_("Après la décision, pour pouvoir l’expliquer. Ensuite, anonymisation."),
    )
    retention_consent_months = models.PositiveSmallIntegerField(
        _("conservation avec accord pour être recontacté·e (mois)"),
        default=24,
        help_text=_("Après le dernier contact, si la personne a accepté d’être recontactée."),
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Promotion(models.Model):
    """One yearly cohort of EIGs, recruited under a cap."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="promotions")
    number = models.PositiveSmallIntegerField(_("numéro"))
    label = models.CharField(
        _("libellé"), max_length=100, blank=True, help_text=_("Par exemple « 7e promotion ».")
    )
    year = models.PositiveSmallIntegerField(
        _("année"), validators=[MinValueValidator(2016), MaxValueValidator(2100)]
    )
    cap = models.PositiveSmallIntegerField(
        _("nombre maximal d’EIG"), default=30, validators=[MinValueValidator(1)]
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number", "label"], name="unique_promotion_label"
            )
        ]

    def __str__(self) -> str:
        return self.label or f"Promotion {self.number} ({self.year})"


class Round(models.Model):
    """A two-monthly round of the call for défis and the call for candidates."""

    promotion = models.ForeignKey(Promotion, on_delete=models.PROTECT, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("numéro"))
    opens_on = models.DateField(_("ouverture"))
    challenge_deadline = models.DateField(_("date limite de dépôt des défis"))
    application_deadline = models.DateField(_("date limite des candidatures"))
    committee_on = models.DateField(_("comité de sélection"))
    starts_on = models.DateField(_("prise de poste"))
    anonymous_file_review = models.BooleanField(
        _("examen anonyme des dossiers"),
        default=True,
        help_text=_("Masque le nom, le genre et les coordonnées lors de l’examen des dossiers."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("session de recrutement")
        verbose_name_plural = _("sessions de recrutement")
        ordering = ["opens_on"]
        constraints = [
            models.UniqueConstraint(fields=["promotion", "number"], name="unique_round_number"),
            models.CheckConstraint(
                condition=models.Q(challenge_deadline__gte=models.F("opens_on"))
                & models.Q(application_deadline__gte=models.F("opens_on"))
                & models.Q(committee_on__gte=models.F("application_deadline"))
                & models.Q(starts_on__gte=models.F("committee_on")),
                name="round_dates_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"Session {self.number} — {self.promotion}"

    def is_open_for_challenges(self, today: datetime.date) -> bool:
        return self.opens_on <= today <= self.challenge_deadline

    def is_open_for_applications(self, today: datetime.date) -> bool:
        return self.opens_on <= today <= self.application_deadline


class PayGrid(models.Model):
    """A version of the pay grid. Contracts keep the amounts of the version they used."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="pay_grids")
    name = models.CharField(_("nom"), max_length=100)
    valid_from = models.DateField(_("en vigueur à partir du"))
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("grille de rémunération")
        verbose_name_plural = _("grilles de rémunération")
        ordering = ["-valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "valid_from"], name="unique_pay_grid_valid_from"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} (à partir du {self.valid_from:%d/%m/%Y})"


class PayLevel(models.Model):
    grid = models.ForeignKey(PayGrid, on_delete=models.CASCADE, related_name="levels")
    level = models.PositiveSmallIntegerField(_("niveau"), validators=[MinValueValidator(1)])
    monthly_net = models.DecimalField(
        _("rémunération nette mensuelle (€)"),
        max_digits=8,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    variable_rate = models.DecimalField(
        _("taux de la part variable (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )
    min_experience_years = models.PositiveSmallIntegerField(
        _("expérience professionnelle minimale (années)"),
        help_text=_("Le niveau s’applique à partir de ce nombre d’années d’expérience."),
    )

    class Meta:
        verbose_name = _("niveau de rémunération")
        verbose_name_plural = _("niveaux de rémunération")
        ordering = ["grid", "level"]
        constraints = [
            models.UniqueConstraint(fields=["grid", "level"], name="unique_pay_level"),
            models.UniqueConstraint(
                fields=["grid", "min_experience_years"], name="unique_pay_level_threshold"
            ),
        ]

    def __str__(self) -> str:
        return f"Niveau {self.level} — {self.monthly_net} € net/mois + {self.variable_rate} %"

    @property
    def max_variable_yearly(self) -> Decimal:
        """The largest variable part of a year: rate × 12 × monthly net."""
        return (self.monthly_net * 12 * self.variable_rate / 100).quantize(Decimal("0.01"))


class ScoringGrid(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="scoring_grids"
    )
    name = models.CharField(_("nom"), max_length=100)
    is_active = models.BooleanField(_("en usage"), default=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("grille d’évaluation")
        verbose_name_plural = _("grilles d’évaluation")
        ordering = ["-is_active", "name"]

    def __str__(self) -> str:
        return self.name


class Criterion(models.Model):
    grid = models.ForeignKey(ScoringGrid, on_delete=models.CASCADE, related_name="criteria")
    stage = models.CharField(_("étape"), max_length=16, choices=CriterionStage)
    label = models.CharField(_("intitulé"), max_length=150)
    description = models.TextField(_("ce que l’on regarde"), blank=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    min_score = models.PositiveSmallIntegerField(_("note minimale"), default=0)
    max_score = models.PositiveSmallIntegerField(_("note maximale"), default=5)

    class Meta:
        verbose_name = _("critère")
        verbose_name_plural = _("critères")
        ordering = ["grid", "stage", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_score__gt=models.F("min_score")),
                name="criterion_scale_not_empty",
            )
        ]

    def __str__(self) -> str:
        return self.label
