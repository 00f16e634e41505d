"""How django-allauth fits the platform: candidates only, e-mails through the outbox."""

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.internal.stagekit import clear_login
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.sites.shortcuts import get_current_site
from django.forms import BaseForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template import TemplateDoesNotExist
from django.template.loader import get_template

from eig.accounts.forms import PROCONNECT_ONLY_MESSAGE
from eig.accounts.models import User
from eig.accounts.services import candidate_register
from eig.notifications.services import email_queue

ALLAUTH_EMAIL_PREFIX = "account/email/"


def outbox_template_for(template_prefix: str) -> str | None:
    """The project's template for an allauth e-mail, when it was written (emails/accounts/...)."""
    name = "accounts/" + template_prefix.removeprefix(ALLAUTH_EMAIL_PREFIX)
    try:
        get_template(f"emails/{name}.txt")
    except TemplateDoesNotExist:
        return None
    return name


class CandidateAccountAdapter(DefaultAccountAdapter):
    def save_user(
        self, request: HttpRequest, user: AbstractBaseUser, form: BaseForm, commit: bool = True
    ) -> AbstractBaseUser:
        """Everyone who signs up here is a candidate."""
        user = super().save_user(request, user, form, commit=False)
        if commit and isinstance(user, User):
            candidate_register(user=user)
        return user

    def pre_login(
        self, request: HttpRequest, user: AbstractBaseUser, **kwargs: Any
    ) -> HttpResponse | None:
        """Refuse a password sign-in to the ProConnect roles, whatever the path taken."""
        if isinstance(user, User) and user.signs_in_with_proconnect:
            clear_login(request)
            messages.error(request, PROCONNECT_ONLY_MESSAGE)
            return redirect("accounts:login")
        response: HttpResponse | None = super().pre_login(request, user, **kwargs)
        return response

    def send_password_reset_mail(
        self, user: AbstractBaseUser, email: str, context: dict[str, Any]
    ) -> None:
        """A ProConnect account has no password here: say so instead of sending a reset link."""
        if isinstance(user, User) and user.signs_in_with_proconnect:
            self.send_mail("account/email/password_reset_proconnect", email, context)
            return
        super().send_password_reset_mail(user, email, context)

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        """Queue allauth's e-mails in the outbox (an Email row each), in French."""
        full_context = {"email": email, "site_url": settings.SITE_URL, **context}
        template = outbox_template_for(template_prefix)
        if template is None:
            # An allauth e-mail the project has no template for: allauth's own text, still queued.
            full_context.setdefault("current_site", get_current_site(self.request))
            message = self.render_mail(template_prefix, email, full_context)
            full_context.update(subject=message.subject, body=message.body)
            template = "accounts/allauth_message"
        email_queue(to=email, template=template, context=full_context)
