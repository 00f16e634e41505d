from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    DEFIS_READ = "defis:read", _("Lire les défis (tous statuts)")
    CANDIDATURES_READ = "candidatures:read", _("Lire les candidatures")
    DECISIONS_READ = "decisions:read", _("Lire les décisions publiées")
    WEBHOOKS = "webhooks", _("Lire les webhooks et leurs envois")


# The only scope an administration's agent may give a token (limited to its défis).
AGENT_SCOPES = frozenset({Scope.DEFIS_READ})
