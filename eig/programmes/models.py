"""The programme's settings, kept as data that the programme team edits."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from eig.core.fields import BoundedTextField
from eig.core.money import euros, percent
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
        validators=[
            MinValueValidator(1),
            MaxValueValidator(
                3, message=_("Au plus 3 mois après la décision (recommandation de la CNIL).")
            ),
        ],
        help_text=_(
            "Après la décision, pour pouvoir l’expliquer. Ensuite, anonymisation. 3 mois au plus."
        ),
    )
    retention_consent_months = models.PositiveSmallIntegerField(
        _("conservation avec accord pour être recontacté·e (mois)"),
        default=24,
        validators=[
            MinValueValidator(1),
            MaxValueValidator(
                24,
                message=_("Au plus 24 mois après le dernier contact (recommandation de la CNIL)."),
            ),
        ],
        help_text=_(
            "Après le dernier contact, si la personne a accepté d’être recontactée. "
            "24 mois au plus."
        ),
    )
    impact_min_answers = models.PositiveSmallIntegerField(
        _("réponses minimales pour publier une part"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(1000)],
        help_text=_(
            "Sur la page Impact, une part (défis poursuivis, alumni restés dans le secteur "
            "public) calculée sur moins de réponses s’affiche « pas assez de réponses »."
        ),
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
    # A side promotion ("Promotion 3 - DIG") ran beside a main one and shares its number;
    # it is not counted as a promotion of its own.
    parent = models.ForeignKey(
        "self",
        verbose_name=_("promotion principale"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="side_promotions",
        help_text=_("Seulement pour une promotion annexe, comme « Promotion 3 - DIG »."),
    )
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)

    class Meta:
        verbose_name = _("promotion")
        verbose_name_plural = _("promotions")
        ordering = ["-year", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"],
                condition=models.Q(parent__isnull=True),
                name="unique_promotion_number",
                violation_error_message=_("Ce programme a déjà une promotion portant ce numéro."),
            )
        ]

    def __str__(self) -> str:
        return self.label or f"Promotion {self.number} ({self.year})"


# (later date, earlier date, message): the order ``round_dates_in_order`` enforces.
ROUND_DATE_ORDER = (
    (
        "challenge_deadline",
        "opens_on",
        _("La date limite de dépôt des défis doit être le jour de l’ouverture ou après."),
    ),
    (
        "application_deadline",
        "opens_on",
        _("La date limite des candidatures doit être le jour de l’ouverture ou après."),
    ),
    (
        "committee_on",
        "application_deadline",
        _(
            "Le comité de sélection doit se tenir le jour de la date limite "
            "des candidatures ou après."
        ),
    ),
    (
        "starts_on",
        "committee_on",
        _("La prise de poste doit avoir lieu le jour du comité de sélection ou après."),
    ),
    (
        "ranking_deadline",
        "committee_on",
        _("La date limite des classements doit être le jour du comité de sélection ou après."),
    ),
)


class Round(models.Model):
    """A two-monthly round of the call for défis and the call for candidates."""

    promotion = models.ForeignKey(Promotion, on_delete=models.PROTECT, related_name="rounds")
    number = models.PositiveSmallIntegerField(_("numéro"))
    opens_on = models.DateField(_("ouverture"))
    challenge_deadline = models.DateField(_("date limite de dépôt des défis"))
    application_deadline = models.DateField(_("date limite des candidatures"))
    committee_on = models.DateField(_("comité de sélection"))
    starts_on = models.DateField(_("prise de poste"))
    # After the joint interviews: candidates and juries rank each other until this day
    # (included), then staff run the matching. Empty: no matching in this round.
    ranking_deadline = models.DateField(
        _("date limite des classements (affectation)"),
        null=True,
        blank=True,
        help_text=_(
            "Après les entretiens conjoints, candidat·es et jurys classent jusqu’à ce jour inclus."
        ),
    )
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
            models.UniqueConstraint(
                fields=["promotion", "number"],
                name="unique_round_number",
                violation_error_message=_("Cette promotion a déjà une session portant ce numéro."),
            ),
            models.CheckConstraint(
                condition=models.Q(challenge_deadline__gte=models.F("opens_on"))
                & models.Q(application_deadline__gte=models.F("opens_on"))
                & models.Q(committee_on__gte=models.F("application_deadline"))
                & models.Q(starts_on__gte=models.F("committee_on")),
                name="round_dates_in_order",
                violation_error_message=_("Les dates de la session ne sont pas dans l’ordre."),
            ),
        ]

    def __str__(self) -> str:
        return f"Session {self.number} — {self.promotion}"

    def clean(self) -> None:
        """Say which date is out of order, rather than only that the constraint fails."""
        errors = {}
        for later, earlier, message in ROUND_DATE_ORDER:
            later_day, earlier_day = getattr(self, later), getattr(self, earlier)
            if later_day and earlier_day and later_day < earlier_day:
                errors[later] = ValidationError(message, code="dates_out_of_order")
        if errors:
            raise ValidationError(errors)

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

    def is_in_force_since(self, today: datetime.date) -> bool:
        """True once the version applies: from then on it is never edited in place."""
        return self.valid_from <= today


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
        net, rate = euros(self.monthly_net), percent(self.variable_rate)
        return f"Niveau {self.level} — {net} net/mois + {rate}"

    @property
    def max_variable_yearly(self) -> Decimal:
        """The largest variable part of a year: rate × 12 × monthly net."""
        return (self.monthly_net * 12 * self.variable_rate / 100).quantize(Decimal("0.01"))


class ScoringGrid(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="scoring_grids")
    name = models.CharField(_("nom"), max_length=100)
    is_active = models.BooleanField(_("en usage"), default=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("grille d’évaluation")
        verbose_name_plural = _("grilles d’évaluation")
        ordering = ["-is_active", "name"]

    def __str__(self) -> str:
        return self.name


# A sanity bound on scales; the programme's grid scores each criterion from 0 to 5.
MAX_SCORE_LIMIT = 10


class Criterion(models.Model):
    grid = models.ForeignKey(ScoringGrid, on_delete=models.CASCADE, related_name="criteria")
    stage = models.CharField(_("étape"), max_length=16, choices=CriterionStage)
    label = models.CharField(_("intitulé"), max_length=150)
    description = BoundedTextField(_("ce que l’on regarde"), blank=True, max_length=1000)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)
    min_score = models.PositiveSmallIntegerField(
        _("note minimale"), default=0, validators=[MaxValueValidator(MAX_SCORE_LIMIT)]
    )
    max_score = models.PositiveSmallIntegerField(
        _("note maximale"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(MAX_SCORE_LIMIT)],
    )

    class Meta:
        verbose_name = _("critère")
        verbose_name_plural = _("critères")
        ordering = ["grid", "stage", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_score__gt=models.F("min_score")),
                name="criterion_scale_not_empty",
                violation_error_message=_(
                    "La note maximale doit être supérieure à la note minimale."
                ),
            )
        ]

    def __str__(self) -> str:
        return self.label

    def clean(self) -> None:
        if (
            self.min_score is not None
            and self.max_score is not None
            and self.max_score <= self.min_score
        ):
            raise ValidationError(
                {
                    "max_score": ValidationError(
                        _("La note maximale doit être supérieure à la note minimale."),
                        code="empty_scale",
                    )
                }
            )
