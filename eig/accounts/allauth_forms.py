"""allauth's forms, fitted to the platform (see ACCOUNT_FORMS in the settings)."""

from typing import Any

from allauth.account.forms import LoginForm
from django import forms

from eig.accounts.forms import PROCONNECT_ONLY_MESSAGE
from eig.accounts.models import User


class CandidateLoginForm(LoginForm):
    """allauth's sign-in form, which sends ProConnect accounts to ProConnect."""

    def clean(self) -> dict[str, Any] | None:
        email = (self.cleaned_data.get("login") or "").strip()
        if email and not self.errors:
            user = User.objects.filter(email__iexact=email).first()
            if user is not None and user.signs_in_with_proconnect:
                raise forms.ValidationError(PROCONNECT_ONLY_MESSAGE, code="proconnect")
        cleaned: dict[str, Any] | None = super().clean()
        return cleaned
