from django.db import models
from django.utils.translation import gettext_lazy as _


class Scope(models.TextChoices):
    DEFIS_READ = "defis:read", _("Lire les défis (tous statuts)")
    CANDIDATURES_READ = "candidatures:read", _("Lire les candidatures")
    DECISIONS_READ = "decisions:read", _("Lire les décisions publiées")
    WEBHOOKS = "webhooks", _("Lire les webhooks et leurs envois")


# The only scope an administration's agent may give a token (limited to its défis).
AGENT_SCOPES = frozenset({Scope.DEFIS_READ})


class WebhookEvent(models.TextChoices):
    CHALLENGE_STATUS_CHANGED = "defi.statut_change", _("Statut d’un défi changé")
    CANDIDACY_SUBMITTED = "candidature.deposee", _("Candidature déposée")
    DECISIONS_PUBLISHED = "decisions.publiees", _("Décisions d’une session publiées")
    OFFER_ACCEPTED = "offre.acceptee", _("Offre acceptée")
    CONTRACT_CREATED = "contrat.cree", _("Contrat créé")


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", _("À envoyer")
    SENDING = "sending", _("En cours d’envoi")
    DELIVERED = "delivered", _("Reçu")
    FAILED = "failed", _("Abandonné")
