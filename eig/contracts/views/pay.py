"""Pay pages: the variable part (staff record it, the EIG reads theirs), budget, equal pay."""

import datetime
from decimal import Decimal
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    StreamingHttpResponse,
)
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from eig.accounts.decorators import AuthenticatedRequest, staff_required
from eig.accounts.navigation import breadcrumb
from eig.contracts.models import Contract, VariablePay
from eig.contracts.selectors import pay as pay_reports
from eig.contracts.services import pay as pay_services
from eig.core import exports
from eig.core.errors import DomainError
from eig.core.forms import DsfrForm, form_add_service_error
from eig.core.money import euros
from eig.core.pagination import page_for
from eig.core.public_cache import kept_name, public_content, public_content_page
from eig.programmes.models import Promotion

BUDGET_TEMPLATE = "contracts/pay/budget.html"


class VariablePayForm(DsfrForm):
    achievement = forms.DecimalField(
        label=gettext_lazy("Atteinte des objectifs (%)"),
        min_value=Decimal(0),
        max_value=Decimal(100),
        max_digits=5,
        decimal_places=2,
        help_text=gettext_lazy("Entre 0 et 100, par exemple 75."),
    )
    comment = forms.CharField(
        label=gettext_lazy("Appréciation"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


def _calculation(contract: Contract, pay: VariablePay | None) -> str:
    if pay is None:
        return ""
    return pay_services.variable_pay_calculation(
        rate=contract.variable_rate,
        monthly_net=contract.monthly_net,
        achievement=pay.achievement,
        amount=pay.amount,
    )


def _variable_pay(contract: Contract) -> VariablePay | None:
    return VariablePay.objects.filter(contract=contract).first()


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required
def variable_pay(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    contract = (
        Contract.objects.select_related("person", "challenge", "promotion").filter(pk=pk).first()
    )
    if contract is None:
        raise Http404
    form = VariablePayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            pay_services.variable_pay_record(
                contract=contract,
                achievement=form.cleaned_data["achievement"],
                comment=form.cleaned_data["comment"],
                by=request.user,
            )
        except DomainError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("La part variable est enregistrée."))
            return redirect("pay:variable", pk=contract.pk)
    pay = _variable_pay(contract)
    title = _("Part variable de %(name)s") % {"name": contract.person}
    contract_title = _("Contrat de %(name)s") % {"name": contract.person}
    return render(
        request,
        "contracts/pay/variable.html",
        {
            "title": title,
            "breadcrumb_data": breadcrumb(
                title,
                (reverse("contracts:list"), _("Contrats de projet")),
                (reverse("contracts:detail", args=[contract.pk]), contract_title),
            ),
            "contract": contract,
            "pay": pay,
            "calculation": _calculation(contract, pay),
            "max_variable": euros(contract.max_variable_yearly),
            "form": form,
        },
    )


@require_safe
@login_required
def my_pay(request: HttpRequest) -> HttpResponse:
    """The signed-in person's contracts and variable parts (only their own)."""
    contracts = (
        Contract.objects.filter(person_id=request.user.pk)
        .select_related("challenge", "variable_pay")
        .order_by("-start_date")
    )
    rows = [
        {
            "contract": contract,
            "max_variable": euros(contract.max_variable_yearly),
            "calculation": _calculation(contract, getattr(contract, "variable_pay", None)),
        }
        for contract in contracts
    ]
    title = _("Ma rémunération")
    crumbs = breadcrumb(title, (reverse("accounts:dashboard"), _("Mon espace")))
    return render(
        request,
        "contracts/pay/mine.html",
        {"title": title, "breadcrumb_data": crumbs, "rows": rows},
    )


@require_safe
@staff_required
def budget_index(request: HttpRequest) -> HttpResponse:
    promotions = Promotion.objects.select_related("programme").order_by("-year", "-number")
    return render(
        request,
        "contracts/pay/budget_index.html",
        {"title": _("Budget des promotions"), "promotions": promotions},
    )


def _promotion(pk: int) -> Promotion:
    promotion = Promotion.objects.filter(pk=pk).first()
    if promotion is None:
        raise Http404
    return promotion


@require_safe
@staff_required
def budget(request: HttpRequest, pk: int) -> HttpResponseBase:
    """The promotion's budget, rendered once per change of the recorded data for each
    promotion, day and page."""
    promotion = _promotion(pk)
    today = timezone.localdate()
    title = _("Budget — %(promotion)s") % {"promotion": promotion}
    content = public_content(
        request,
        kept_name("budget", promotion.pk, today, request.GET.urlencode()),
        BUDGET_TEMPLATE,
        lambda: _budget_context(request, promotion, today, title),
    )
    return public_content_page(request, [content], BUDGET_TEMPLATE, {"title": title}, content.value)


def _budget_context(
    request: HttpRequest, promotion: Promotion, today: datetime.date, title: str
) -> dict[str, Any]:
    report = pay_reports.promotion_budget(promotion, today)
    return {
        "title": title,
        "budget": report,
        "total": report.total,
        "page_obj": page_for(request, pay_reports.active_contract_rows(promotion, today)),
    }


@require_safe
@staff_required
def budget_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    promotion = _promotion(pk)
    report = pay_reports.promotion_budget(promotion, timezone.localdate())
    return exports.csv_response(
        pay_reports.BUDGET_HEADER,
        pay_reports.budget_rows(report),
        filename=f"budget-promotion-{promotion.pk}.csv",
    )


@require_safe
@staff_required
def budget_xlsx(request: HttpRequest, pk: int) -> FileResponse:
    promotion = _promotion(pk)
    report = pay_reports.promotion_budget(promotion, timezone.localdate())
    return exports.xlsx_response(
        pay_reports.BUDGET_HEADER,
        pay_reports.budget_rows(report),
        filename=f"budget-promotion-{promotion.pk}.xlsx",
        sheet="Budget",
    )


@require_safe
@staff_required
def equal_pay(request: HttpRequest) -> HttpResponse:
    report = pay_reports.equal_pay_report(timezone.localdate())
    return render(
        request,
        "contracts/pay/equal_pay.html",
        {"title": _("Égalité de rémunération"), "report": report},
    )
