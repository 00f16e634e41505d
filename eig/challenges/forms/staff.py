"""Forms of the programme team (instruction, priority policies) and of the coaches.

They check the shape of what is typed; the rules (who may decide what, when) stay in
the services.
"""

from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from eig.accounts.models import User
from eig.challenges.enums import ChallengeStatus, Outcome, Verdict
from eig.challenges.models import Challenge, PriorityPolicy
from eig.challenges.selectors.challenges import (
    Profile,
    StaffFilters,
    coaches_not_asked,
    organisations_with_challenges,
)
from eig.challenges.workflow import CHALLENGE_WORKFLOW, MESSAGE_REQUIRED, STAFF_TRANSITIONS
from eig.core.filter_menus import menu_kept, menu_scope
from eig.core.forms import DsfrForm
from eig.organisations.models import Organisation
from eig.programmes.models import Round

# The decisions the programme team may take on several défis at once.
BULK_ACTIONS = ("investigate", "request_changes", "select", "decline")

PROFILE_CHOICES = [
    ("", _("Tous les profils")),
    (Profile.PRODUCT, _("Directeur·rice produit")),
    (Profile.TECH, _("Directeur·rice technique")),
]


class ChallengeFilterForm(DsfrForm):
    """The filters and the search of the staff list; the exports read the same."""

    q = forms.CharField(
        label=_("Rechercher"),
        required=False,
        max_length=200,
        help_text=_("Dans le titre, le problème, le nom ou le sigle de l’administration."),
    )
    round = forms.ModelChoiceField(
        label=_("Session"),
        queryset=Round.objects.select_related("promotion").order_by("-opens_on"),
        required=False,
        empty_label=_("Toutes les sessions"),
    )
    status = forms.ChoiceField(
        label=_("Statut"),
        choices=[("", _("Tous les statuts")), *ChallengeStatus.choices],
        required=False,
    )
    organisation = forms.ModelChoiceField(
        label=_("Administration"),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Toutes les administrations"),
    )
    policy = forms.ModelChoiceField(
        label=_("Politique prioritaire"),
        queryset=PriorityPolicy.objects.order_by("position", "name"),
        required=False,
        empty_label=_("Toutes les politiques"),
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
        menu_kept(self, "round", "policy")
        menu_scope(
            self,
            "organisation",
            options=organisations_with_challenges(),
            label_field="name",
            label_fields=("acronym",),
            search="organisation_name",
            suggestions_url=reverse("challenges:staff_organisation_suggestions"),
        )

    def filters(self) -> StaffFilters:
        """The valid filters; a filter that does not validate (a stale id) is ignored."""
        self.is_valid()
        data: dict[str, Any] = getattr(self, "cleaned_data", {})
        return StaffFilters(
            round=data.get("round"),
            status=data.get("status") or "",
            organisation=data.get("organisation"),
            organisation_name=data.get("organisation_name") or "",
            policy=data.get("policy"),
            profile=data.get("profile") or "",
            search=data.get("q") or "",
        )


def _transition_choices(names: tuple[str, ...] | frozenset[str]) -> list[tuple[str, str]]:
    return [(t.name, t.label) for t in CHALLENGE_WORKFLOW.transitions if t.name in names]


class BulkDecisionForm(DsfrForm):
    challenges = forms.ModelMultipleChoiceField(
        label=_("Défis"),
        queryset=Challenge.objects.all(),
        widget=forms.MultipleHiddenInput,
        error_messages={
            "required": _("Cochez au moins un défi dans la liste."),
            "invalid_choice": _("Un des défis cochés n’existe plus : rechargez la liste."),
        },
    )
    action = forms.ChoiceField(
        label=_("Décision"),
        choices=[("", _("Choisir une décision")), *_transition_choices(BULK_ACTIONS)],
        error_messages={"required": _("Choisissez la décision à appliquer.")},
    )
    message = forms.CharField(
        label=_("Message à l’administration"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "Obligatoire pour demander des modifications, retenir ou ne pas retenir : "
            "il est envoyé aux agents de chaque administration."
        ),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") in MESSAGE_REQUIRED and not (data.get("message") or "").strip():
            self.add_error("message", _("Écrivez le message qui motive cette décision."))
        return data


@dataclass(frozen=True)
class DecisionChoice:
    """One decision the programme team may take now, as the decision form offers it."""

    name: str
    label: str
    message_required: bool
    checked: bool


class DecisionForm(DsfrForm):
    """The programme team's one decision form on a défi: the choice of the decision first,
    then one message, required or optional as that decision says (``MESSAGE_REQUIRED``),
    and, to close the défi, what became of it. The service checks the rules again."""

    action = forms.ChoiceField(
        label=_("Décision"),
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez la décision à prendre."),
            "invalid_choice": _(
                "Cette décision n’est plus possible dans le statut actuel du défi."
            ),
        },
    )
    message = forms.CharField(
        label=_("Message à l’administration"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Envoyé aux agents de l’administration et inscrit dans l’historique."),
    )
    # Only when the défi may be closed: what became of it.
    outcome = forms.ChoiceField(
        label=_("Ce que devient le défi"),
        choices=[("", _("Choisir")), *Outcome.choices],
        error_messages={"required": _("Indiquez ce que devient le défi.")},
    )

    def __init__(self, *args: Any, challenge: Challenge, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "decision_%s")
        super().__init__(*args, **kwargs)
        self.transitions = [
            transition
            for transition in CHALLENGE_WORKFLOW.available(challenge.status)
            if transition.name in STAFF_TRANSITIONS
        ]
        names = [transition.name for transition in self.transitions]
        action = cast(forms.ChoiceField, self.fields["action"])
        action.choices = [(t.name, t.label) for t in self.transitions]
        if len(names) == 1:
            action.initial = names[0]
        if "complete" not in names:
            del self.fields["outcome"]

    @property
    def single(self) -> DecisionChoice | None:
        """The only decision open, when there is one: no choice to make."""
        choices = self.choices()
        return choices[0] if len(choices) == 1 else None

    def choices(self) -> list[DecisionChoice]:
        chosen = self["action"].value()
        return [
            DecisionChoice(
                name=transition.name,
                label=transition.label,
                message_required=transition.name in MESSAGE_REQUIRED,
                checked=transition.name == chosen,
            )
            for transition in self.transitions
        ]

    def message_required_labels(self) -> list[str]:
        return [choice.label for choice in self.choices() if choice.message_required]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("action") in MESSAGE_REQUIRED and not (data.get("message") or "").strip():
            self.add_error(
                "message",
                _(
                    "Écrivez le message qui motive cette décision : "
                    "il est envoyé à l’administration."
                ),
            )
        return data


class NoteForm(DsfrForm):
    text = forms.CharField(
        label=_("Nouvelle annotation"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Visible de l’équipe du programme uniquement, jamais de l’administration."),
        error_messages={"required": _("Écrivez l’annotation avant de l’enregistrer.")},
    )


class OpinionRequestForm(DsfrForm):
    coach = forms.ModelChoiceField(
        label=_("Coach beta.gouv.fr"),
        queryset=User.objects.none(),
        empty_label=_("Choisir un·e coach"),
        error_messages={"required": _("Choisissez le ou la coach à qui demander un avis.")},
    )
    message = forms.CharField(
        label=_("Message au coach"),
        required=False,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ce qui vous intéresse dans son avis : il le reçoit par e-mail."),
    )

    def __init__(self, *args: Any, challenge: Challenge, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelChoiceField, self.fields["coach"])
        field.queryset = coaches_not_asked(challenge)


class PolicyForm(DsfrForm):
    name = forms.CharField(label=_("Intitulé"), max_length=255)
    is_active = forms.BooleanField(
        label=_("Proposée aux administrations"),
        required=False,
        help_text=_("Décochez pour ne plus la proposer : les défis qui la citent la gardent."),
    )
    position = forms.IntegerField(
        label=_("Ordre"),
        min_value=0,
        max_value=32767,
        help_text=_("Les politiques sont proposées de la plus petite à la plus grande valeur."),
    )


class OpinionGiveForm(DsfrForm):
    verdict = forms.ChoiceField(
        label=_("Votre avis"),
        choices=Verdict.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez un avis : favorable, réservé ou défavorable.")},
    )
    text = forms.CharField(
        label=_("Argumentaire"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Ce qui fonde votre avis : l’équipe du programme le lit avant de décider."),
        error_messages={"required": _("Expliquez votre avis en quelques lignes.")},
    )
