import datetime
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from eig.accounts.models import User
from eig.api.enums import AGENT_SCOPES, Scope, WebhookEvent
from eig.api.services import MAX_LIFETIME
from eig.core.dates import DateWindow
from eig.core.forms import DsfrForm, PlausibleDateField
from eig.organisations.models import Organisation

DEFAULT_LIFETIME = datetime.timedelta(days=90)


class TokenForm(DsfrForm):
    name = forms.CharField(
        label=_("Nom du jeton"),
        max_length=100,
        help_text=_("Pour le reconnaître : le service ou le script qui l’utilise."),
    )
    scope = forms.ChoiceField(label=_("Portée"), choices=Scope.choices)
    organisation = forms.ModelChoiceField(
        label=_("Limité aux défis de l’administration"),
        queryset=Organisation.objects.order_by("name"),
        required=False,
        empty_label=_("Aucune limite"),
    )
    expires_on = PlausibleDateField(
        label=_("Expire le"),
        help_text=_("Au format JJ/MM/AAAA, dans un an au plus."),
        window=DateWindow(first=1, last=MAX_LIFETIME.days),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"expires_on": timezone.localdate() + DEFAULT_LIFETIME})
        super().__init__(*args, **kwargs)
        if not user.is_programme_staff:
            scope: Any = self.fields["scope"]
            scope.choices = [c for c in Scope.choices if c[0] in AGENT_SCOPES]
            organisation: Any = self.fields["organisation"]
            organisation.queryset = Organisation.objects.filter(memberships__user=user).order_by(
                "name"
            )
            organisation.required = True
            organisation.empty_label = None
            organisation.label = _("Administration")


class WebhookForm(DsfrForm):
    url = forms.URLField(
        label=_("Adresse qui reçoit les événements"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Une adresse https:// de votre service."),
    )
    events = forms.MultipleChoiceField(
        label=_("Événements"),
        choices=WebhookEvent.choices,
        widget=forms.CheckboxSelectMultiple,
    )
