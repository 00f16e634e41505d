"""Forms of the candidates' pages: the profile, a venture, the CV, an application.

They check the shape of what is typed and answer in French; the services enforce
the rules (a wish must be open to the candidate's track in the round, the deadline...).
"""

from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from eig.candidacies.enums import Gender
from eig.candidacies.models import MOTIVATION_MAX_LENGTH, Candidate, Venture
from eig.candidacies.services import CV_MAX_BYTES, PROFILE_FIELDS
from eig.candidacies.validators import validate_web_url
from eig.challenges.models import Challenge
from eig.core.errors import DomainError
from eig.core.files import pdf_check
from eig.core.forms import DsfrForm, DsfrModelForm
from eig.programmes.enums import Track
from eig.programmes.models import Programme

RADIO_TEMPLATE = "candidacies/candidate/_radio_field.html"
CHARACTER_COUNT_TEMPLATE = "candidacies/candidate/_character_count_field.html"


def _number(value: int) -> str:
    """4000 → "4 000", as French writes it (a narrow no-break space)."""
    return f"{value:,}".replace(",", "\u202f")


class WebUrlField(forms.URLField):
    """A web link: ``javascript:``, ``data:``… are refused with one clear message."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("assume_scheme", "https")
        kwargs.setdefault("required", False)
        kwargs.setdefault("max_length", 200)
        super().__init__(**kwargs)
        self.widget.attrs.setdefault("placeholder", "https://")

    def run_validators(self, value: Any) -> None:
        if value in self.empty_values:
            return
        validate_web_url(value)  # the scheme first: its message says what to change
        super().run_validators(value)


class PlainTextField(forms.CharField):
    """A text whose line breaks count for one character, as the browser counts them."""

    def to_python(self, value: Any) -> str:
        return str(super().to_python(value)).replace("\r\n", "\n")


def _radio(field: forms.Field) -> None:
    field.template_name = RADIO_TEMPLATE  # type: ignore[attr-defined]


class ProfileForm(DsfrModelForm):
    """The profile itself: track, experience, skills, contact, links, gender, consent."""

    track = forms.ChoiceField(
        label=_("Le profil pour lequel vous candidatez"),
        choices=Track.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_("Il détermine les défis auxquels vous pouvez candidater."),
    )
    experience_years = forms.IntegerField(
        label=_("Années d’expérience professionnelle"),
        min_value=0,
        max_value=60,
        required=False,
        help_text=_("Un nombre entier, par exemple 12."),
    )
    skills = forms.CharField(
        label=_("Vos compétences"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Par exemple : stratégie produit, recherche utilisateur, architecture, Python."
        ),
    )
    phone = forms.CharField(
        label=_("Téléphone"),
        required=False,
        max_length=32,
        validators=[
            RegexValidator(
                r"^\+?[0-9 .()-]{6,}$",
                _("Saisissez un numéro de téléphone, par exemple 06 12 34 56 78."),
                code="phone",
            )
        ],
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
        help_text=_("Pour vous joindre si vous êtes convoqué·e en entretien."),
    )
    portfolio_url = WebUrlField(
        label=_("Portfolio"), help_text=_("Un lien commençant par https://")
    )
    code_url = WebUrlField(
        label=_("Code (forge)"),
        help_text=_("Par exemple votre page GitHub, GitLab ou Codeberg."),
    )
    professional_url = WebUrlField(
        label=_("Profil professionnel"), help_text=_("Par exemple votre page LinkedIn.")
    )
    gender = forms.ChoiceField(
        label=_("Genre"),
        choices=Gender.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text=_(
            "Facultatif. Nous le demandons uniquement pour mesurer l’égalité de traitement "
            "entre les femmes et les hommes dans le recrutement. Il n’est jamais montré aux "
            "évaluateur·rices ni aux administrations."
        ),
    )
    agrees_to_be_contacted = forms.BooleanField(
        label=_("J’accepte d’être recontacté·e pour de prochaines sessions de recrutement"),
        required=False,
    )

    class Meta:
        model = Candidate
        fields: Sequence[str] = (
            "track",
            "experience_years",
            "skills",
            "phone",
            "portfolio_url",
            "code_url",
            "professional_url",
            "gender",
            "agrees_to_be_contacted",
        )

    def __init__(self, *args: Any, programme: Programme | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _radio(self.fields["track"])
        _radio(self.fields["gender"])
        self.fields["agrees_to_be_contacted"].help_text = _consent_help(programme)

    def profile_data(self) -> dict[str, Any]:
        """The values to give ``candidate_update``."""
        return {
            name: self.cleaned_data[name] for name in self.Meta.fields if name in PROFILE_FIELDS
        }


def _retention(programme: Programme | None, name: str) -> int:
    if programme is not None:
        return int(getattr(programme, name))
    return int(Programme._meta.get_field(name).get_default())  # type: ignore[union-attr]


def _consent_help(programme: Programme | None) -> str:
    return str(
        _(
            "Si vous n’êtes pas retenu·e, vos données personnelles sont conservées au plus "
            "%(unsuccessful)s mois après la décision, puis anonymisées. Si vous acceptez "
            "d’être recontacté·e, elles sont conservées au plus %(consent)s mois après notre "
            "dernier contact. Vous pouvez changer d’avis à tout moment."
        )
    ) % {
        "unsuccessful": _retention(programme, "retention_unsuccessful_months"),
        "consent": _retention(programme, "retention_consent_months"),
    }


def _prompt(field: forms.Field, prompt: Any) -> None:
    """Replace the empty choice "---------" of a select with a sentence."""
    choices = list(field.choices)  # type: ignore[attr-defined]
    field.choices = [("", prompt), *(c for c in choices if c[0] != "")]  # type: ignore[attr-defined]


class VentureForm(DsfrModelForm):
    """One entrepreneurial experience."""

    class Meta:
        model = Venture
        fields: Sequence[str] = (
            "name",
            "role",
            "start_year",
            "end_year",
            "team_size",
            "outcome",
            "description",
            "description_identifying",
        )
        widgets = {"description": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "start_year": _("Sur 4 chiffres, par exemple 2015."),
            "team_size": _("Le nombre de personnes au plus fort de l’aventure."),
            "description": _(
                "Ce que vous avez construit, les décisions que vous avez prises, les résultats."
            ),
        }
        error_messages = {
            "start_year": {"min_value": _("Saisissez une année à partir de 1960.")},
            "end_year": {"min_value": _("Saisissez une année à partir de 1960.")},
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _prompt(self.fields["role"], _("Choisissez un rôle"))
        _prompt(self.fields["outcome"], _("Choisissez une issue"))

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        start, end = cleaned.get("start_year"), cleaned.get("end_year")
        if start is not None and end is not None and end < start:
            self.add_error(
                "end_year",
                ValidationError(
                    _("L’année de fin doit être celle du début ou une année suivante."),
                    code="years_in_order",
                ),
            )
        return cleaned

    def venture_data(self) -> dict[str, Any]:
        """The values to give ``venture_save``."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class CvForm(DsfrForm):
    file = forms.FileField(
        label=_("Votre CV"),
        help_text=format_lazy(
            _("Format PDF uniquement, {size} Mo au plus."), size=CV_MAX_BYTES // 1024 // 1024
        ),
        widget=forms.FileInput(attrs={"accept": "application/pdf,.pdf", "class": "fr-upload"}),
        error_messages={"required": _("Choisissez un fichier PDF.")},
    )

    def clean_file(self) -> Any:
        uploaded = self.cleaned_data["file"]
        try:
            pdf_check(uploaded, max_bytes=CV_MAX_BYTES)
        except DomainError as error:
            raise ValidationError(error.message, code="not_pdf") from error
        return uploaded


def rank_label(rank: int) -> str:
    """1 → "1er vœu", 2 → "2e vœu"."""
    if rank == 1:
        return str(_("1er vœu"))
    return str(_("%(rank)se vœu")) % {"rank": rank}


class CandidacyForm(DsfrForm):
    """The motivation and the ranked wishes: one select per rank, first = preferred."""

    motivation = PlainTextField(
        label=_("Votre motivation"),
        required=False,
        max_length=MOTIVATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12, "data-character-count": "true"}),
        help_text=format_lazy(
            _(
                "Pourquoi ce programme, pourquoi ces défis, ce que vous y apporteriez. "
                "{max} caractères au plus."
            ),
            max=_number(MOTIVATION_MAX_LENGTH),
        ),
    )

    def __init__(
        self, *args: Any, challenges: Sequence[Challenge], max_choices: int, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["motivation"].template_name = CHARACTER_COUNT_TEMPLATE  # type: ignore[attr-defined]
        options = [("", _("Aucun défi choisi"))] + [
            (str(challenge.pk), f"{challenge.title} — {challenge.organisation}")
            for challenge in challenges
        ]
        self.max_choices = max_choices
        for rank in range(1, max_choices + 1):
            field = forms.ChoiceField(label=rank_label(rank), choices=options, required=False)
            field.widget.attrs["class"] = "fr-select"
            field.template_name = "core/forms/field.html"  # type: ignore[attr-defined]
            self.fields[self.wish_name(rank)] = field

    @staticmethod
    def wish_name(rank: int) -> str:
        return f"wish_{rank}"

    def wish_fields(self) -> list[forms.BoundField]:
        return [self[self.wish_name(rank)] for rank in range(1, self.max_choices + 1)]

    def clean(self) -> dict[str, Any]:
        super().clean()
        cleaned = self.cleaned_data
        seen: dict[str, int] = {}
        for rank in range(1, self.max_choices + 1):
            value = cleaned.get(self.wish_name(rank))
            if not value:
                continue
            if value in seen:
                self.add_error(
                    self.wish_name(rank),
                    ValidationError(
                        _("Ce défi est déjà votre %(label)s : choisissez-en un autre."),
                        code="duplicate",
                        params={"label": rank_label(seen[value])},
                    ),
                )
            else:
                seen[value] = rank
        return cleaned

    def challenge_ids(self) -> list[int]:
        """The chosen défis in order of preference; an empty rank is skipped."""
        values = (self.cleaned_data.get(self.wish_name(r)) for r in range(1, self.max_choices + 1))
        return [int(value) for value in values if value]


class WithdrawForm(DsfrForm):
    reason = PlainTextField(
        label=_("Pourquoi retirez-vous votre candidature ?"),
        help_text=_("Facultatif. Votre réponse nous aide à améliorer le programme."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )
