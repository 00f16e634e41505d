from django.db import models
from django.utils.translation import gettext_lazy as _


class Gender(models.TextChoices):
    FEMALE = "female", _("Femme")
    MALE = "male", _("Homme")
    OTHER = "other", _("Autre")
    UNSAID = "unsaid", _("Je préfère ne pas répondre")


class VentureRole(models.TextChoices):
    FOUNDER = "founder", _("Fondateur·rice")
    COFOUNDER = "cofounder", _("Cofondateur·rice")
    CEO = "ceo", _("Directeur·rice général·e (CEO)")
    CPO = "cpo", _("Directeur·rice produit (CPO)")
    CTO = "cto", _("Directeur·rice technique (CTO)")
    INTRAPRENEUR = "intrapreneur", _("Intrapreneur·e")
    OTHER = "other", _("Autre rôle de direction")


class VentureOutcome(models.TextChoices):
    RUNNING = "running", _("Toujours en activité")
    ACQUIRED = "acquired", _("Rachetée")
    HANDED_OVER = "handed_over", _("Reprise ou transmise")
    CLOSED = "closed", _("Arrêtée")


class CvTextStatus(models.TextChoices):
    """Where the CV's text shown to blind reviewers stands (``eig.candidacies.cv_text``)."""

    PENDING = "pending", _("Extraction en cours")
    READY = "ready", _("Texte prêt, sans nom ni coordonnées")
    NO_TEXT = "no_text", _("Aucun texte à extraire (PDF numérisé)")
    FAILED = "failed", _("Texte illisible")


class CandidacyStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Déposée")
    WITHDRAWN = "withdrawn", _("Retirée")
    # Set when the programme team publishes a round's decisions (eig/selection).
    INELIGIBLE = "ineligible", _("Non recevable")
    NOT_RETAINED = "not_retained", _("Non retenue")
    POOL = "pool", _("Retenue : dans le vivier")
    # Set when the candidate accepts an offer (eig/contracts).
    HIRED = "hired", _("Recrutée")


# What a candidate may still change: a draft, or a submitted candidacy before the deadline.
EDITABLE_STATUSES = frozenset({CandidacyStatus.DRAFT, CandidacyStatus.SUBMITTED})

# Applications that ended without a recruitment. Once none of a candidate's applications
# is still under way, their personal data is anonymised when the programme's retention
# period has passed (``privacy.candidacies_anonymise_expired``). The selection issue adds
# its own unsuccessful statuses here (not shortlisted, not selected, offer declined...).
UNSUCCESSFUL_STATUSES = frozenset(
    {CandidacyStatus.WITHDRAWN, CandidacyStatus.INELIGIBLE, CandidacyStatus.NOT_RETAINED}
)


class ExportStatus(models.TextChoices):
    """Where an export built by a job stands (``eig.candidacies.exports``)."""

    PENDING = "pending", _("En attente")
    RUNNING = "running", _("En préparation")
    READY = "ready", _("Prêt")
    FAILED = "failed", _("Échec")
    EXPIRED = "expired", _("Expiré")


class ExportFormat(models.TextChoices):
    CSV = "csv", _("CSV")
    XLSX = "xlsx", _("XLSX")
