"""The programme team's pages for administrations and their members. Views parse, check,
call a service and render; every write goes through ``eig.organisations.services``."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from eig.accounts.decorators import AuthenticatedRequest, staff_required
from eig.accounts.navigation import breadcrumb
from eig.core.errors import DomainError
from eig.core.forms import form_add_service_error
from eig.core.history_display import history_lines
from eig.core.pagination import page_for
from eig.organisations import selectors, services
from eig.organisations.forms import MemberAddForm, OrganisationForm, OrganisationSearchForm
from eig.organisations.models import Membership, Organisation

View = Callable[..., HttpResponse]


def _crumbs(current: str, *links: tuple[str, str]) -> dict[str, Any]:
    return breadcrumb(current, (reverse("organisations:list"), _("Administrations")), *links)


def _organisation(request: HttpRequest, pk: int) -> Organisation:
    return get_object_or_404(Organisation.objects.visible_to(request.user), pk=pk)


def _attempt(form: Any, write: Callable[[], Any]) -> Any | None:
    try:
        return write()
    except (DomainError, ValidationError) as error:
        form_add_service_error(form, error)
        return None


@require_safe
@staff_required
def organisation_list(request: AuthenticatedRequest) -> HttpResponse:
    search = OrganisationSearchForm(request.GET)
    query, kind = ("", "")
    if search.is_valid():
        query, kind = search.cleaned_data["q"], search.cleaned_data["kind"]
    organisations = selectors.organisation_search(user=request.user, query=query, kind=kind)
    page = page_for(request, organisations)
    return render(
        request,
        "organisations/organisation_list.html",
        {
            "title": _("Administrations"),
            "search": search,
            "page": page,
            "kind_counts": selectors.organisation_kind_counts(user=request.user, query=query),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def organisation_create(request: AuthenticatedRequest) -> HttpResponse:
    form = OrganisationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in OrganisationForm.Meta.fields}
        organisation = _attempt(
            form, lambda: services.organisation_create(data=data, by=request.user)
        )
        if organisation:
            messages.success(request, _("L’administration « %s » est créée.") % organisation)
            return redirect("organisations:detail", pk=organisation.pk)
    title = _("Nouvelle administration")
    return render(
        request,
        "organisations/organisation_form.html",
        {
            "title": title,
            "breadcrumb_data": _crumbs(title),
            "form": form,
            "cancel_url": reverse("organisations:list"),
        },
    )


def _detail_page(
    request: HttpRequest, organisation: Organisation, member_form: MemberAddForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "organisations/organisation_detail.html",
        {
            "title": str(organisation),
            "breadcrumb_data": _crumbs(str(organisation)),
            "organisation": organisation,
            "members": selectors.organisation_members(organisation),
            "member_form": member_form,
            "history": history_lines(organisation),
        },
        status=status,
    )


@require_safe
@staff_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _organisation(request, pk), MemberAddForm())


@require_http_methods(["GET", "POST"])
@staff_required
def organisation_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = _organisation(request, pk)
    form = OrganisationForm(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        data = {name: form.cleaned_data[name] for name in OrganisationForm.Meta.fields}
        saved = _attempt(
            form,
            lambda: services.organisation_update(
                organisation=organisation, data=data, by=request.user
            ),
        )
        if saved:
            messages.success(request, _("L’administration est enregistrée."))
            return redirect("organisations:detail", pk=organisation.pk)
    organisation.refresh_from_db()
    title = _("Modifier l’administration")
    return render(
        request,
        "organisations/organisation_form.html",
        {
            "title": title,
            "breadcrumb_data": _crumbs(
                title, (reverse("organisations:detail", args=[organisation.pk]), str(organisation))
            ),
            "form": form,
            "cancel_url": reverse("organisations:detail", args=[organisation.pk]),
            "history": history_lines(organisation),
        },
    )


@require_POST
@staff_required
def member_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    organisation = _organisation(request, pk)
    form = MemberAddForm(request.POST)
    if form.is_valid():
        membership = _attempt(
            form,
            lambda: services.organisation_member_add(
                organisation=organisation, by=request.user, **form.member_data()
            ),
        )
        if membership:
            messages.success(
                request,
                _("%(email)s est membre de l’administration. Un e-mail l’en informe.")
                % {"email": membership.user.email},
            )
            return redirect("organisations:detail", pk=organisation.pk)
    return _detail_page(request, organisation, form)


@require_POST
@staff_required
def member_remove(request: AuthenticatedRequest, pk: int, membership_pk: int) -> HttpResponse:
    organisation = _organisation(request, pk)
    membership = get_object_or_404(
        Membership.objects.select_related("user", "organisation"),
        pk=membership_pk,
        organisation=organisation,
    )
    try:
        services.organisation_member_remove(membership=membership, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("%s n’est plus membre de l’administration.") % membership.user.email
        )
    return redirect("organisations:detail", pk=organisation.pk)
