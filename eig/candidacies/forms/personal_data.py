"""The form that confirms the deletion of one's account."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from eig.core.forms import DsfrForm


class AccountDeleteForm(DsfrForm):
    """The person types their e-mail address: nobody deletes an account by a stray click."""

    email = forms.CharField(
        label=_("Pour confirmer, saisissez l’adresse e-mail de votre compte"),
        max_length=254,
        help_text=_("Par exemple : prenom.nom@exemple.fr"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args: Any, expected_email: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.expected_email = expected_email

    def clean_email(self) -> str:
        typed = str(self.cleaned_data["email"]).strip()
        if typed.casefold() != self.expected_email.casefold():
            raise forms.ValidationError(
                _(
                    "Ce n’est pas l’adresse e-mail de votre compte : "
                    "votre compte n’est pas supprimé."
                ),
                code="mismatch",
            )
        return typed
