from django.db import models
from django.utils.translation import gettext_lazy as _


class OfferStatus(models.TextChoices):
    MADE = "made", _("En attente de réponse")
    ACCEPTED = "accepted", _("Acceptée")
    DECLINED = "declined", _("Déclinée")
    WITHDRAWN = "withdrawn", _("Retirée")
    EXPIRED = "expired", _("Expirée")


# Offers that hold a place under the promotion's cap.
PLACE_HOLDING_STATUSES = frozenset({OfferStatus.ACCEPTED})
