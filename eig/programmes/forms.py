"""Forms of the programme settings pages: shape and French messages; rules stay in services."""

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.utils.translation import gettext_lazy as _

from eig.core.forms import FIELD_TEMPLATE, DsfrForm, DsfrModelForm, PlausibleDateField
from eig.programmes.models import Criterion, PayLevel, Programme, Promotion, Round
from eig.programmes.services import PayLevelData


class ProgrammeSettingsForm(DsfrModelForm):
    class Meta:
        model = Programme
        fields = [
            "max_choices",
            "reviews_per_candidacy",
            "retention_unsuccessful_months",
            "retention_consent_months",
            "impact_min_answers",
        ]


class PromotionForm(DsfrModelForm):
    class Meta:
        model = Promotion
        fields = ["number", "label", "year", "cap"]
        help_texts = {"cap": _("Au moins 1. Le programme prévoit 30 EIG au plus par promotion.")}


class RoundForm(DsfrModelForm):
    class Meta:
        model = Round
        fields = [
            "number",
            "opens_on",
            "challenge_deadline",
            "application_deadline",
            "committee_on",
            "starts_on",
            "ranking_deadline",
            "anonymous_file_review",
        ]
        field_classes = dict.fromkeys(
            [
                "opens_on",
                "challenge_deadline",
                "application_deadline",
                "committee_on",
                "starts_on",
                "ranking_deadline",
            ],
            PlausibleDateField,
        )


class RoundsGenerateForm(DsfrForm):
    year = forms.IntegerField(
        label=_("Année"),
        min_value=2016,
        max_value=2100,
        help_text=_(
            "Les six sessions de l’année : janvier, mars, mai, juillet, septembre, novembre."
        ),
    )

    def __init__(self, *args: Any, promotion: Promotion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.promotion = promotion

    def clean_year(self) -> int:
        year: int = self.cleaned_data["year"]
        if year < self.promotion.year:
            raise forms.ValidationError(
                _("La promotion date de %(year)s : choisissez %(year)s ou une année suivante."),
                code="before_promotion",
                params={"year": self.promotion.year},
            )
        return year


class CriterionForm(DsfrModelForm):
    class Meta:
        model = Criterion
        fields = ["stage", "label", "description", "position", "min_score", "max_score"]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "position": _("Les critères d’une même étape sont présentés dans cet ordre."),
            "max_score": _("La grille du programme note chaque critère de 0 à 5."),
        }


class PayGridForm(DsfrForm):
    name = forms.CharField(label=_("Nom de la version"), max_length=100)
    # The window is the programme's life: the service explains a date already passed.
    valid_from = PlausibleDateField(
        label=_("En vigueur à partir du"),
        help_text=_(
            "Aujourd’hui ou une date à venir. Les contrats déjà signés gardent les montants "
            "de la version qu’ils ont utilisée."
        ),
    )


class PayLevelForm(DsfrForm):
    monthly_net = forms.DecimalField(
        label=_("Rémunération nette mensuelle (€)"),
        max_digits=8,
        decimal_places=2,
        min_value=Decimal("0.01"),
    )
    variable_rate = forms.DecimalField(
        label=_("Taux de la part variable (%)"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
        help_text=_("Part variable annuelle maximale : taux × 12 × rémunération mensuelle."),
    )
    min_experience_years = forms.IntegerField(
        label=_("À partir de (années d’expérience)"),
        min_value=0,
        max_value=60,
    )

    def as_data(self) -> PayLevelData:
        return PayLevelData(
            monthly_net=self.cleaned_data["monthly_net"],
            variable_rate=self.cleaned_data["variable_rate"],
            min_experience_years=self.cleaned_data["min_experience_years"],
        )


class BasePayLevelFormSet(forms.BaseFormSet):
    def clean(self) -> None:
        if any(self.errors):
            return
        kept = self.kept_forms()
        if not kept:
            raise forms.ValidationError(_("Indiquez au moins un niveau."), code="no_level")
        thresholds = [form.cleaned_data["min_experience_years"] for form in kept]
        if len(set(thresholds)) != len(thresholds):
            raise forms.ValidationError(
                _("Deux niveaux ne peuvent pas commencer au même nombre d’années d’expérience."),
                code="duplicate_threshold",
            )
        if min(thresholds) != 0:
            raise forms.ValidationError(
                _("Un niveau doit s’appliquer dès 0 année d’expérience."), code="no_first_level"
            )

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Retirer ce niveau de la nouvelle version")
            form.fields["DELETE"].template_name = FIELD_TEMPLATE  # type: ignore[attr-defined]

    def kept_forms(self) -> list[PayLevelForm]:
        return [
            form
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE", False)
        ]

    def levels(self) -> list[PayLevelData]:
        return [form.as_data() for form in self.kept_forms()]


PayLevelFormSet = cast(
    type[BasePayLevelFormSet],
    forms.formset_factory(
        PayLevelForm,
        formset=BasePayLevelFormSet,
        extra=1,
        can_delete=True,
        can_delete_extra=False,
    ),
)


def pay_level_initial(levels: list[PayLevel]) -> list[dict[str, Any]]:
    return [
        {
            "monthly_net": level.monthly_net,
            "variable_rate": level.variable_rate,
            "min_experience_years": level.min_experience_years,
        }
        for level in levels
    ]
