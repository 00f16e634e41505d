from django.db import models
from django.utils.translation import gettext_lazy as _

from eig.core.history_actions import HistoryAction


class ChallengeStatus(models.TextChoices):
    DRAFT = "draft", _("Brouillon")
    SUBMITTED = "submitted", _("Déposé")
    INVESTIGATION = "investigation", _("En investigation")
    CHANGES_REQUESTED = "changes_requested", _("Modifications demandées")
    SELECTED = "selected", _("Retenu")
    DECLINED = "declined", _("Non retenu")
    RECRUITING = "recruiting", _("En recrutement")
    STAFFED = "staffed", _("Équipe constituée")
    RUNNING = "running", _("En cours")
    COMPLETED = "completed", _("Terminé")
    WITHDRAWN = "withdrawn", _("Retiré")


# Statuses the public may see: the défi was selected by the programme.
PUBLIC_STATUSES = frozenset(
    {
        ChallengeStatus.SELECTED,
        ChallengeStatus.RECRUITING,
        ChallengeStatus.STAFFED,
        ChallengeStatus.RUNNING,
        ChallengeStatus.COMPLETED,
    }
)
# Statuses in which a défi shows its results: measured while running, final once completed.
RESULT_STATUSES = frozenset({ChallengeStatus.RUNNING, ChallengeStatus.COMPLETED})
# Statuses in which the agents may still edit the défi's file.
EDITABLE_STATUSES = frozenset({ChallengeStatus.DRAFT, ChallengeStatus.CHANGES_REQUESTED})
# Statuses from which the agents may withdraw the défi.
OPEN_STATUSES = frozenset(
    {
        ChallengeStatus.DRAFT,
        ChallengeStatus.SUBMITTED,
        ChallengeStatus.INVESTIGATION,
        ChallengeStatus.CHANGES_REQUESTED,
    }
)


class BetaPhase(models.TextChoices):
    INVESTIGATION = "investigation", _("Investigation")
    CONSTRUCTION = "construction", _("Construction")
    ACCELERATION = "acceleration", _("Accélération")


class Approach(models.TextChoices):
    BETA = "beta", _("Le projet suit déjà l’approche beta.gouv.fr")
    INVESTIGATION = "investigation", _("Le projet a besoin d’une phase d’investigation")


class Verdict(models.TextChoices):
    FAVOURABLE = "favourable", _("Favorable")
    RESERVED = "reserved", _("Réservé")
    UNFAVOURABLE = "unfavourable", _("Défavorable")


class Outcome(models.TextChoices):
    CARRIED_ON = "carried_on", _("Poursuivi dans l’administration")
    TAKEN_OVER = "taken_over", _("Repris par une autre structure")
    STOPPED = "stopped", _("Arrêté")


# The history lines the import of the programme's history (eig.impact.history_import)
# writes on a défi: the import's own writes, never a modification anyone made here.
IMPORT_ACTIONS = frozenset({HistoryAction.IMPORTED, HistoryAction.IMPORT_UPDATED})
