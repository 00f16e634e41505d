"""Contract pages: the EIG's « Mon contrat », the team's list, detail and renewal decision,
and the download of the PDF documents (the EIG concerned and staff only)."""

from itertools import groupby
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from eig.accounts.decorators import AuthenticatedRequest, staff_required
from eig.accounts.navigation import breadcrumb
from eig.contracts.enums import RenewalDecision
from eig.contracts.forms.contracts import EndForm, RenewForm
from eig.contracts.models import Contract, VariablePay
from eig.contracts.selectors import contracts as selectors
from eig.contracts.services import contracts as services
from eig.contracts.views.history import _actor
from eig.core.errors import DomainError
from eig.core.forms import form_add_service_error
from eig.core.pagination import page_for
from eig.programmes.models import Promotion

DOCUMENTS = {
    "contrat": "contract_pdf",
    "lettre-offre": "offer_letter_pdf",
}


@require_safe
@login_required
def contract_mine(request: AuthenticatedRequest) -> HttpResponse:
    contracts = selectors.contract_list_for_person(request.user)
    title = _("Mon contrat")
    return render(
        request,
        "contracts/contract/mine.html",
        {
            "title": title,
            "breadcrumb_data": breadcrumb(title, (reverse("accounts:dashboard"), _("Mon espace"))),
            "contracts": contracts,
        },
    )


@require_safe
@login_required
def contract_download(request: AuthenticatedRequest, pk: int, document: str) -> FileResponse:
    field = DOCUMENTS.get(document)
    contract = selectors.contracts_visible_to(request.user).filter(pk=pk).first()
    if field is None or contract is None:
        raise Http404
    file = getattr(contract, field)
    if not file:
        raise Http404
    return FileResponse(file.open("rb"), as_attachment=True, filename=file.name.rsplit("/")[-1])


@require_safe
@staff_required
def contract_list(request: HttpRequest) -> HttpResponse:
    promotion_id = _int(request.GET.get("promotion"))
    page = page_for(request, selectors.contract_rows_for_staff(promotion_id))
    groups = [
        (promotion, list(items)) for promotion, items in groupby(page.object_list, _promotion)
    ]
    return render(
        request,
        "contracts/contract/list.html",
        {
            "title": _("Contrats de projet"),
            "groups": groups,
            "page_obj": page,
            "promotions": Promotion.objects.order_by("-year", "-number"),
            "promotion_id": promotion_id,
        },
    )


def _promotion(contract: Contract) -> Promotion:
    return contract.promotion


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def _contract(pk: int) -> Contract:
    contract = selectors.contract_list_for_staff().filter(pk=pk).first()
    if contract is None:
        raise Http404
    return contract


def _detail(
    request: HttpRequest,
    contract: Contract,
    renew_form: RenewForm | None = None,
    end_form: EndForm | None = None,
) -> HttpResponse:
    levels = selectors.renewal_levels(contract)
    title = _("Contrat de %(name)s") % {"name": contract.person}
    history = [
        {
            "at": event.created_at,
            "label": str(event.get_action_display()),
            "actor": _actor(event.actor, request.user),
            "comment": event.comment,
        }
        for event in selectors.contract_history(contract)
    ]
    context: dict[str, Any] = {
        "title": title,
        "breadcrumb_data": breadcrumb(title, (reverse("contracts:list"), _("Contrats de projet"))),
        "contract": contract,
        "history": history,
        "pending": contract.renewal_decision == RenewalDecision.PENDING,
        "renewal": Contract.objects.filter(renewal_of=contract).first(),
        "variable_pay": VariablePay.objects.filter(contract=contract).first(),
        "renew_form": renew_form or RenewForm(levels=levels, current=contract.level),
        "end_form": end_form or EndForm(prefix="end"),
    }
    return render(request, "contracts/contract/detail.html", context)


@require_safe
@staff_required
def contract_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _contract(pk))


@require_POST
@staff_required
def contract_renew(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    contract = _contract(pk)
    levels = selectors.renewal_levels(contract)
    form = RenewForm(request.POST, levels=levels, current=contract.level)
    if form.is_valid():
        try:
            renewal = services.contract_renew(
                contract=contract,
                level=form.cleaned_data["level"],
                reason=form.cleaned_data["reason"],
                comment=form.cleaned_data["comment"],
                by=request.user,
            )
        except DomainError as error:
            _renewal_error_show(form, error)
        else:
            messages.success(request, _("Le contrat est renouvelé pour un an."))
            return redirect("contracts:detail", pk=renewal.pk)
    return _detail(request, contract, renew_form=form)


def _renewal_error_show(form: RenewForm, error: DomainError) -> None:
    if error.message == services.REASON_REQUIRED:
        form.add_error("reason", error.message)
    else:
        form_add_service_error(form, error)


@require_POST
@staff_required
def contract_end(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    contract = _contract(pk)
    form = EndForm(request.POST, prefix="end")
    if form.is_valid():
        try:
            services.contract_end(
                contract=contract, comment=form.cleaned_data["comment"], by=request.user
            )
        except DomainError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("Le non-renouvellement est enregistré."))
            return redirect("contracts:detail", pk=contract.pk)
    return _detail(request, contract, end_form=form)
