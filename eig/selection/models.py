"""Selection: screening, reviews and conflicts, interviews, committee decisions, the pool
and the proposals of pool candidates to défis."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from eig.candidacies.models import Candidacy, Candidate
from eig.challenges.models import Challenge
from eig.programmes.models import Criterion
from eig.selection.enums import (
    DecisionKind,
    DecisionOutcome,
    InterviewKind,
    ProposalStatus,
    Recommendation,
    ReviewStage,
)


class IneligibilityReason(models.Model):
    """A reason for declaring an application not eligible, from a list staff keep."""

    label = models.CharField(_("motif"), max_length=200, unique=True)
    is_active = models.BooleanField(_("proposé"), default=True)
    position = models.PositiveSmallIntegerField(_("ordre"), default=0)

    class Meta:
        verbose_name = _("motif de non-recevabilité")
        verbose_name_plural = _("motifs de non-recevabilité")
        ordering = ["position", "label"]

    def __str__(self) -> str:
        return self.label


class Decision(models.Model):
    """A screening or committee decision. Recorded by staff, told to the candidate only
    when the round's decisions are published."""

    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="decisions")
    kind = models.CharField(_("étape"), max_length=16, choices=DecisionKind)
    outcome = models.CharField(_("décision"), max_length=16, choices=DecisionOutcome)
    reason = models.ForeignKey(
        IneligibilityReason,
        verbose_name=_("motif"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    comment = models.TextField(_("justification"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("décidée le"))
    published_at = models.DateTimeField(_("publiée le"), null=True, blank=True)

    class Meta:
        verbose_name = _("décision")
        verbose_name_plural = _("décisions")
        ordering = ["candidacy", "kind"]
        constraints = [
            models.UniqueConstraint(fields=["candidacy", "kind"], name="one_decision_per_stage")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} : {self.get_outcome_display()}"


class Conflict(models.Model):
    """A declared link between a reviewer and a candidate: the reviewer never sees that file."""

    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts"
    )
    candidate = models.ForeignKey(Candidate, on_delete=models.CASCADE, related_name="conflicts")
    reason = models.CharField(_("nature du lien"), max_length=255)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("déclaré le"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflit d’intérêts")
        verbose_name_plural = _("conflits d’intérêts")
        constraints = [
            models.UniqueConstraint(fields=["reviewer", "candidate"], name="unique_conflict")
        ]

    def __str__(self) -> str:
        return f"{self.reviewer} ↔ {self.candidate}"


class Interview(models.Model):
    """An interview: with the programme, or joint with a défi's administration."""

    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="interviews")
    kind = models.CharField(_("type"), max_length=16, choices=InterviewKind)
    challenge = models.ForeignKey(
        Challenge,
        verbose_name=_("défi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="interviews",
    )
    starts_at = models.DateTimeField(_("date et heure"))
    duration_minutes = models.PositiveSmallIntegerField(
        _("durée (minutes)"), default=45, validators=[MinValueValidator(10)]
    )
    location = models.CharField(_("lieu"), max_length=255, blank=True)
    video_url = models.URLField(_("lien de visioconférence"), blank=True)
    interviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("jury"), related_name="interviews"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    cancelled_at = models.DateTimeField(_("annulé le"), null=True, blank=True)
    created_at = models.DateTimeField(_("créé le"), auto_now_add=True)

    class Meta:
        verbose_name = _("entretien")
        verbose_name_plural = _("entretiens")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind=InterviewKind.PROGRAMME, challenge__isnull=True)
                | models.Q(kind=InterviewKind.JOINT, challenge__isnull=False),
                name="joint_interview_names_its_challenge",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.candidacy}"


class Review(models.Model):
    """One reviewer's scores on one application, at one stage. Created when the reviewer is
    assigned; submitted once every criterion is scored."""

    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    stage = models.CharField(_("étape"), max_length=16, choices=ReviewStage)
    interview = models.ForeignKey(
        Interview, null=True, blank=True, on_delete=models.CASCADE, related_name="reviews"
    )
    recommendation = models.CharField(
        _("recommandation"), max_length=16, choices=Recommendation, blank=True
    )
    comment = models.TextField(_("commentaire général"), blank=True)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    assigned_at = models.DateTimeField(_("assignée le"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("rendue le"), null=True, blank=True)

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        ordering = ["candidacy", "stage", "assigned_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["candidacy", "reviewer", "stage"],
                condition=models.Q(interview__isnull=True),
                name="one_file_review_per_reviewer",
            ),
            models.UniqueConstraint(
                fields=["interview", "reviewer"],
                condition=models.Q(interview__isnull=False),
                name="one_interview_review_per_reviewer",
            ),
        ]

    def __str__(self) -> str:
        return f"Évaluation de {self.reviewer} — {self.candidacy}"


class Score(models.Model):
    review = models.ForeignKey(Review, on_delete=models.CASCADE, related_name="scores")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="scores")
    value = models.PositiveSmallIntegerField(
        _("note"), validators=[MinValueValidator(0), MaxValueValidator(5)]
    )
    comment = models.TextField(_("commentaire"))

    class Meta:
        verbose_name = _("note")
        verbose_name_plural = _("notes")
        constraints = [
            models.UniqueConstraint(fields=["review", "criterion"], name="one_score_per_criterion")
        ]

    def __str__(self) -> str:
        return f"{self.criterion} : {self.value}"


class Proposal(models.Model):
    """A pool candidate proposed to a recruiting défi; its administration's jury answers."""

    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="proposals")
    challenge = models.ForeignKey(Challenge, on_delete=models.PROTECT, related_name="proposals")
    status = models.CharField(
        _("statut"), max_length=16, choices=ProposalStatus, default=ProposalStatus.PROPOSED
    )
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposée le"), auto_now_add=True)
    jury_opinion = models.TextField(_("avis du jury"), blank=True)
    jury_rank = models.PositiveSmallIntegerField(_("classement du jury"), null=True, blank=True)

    class Meta:
        verbose_name = _("proposition à un défi")
        verbose_name_plural = _("propositions à des défis")
        ordering = ["challenge", "jury_rank", "proposed_at"]
        constraints = [
            models.UniqueConstraint(fields=["candidacy", "challenge"], name="unique_proposal")
        ]

    def __str__(self) -> str:
        return f"{self.candidacy} → {self.challenge}"
