from django.db import models
from django.utils.translation import gettext_lazy as _


class OfferStatus(models.TextChoices):
    # Prepared by publishing a matching: made (and told) only when staff confirm it.
    DRAFT = "draft", _("Brouillon, à confirmer")
    MADE = "made", _("En attente de réponse")
    ACCEPTED = "accepted", _("Acceptée")
    DECLINED = "declined", _("Déclinée")
    WITHDRAWN = "withdrawn", _("Retirée")
    EXPIRED = "expired", _("Expirée")


# Offers that hold a place under the promotion's cap.
PLACE_HOLDING_STATUSES = frozenset({OfferStatus.ACCEPTED})


class RenewalDecision(models.TextChoices):
    PENDING = "pending", _("À décider")
    RENEWED = "renewed", _("Renouvelé")
    ENDED = "ended", _("Non renouvelé")


# Reminders before a contract's end, in days.
RENEWAL_REMINDER_DAYS = (90, 60, 30)
