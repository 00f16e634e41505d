"""Candidates' profiles and their applications to a round."""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from eig.accounts.permissions import Visitor, is_signed_in, is_staff
from eig.candidacies.enums import (
    CandidacyStatus,
    CvTextStatus,
    ExportFormat,
    ExportStatus,
    Gender,
    VentureOutcome,
    VentureRole,
)
from eig.candidacies.keys import phone_tail_expression
from eig.candidacies.validators import validate_web_url
from eig.challenges.models import Challenge
from eig.core.fields import BoundedTextField
from eig.programmes.enums import Track
from eig.programmes.models import Round

MOTIVATION_MAX_LENGTH = 4000


def cv_path(instance: "Candidate", filename: str) -> str:
    # The stored name never carries the person's name, nor anything to guess it by.
    return f"candidates/cv/{uuid.uuid4().hex}.pdf"


def export_path(instance: "Export", filename: str) -> str:
    # Private storage, a name nobody can guess; the download names it (rows included).
    return f"exports/candidacies/{uuid.uuid4().hex}.{instance.file_format}"


class CandidateQuerySet(models.QuerySet["Candidate"]):
    def visible_to(self, user: Visitor) -> "CandidateQuerySet":
        if is_staff(user):
            return self.all()
        if not is_signed_in(user):
            return self.none()
        return self.filter(user=user)


class Candidate(models.Model):
    """A person's profile: it outlives one application."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="candidate"
    )
    track = models.CharField(_("profil"), max_length=16, choices=Track, blank=True)
    experience_years = models.PositiveSmallIntegerField(
        _("années d’expérience professionnelle"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(60)],
    )
    skills = BoundedTextField(_("compétences"), blank=True, max_length=2000)
    phone = models.CharField(_("téléphone"), max_length=32, blank=True)
    portfolio_url = models.URLField(_("portfolio"), blank=True, validators=[validate_web_url])
    code_url = models.URLField(_("code (forge)"), blank=True, validators=[validate_web_url])
    professional_url = models.URLField(
        _("profil professionnel"), blank=True, validators=[validate_web_url]
    )
    cv = models.FileField(_("CV (PDF)"), upload_to=cv_path, blank=True)
    cv_uploaded_at = models.DateTimeField(_("CV déposé le"), null=True, blank=True)
    # What blind reviewers read instead of the file: its text, extracted in the
    # background, without the person's name, e-mail, phone numbers, links and ventures'
    # names (``eig.candidacies.cv_text``). The raw text is never stored.
    cv_text = models.TextField(_("texte du CV sans nom ni coordonnées"), blank=True)
    cv_text_status = models.CharField(
        _("état du texte du CV"), max_length=16, choices=CvTextStatus, blank=True
    )
    gender = models.CharField(
        _("genre"),
        max_length=8,
        choices=Gender,
        blank=True,
        help_text=_(
            "Facultatif. Sert uniquement à mesurer l’égalité de traitement ; "
            "jamais montré aux évaluateur·rices ni aux administrations."
        ),
    )
    agrees_to_be_contacted = models.BooleanField(
        _("j’accepte d’être recontacté·e pour de prochaines sessions"), default=False
    )
    last_contact_at = models.DateTimeField(_("dernier contact"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    objects = CandidateQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidat·e")
        verbose_name_plural = _("candidat·es")
        # The phone key of eig.candidacies.keys, kept and indexed by the database.
        indexes = (
            models.Index(phone_tail_expression(), name="candidate_phone_key"),
            # The programme team's list filters on the profile and the experience band.
            models.Index(fields=["track", "experience_years"], name="candidate_track_experience"),
            models.Index(fields=["experience_years"], name="candidate_experience"),
        )

    def __str__(self) -> str:
        return str(self.user)


class Venture(models.Model):
    """A venture the candidate founded or led: the entrepreneurial experience required."""

    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="ventures")
    name = models.CharField(_("nom de l’entreprise ou du projet"), max_length=200)
    role = models.CharField(_("rôle"), max_length=16, choices=VentureRole)
    start_year = models.PositiveSmallIntegerField(
        _("année de début"), validators=[MinValueValidator(1960), MaxValueValidator(2100)]
    )
    end_year = models.PositiveSmallIntegerField(
        _("année de fin"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1960), MaxValueValidator(2100)],
        help_text=_("Laissez vide si vous y êtes encore."),
    )
    team_size = models.PositiveIntegerField(
        _("taille de l’équipe"), validators=[MinValueValidator(1)]
    )
    outcome = models.CharField(_("ce qu’elle est devenue"), max_length=16, choices=VentureOutcome)
    description = BoundedTextField(_("ce que vous y avez fait"), blank=True, max_length=4000)
    # In a blind round, reviewers never see the venture's name; they see its description
    # unless the candidate or the programme team marked it as identifying the person.
    description_identifying = models.BooleanField(
        _("cette description permet de m’identifier"),
        default=False,
        help_text=_(
            "Cochez si la lire suffirait à vous reconnaître : lors d’un examen anonyme, elle "
            "ne sera pas montrée aux évaluateur·rices (le nom de l’entreprise ne l’est jamais)."
        ),
    )
    description_hidden_by_staff = models.BooleanField(
        _("description masquée par l’équipe du programme"), default=False
    )

    class Meta:
        verbose_name = _("expérience entrepreneuriale")
        verbose_name_plural = _("expériences entrepreneuriales")
        ordering = ["-start_year", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_year__isnull=True)
                | models.Q(end_year__gte=models.F("start_year")),
                name="venture_years_in_order",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def description_shown_in_blind_review(self) -> bool:
        return bool(self.description) and not (
            self.description_identifying or self.description_hidden_by_staff
        )


class CandidacyQuerySet(models.QuerySet["Candidacy"]):
    def visible_to(self, user: Visitor) -> "CandidacyQuerySet":
        if is_staff(user):
            return self.all()
        if not is_signed_in(user):
            return self.none()
        return self.filter(candidate__user=user)


class Candidacy(models.Model):
    """One candidate's application to one round."""

    candidate = models.ForeignKey(Candidate, on_delete=models.PROTECT, related_name="candidacies")
    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="candidacies")
    status = models.CharField(
        _("statut"), max_length=20, choices=CandidacyStatus, default=CandidacyStatus.DRAFT
    )
    motivation = BoundedTextField(_("motivation"), max_length=MOTIVATION_MAX_LENGTH, blank=True)
    submitted_at = models.DateTimeField(_("déposée le"), null=True, blank=True)
    withdrawn_at = models.DateTimeField(_("retirée le"), null=True, blank=True)
    withdrawal_reason = BoundedTextField(_("raison du retrait"), blank=True, max_length=2000)
    decided_at = models.DateTimeField(_("décision le"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymisée le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated_at = models.DateTimeField(_("modifiée le"), auto_now=True)
    # The file reviews' figures (eig.selection.scores), kept by the selection's review
    # services in the transaction that changes a review, so that the Sélection board
    # filters and sorts a round of thousands in SQL without reading a review.
    file_reviews_assigned = models.PositiveIntegerField(
        _("évaluations du dossier attribuées"), default=0, editable=False
    )
    file_reviews_submitted = models.PositiveIntegerField(
        _("évaluations du dossier rendues"), default=0, editable=False
    )
    file_score_mean = models.DecimalField(
        _("moyenne des évaluations"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    file_score_median = models.DecimalField(
        _("médiane des évaluations"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )
    file_score_spread = models.DecimalField(
        _("écart entre les évaluations"),
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        editable=False,
    )

    objects = CandidacyQuerySet.as_manager()

    class Meta:
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["candidate", "round"], name="one_candidacy_per_round")
        ]
        indexes = [
            # The programme team's list and its counts, of a round or of all: every
            # application but the drafts, by round and status.
            models.Index(
                fields=["round", "status"],
                condition=~models.Q(status=CandidacyStatus.DRAFT),
                name="candidacy_staff_round_status",
            ),
            # The selection's list of rounds counts every round's applications and reviews
            # from this index alone (an index-only scan): never the table's long texts.
            models.Index(
                fields=["round", "status"],
                include=["id", "anonymised_at", "file_reviews_assigned", "file_reviews_submitted"],
                name="candidacy_round_counts",
            ),
            # The selection board's order (« Ordre de dépôt »): a page is read from the
            # index's first rows, and only its 50 applications joined to their candidates.
            models.Index(
                fields=["round", "submitted_at", "id"],
                condition=~models.Q(status=CandidacyStatus.DRAFT),
                name="candidacy_board_order",
            ),
            # The staff list's order, latest submissions first, has two more indexes on
            # PostgreSQL (NULLS LAST, which SQLite's indexes cannot say): migration
            # 0011_staff_list_order_indexes.
        ]

    def __str__(self) -> str:
        return f"Candidature de {self.candidate} — {self.round}"


class Choice(models.Model):
    """A ranked wish for one défi."""

    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="choices")
    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="choices")
    rank = models.PositiveSmallIntegerField(_("rang"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("vœu")
        verbose_name_plural = _("vœux")
        ordering = ["candidacy", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["candidacy", "rank"], name="unique_choice_rank"),
            models.UniqueConstraint(
                fields=["candidacy", "challenge"], name="unique_choice_challenge"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rank}. {self.challenge}"


class ExportQuerySet(models.QuerySet["Export"]):
    def visible_to(self, user: Visitor) -> "ExportQuerySet":
        """Each person's own exports, while they are on the programme team."""
        if not is_staff(user):
            return self.none()
        return self.filter(requested_by=user)


class Export(models.Model):
    """The list of applications exported by a job, for one person of the programme team.

    Its file holds personal data: private storage, downloaded only by the person who
    asked, deleted once ``expires_at`` has passed (``eig.candidacies.exports``)."""

    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("demandé par"),
        on_delete=models.CASCADE,
        related_name="candidacy_exports",
    )
    file_format = models.CharField(_("format"), max_length=8, choices=ExportFormat)
    # The list's parameters (a query string, the default round written out), so the job
    # exports what the person saw.
    query = models.TextField(_("filtres"), blank=True)
    status = models.CharField(
        _("statut"), max_length=16, choices=ExportStatus, default=ExportStatus.PENDING
    )
    requested_rows = models.PositiveIntegerField(_("lignes à la demande"))
    row_count = models.PositiveIntegerField(_("lignes du fichier"), null=True, blank=True)
    file = models.FileField(_("fichier"), upload_to=export_path, blank=True)
    error = models.TextField(_("erreur"), blank=True)
    created_at = models.DateTimeField(_("demandé le"), auto_now_add=True)
    started_at = models.DateTimeField(_("commencé le"), null=True, blank=True)
    finished_at = models.DateTimeField(_("terminé le"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expire le"))

    objects = ExportQuerySet.as_manager()

    class Meta:
        verbose_name = _("export de candidatures")
        verbose_name_plural = _("exports de candidatures")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["requested_by", "-created_at"], name="export_requester_idx"),
            models.Index(fields=["expires_at"], name="export_expiry_idx"),
        ]

    def __str__(self) -> str:
        return f"Export {self.get_file_format_display()} n° {self.pk} ({self.get_status_display()})"
