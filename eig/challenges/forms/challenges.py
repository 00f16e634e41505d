"""Forms of the agents' pages: the défi's file section by section, its indicators and
its attachments. Saving a section never requires its fields: completeness is checked
when the défi is submitted (``completeness.missing_by_section``)."""

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from eig.challenges.completeness import REQUIRED_TEXT
from eig.challenges.enums import Approach, BetaPhase
from eig.challenges.models import Challenge, Indicator, PriorityPolicy
from eig.challenges.services.challenges import ATTACHMENT_MAX_BYTES, pdf_check
from eig.core.errors import DomainError
from eig.core.forms import RADIO_TEMPLATE, DsfrForm, DsfrModelForm, require_when
from eig.organisations.models import Organisation

BETA_HOST = "beta.gouv.fr"


def _textarea(rows: int = 5) -> forms.Textarea:
    return forms.Textarea(attrs={"rows": rows})


class ChallengeCreateForm(DsfrForm):
    """The title and, when the agent acts for several administrations, which one."""

    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(),
        label=_("Administration porteuse"),
        help_text=_("Le défi sera visible par tous les agents de cette administration."),
        empty_label=_("Choisissez une administration"),
    )
    title = forms.CharField(
        label=_("Titre du défi"),
        max_length=200,
        help_text=_(
            "Une phrase courte qui dit ce que le défi veut changer. Vous pourrez la modifier."
        ),
    )

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.single_organisation = organisations.first() if len(organisations) == 1 else None
        if self.single_organisation is not None:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]

    def chosen_organisation(self) -> Organisation:
        return self.single_organisation or self.cleaned_data["organisation"]


NEEDED_TO_SUBMIT = frozenset(
    field for fields in REQUIRED_TEXT.values() for field, _label in fields
) | {"approach"}


TO_FILL_BEFORE_SUBMITTING = _("à remplir avant le dépôt")


class SectionForm(DsfrModelForm):
    """One section of the défi's file. ``legend`` groups its fields when set."""

    legend: Any = None

    class Meta:
        model = Challenge
        fields: Sequence[str] = ()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            field.required = name == "title"
            # Drafts save without it, but the défi cannot be submitted until it is filled.
            if name in NEEDED_TO_SUBMIT:
                require_when(field, TO_FILL_BEFORE_SUBMITTING)
            if isinstance(field.widget, forms.RadioSelect):
                field.template_name = RADIO_TEMPLATE  # type: ignore[attr-defined]

    def section_data(self) -> dict[str, Any]:
        """The values to give ``challenge_update``."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class ProblemForm(SectionForm):
    class Meta:
        model = Challenge
        fields = ("title", "problem", "affected_users")
        labels = {
            "title": _("Titre du défi"),
            "problem": _("Le problème à résoudre"),
            "affected_users": _("Qui en souffre"),
        }
        help_texts = {
            "title": _("Une phrase courte qui dit ce que le défi veut changer."),
            "problem": _(
                "La situation actuelle, ce qui ne fonctionne pas et pourquoi c’est important. "
                "Appuyez-vous sur des faits et des chiffres."
            ),
            "affected_users": _(
                "Les personnes concernées (usagers, agents, partenaires…) et combien elles sont."
            ),
        }
        widgets = {"problem": _textarea(8), "affected_users": _textarea()}


class SponsorForm(SectionForm):
    class Meta:
        model = Challenge
        fields = ("sponsor_name", "sponsor_role", "sponsor_commitment")
        labels = {
            "sponsor_name": _("Prénom et nom du sponsor"),
            "sponsor_role": _("Fonction du sponsor"),
            "sponsor_commitment": _("Engagement du sponsor"),
        }
        help_texts = {
            "sponsor_name": _(
                "La personne de haut niveau qui soutient le défi : directrice, directeur, "
                "secrétaire général·e, préfète, préfet…"
            ),
            "sponsor_role": _("Par exemple « Directrice générale des services »."),
            "sponsor_commitment": _(
                "En quelques lignes, ce à quoi le sponsor s’engage : temps consacré, décisions, "
                "levée des blocages."
            ),
        }
        widgets = {"sponsor_commitment": _textarea()}


class ExperimentationForm(SectionForm):
    class Meta:
        model = Challenge
        fields = ("first_users", "plan_3_months", "plan_6_months")
        labels = {
            "first_users": _("Les premiers utilisateurs"),
            "plan_3_months": _("Objectifs à 3 mois"),
            "plan_6_months": _("Objectifs à 6 mois"),
        }
        help_texts = {
            "first_users": _(
                "Avec qui le service sera-t-il testé en premier ? Un territoire, un service, "
                "un public précis…"
            ),
            "plan_3_months": _("Ce qui sera testé par de vrais utilisateurs au bout de 3 mois."),
            "plan_6_months": _("Ce qui sera utilisé, et par combien de personnes, à 6 mois."),
        }
        widgets = {
            "first_users": _textarea(),
            "plan_3_months": _textarea(),
            "plan_6_months": _textarea(),
        }


class TeamForm(SectionForm):
    class Meta:
        model = Challenge
        fields = ("team", "budget", "autonomy")
        labels = {
            "team": _("L’équipe"),
            "budget": _("Le budget"),
            "autonomy": _("Les conditions d’autonomie"),
        }
        help_texts = {
            "team": _(
                "Qui travaillera avec les EIG au quotidien (agents métier, développeurs, "
                "designers…) et à quel temps."
            ),
            "budget": _("Les moyens prévus en plus des EIG : hébergement, prestations, formation…"),
            "autonomy": _(
                "Comment l’équipe pourra choisir ses outils, rencontrer les usagers, publier "
                "son code en open source…"
            ),
        }
        widgets = {"team": _textarea(), "budget": _textarea(3), "autonomy": _textarea()}


class ApproachForm(SectionForm):
    class Meta:
        model = Challenge
        fields = ("approach", "beta_product_url", "beta_phase", "incubator")
        labels = {
            "approach": _("Le projet et l’approche beta.gouv.fr"),
            "beta_product_url": _("Adresse de la fiche produit sur beta.gouv.fr"),
            "beta_phase": _("Phase du produit"),
            "incubator": _("Incubateur"),
        }
        help_texts = {
            "approach": _(
                "L’approche beta.gouv.fr : partir du problème des usagers, tester tôt, mesurer "
                "l’impact, publier le code. Un projet qui ne la suit pas encore passe d’abord "
                "par une phase d’investigation."
            ),
            "beta_product_url": _(
                "Si le projet suit déjà l’approche. "
                "Par exemple : https://beta.gouv.fr/startups/mon-service.html"
            ),
            "beta_phase": _("Si le projet suit déjà l’approche."),
            "incubator": _("L’incubateur beta.gouv.fr qui accompagne le projet, s’il y en a un."),
        }
        widgets = {"approach": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["approach"].choices = Approach.choices  # type: ignore[attr-defined]
        self.fields["beta_phase"].choices = [  # type: ignore[attr-defined]
            ("", _("Choisissez une phase")),
            *BetaPhase.choices,
        ]

    def clean_beta_product_url(self) -> str:
        url: str = self.cleaned_data["beta_product_url"]
        if not url:
            return url
        host = (urlsplit(url).hostname or "").lower()
        if host != BETA_HOST and not host.endswith(f".{BETA_HOST}"):
            raise ValidationError(
                _(
                    "L’adresse doit être une page de beta.gouv.fr, par exemple "
                    "https://beta.gouv.fr/startups/mon-service.html"
                ),
                code="not_beta",
            )
        return url


class ProfilesForm(SectionForm):
    legend = _("Les profils que vous recherchez (un ou les deux)")

    class Meta:
        model = Challenge
        fields = ("wants_product", "wants_tech")
        labels = {
            "wants_product": _("Un·e directeur·rice produit"),
            "wants_tech": _("Un·e directeur·rice technique"),
        }
        help_texts = {
            "wants_product": _("Porte la vision du produit, ses usagers et son impact."),
            "wants_tech": _("Porte l’architecture, le code et les choix techniques."),
        }


OTHER_POLICY = "autre"


class PolicyForm(DsfrForm):
    """The priority policy served: one of the list staff keep, or « Autre » with a text."""

    legend: Any = None
    policy = forms.ChoiceField(
        label=_("Politique prioritaire servie"),
        help_text=_(
            "La politique prioritaire du Gouvernement que le défi sert. Si elle n’est pas "
            "dans la liste, choisissez « Autre » et précisez-la."
        ),
        widget=forms.RadioSelect,
        required=False,
    )
    priority_policy_other = forms.CharField(
        label=_("Autre politique prioritaire"),
        help_text=_("À remplir si vous avez choisi « Autre »."),
        max_length=255,
        required=False,
    )

    def __init__(self, *args: Any, instance: Challenge, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # An inactive policy stays offered to the défis that already chose it.
        policies = PriorityPolicy.objects.filter(
            Q(is_active=True) | Q(pk=instance.priority_policy_id)
        )
        self.policies = {str(policy.pk): policy for policy in policies}
        policy_field = self.fields["policy"]
        policy_field.choices = [  # type: ignore[attr-defined]
            *((pk, policy.name) for pk, policy in self.policies.items()),
            (OTHER_POLICY, _("Autre")),
        ]
        policy_field.template_name = RADIO_TEMPLATE  # type: ignore[attr-defined]
        require_when(policy_field, TO_FILL_BEFORE_SUBMITTING)
        if instance.priority_policy_id:
            self.initial.setdefault("policy", str(instance.priority_policy_id))
        elif instance.priority_policy_other:
            self.initial.setdefault("policy", OTHER_POLICY)
        self.initial.setdefault("priority_policy_other", instance.priority_policy_other)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        other = cleaned.get("priority_policy_other", "").strip()
        if not cleaned.get("policy") and other:
            cleaned["policy"] = OTHER_POLICY
        if cleaned.get("policy") == OTHER_POLICY and not other:
            self.add_error(
                "priority_policy_other",
                _("Précisez la politique prioritaire, puisque vous avez choisi « Autre »."),
            )
        cleaned["priority_policy_other"] = other
        return cleaned

    def section_data(self) -> dict[str, Any]:
        choice = self.cleaned_data.get("policy")
        if choice == OTHER_POLICY:
            return {
                "priority_policy": None,
                "priority_policy_other": self.cleaned_data["priority_policy_other"],
            }
        return {"priority_policy": self.policies.get(choice or ""), "priority_policy_other": ""}


@dataclass(frozen=True)
class EditableSection:
    """A section of the file edited on its own page (``slug`` in the URL)."""

    slug: str
    key: str  # the key of ``completeness.SECTIONS``
    form_class: type[SectionForm] | type[PolicyForm]


EDITABLE_SECTIONS = (
    EditableSection("probleme", "problem", ProblemForm),
    EditableSection("politique", "policy", PolicyForm),
    EditableSection("sponsor", "sponsor", SponsorForm),
    EditableSection("experimentation", "experimentation", ExperimentationForm),
    EditableSection("equipe", "team", TeamForm),
    EditableSection("approche", "approach", ApproachForm),
    EditableSection("profils", "profiles", ProfilesForm),
)
SECTION_BY_SLUG = {section.slug: section for section in EDITABLE_SECTIONS}
SLUG_BY_KEY = {section.key: section.slug for section in EDITABLE_SECTIONS}

_SPACES = re.compile(r"[\s\u00a0\u202f]")


class FrenchDecimalField(forms.DecimalField):
    """A number typed the French way (« 12,5 », « 1 000 ») or with a dot."""

    widget = forms.TextInput

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            value = _SPACES.sub("", value).replace(",", ".")
        return super().to_python(value)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, Decimal):
            text = f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}"
            return text.replace(".", ",")
        return value

    def widget_attrs(self, widget: forms.Widget) -> dict[str, Any]:
        return {**super().widget_attrs(widget), "inputmode": "decimal"}


class IndicatorForm(DsfrModelForm):
    baseline = FrenchDecimalField(
        label=_("Valeur de départ"),
        max_digits=14,
        decimal_places=2,
        help_text=_("La valeur aujourd’hui. Par exemple : 90 ou 12,5."),
    )
    target = FrenchDecimalField(
        label=_("Valeur cible"),
        max_digits=14,
        decimal_places=2,
        help_text=_("La valeur visée à la fin du défi."),
    )

    class Meta:
        model = Indicator
        fields = ("name", "baseline", "target", "unit", "data_source")
        labels = {
            "name": _("Nom de l’indicateur"),
            "unit": _("Unité"),
            "data_source": _("Source des données"),
        }
        help_texts = {
            "name": _("Ce que vous mesurez. Par exemple : « Délai moyen de traitement »."),
            "unit": _("Par exemple : jours, %, demandes par mois."),
            "data_source": _("D’où vient la mesure : outil métier, tableau de bord, enquête…"),
        }

    def indicator_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class AttachmentForm(DsfrForm):
    file = forms.FileField(
        label=_("Document PDF"),
        help_text=format_lazy(
            _("Format PDF uniquement, {size} Mo au plus."),
            size=ATTACHMENT_MAX_BYTES // 1024 // 1024,
        ),
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf", "class": "fr-upload"}),
    )

    def clean_file(self) -> Any:
        uploaded = self.cleaned_data["file"]
        try:
            pdf_check(uploaded)
        except DomainError as error:
            raise ValidationError(error.message, code="not_pdf") from error
        return uploaded


class SubmitForm(DsfrForm):
    """The round the agent was shown, so a deadline passing meanwhile is caught."""

    confirmed_round = forms.IntegerField(widget=forms.HiddenInput, required=False)


class WithdrawForm(DsfrForm):
    reason = forms.CharField(
        label=_("Pourquoi retirez-vous ce défi ?"),
        help_text=_("Le message est transmis à l’équipe du programme."),
        widget=_textarea(4),
        required=False,
        max_length=2000,
    )
