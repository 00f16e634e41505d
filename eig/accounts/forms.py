"""Forms of the candidates' e-mail and password accounts.

This module must not import allauth's forms: allauth imports it to build its
sign-up form (ACCOUNT_SIGNUP_FORM_CLASS). Forms that subclass allauth's live in
allauth_forms.py.
"""

from django import forms
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from eig.accounts.models import User

PROCONNECT_ONLY_MESSAGE = _(
    "Ce compte se connecte avec ProConnect, pas avec un mot de passe. Revenez à la page "
    "« Se connecter » et choisissez « S’identifier avec ProConnect »."
)


class CandidateSignupForm(forms.Form):
    """The fields allauth's sign-up form adds to e-mail and password."""

    first_name = forms.CharField(
        label=_("Prénom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    last_name = forms.CharField(
        label=_("Nom"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
    )

    def signup(self, request: HttpRequest, user: User) -> None:
        """Required by allauth; the adapter already saved the names (CandidateAccountAdapter)."""
