"""Forms of the administrations pages: shape and French messages; rules stay in services."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _
from stdnum.fr import siret as siret_number

from eig.core.forms import DsfrForm, DsfrModelForm
from eig.organisations.enums import MembershipRole, OrganisationKind
from eig.organisations.models import Organisation
from eig.organisations.validators import validate_siret


class OrganisationSearchForm(DsfrForm):
    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=100,
        help_text=_("Nom, sigle ou SIRET"),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    kind = forms.ChoiceField(
        label=_("Type d’administration"),
        required=False,
        choices=[("", _("Tous les types")), *OrganisationKind.choices],
    )


class OrganisationForm(DsfrModelForm):
    # Wider than the 14 stored digits: people paste SIRETs with spaces ("130 025 265 00013").
    siret = forms.CharField(
        label=_("SIRET"),
        required=False,
        max_length=32,
        help_text=_(
            "14 chiffres, espaces acceptées. "
            "Laissez vide pour une administration historique sans SIRET."
        ),
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )

    class Meta:
        model = Organisation
        fields = ["kind", "name", "acronym", "siret"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Blank in the database only for the imported history: staff always choose one.
        self.fields["kind"].required = True

    def clean_siret(self) -> str | None:
        value = siret_number.compact(self.cleaned_data["siret"] or "")
        if not value:
            return None
        validate_siret(value)
        return value


class MemberAddForm(DsfrForm):
    email = forms.EmailField(
        label=_("Adresse e-mail professionnelle"),
        help_text=_(
            "Si la personne n’a pas encore de compte, il est créé : "
            "elle se connectera avec ProConnect."
        ),
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    role = forms.ChoiceField(
        label=_("Rôle dans l’administration"),
        choices=MembershipRole.choices,
        initial=MembershipRole.AGENT,
    )
    first_name = forms.CharField(
        label=_("Prénom"),
        required=False,
        max_length=150,
        help_text=_("Seulement pour un nouveau compte."),
    )
    last_name = forms.CharField(
        label=_("Nom"),
        required=False,
        max_length=150,
        help_text=_("Seulement pour un nouveau compte."),
    )

    def member_data(self) -> dict[str, Any]:
        return {key: self.cleaned_data[key] for key in ("email", "role", "first_name", "last_name")}
