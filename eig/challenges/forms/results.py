"""Forms of a défi's results: a measurement of an indicator, and the défi's outcome.

They check the shape of what is typed; the rules (who, in which status) stay in
eig/challenges/services/results.py.
"""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from eig.challenges.enums import Outcome
from eig.challenges.forms.challenges import RADIO_TEMPLATE, FrenchDecimalField
from eig.challenges.services.results import COMMENT_MAX_LENGTH
from eig.core.dates import UP_TO_TODAY
from eig.core.forms import DsfrForm, PlausibleDateField


class MeasurementForm(DsfrForm):
    value = FrenchDecimalField(
        label=_("Valeur mesurée"),
        max_digits=14,
        decimal_places=2,
        help_text=_("Un nombre, dans l’unité de l’indicateur. Par exemple : 42 ou 12,5."),
        error_messages={
            "required": _("Indiquez la valeur mesurée."),
            "invalid": _("Indiquez un nombre, par exemple 42 ou 12,5."),
        },
    )
    measured_on = PlausibleDateField(
        label=_("Date de la mesure"),
        window=UP_TO_TODAY,
        help_text=_("Le jour où la valeur a été relevée. Format : jj/mm/aaaa."),
        input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        error_messages={
            "required": _("Indiquez la date de la mesure."),
            "invalid": _("Indiquez une date valide, par exemple 15/03/2026."),
        },
    )
    comment = forms.CharField(
        label=_("Commentaire"),
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Ce qui explique la valeur, si besoin. Il sera public."),
    )

    def __init__(self, *args: Any, unit: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if unit:
            self.fields["value"].label = _("Valeur mesurée (en %(unit)s)") % {"unit": unit}


class OutcomeForm(DsfrForm):
    outcome = forms.ChoiceField(
        label=_("Ce que devient le défi"),
        choices=Outcome.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _(
                "Indiquez ce que devient le défi : poursuivi dans l’administration, "
                "repris par une autre structure, ou arrêté."
            ),
            "invalid_choice": _("Choisissez l’une des trois possibilités."),
        },
    )
    text = forms.CharField(
        label=_("Bilan"),
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "En quelques lignes : qui porte le service désormais, ce qu’il est devenu, "
            "ou pourquoi il s’arrête. Ce texte est public."
        ),
        error_messages={"required": _("Expliquez en quelques lignes ce que devient le défi.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["outcome"].template_name = RADIO_TEMPLATE  # type: ignore[attr-defined]
