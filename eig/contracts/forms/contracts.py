"""Forms of the contract pages: shape and French messages; the services hold the rules."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from eig.contracts.models import Contract
from eig.core.forms import DsfrForm, require_when, text_max_length
from eig.core.money import euros, percent
from eig.programmes.models import PayLevel


class RenewForm(DsfrForm):
    level = forms.TypedChoiceField(
        label=_("Niveau du nouveau contrat"),
        coerce=int,
        help_text=_("Les montants sont ceux de la grille en vigueur à la date de la décision."),
    )
    reason = forms.CharField(
        label=_("Raison du changement de niveau"),
        required=False,
        max_length=text_max_length(Contract, "level_change_reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    comment = forms.CharField(
        label=_("Commentaire"),
        required=False,
        max_length=text_max_length(Contract, "renewal_comment"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, levels: list[PayLevel], current: int, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"level": current})
        super().__init__(*args, **kwargs)
        require_when(self.fields["reason"], _("obligatoire si le niveau change"))
        field = self.fields["level"]
        assert isinstance(field, forms.TypedChoiceField)  # noqa: S101
        field.choices = [
            (
                level.level,
                _("Niveau %(level)s — %(net)s net par mois, part variable %(rate)s")
                % {
                    "level": level.level,
                    "net": euros(level.monthly_net),
                    "rate": percent(level.variable_rate),
                },
            )
            for level in levels
        ]


class EndForm(DsfrForm):
    comment = forms.CharField(
        label=_("Motif du non-renouvellement"),
        required=False,
        max_length=text_max_length(Contract, "renewal_comment"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
