"""Forms of the offers' pages: shape and French messages; the services hold the rules."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from eig.challenges.models import Challenge
from eig.contracts.models import Offer
from eig.core.dates import AROUND_NOW, COMING_YEAR
from eig.core.forms import DsfrForm, PlausibleDateField, require_when, text_max_length
from eig.core.money import euros, percent
from eig.programmes.models import PayLevel


class PayLevelChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(
            _("Niveau %(level)s — %(net)s net par mois, part variable %(rate)s")
            % {
                "level": obj.level,
                "net": euros(obj.monthly_net),
                "rate": percent(obj.variable_rate),
            }
        )


class OfferForm(DsfrForm):
    challenge = forms.ModelChoiceField(
        label=_("Défi"),
        queryset=Challenge.objects.none(),
        empty_label=None,
        help_text=_("Les défis en recrutement dont le jury a retenu cette candidature."),
    )
    pay_level = PayLevelChoice(
        label=_("Niveau de rémunération"),
        queryset=PayLevel.objects.none(),
        empty_label=None,
        help_text=_("Par défaut, le niveau que la grille en vigueur donne à l’expérience."),
    )
    override_reason = forms.CharField(
        label=_("Raison du niveau choisi"),
        required=False,
        max_length=text_max_length(Offer, "level_override_reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    start_date = PlausibleDateField(label=_("Date de prise de poste"), window=AROUND_NOW)
    expires_on = PlausibleDateField(
        label=_("Réponse attendue au plus tard le"),
        window=COMING_YEAR,
        help_text=_("L’offre expire le soir de ce jour."),
    )

    def __init__(
        self,
        *args: Any,
        challenges: QuerySet[Challenge],
        levels: QuerySet[PayLevel],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        require_when(
            self.fields["override_reason"],
            _("obligatoire si le niveau diffère de celui que donne l’expérience"),
        )
        challenge_field = self.fields["challenge"]
        level_field = self.fields["pay_level"]
        assert isinstance(challenge_field, forms.ModelChoiceField)  # noqa: S101
        assert isinstance(level_field, forms.ModelChoiceField)  # noqa: S101
        challenge_field.queryset = challenges
        level_field.queryset = levels


class DeclineForm(DsfrForm):
    reason = forms.CharField(
        label=_("Pourquoi déclinez-vous cette offre ?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Votre réponse aide l’équipe du programme ; elle n’est transmise à personne d’autre."
        ),
    )
