"""Forms of the candidates' pages: the profile, a venture, the CV, an application.

They check the shape of what is typed and answer in French; the services enforce
the rules (a wish must be open to the candidate's track in the round, the deadline...).
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.forms.boundfield import BoundWidget
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from eig.candidacies.enums import Gender
from eig.candidacies.models import MOTIVATION_MAX_LENGTH, Candidate, Venture
from eig.candidacies.services import CV_MAX_BYTES, PROFILE_FIELDS
from eig.candidacies.validators import validate_web_url
from eig.challenges.models import Challenge
from eig.core.errors import DomainError
from eig.core.files import pdf_check
from eig.core.forms import RADIO_TEMPLATE, DsfrForm, DsfrModelForm, require_when, text_max_length
from eig.programmes.enums import Track
from eig.programmes.models import Programme

# Saved without them, but an application cannot be submitted until they are filled.
TO_FILL_BEFORE_SUBMITTING = _("à remplir avant le dépôt")
TO_FILL_BEFORE_APPLYING = _("à remplir avant de déposer une candidature")


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
        max_length=text_max_length(Candidate, "skills"),
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
        require_when(self.fields["track"], TO_FILL_BEFORE_APPLYING)
        require_when(self.fields["experience_years"], TO_FILL_BEFORE_APPLYING)
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


@dataclass(frozen=True)
class WishRow:
    """One défi of the application form, in the order shown: ticked ones first, by rank."""

    checkbox: BoundWidget
    challenge: Challenge
    rank: int | None
    rank_label: str
    can_move_up: bool
    can_move_down: bool
    focus: str  # after a move, what keeps the focus: "up", "down", "checkbox", or ""


class CandidacyForm(DsfrForm):
    """The motivation and the ranked wishes.

    Every open défi is a checkbox; the ticked ones, shown first, are the wishes in order
    of preference, moved with "Monter" and "Descendre" buttons. Both are buttons of the
    form: Tab, Space and Enter are enough, and a click re-renders the page in the new
    order without saving anything (no JavaScript needed). The posted ``order`` (one
    hidden input per row) carries the order the person sees.
    """

    motivation = PlainTextField(
        label=_("Votre motivation"),
        required=False,
        max_length=MOTIVATION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 12}),
        help_text=format_lazy(
            _(
                "Pourquoi ce programme, pourquoi ces défis, ce que vous y apporteriez. "
                "{max} caractères au plus."
            ),
            max=_number(MOTIVATION_MAX_LENGTH),
        ),
    )
    wishes = forms.MultipleChoiceField(
        label=_("Vos vœux"), required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(
        self,
        *args: Any,
        challenges: Sequence[Challenge],
        max_choices: int,
        saved_ids: Sequence[int] = (),
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        require_when(self.fields["motivation"], TO_FILL_BEFORE_SUBMITTING)
        self.max_choices = max_choices
        self.challenges = {challenge.pk: challenge for challenge in challenges}
        self.moved: int | None = None
        self.move_direction = ""
        move = str(self.data.get(self.add_prefix("move"), "")) if self.is_bound else ""
        #: A "Monter" / "Descendre" button was used: show the new order, save nothing.
        self.move_requested = bool(move)
        if self.is_bound:
            data: Any = self.data  # a QueryDict: its lists keep the posted order
            ticked = self._open_ids(data.getlist(self.add_prefix("wishes")))
            shown = self._open_ids(data.getlist(self.add_prefix("order")))
            # The rank is the order the rows were shown in, not the order of the ticks.
            chosen = [pk for pk in [*shown, *ticked] if pk in ticked]
            chosen = list(dict.fromkeys(chosen))
        else:
            chosen = self._open_ids(saved_ids)
            shown = []
            self.initial["wishes"] = [str(pk) for pk in chosen]
        rest = list(dict.fromkeys(pk for pk in [*shown, *self.challenges] if pk not in chosen))
        # A button moves a row within its group: the ticked défis (the wishes, in order)
        # or the others (an order kept for when they are ticked). Rows ticked since the
        # page was shown join the wishes, at the place they were shown in.
        self._apply_move(chosen if self.moved_in(chosen, move) else rest, move)
        self.chosen = chosen
        self.order = [*chosen, *rest]
        wishes = self.fields["wishes"]
        assert isinstance(wishes, forms.MultipleChoiceField)  # noqa: S101
        wishes.choices = [
            (str(pk), f"{self.challenges[pk].title} — {self.challenges[pk].organisation}")
            for pk in self.order
        ]

    def _open_ids(self, values: Any) -> list[int]:
        """The open défis among posted or saved ids, once each, in their order."""
        ids = []
        for value in values:
            try:
                pk = int(value)
            except (TypeError, ValueError):
                continue
            if pk in self.challenges and pk not in ids:
                ids.append(pk)
        return ids

    @staticmethod
    def _move_target(move: str) -> tuple[str, int | None]:
        """``move`` is "up-<id>" or "down-<id>"."""
        direction, _sep, value = move.partition("-")
        if direction not in ("up", "down") or not value.isdigit():
            return "", None
        return direction, int(value)

    def moved_in(self, group: list[int], move: str) -> bool:
        return self._move_target(move)[1] in group

    def _apply_move(self, group: list[int], move: str) -> None:
        """Swap the row with its neighbour in its group; say which control keeps the focus."""
        direction, pk = self._move_target(move)
        if pk is None or pk not in group:
            return
        self.moved = pk
        index = group.index(pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(group):
            group[index], group[other] = group[other], group[index]
            index = other
        # At the top (or bottom), the button that moved it is gone: focus the other one,
        # or the checkbox when the row is alone in its group.
        can = {"up": index > 0, "down": index < len(group) - 1}
        opposite = "down" if direction == "up" else "up"
        self.move_direction = next((way for way in (direction, opposite) if can[way]), "checkbox")

    def wish_rows(self) -> list[WishRow]:
        boxes = list(self["wishes"])
        rows = []
        rest = [pk for pk in self.order if pk not in self.chosen]
        for box, pk in zip(boxes, self.order, strict=True):
            rank = self.chosen.index(pk) + 1 if pk in self.chosen else None
            group = self.chosen if rank else rest
            index = group.index(pk)
            rows.append(
                WishRow(
                    checkbox=box,
                    challenge=self.challenges[pk],
                    rank=rank,
                    rank_label=rank_label(rank) if rank else "",
                    can_move_up=index > 0,
                    can_move_down=index < len(group) - 1,
                    focus=self.move_direction if pk == self.moved else "",
                )
            )
        return rows

    def clean_wishes(self) -> list[str]:
        if len(self.chosen) > self.max_choices:
            raise ValidationError(
                _("Choisissez au plus %(max)s défis : vous en avez coché %(count)s."),
                code="too_many",
                params={"max": self.max_choices, "count": len(self.chosen)},
            )
        return [str(pk) for pk in self.chosen]

    def challenge_ids(self) -> list[int]:
        """The chosen défis in order of preference."""
        return list(self.chosen)


class WithdrawForm(DsfrForm):
    reason = PlainTextField(
        label=_("Pourquoi retirez-vous votre candidature ?"),
        help_text=_("Facultatif. Votre réponse nous aide à améliorer le programme."),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        max_length=2000,
    )
