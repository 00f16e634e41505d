"""Forms of the interviews, proposals and jury pages: shape and French messages only;
the rules live in the services."""

import datetime
import zoneinfo
from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from eig.accounts.models import User
from eig.candidacies.validators import validate_web_url
from eig.core.dates import AROUND_NOW
from eig.core.forms import DsfrForm, PlausibleDateField, _dsfr_classes, text_max_length
from eig.programmes.models import Criterion
from eig.selection.enums import ProposalStatus, Recommendation
from eig.selection.models import Proposal, Score
from eig.selection.selectors.interviews import interviewer_choices
from eig.selection.services.interviews import MAX_DURATION_MINUTES, CriterionScore, InterviewPlan

PARIS = zoneinfo.ZoneInfo("Europe/Paris")


class TimeInput(forms.TimeInput):
    input_type = "time"

    def __init__(self) -> None:
        super().__init__(format="%H:%M")


class InterviewPlanForm(DsfrForm):
    day = PlausibleDateField(label=_("Date"), window=AROUND_NOW)
    time = forms.TimeField(
        label=_("Heure de début"),
        help_text=_("Heure de Paris, par exemple 14:30."),
        widget=TimeInput(),
    )
    duration_minutes = forms.IntegerField(
        label=_("Durée (minutes)"), min_value=10, max_value=MAX_DURATION_MINUTES, initial=45
    )
    location = forms.CharField(
        label=_("Lieu"),
        required=False,
        max_length=255,
        help_text=_("Adresse et salle. Laissez vide pour un entretien à distance seulement."),
    )
    video_url = forms.URLField(
        label=_("Lien de visioconférence"),
        required=False,
        assume_scheme="https",
        validators=[validate_web_url],
        help_text=_("Une adresse web complète, par exemple https://visio.numerique.gouv.fr/…"),
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        nowhere = not data.get("location", "").strip() and not data.get("video_url", "").strip()
        if nowhere and "location" not in self.errors and "video_url" not in self.errors:
            self.add_error("location", _("Indiquez un lieu ou un lien de visioconférence."))
        return data

    def plan(self) -> InterviewPlan:
        data = self.cleaned_data
        starts_at = datetime.datetime.combine(data["day"], data["time"], tzinfo=PARIS)
        return InterviewPlan(
            starts_at=starts_at,
            duration_minutes=data["duration_minutes"],
            location=data.get("location", ""),
            video_url=data.get("video_url", ""),
        )

    @classmethod
    def initial_from(cls, interview: Any) -> dict[str, Any]:
        local = interview.starts_at.astimezone(PARIS)
        return {
            "day": local.date(),
            "time": local.time().replace(second=0, microsecond=0),
            "duration_minutes": interview.duration_minutes,
            "location": interview.location,
            "video_url": interview.video_url,
        }


class InterviewersField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.full_name or obj.email} ({obj.email})"


class InterviewScheduleForm(InterviewPlanForm):
    interviewers = InterviewersField(
        label=_("Personnes qui mènent l’entretien"),
        queryset=User.objects.none(),
        help_text=_(
            "Membres de l’équipe du programme ou évaluateur·rices. Plusieurs choix possibles."
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = cast(forms.ModelMultipleChoiceField, self.fields["interviewers"])
        field.queryset = interviewer_choices()


class InterviewCancelForm(DsfrForm):
    reason = forms.CharField(
        label=_("Message aux personnes invitées"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class InterviewReviewForm(DsfrForm):
    """One score (with its comment) per interview criterion, then a recommendation."""

    def __init__(self, *args: Any, criteria: list[Criterion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        for criterion in criteria:
            choices = [("", _("Choisir une note"))] + [
                (str(value), str(value))
                for value in range(criterion.min_score, criterion.max_score + 1)
            ]
            self.fields[f"score_{criterion.pk}"] = forms.TypedChoiceField(
                label=_("%(label)s : note") % {"label": criterion.label},
                choices=choices,
                coerce=int,
                help_text=criterion.description,
            )
            self.fields[f"comment_{criterion.pk}"] = forms.CharField(
                label=_("%(label)s : commentaire") % {"label": criterion.label},
                max_length=text_max_length(Score, "comment"),
                widget=forms.Textarea(attrs={"rows": 3}),
            )
        self.fields["recommendation"] = forms.ChoiceField(
            label=_("Recommandation"),
            choices=[("", _("Choisir une recommandation")), *Recommendation.choices],
        )
        self.fields["comment"] = forms.CharField(
            label=_("Commentaire général"), required=False, widget=forms.Textarea(attrs={"rows": 4})
        )
        for field in self.fields.values():
            _dsfr_classes(field)

    def scores(self) -> dict[int, CriterionScore]:
        data = self.cleaned_data
        return {
            criterion.pk: CriterionScore(
                value=data[f"score_{criterion.pk}"], comment=data[f"comment_{criterion.pk}"]
            )
            for criterion in self.criteria
        }


class JuryOpinionForm(DsfrForm):
    decision = forms.ChoiceField(
        label=_("Décision du jury"),
        choices=[
            ("", _("Choisir")),
            (ProposalStatus.RETAINED, _("Le jury retient cette personne")),
            (ProposalStatus.NOT_RETAINED, _("Le jury ne retient pas cette personne")),
        ],
    )
    opinion = forms.CharField(
        label=_("Avis du jury"),
        help_text=_("Ce qui a convaincu ou non le jury, en quelques phrases."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )


class JuryRankingForm(DsfrForm):
    """A rank for each candidate the jury retained."""

    def __init__(self, *args: Any, proposals: list[Proposal], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.proposals = proposals
        count = len(proposals)
        for proposal in proposals:
            self.fields[f"rank_{proposal.pk}"] = forms.TypedChoiceField(
                label=_("Rang de %(name)s") % {"name": proposal.candidacy.candidate.user},
                choices=[("", _("Choisir un rang"))]
                + [(str(n), str(n)) for n in range(1, count + 1)],
                coerce=int,
                initial=proposal.jury_rank,
            )
        for field in self.fields.values():
            _dsfr_classes(field)

    def ranks(self) -> dict[int, int | None]:
        return {p.pk: self.cleaned_data.get(f"rank_{p.pk}") for p in self.proposals}
