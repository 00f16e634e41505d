from django.db import models
from django.utils.translation import gettext_lazy as _


class CriterionStage(models.TextChoices):
    FILE = "file", _("Examen du dossier")
    INTERVIEW = "interview", _("Entretien")


class Track(models.TextChoices):
    PRODUCT = "product", _("Directeur·rice produit")
    TECH = "tech", _("Directeur·rice technique")
