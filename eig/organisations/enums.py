from django.db import models
from django.utils.translation import gettext_lazy as _


class OrganisationKind(models.TextChoices):
    CENTRAL = "central", _("Administration centrale")
    DECONCENTRATED = "deconcentrated", _("Service déconcentré")
    OPERATOR = "operator", _("Opérateur de l’État")


class MembershipRole(models.TextChoices):
    AGENT = "agent", _("Agent porteur de défi")
    REFERENT = "referent", _("Référent·e de l’administration")
