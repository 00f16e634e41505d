from allauth.account.adapter import get_adapter
from allauth.core.context import request_context
from django.test import RequestFactory
from django.utils import timezone

from eig.accounts.adapters import outbox_template_for
from eig.notifications.models import Email


def test_allauth_emails_with_a_project_template_use_it():
    assert outbox_template_for("account/email/email_confirmation_signup") == (
        "accounts/email_confirmation_signup"
    )
    assert outbox_template_for("account/email/login_code") is None


def test_an_allauth_email_without_project_template_still_goes_through_the_outbox(db):
    request = RequestFactory().get("/")

    with request_context(request):
        get_adapter(request).send_mail(
            "account/email/email_deleted",
            "jeanne@example.fr",
            {
                "deleted_email": "x@y.fr",
                "ip": "127.0.0.1",
                "user_agent": "Firefox",
                "timestamp": timezone.now(),
            },
        )

    email = Email.objects.get(to="jeanne@example.fr")
    assert email.template == "accounts/allauth_message"
    assert email.subject
    assert email.body_text


def test_a_proconnect_account_is_refused_a_password_sign_in_whatever_the_path(rf, agent):
    from django.contrib.messages.storage.fallback import FallbackStorage
    from django.contrib.sessions.backends.db import SessionStore

    request = rf.post("/compte/login/")
    request.session = SessionStore()
    request._messages = FallbackStorage(request)

    with request_context(request):
        response = get_adapter(request).pre_login(
            request,
            agent,
            email_verification="mandatory",
            signal_kwargs=None,
            email=agent.email,
            signup=False,
            redirect_url=None,
        )

    assert response["Location"] == "/compte/connexion/"
    assert "ProConnect" in str(next(iter(request._messages)))
