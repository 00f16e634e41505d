"""Forms of the programme team's pages on the applications: the list's filters.

The list and its exports read the same form, so an export holds what the list shows.
"""

from typing import Any, cast

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from eig.candidacies.selectors.staff import (
    STAFF_STATUSES,
    ExperienceBand,
    StaffFilters,
    challenges_wished,
)
from eig.challenges.models import Challenge
from eig.core.filter_menus import menu_kept, menu_scope
from eig.core.forms import DsfrForm
from eig.programmes.enums import Track
from eig.programmes.models import Round


class ChallengeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title)


class CandidacyFilterForm(DsfrForm):
    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=200,
        help_text=_("Dans le prénom, le nom, l’adresse e-mail ou les compétences."),
    )
    round = forms.ModelChoiceField(
        label=_("Session"),
        queryset=Round.objects.select_related("promotion").order_by("-opens_on"),
        required=False,
        empty_label=_("Toutes les sessions"),
    )
    status = forms.ChoiceField(
        label=_("Statut"),
        choices=[("", _("Tous les statuts")), *((s.value, s.label) for s in STAFF_STATUSES)],
        required=False,
    )
    track = forms.ChoiceField(
        label=_("Profil"), choices=[("", _("Tous les profils")), *Track.choices], required=False
    )
    challenge = ChallengeChoiceField(
        label=_("Vœu"),
        queryset=Challenge.objects.none(),
        required=False,
        empty_label=_("Tous les défis"),
        help_text=_("Les candidatures qui ont choisi ce défi, à n’importe quel rang."),
    )
    challenge_title = forms.CharField(
        label=_("Vœu"),
        required=False,
        max_length=200,
        help_text=_(
            "Le titre d’un défi, même en partie : les candidatures qui l’ont choisi, "
            "à n’importe quel rang."
        ),
    )
    experience = forms.ChoiceField(label=_("Expérience professionnelle"), required=False)

    def __init__(self, *args: Any, bands: list[ExperienceBand], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.bands = {band.key: band for band in bands}
        cast(forms.ChoiceField, self.fields["experience"]).choices = [
            ("", _("Toutes les durées")),
            *((band.key, band.label) for band in bands),
        ]
        menu_kept(self, "round")
        round_ = self._raw_round()
        url = reverse("candidacies:staff_challenge_suggestions")
        menu_scope(
            self,
            "challenge",
            options=challenges_wished(round_),
            label_field="title",
            search="challenge_title",
            suggestions_url=f"{url}?round={round_.pk}" if round_ else url,
        )

    def _raw_round(self) -> Round | None:
        """The round asked for, to offer only the défis wished in it."""
        value = self.data.get("round") if self.is_bound else None
        if not value or not str(value).isdigit():
            return None
        return Round.objects.filter(pk=value).first()

    def filters(self) -> StaffFilters:
        """The valid filters; a filter that does not validate (a stale id) is ignored."""
        self.is_valid()
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        return StaffFilters(
            round=data.get("round"),
            status=data.get("status") or "",
            track=data.get("track") or "",
            challenge=data.get("challenge"),
            challenge_title=data.get("challenge_title") or "",
            experience=self.bands.get(data.get("experience") or ""),
            search=data.get("q") or "",
        )
