"""Selection: screening, reviews and conflicts, interviews, committee decisions, the pool
and the proposals of pool candidates to défis."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from eig.candidacies.models import Candidacy, Candidate
from eig.challenges.models import Challenge
from eig.core.fields import BoundedTextField
from eig.programmes.models import Criterion, Round
from eig.selection.enums import (
    DecisionKind,
    DecisionOutcome,
    InterviewKind,
    InterviewStatus,
    MatchingRunStatus,
    ProposalStatus,
    RankingSide,
    Recommendation,
    ReviewStage,
    ReviewStatus,
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
    comment = BoundedTextField(_("justification"), blank=True, max_length=2000)
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
    """An interview: with the programme, or joint with a défi's administration. Planned
    until cancelled (eig/selection/workflows.py); ``cancelled_at`` says when."""

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
    status = models.CharField(
        _("statut"), max_length=16, choices=InterviewStatus, default=InterviewStatus.SCHEDULED
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
            ),
            # The pages and exports read the date; the workflow moves the status: both
            # change together or not at all.
            models.CheckConstraint(
                condition=models.Q(status=InterviewStatus.SCHEDULED, cancelled_at__isnull=True)
                | models.Q(status=InterviewStatus.CANCELLED, cancelled_at__isnull=False),
                name="interview_status_matches_cancelled_at",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.candidacy}"


class Review(models.Model):
    """One reviewer's scores on one application, at one stage. Created when the reviewer is
    assigned; submitted once every criterion is scored (eig/selection/workflows.py), and
    ``submitted_at`` says when."""

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
    comment = BoundedTextField(_("commentaire général"), blank=True, max_length=4000)
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    status = models.CharField(
        _("statut"), max_length=16, choices=ReviewStatus, default=ReviewStatus.ASSIGNED
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
            models.CheckConstraint(
                condition=models.Q(status=ReviewStatus.ASSIGNED, submitted_at__isnull=True)
                | models.Q(status=ReviewStatus.SUBMITTED, submitted_at__isnull=False),
                name="review_status_matches_submitted_at",
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
    comment = BoundedTextField(_("commentaire"), max_length=2000)

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
    jury_opinion = BoundedTextField(_("avis du jury"), blank=True, max_length=4000)
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


class Ranking(models.Model):
    """One side's ordered list for a round's matching: a candidate's ranking of the défis
    they were jointly interviewed for, or a défi jury's ranking of the candidates it met.
    A draft until saved; editable until the round's ranking deadline."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="rankings")
    side = models.CharField(_("côté"), max_length=16, choices=RankingSide)
    candidacy = models.ForeignKey(
        Candidacy, null=True, blank=True, on_delete=models.CASCADE, related_name="rankings"
    )
    challenge = models.ForeignKey(
        Challenge, null=True, blank=True, on_delete=models.CASCADE, related_name="rankings"
    )
    submitted_at = models.DateTimeField(_("enregistré le"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("classement pour l’affectation")
        verbose_name_plural = _("classements pour l’affectation")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(side=RankingSide.CANDIDATE, candidacy__isnull=False)
                & models.Q(challenge__isnull=True)
                | models.Q(side=RankingSide.JURY, challenge__isnull=False)
                & models.Q(candidacy__isnull=True),
                name="ranking_names_its_side",
            ),
            models.UniqueConstraint(
                fields=["round", "candidacy"],
                condition=models.Q(side=RankingSide.CANDIDATE),
                name="one_candidate_ranking_per_round",
            ),
            models.UniqueConstraint(
                fields=["round", "challenge"],
                condition=models.Q(side=RankingSide.JURY),
                name="one_jury_ranking_per_round",
            ),
        ]

    def __str__(self) -> str:
        return f"Classement ({self.get_side_display()}) — {self.round}"


class RankingEntry(models.Model):
    """One proposal (a jointly interviewed pair) at one position of a ranking (1 is best)."""

    ranking = models.ForeignKey(Ranking, on_delete=models.CASCADE, related_name="entries")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(_("rang"), validators=[MinValueValidator(1)])

    class Meta:
        verbose_name = _("rang d’un classement")
        verbose_name_plural = _("rangs d’un classement")
        ordering = ["ranking", "position"]
        constraints = [
            models.UniqueConstraint(fields=["ranking", "proposal"], name="one_rank_per_proposal"),
            models.UniqueConstraint(fields=["ranking", "position"], name="one_proposal_per_rank"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.proposal}"


class ChallengePlaces(models.Model):
    """The places a défi offers in a round's matching, per profile. Without a row, the
    default: one place for each profile the défi asked for."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="challenge_places")
    challenge = models.ForeignKey(Challenge, on_delete=models.CASCADE, related_name="places")
    product = models.PositiveSmallIntegerField(_("places de directeur·rice produit"), default=0)
    tech = models.PositiveSmallIntegerField(_("places de directeur·rice technique"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("modifié le"), auto_now=True)

    class Meta:
        verbose_name = _("places d’un défi")
        verbose_name_plural = _("places des défis")
        constraints = [
            models.UniqueConstraint(fields=["round", "challenge"], name="one_places_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.challenge} : {self.product} + {self.tech}"


class MatchingRun(models.Model):
    """One run of the stable matching: its inputs (a snapshot of both sides' rankings and
    the places), its result and who ran it. Never edited; only published once."""

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="matching_runs")
    status = models.CharField(
        _("statut"), max_length=16, choices=MatchingRunStatus, default=MatchingRunStatus.COMPUTED
    )
    # {"candidates": {candidacy_id: [challenge_id, ...]}, "juries": {challenge_id:
    # [candidacy_id, ...]}, "tracks": {candidacy_id: track}, "places": {challenge_id:
    # {track: n}}, "titles": {challenge_id: title}}; ids as strings (JSON keys).
    inputs = models.JSONField(_("données d’entrée"))
    # {challenge_id: [candidacy_id, ...]}, the stable matching before any override.
    result = models.JSONField(_("résultat"))
    run_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    run_at = models.DateTimeField(_("lancé le"), auto_now_add=True)
    published_at = models.DateTimeField(_("publié le"), null=True, blank=True)
    # The result as published (overrides applied), for the figures: set once, on publishing.
    published_result = models.JSONField(_("résultat publié"), null=True, blank=True)

    class Meta:
        verbose_name = _("appariement")
        verbose_name_plural = _("appariements")
        ordering = ["-run_at", "-pk"]

    def __str__(self) -> str:
        return f"Appariement du {self.run_at:%d/%m/%Y %H:%M} — {self.round}"


class MatchingOverride(models.Model):
    """Staff place a candidate by hand before publishing (on a défi, or nowhere), with
    the reason. The run's result is then no longer guaranteed stable."""

    run = models.ForeignKey(MatchingRun, on_delete=models.CASCADE, related_name="overrides")
    candidacy = models.ForeignKey(Candidacy, on_delete=models.CASCADE, related_name="+")
    challenge = models.ForeignKey(
        Challenge, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    reason = BoundedTextField(_("raison"), max_length=1000)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField(_("faite le"), auto_now_add=True)

    class Meta:
        verbose_name = _("modification d’un appariement")
        verbose_name_plural = _("modifications d’un appariement")
        ordering = ["made_at", "pk"]

    def __str__(self) -> str:
        return f"{self.candidacy} → {self.challenge or '—'}"
