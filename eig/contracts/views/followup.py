"""The programme team's follow-up of a round: funnel, time at each stage, places left
under the promotion's cap, offers; exports of scores and decisions (CSV, XLSX)."""

from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from eig.accounts.decorators import staff_required
from eig.accounts.navigation import breadcrumb
from eig.contracts import exports
from eig.contracts.selectors import offers as selectors
from eig.core import exports as files
from eig.programmes.models import Round


def _round(pk: int) -> Round:
    try:
        return Round.objects.select_related("promotion").get(pk=pk)
    except Round.DoesNotExist as error:
        raise Http404 from error


@require_safe
@staff_required
def followup_index(request: HttpRequest) -> HttpResponse:
    title = _("Suivi des sessions")
    return render(
        request,
        "contracts/followup/index.html",
        {"title": title, "rounds": selectors.rounds_for_followup()},
    )


@require_safe
@staff_required
def followup(request: HttpRequest, pk: int) -> HttpResponse:
    round_ = _round(pk)
    title = _("Suivi de la session %(number)s — %(promotion)s") % {
        "number": round_.number,
        "promotion": round_.promotion,
    }
    return render(
        request,
        "contracts/followup/round.html",
        {
            "title": title,
            "breadcrumb_data": breadcrumb(
                title, (reverse("offers:followup_index"), _("Suivi des sessions"))
            ),
            "round": round_,
            "funnel": selectors.round_funnel(round_),
            "durations": selectors.round_stage_durations(round_),
            "places": selectors.promotion_places(round_.promotion),
            "offers": selectors.round_offers(round_),
            "pool": selectors.round_pool_without_offer(round_),
        },
    )


def _export_name(round_: Round, extension: str) -> str:
    return f"notes-decisions-session-{round_.number}-{timezone.localdate():%Y-%m-%d}.{extension}"


@require_safe
@staff_required
def export_csv(request: HttpRequest, pk: int) -> StreamingHttpResponse:
    round_ = _round(pk)
    criteria = exports.file_criteria(round_)
    return files.csv_response(
        exports.header(criteria),
        exports.rows(round_, criteria),
        filename=_export_name(round_, "csv"),
    )


@require_safe
@staff_required
def export_xlsx(request: HttpRequest, pk: int) -> FileResponse:
    round_ = _round(pk)
    criteria = exports.file_criteria(round_)
    return files.xlsx_response(
        exports.header(criteria),
        exports.rows(round_, criteria),
        filename=_export_name(round_, "xlsx"),
        sheet="Notes et décisions",
    )
