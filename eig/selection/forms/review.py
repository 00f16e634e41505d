"""Forms of the screening, review and committee pages."""

import datetime
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from eig.core.filter_menus import kept_choices
from eig.core.forms import (
    DsfrForm,
    DsfrModelForm,
    _dsfr_classes,
    require_when,
    text_max_length,
)
from eig.programmes.models import Criterion
from eig.selection.enums import Recommendation
from eig.selection.models import Decision, IneligibilityReason, Score
from eig.selection.selectors.review import active_reasons, reviewers_for_assignment

ELIGIBILITY_CHOICES = [("", "—"), ("eligible", _("Recevable")), ("ineligible", _("Non recevable"))]
COMMITTEE_CHOICES = [
    ("", "—"),
    ("pool", _("Rejoint le vivier")),
    ("not_retained", _("Non retenue")),
]
BULK_ACTIONS = [
    ("", "—"),
    ("eligible", _("Recevable")),
    ("ineligible", _("Non recevable")),
    ("pool", _("Comité : rejoint le vivier")),
    ("not_retained", _("Comité : non retenue")),
]
DECISION_COMMENT_MAX_LENGTH = text_max_length(Decision, "comment")
SCORE_CHOICES = [("", "—")] + [(str(value), str(value)) for value in range(6)]


class ReasonForm(DsfrModelForm):
    class Meta:
        model = IneligibilityReason
        fields = ["label", "position", "is_active"]
        help_texts = {
            "is_active": _(
                "Décochez pour ne plus proposer ce motif ; "
                "les décisions qui l’utilisent le gardent."
            ),
            "position": _("Les motifs sont proposés dans cet ordre."),
        }


class ReasonChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            queryset=active_reasons(),
            label=_("Motif de non-recevabilité"),
            required=False,
            **kwargs,
        )
        require_when(self, _("obligatoire si la candidature n’est pas recevable"))
        # Read once per change of the recorded data, not on every page that shows it.
        self.choices = kept_choices(self)


def _require_reason(form: forms.Form, ineligible: bool) -> None:
    if ineligible and not form.cleaned_data.get("reason"):
        form.add_error("reason", _("Choisissez le motif de non-recevabilité."))


def version_field() -> forms.CharField:
    """The version of the decision the form was filled against (``decision_version``)."""
    return forms.CharField(widget=forms.HiddenInput, required=False)


class ScreeningForm(DsfrForm):
    version = version_field()
    eligibility = forms.ChoiceField(label=_("Recevabilité"), choices=ELIGIBILITY_CHOICES)
    reason = ReasonChoiceField()
    comment = forms.CharField(
        label=_("Précisions"),
        required=False,
        max_length=DECISION_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        _require_reason(self, cleaned.get("eligibility") == "ineligible")
        return cleaned


# What a bulk decision acts on: the rows ticked on the page shown, or every row that
# matches the board's filters, on every page (then confirmed with its count first).
SCOPE_CHECKED = "checked"
SCOPE_FILTERED = "filtered"
BULK_SCOPES = [
    (SCOPE_CHECKED, _("Les candidatures cochées")),
    (SCOPE_FILTERED, _("Toute la sélection filtrée")),
]


class BulkDecisionForm(DsfrForm):
    # Not required: a form without it (as sent before the choice existed) means the
    # ticked rows.
    scope = forms.ChoiceField(
        label=_("Appliquer à"),
        choices=BULK_SCOPES,
        required=False,
        initial=SCOPE_CHECKED,
        widget=forms.RadioSelect,
    )
    action = forms.ChoiceField(label=_("Décision à enregistrer"), choices=BULK_ACTIONS)
    reason = ReasonChoiceField()
    comment = forms.CharField(
        label=_("Justification"),
        required=False,
        max_length=DECISION_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm_missing_reviews = forms.BooleanField(
        label=_("Je confirme la décision du comité sur ces dossiers sans toutes leurs évaluations"),
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        require_when(self.fields["comment"], _("obligatoire pour une décision du comité"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        cleaned["scope"] = cleaned.get("scope") or SCOPE_CHECKED
        action = cleaned.get("action")
        _require_reason(self, action == "ineligible")
        if action in ("pool", "not_retained") and not cleaned.get("comment", "").strip():
            self.add_error("comment", _("Donnez la raison de la décision du comité."))
        return cleaned


class FilteredConfirmForm(DsfrForm):
    """The confirmation of a bulk decision on « toute la sélection filtrée »: what the
    person was shown (``eig.selection.services.board``)."""

    confirmed = forms.CharField(widget=forms.HiddenInput, initial="1")
    expected_count = forms.IntegerField(min_value=0, widget=forms.HiddenInput)
    fingerprint = forms.CharField(max_length=64, widget=forms.HiddenInput)
    shown_at = forms.CharField(max_length=64, required=False, widget=forms.HiddenInput)
    confirm_missing_reviews = forms.BooleanField(
        label=_("Je confirme la décision du comité sur ces dossiers sans toutes leurs évaluations"),
        required=False,
    )

    def clean_shown_at(self) -> datetime.datetime | None:
        try:
            shown_at = datetime.datetime.fromisoformat(self.cleaned_data.get("shown_at") or "")
        except ValueError:
            return None
        return shown_at if shown_at.tzinfo is not None else None


class CommitteeForm(DsfrForm):
    version = version_field()
    outcome = forms.ChoiceField(label=_("Décision du comité"), choices=COMMITTEE_CHOICES)
    comment = forms.CharField(
        label=_("Raison"),
        max_length=DECISION_COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PublishForm(DsfrForm):
    confirm_missing_reviews = forms.BooleanField(
        label=_("Je confirme la publication de ces décisions sans toutes leurs évaluations"),
        required=False,
    )


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.get_full_name() or obj.email} ({obj.get_role_display()})"


class AssignForm(DsfrForm):
    reviewer = ReviewerChoiceField(
        label=_("Évaluateur·rice à ajouter"), queryset=reviewers_for_assignment()
    )


class StaffConflictForm(DsfrForm):
    reviewer = ReviewerChoiceField(
        label=_("Évaluateur·rice en conflit"), queryset=reviewers_for_assignment()
    )
    reason = forms.CharField(label=_("Nature du lien"), max_length=255)


class ConflictSearchForm(DsfrForm):
    """The full name a reviewer types to find a person among the round's applications."""

    nom = forms.CharField(
        label=_("Prénom et nom de la personne"),
        help_text=_(
            "Le nom complet, tel que la personne l’écrit : seul un nom identique est reconnu."
        ),
        max_length=300,
        error_messages={"required": _("Tapez le prénom et le nom de la personne.")},
    )


class ConflictForm(DsfrForm):
    """The declaration: the name found (carried again, never an id) and the link."""

    nom = forms.CharField(widget=forms.HiddenInput, max_length=300)
    reason = forms.CharField(
        label=_("Nature du lien"),
        help_text=_("Par exemple : ancienne collègue, associé, proche."),
        max_length=255,
        error_messages={"required": _("Précisez la nature du lien.")},
    )


class ReviewForm(DsfrForm):
    """One score (0–5) and one comment per file criterion, then the recommendation.

    Everything is required to submit (the errors sit next to each field); a draft may
    be partial. The service checks the same rules again."""

    recommendation = forms.ChoiceField(
        label=_("Recommandation générale"),
        choices=[("", "—"), *Recommendation.choices],
        error_messages={"required": _("Donnez votre recommandation pour rendre l’évaluation.")},
    )
    comment = forms.CharField(
        label=_("Commentaire général"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        self.criteria = criteria
        super().__init__(*args, **kwargs)
        for criterion in criteria:
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("Note de 0 à 5"),
                choices=SCORE_CHOICES,
                coerce=int,
                empty_value=None,
                error_messages={"required": _("Notez ce critère pour rendre l’évaluation.")},
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("Commentaire"),
                max_length=text_max_length(Score, "comment"),
                widget=forms.Textarea(attrs={"rows": 3}),
                error_messages={"required": _("Commentez ce critère pour rendre l’évaluation.")},
            )
        # Re-apply the DSFR look to the fields added after the mixin ran.
        for field in self.fields.values():
            _dsfr_classes(field)
        if self.is_bound and self.data.get("action") != "submit":
            for field in self.fields.values():
                field.required = False

    def criterion_fields(self) -> list[tuple[Criterion, Any, Any]]:
        return [
            (criterion, self[f"score_{criterion.pk}"], self[f"comment_{criterion.pk}"])
            for criterion in self.criteria
        ]
