"""The catalogue's search and filters (the open data files accept the same parameters)."""

from typing import Any

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from eig.challenges.selectors.challenges import Profile
from eig.challenges.selectors.public import (
    PUBLIC_STATUS_CHOICES,
    PublicFilters,
    organisations_with_public_challenges,
    promotions_with_public_challenges,
)
from eig.core.filter_menus import menu_kept, menu_scope
from eig.core.forms import DsfrForm
from eig.organisations.models import Organisation

PROFILE_CHOICES = [
    ("", _("Tous les profils")),
    (Profile.PRODUCT, _("Directeur·rice produit")),
    (Profile.TECH, _("Directeur·rice technique")),
]


class CatalogueFilterForm(DsfrForm):
    """Parameters: ``q``, ``promotion`` (id), ``organisation`` (id), ``organisation_name``
    (a name or acronym, when the administrations are too many for a menu), ``status``
    (code of a public status), ``profile`` (``product`` or ``tech``)."""

    q = forms.CharField(
        label=_("Rechercher un défi"),
        required=False,
        max_length=200,
        help_text=_("Dans le titre, la présentation, le problème ou l’administration."),
    )
    promotion = forms.ModelChoiceField(
        label=_("Promotion"),
        queryset=promotions_with_public_challenges(),
        required=False,
        empty_label=_("Toutes les promotions"),
    )
    organisation = forms.ModelChoiceField(
        label=_("Administration"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Toutes les administrations"),
    )
    status = forms.ChoiceField(
        label=_("Statut"),
        choices=[("", _("Tous les statuts")), *PUBLIC_STATUS_CHOICES],
        required=False,
    )
    organisation_name = forms.CharField(
        label=_("Administration"),
        required=False,
        max_length=200,
        help_text=_("Son nom ou son sigle, même en partie."),
    )
    profile = forms.ChoiceField(
        label=_("Profil recherché"), choices=PROFILE_CHOICES, required=False
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        menu_kept(self, "promotion")
        menu_scope(
            self,
            "organisation",
            options=organisations_with_public_challenges(),
            label_field="name",
            label_fields=("acronym",),
            search="organisation_name",
            suggestions_url=reverse("challenges:catalogue_organisation_suggestions"),
        )

    def filters(self) -> PublicFilters:
        """The valid filters; a value that does not validate (a stale id, a status that is
        not public) is ignored rather than refused, so that an old link still works."""
        self.is_valid()
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        return PublicFilters(
            search=data.get("q") or "",
            promotion=data.get("promotion"),
            organisation=data.get("organisation"),
            organisation_name=data.get("organisation_name") or "",
            status=data.get("status") or "",
            profile=data.get("profile") or "",
        )
