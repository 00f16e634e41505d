"""Pages where staff (every scope) and agents (their administration's défis) manage tokens."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from eig.accounts.decorators import AuthenticatedRequest, role_required
from eig.accounts.enums import Role
from eig.accounts.models import User
from eig.accounts.navigation import breadcrumb
from eig.api import services, webhooks
from eig.api.forms import TokenForm, WebhookForm
from eig.api.models import ApiToken, WebhookDelivery, WebhookEndpoint
from eig.core.errors import DomainError
from eig.core.forms import form_add_service_error
from eig.core.pagination import page_for


def _list_url(user: User) -> str:
    return reverse("api_tokens:staff_list" if user.is_programme_staff else "api_tokens:agent_list")


def _page(
    request: HttpRequest, form: TokenForm, created: services.CreatedToken | None = None
) -> HttpResponse:
    title = _("Jetons d’API")
    response = render(
        request,
        "api/token_list.html",
        {
            "title": title,
            "breadcrumb_data": breadcrumb(title),
            "form": form,
            "created": created,
            "tokens": page_for(
                request,
                ApiToken.objects.visible_to(request.user)
                .select_related("organisation", "created_by")
                .order_by("-created_at", "-pk"),
            ),
            "docs_url": reverse("api:openapi-view"),
        },
    )
    # The page may show a secret once: never keep it in a cache.
    response["Cache-Control"] = "private, no-store"
    return response


def _token_list(request: AuthenticatedRequest) -> HttpResponse:
    form = TokenForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.token_create(
                by=request.user,
                name=form.cleaned_data["name"],
                scope=form.cleaned_data["scope"],
                expires_on=form.cleaned_data["expires_on"],
                organisation=form.cleaned_data["organisation"],
            )
        except DomainError as error:
            form_add_service_error(form, error)
        else:
            return _page(request, TokenForm(user=request.user), created)
    return _page(request, form)


@require_http_methods(["GET", "POST"])
@role_required(Role.STAFF)
def staff_token_list(request: AuthenticatedRequest) -> HttpResponse:
    return _token_list(request)


@require_http_methods(["GET", "POST"])
@role_required(Role.AGENT)
def agent_token_list(request: AuthenticatedRequest) -> HttpResponse:
    return _token_list(request)


@require_POST
@role_required(Role.STAFF, Role.AGENT)
def token_revoke(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    # An agent may revoke any token of their administrations (a colleague's who left).
    token = get_object_or_404(ApiToken.objects.visible_to(request.user), pk=pk)
    services.token_revoke(token=token, by=request.user)
    messages.success(request, _("Le jeton « %s » est révoqué.") % token.name)
    return redirect(_list_url(request.user))


# Webhooks (the programme team)


def _webhook_page(
    request: HttpRequest, form: WebhookForm, created: WebhookEndpoint | None = None
) -> HttpResponse:
    title = _("Webhooks")
    response = render(
        request,
        "api/webhook_list.html",
        {
            "title": title,
            "breadcrumb_data": breadcrumb(title),
            "form": form,
            "created": created,
            "endpoints": page_for(request, WebhookEndpoint.objects.order_by("-created_at", "-pk")),
        },
    )
    response["Cache-Control"] = "private, no-store"
    return response


@require_http_methods(["GET", "POST"])
@role_required(Role.STAFF)
def webhook_list(request: AuthenticatedRequest) -> HttpResponse:
    form = WebhookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = webhooks.webhook_endpoint_create(
                url=form.cleaned_data["url"], events=form.cleaned_data["events"], by=request.user
            )
        except DomainError as error:
            form_add_service_error(form, error)
        else:
            return _webhook_page(request, WebhookForm(), endpoint)
    return _webhook_page(request, form)


@require_safe
@role_required(Role.STAFF)
def webhook_detail(request: HttpRequest, pk: int) -> HttpResponse:
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk)
    return render(
        request,
        "api/webhook_detail.html",
        {
            "title": str(endpoint),
            "breadcrumb_data": breadcrumb(
                str(endpoint), (reverse("api_tokens:webhook_list"), _("Webhooks"))
            ),
            "endpoint": endpoint,
            "deliveries": page_for(request, endpoint.deliveries.order_by("-created_at", "-pk")),
        },
    )


@require_POST
@role_required(Role.STAFF)
def delivery_resend(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    delivery = get_object_or_404(WebhookDelivery, pk=pk)
    try:
        webhooks.delivery_resend(delivery=delivery, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("L’envoi est remis dans la file."))
    return redirect("api_tokens:webhook_detail", pk=delivery.endpoint_id)
