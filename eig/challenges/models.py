"""Défis: the digital projects administrations propose to the programme."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from eig.accounts.permissions import Visitor, is_agent, is_coach, is_staff
from eig.challenges.enums import (
    PUBLIC_STATUSES,
    RESULT_STATUSES,
    Approach,
    BetaPhase,
    ChallengeStatus,
    Outcome,
    Verdict,
)
from eig.core.fields import BoundedTextField
from eig.organisations.models import Organisation
from eig.programmes.models import Promotion, Round


class PriorityPolicy(models.Model):
    """A priority government policy, in a list the programme team keeps up to date."""

    name = models.CharField(_("intitulé"), max_length=255, unique=True)
    is_active = models.BooleanField(_("proposée aux administrations"), default=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("politique prioritaire")
        verbose_name_plural = _("politiques prioritaires")
        ordering = ["position", "name"]

    def __str__(self) -> str:
        return self.name


class ChallengeQuerySet(models.QuerySet["Challenge"]):
    def public(self) -> "ChallengeQuerySet":
        return self.filter(status__in=PUBLIC_STATUSES)

    def visible_to(self, user: Visitor) -> "ChallengeQuerySet":
        """What this person may see: staff everything; agents their organisations';
        coaches the défis they are asked about; everyone the public défis."""
        if is_staff(user):
            return self.all()
        if is_agent(user):
            return self.filter(
                Q(status__in=PUBLIC_STATUSES) | Q(organisation__memberships__user=user)
            ).distinct()
        if is_coach(user):
            return self.filter(Q(status__in=PUBLIC_STATUSES) | Q(opinions__coach=user)).distinct()
        return self.public()

    def editable_by(self, user: Visitor) -> "ChallengeQuerySet":
        if not is_agent(user):
            return self.none()
        return self.filter(organisation__memberships__user=user).distinct()


class Challenge(models.Model):
    organisation = models.ForeignKey(
        Organisation,
        verbose_name=_("administration"),
        on_delete=models.PROTECT,
        related_name="challenges",
    )
    round = models.ForeignKey(
        Round,
        verbose_name=_("session"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="challenges",
    )
    promotion = models.ForeignKey(
        Promotion,
        verbose_name=_("promotion"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="challenges",
    )
    status = models.CharField(
        _("statut"), max_length=20, choices=ChallengeStatus, default=ChallengeStatus.DRAFT
    )
    title = models.CharField(_("titre du défi"), max_length=200)
    # The problem
    problem = BoundedTextField(_("le problème à résoudre"), blank=True, max_length=4000)
    affected_users = BoundedTextField(_("qui en souffre"), blank=True, max_length=4000)
    # Priority policy
    priority_policy = models.ForeignKey(
        PriorityPolicy,
        verbose_name=_("politique prioritaire"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="challenges",
    )
    priority_policy_other = models.CharField(
        _("autre politique prioritaire"), max_length=255, blank=True
    )
    # Sponsor
    sponsor_name = models.CharField(_("nom du sponsor"), max_length=200, blank=True)
    sponsor_role = models.CharField(_("fonction du sponsor"), max_length=200, blank=True)
    sponsor_commitment = BoundedTextField(_("engagement du sponsor"), blank=True, max_length=4000)
    # Experimentation plan
    first_users = BoundedTextField(_("premiers utilisateurs"), blank=True, max_length=4000)
    plan_3_months = BoundedTextField(_("objectifs à 3 mois"), blank=True, max_length=4000)
    plan_6_months = BoundedTextField(_("objectifs à 6 mois"), blank=True, max_length=4000)
    # Team, budget, autonomy
    team = BoundedTextField(_("équipe"), blank=True, max_length=4000)
    budget = BoundedTextField(_("budget"), blank=True, max_length=4000)
    autonomy = BoundedTextField(_("conditions d’autonomie"), blank=True, max_length=4000)
    # Approach
    approach = models.CharField(_("approche"), max_length=16, choices=Approach, blank=True)
    beta_product_url = models.URLField(_("fiche produit beta.gouv.fr"), blank=True)
    beta_phase = models.CharField(
        _("phase beta.gouv.fr"), max_length=16, choices=BetaPhase, blank=True
    )
    incubator = models.CharField(_("incubateur"), max_length=200, blank=True)
    # Profiles wanted
    wants_product = models.BooleanField(_("directeur·rice produit recherché·e"), default=False)
    wants_tech = models.BooleanField(_("directeur·rice technique recherché·e"), default=False)
    # Public description (imported history or written once selected)
    public_summary = BoundedTextField(_("présentation publique"), blank=True, max_length=1000)
    # The long public description of a défi of the imported history, in Markdown.
    public_description = BoundedTextField(_("description publique"), blank=True, max_length=20000)
    # Where an imported défi comes from ("eig-site:defis/a-just.md"): the import's key.
    source_ref = models.CharField(
        _("référence dans l’historique importé"), max_length=255, unique=True, null=True, blank=True
    )
    # Outcome once completed
    outcome = models.CharField(_("pérennisation"), max_length=16, choices=Outcome, blank=True)
    outcome_text = BoundedTextField(_("bilan"), blank=True, max_length=4000)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)
    submitted_at = models.DateTimeField(_("déposé le"), null=True, blank=True)
    decided_at = models.DateTimeField(_("décidé le"), null=True, blank=True)

    objects = ChallengeQuerySet.as_manager()

    class Meta:
        verbose_name = _("défi")
        verbose_name_plural = _("défis")
        ordering = ["-updated_at"]
        indexes = [models.Index(fields=["status", "round"])]

    def __str__(self) -> str:
        return self.title

    @property
    def is_public(self) -> bool:
        return self.status in PUBLIC_STATUSES

    @property
    def has_results(self) -> bool:
        """Its indicators' measurements are shown: while it runs and once completed."""
        return self.status in RESULT_STATUSES

    @property
    def is_measured_now(self) -> bool:
        """Its agents record measurements only while it runs."""
        return self.status == ChallengeStatus.RUNNING

    @property
    def takes_outcome(self) -> bool:
        """What became of it is recorded once it is completed."""
        return self.status == ChallengeStatus.COMPLETED

    @property
    def profiles_wanted_display(self) -> str:
        profiles = []
        if self.wants_product:
            profiles.append(str(_("directeur·rice produit")))
        if self.wants_tech:
            profiles.append(str(_("directeur·rice technique")))
        return " et ".join(profiles) or str(_("non précisé"))


class Indicator(models.Model):
    """A défi's measure of success: its baseline, its target and where the data comes from."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField(_("indicateur"), max_length=200)
    unit = models.CharField(_("unité"), max_length=50)
    baseline = models.DecimalField(_("valeur de départ"), max_digits=14, decimal_places=2)
    target = models.DecimalField(_("cible"), max_digits=14, decimal_places=2)
    data_source = models.CharField(_("source des données"), max_length=255)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["challenge", "position", "pk"]

    def __str__(self) -> str:
        return self.name


def attachment_path(instance: "Attachment", filename: str) -> str:
    return f"challenges/{instance.challenge_id}/attachments/{filename}"


class Attachment(models.Model):
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="attachments")
    file = models.FileField(_("fichier"), upload_to=attachment_path)
    name = models.CharField(_("nom"), max_length=255)
    size = models.PositiveIntegerField(_("taille (octets)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("ajouté le"), auto_now_add=True)

    class Meta:
        verbose_name = _("pièce jointe")
        verbose_name_plural = _("pièces jointes")
        ordering = ["uploaded_at"]

    def __str__(self) -> str:
        return self.name


class Opinion(models.Model):
    """A beta.gouv.fr coach's opinion on a défi, requested by the programme team."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="opinions")
    coach = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="opinions"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    request_message = BoundedTextField(_("message au coach"), blank=True, max_length=5000)
    requested_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    verdict = models.CharField(_("avis"), max_length=16, choices=Verdict, blank=True)
    text = BoundedTextField(_("argumentaire"), blank=True, max_length=10000)
    given_at = models.DateTimeField(_("rendu le"), null=True, blank=True)

    class Meta:
        verbose_name = _("avis")
        verbose_name_plural = _("avis")
        ordering = ["requested_at"]
        constraints = [
            models.UniqueConstraint(fields=["challenge", "coach"], name="unique_opinion_per_coach")
        ]

    def __str__(self) -> str:
        return f"Avis de {self.coach} sur {self.challenge}"


class Note(models.Model):
    """A private annotation, visible to the programme team only."""

    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    text = BoundedTextField(_("annotation"), max_length=4000)
    created_at = models.DateTimeField(_("écrite le"), auto_now_add=True)

    class Meta:
        verbose_name = _("annotation privée")
        verbose_name_plural = _("annotations privées")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.text[:50]


class Measurement(models.Model):
    """One value of an indicator at a date, recorded by the défi's agents while it runs."""

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="measurements")
    value = models.DecimalField(_("valeur mesurée"), max_digits=14, decimal_places=2)
    measured_on = models.DateField(_("date de la mesure"))
    comment = BoundedTextField(_("commentaire"), blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(_("enregistrée le"), auto_now_add=True)

    class Meta:
        verbose_name = _("mesure")
        verbose_name_plural = _("mesures")
        ordering = ["measured_on", "pk"]

    def __str__(self) -> str:
        return f"{self.indicator} : {self.value} ({self.measured_on:%d/%m/%Y})"
