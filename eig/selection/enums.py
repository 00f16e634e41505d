from django.db import models
from django.utils.translation import gettext_lazy as _


class DecisionKind(models.TextChoices):
    SCREENING = "screening", _("Recevabilité")
    COMMITTEE = "committee", _("Comité de sélection")


class DecisionOutcome(models.TextChoices):
    ELIGIBLE = "eligible", _("Recevable")
    INELIGIBLE = "ineligible", _("Non recevable")
    POOL = "pool", _("Rejoint le vivier")
    NOT_RETAINED = "not_retained", _("Non retenue")


OUTCOMES_BY_KIND = {
    DecisionKind.SCREENING: (DecisionOutcome.ELIGIBLE, DecisionOutcome.INELIGIBLE),
    DecisionKind.COMMITTEE: (DecisionOutcome.POOL, DecisionOutcome.NOT_RETAINED),
}


class Recommendation(models.TextChoices):
    STRONG_YES = "strong_yes", _("Très favorable")
    YES = "yes", _("Favorable")
    NO = "no", _("Défavorable")
    STRONG_NO = "strong_no", _("Très défavorable")


class ReviewStage(models.TextChoices):
    FILE = "file", _("Examen du dossier")
    INTERVIEW = "interview", _("Entretien")


class ReviewStatus(models.TextChoices):
    ASSIGNED = "assigned", _("À rendre")
    SUBMITTED = "submitted", _("Rendue")


class InterviewKind(models.TextChoices):
    PROGRAMME = "programme", _("Entretien avec le programme")
    JOINT = "joint", _("Entretien conjoint avec l’administration")


class InterviewStatus(models.TextChoices):
    SCHEDULED = "scheduled", _("Prévu")
    CANCELLED = "cancelled", _("Annulé")


class ProposalStatus(models.TextChoices):
    PROPOSED = "proposed", _("Proposée à l’administration")
    INTERVIEW = "interview", _("Entretien conjoint prévu")
    RETAINED = "retained", _("Retenue par le jury")
    NOT_RETAINED = "not_retained", _("Non retenue par le jury")
    WITHDRAWN = "withdrawn", _("Proposition retirée")
    MATCHED = "matched", _("Affectée par l’appariement")
    NOT_MATCHED = "not_matched", _("Non affectée par l’appariement")


class RankingSide(models.TextChoices):
    CANDIDATE = "candidate", _("Candidat·e")
    JURY = "jury", _("Jury du défi")


class MatchingRunStatus(models.TextChoices):
    COMPUTED = "computed", _("Calculé, non publié")
    PUBLISHED = "published", _("Publié")
