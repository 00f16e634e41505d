"""Pages of the programme team: the applications of a round, one application, a CV.

The list opens on the round open for applications (else the latest begun); choosing
"Toutes les sessions" sends an empty ``round`` and lists every round. The exports
read the same filters as the list.
"""

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from eig.accounts.decorators import AuthenticatedRequest, staff_required
from eig.candidacies import exports, services, staff_selectors
from eig.candidacies.forms_staff import CandidacyFilterForm
from eig.candidacies.models import Candidacy, Candidate, Venture
from eig.candidacies.rules import candidate_can
from eig.candidacies.staff_selectors import ExperienceBand, StaffFilters, band_of
from eig.core import exports as files
from eig.core.errors import DomainError
from eig.core.navigation import breadcrumb

PAGE_SIZE = 50


def _query(request: HttpRequest) -> QueryDict:
    """The list's parameters, with the default round when none was asked for."""
    query = request.GET.copy()
    if "round" not in query:
        round_ = staff_selectors.default_round()
        if round_ is not None:
            query["round"] = str(round_.pk)
    return query


def _filters(
    query: QueryDict, bands: list[ExperienceBand]
) -> tuple[CandidacyFilterForm, StaffFilters]:
    form = CandidacyFilterForm(query, bands=bands)
    return form, form.filters()


def _without(query: QueryDict, *names: str) -> str:
    rest = query.copy()
    for name in names:
        rest.pop(name, None)
    return rest.urlencode()


@require_safe
@staff_required
def candidacy_list(request: HttpRequest) -> HttpResponse:
    bands = staff_selectors.experience_bands()
    query = _query(request)
    form, filters = _filters(query, bands)
    page = Paginator(staff_selectors.candidacy_list_for_staff(filters=filters), PAGE_SIZE).get_page(
        query.get("page")
    )
    candidacies = list(page.object_list)
    duplicates = staff_selectors.duplicates_for(candidacy.candidate for candidacy in candidacies)
    rows = [
        {
            "candidacy": candidacy,
            "band": band_of(candidacy.candidate.experience_years, bands),
            "duplicates": duplicates.get(candidacy.candidate_id, []),
        }
        for candidacy in candidacies
    ]
    title = _("Candidatures")
    return render(
        request,
        "candidacies/staff/list.html",
        {
            "title": title,
            "breadcrumb_data": breadcrumb(title),
            "filter_form": form,
            "filters": filters,
            "counts": staff_selectors.candidacy_status_counts(filters=filters),
            "page_obj": page,
            "rows": rows,
            "query": _without(query, "page"),
            "query_without_status": _without(query, "page", "status"),
        },
    )


def _export_queryset(request: HttpRequest, bands: list[ExperienceBand]) -> Any:
    _form, filters = _filters(_query(request), bands)
    return staff_selectors.candidacy_list_for_staff(filters=filters)


def _export_name(extension: str) -> str:
    return f"candidatures-{timezone.localdate():%Y-%m-%d}.{extension}"


@require_safe
@staff_required
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    bands = staff_selectors.experience_bands()
    rows = exports.rows(_export_queryset(request, bands), bands)
    return files.csv_response(exports.HEADER, rows, filename=_export_name("csv"))


@require_safe
@staff_required
def export_xlsx(request: HttpRequest) -> FileResponse:
    bands = staff_selectors.experience_bands()
    rows = exports.rows(_export_queryset(request, bands), bands)
    return files.xlsx_response(
        exports.HEADER, rows, filename=_export_name("xlsx"), sheet="Candidatures"
    )


@require_safe
@staff_required
def candidacy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        candidacy = staff_selectors.candidacy_file(pk=pk)
    except Candidacy.DoesNotExist as error:
        raise Http404 from error
    candidate = candidacy.candidate
    title = _("Candidature de %(name)s") % {"name": candidate.user}
    if candidacy.anonymised_at:
        title = _("Candidature anonymisée n° %(pk)s") % {"pk": candidacy.pk}
    return render(
        request,
        "candidacies/staff/detail.html",
        {
            "title": title,
            "breadcrumb_data": breadcrumb(
                title, (reverse("candidacies:staff_list"), _("Candidatures"))
            ),
            "candidacy": candidacy,
            "candidate": candidate,
            "band": band_of(candidate.experience_years, staff_selectors.experience_bands()),
            "history": staff_selectors.candidacy_history(candidacy),
            "duplicates": staff_selectors.duplicates_for([candidate]).get(candidate.pk, []),
            "other_candidacies": staff_selectors.staff_candidacies()
            .filter(candidate=candidate)
            .exclude(pk=candidacy.pk)
            .select_related("round__promotion")
            .order_by("-created_at"),
        },
    )


@require_POST
@staff_required
def venture_description_hide(
    request: AuthenticatedRequest, pk: int, venture_pk: int
) -> HttpResponse:
    """Withhold a venture's description from blind reviewers, or show it again."""
    candidacy = get_object_or_404(staff_selectors.staff_candidacies(), pk=pk)
    venture = get_object_or_404(Venture, pk=venture_pk, candidate_id=candidacy.candidate_id)
    hidden = request.POST.get("hidden") == "1"
    try:
        services.venture_description_hide(
            venture=venture, candidacy=candidacy, hidden=hidden, by=request.user
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("La description de l’expérience est masquée aux évaluateur·rices.")
            if hidden
            else _("La description de l’expérience est de nouveau montrée aux évaluateur·rices."),
        )
    return redirect(f"{reverse('candidacies:staff_detail', args=[candidacy.pk])}#ventures-title")


@require_safe
@staff_required
def cv_download(request: HttpRequest, pk: int) -> FileResponse:
    """The CV of a person with an application the programme team may see."""
    candidate = get_object_or_404(
        Candidate.objects.visible_to(request.user)
        .filter(pk__in=staff_selectors.staff_candidacies().values("candidate_id"))
        .select_related("user"),
        pk=pk,
    )
    if not candidate_can(request.user, "download_cv", candidate):
        raise PermissionDenied
    if not candidate.cv:
        raise Http404(_("Cette personne n’a pas déposé de CV."))
    try:
        file = candidate.cv.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Le fichier du CV est introuvable.")) from error
    name = slugify(str(candidate.user.full_name)) or f"candidat-{candidate.pk}"
    response = FileResponse(
        file, as_attachment=True, filename=f"cv-{name}.pdf", content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response
