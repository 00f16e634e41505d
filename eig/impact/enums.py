from django.db import models
from django.utils.translation import gettext_lazy as _


class SurveyWave(models.IntegerChoices):
    """Months after the end of an EIG's last contract."""

    SIX_MONTHS = 6, _("6 mois après le programme")
    TWELVE_MONTHS = 12, _("12 mois après le programme")


class Workplace(models.TextChoices):
    """Where an alumnus works now: the alumni survey's one question."""

    PUBLIC_SECTOR = "public_sector", _("Dans le secteur public")
    PRIVATE_SECTOR = "private_sector", _("Dans le secteur privé")
    OWN_VENTURE = "own_venture", _("Dans ma propre entreprise")
    OTHER = "other", _("Autre situation")
