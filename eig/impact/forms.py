from django import forms
from django.utils.translation import gettext_lazy as _

from eig.candidacies.forms.candidate import RADIO_TEMPLATE
from eig.core.forms import DsfrForm
from eig.impact.enums import Workplace


class AlumniPathForm(DsfrForm):
    """The alumni survey's one question."""

    answer = forms.ChoiceField(
        label=_("Où travaillez-vous aujourd’hui ?"),
        choices=Workplace.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez la réponse qui décrit le mieux votre situation."),
            "invalid_choice": _("Choisissez l’une des réponses proposées."),
        },
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["answer"].template_name = RADIO_TEMPLATE  # type: ignore[attr-defined]
