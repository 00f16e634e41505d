"""Pages of the programme team: the applications of a round, one application, a CV.

The list opens on the round open for applications (else the latest begun); choosing
"Toutes les sessions" sends an empty ``round`` and lists every round. The exports
read the same filters as the list.
"""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBase,
    JsonResponse,
    QueryDict,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from eig.accounts.decorators import AuthenticatedRequest, staff_required
from eig.accounts.navigation import breadcrumb
from eig.candidacies import exports, services
from eig.candidacies.enums import ExportFormat, ExportStatus
from eig.candidacies.forms.staff import CandidacyFilterForm
from eig.candidacies.models import Candidacy, Candidate, Export, Venture
from eig.candidacies.rules import candidate_can
from eig.candidacies.selectors import staff as staff_selectors
from eig.candidacies.selectors.staff import ExperienceBand, StaffFilters, band_of
from eig.core import exports as files
from eig.core.errors import DomainError
from eig.core.filter_menus import suggestions_response
from eig.core.french import plural
from eig.core.pagination import page_for, page_get
from eig.core.public_cache import kept_content, kept_name, public_data

LIST_TEMPLATE = "candidacies/staff/list.html"


def _query(request: HttpRequest) -> QueryDict:
    """The list's parameters, with the default round when none was asked for."""
    query = request.GET.copy()
    if "round" not in query:
        round_id = _default_round_id()
        if round_id is not None:
            query["round"] = str(round_id)
    return query


def _default_round_id() -> int | None:
    """The round the list opens on today, read once per change of the recorded data."""
    today = timezone.localdate()
    return public_data(
        kept_name("staff-default-round", today),
        lambda: getattr(staff_selectors.default_round(today), "pk", None),
    ).value


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
    """The list's content is the same for the whole team: it is rendered once per change of
    the recorded data for each set of filters and page (``eig.core.public_cache``); the
    export buttons around it carry the person's CSRF token."""
    query = _query(request)
    kept = public_data(
        # The request's own parameters too: its pagination links keep them as they are.
        kept_name("staff-candidacies", request.GET.urlencode(), query.urlencode()),
        lambda: _list_content(request, query),
    ).value
    title = _("Candidatures")
    return render(
        request,
        LIST_TEMPLATE,
        {
            "title": title,
            "breadcrumb_data": breadcrumb(title),
            "round_label": kept["round"],
            "query": _without(query, "page"),
            # Beyond this, the export buttons ask a job to build the file.
            "export_by_job": kept["count"] > settings.EIG_EXPORT_INLINE_MAX_ROWS,
            "content_html": mark_safe(kept["html"]),  # noqa: S308 (our own template's HTML)
        },
    )


def _list_content(request: HttpRequest, query: QueryDict) -> dict[str, Any]:
    """The list's counts, filters, rows and pagination as HTML, with its count and round."""
    bands = staff_selectors.experience_bands()
    form, filters = _filters(query, bands)
    counts = staff_selectors.candidacy_status_counts(filters=filters)
    page = page_get(
        staff_selectors.candidacy_page_for_staff(filters=filters),
        query.get("page"),
        # The counts by status are those of the list: it is not counted a second time.
        count=sum(item.count for item in counts if filters.status in ("", item.value)),
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
    html = kept_content(
        request,
        LIST_TEMPLATE,
        {
            "filter_form": form,
            "filters": filters,
            "counts": counts,
            "page_obj": page,
            "rows": rows,
            "query_without_status": _without(query, "page", "status"),
            "export_inline_max_rows": settings.EIG_EXPORT_INLINE_MAX_ROWS,
        },
    )
    return {
        "html": html,
        "count": page.paginator.count,
        "round": str(filters.round) if filters.round else "",
    }


@require_safe
@staff_required
def challenge_suggestions(request: HttpRequest) -> JsonResponse:
    """The titles of the défis wished (in the round given) that match ``q``: the
    suggestions of the "Vœu" filter when it is a text field."""
    round_ = staff_selectors.rounds_for_suggestions(request.GET.get("round"))
    return suggestions_response(
        request,
        staff_selectors.challenges_wished(round_),
        label_field="title",
        search_fields=staff_selectors.CHALLENGE_TITLE_FIELDS,
    )


def _export(request: AuthenticatedRequest, file_format: str) -> HttpResponseBase:
    """A small export is streamed at once; a larger one is offered to a job (GET shows
    what will happen, POST queues it), so no request ever runs for long."""
    bands = staff_selectors.experience_bands()
    query = _query(request)
    queryset = exports.queryset_for(query, bands)
    count = queryset.count()
    if request.method == "POST":
        try:
            services.export_request(
                by=request.user, file_format=file_format, query=query.urlencode(), rows=count
            )
        except DomainError as error:
            messages.error(request, str(error))
            return redirect(f"{reverse('candidacies:staff_list')}?{query.urlencode()}")
        messages.success(
            request,
            plural(
                count,
                "Votre export de {n} ligne est en préparation…",
                "Votre export de {n} lignes est en préparation…",
            )
            + " "
            + _("Vous recevrez un e-mail avec le lien de téléchargement dès qu’il sera prêt."),
        )
        return redirect("candidacies:staff_export_list")
    if count > settings.EIG_EXPORT_INLINE_MAX_ROWS:
        return _export_confirm(request, file_format, query, count)
    rows = exports.rows(queryset, exports.export_context())
    name = f"candidatures-{timezone.localdate():%Y-%m-%d}.{file_format}"
    if file_format == ExportFormat.XLSX:
        return files.xlsx_response(exports.HEADER, rows, filename=name, sheet=exports.SHEET)
    return files.csv_response(exports.HEADER, rows, filename=name)


def _export_confirm(
    request: HttpRequest, file_format: str, query: QueryDict, count: int
) -> HttpResponse:
    title = _("Préparer l’export")
    return render(
        request,
        "candidacies/staff/export_confirm.html",
        {
            "title": title,
            "breadcrumb_data": breadcrumb(
                title, (reverse("candidacies:staff_list"), _("Candidatures"))
            ),
            "file_format": ExportFormat(file_format).label,
            "count": count,
            "action": f"{request.path}?{query.urlencode()}",
            "list_url": f"{reverse('candidacies:staff_list')}?{query.urlencode()}",
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required
def export_csv(request: AuthenticatedRequest) -> HttpResponseBase:
    return _export(request, ExportFormat.CSV)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required
def export_xlsx(request: AuthenticatedRequest) -> HttpResponseBase:
    return _export(request, ExportFormat.XLSX)


@require_safe
@staff_required
def export_list(request: HttpRequest) -> HttpResponse:
    """The person's exports built by a job: where each stands, its rows, its file."""
    page = page_for(request, Export.objects.visible_to(request.user).order_by("-created_at", "-pk"))
    title = _("Mes exports de candidatures")
    return render(
        request,
        "candidacies/staff/exports.html",
        {
            "title": title,
            "breadcrumb_data": breadcrumb(
                title, (reverse("candidacies:staff_list"), _("Candidatures"))
            ),
            "page_obj": page,
            "exports": page.object_list,
            "kept_days": settings.EIG_EXPORT_KEPT_DAYS,
        },
    )


@require_safe
@staff_required
def export_download(request: HttpRequest, pk: int) -> FileResponse:
    """An export's file, for the person who asked for it only (anyone else: 404)."""
    export = get_object_or_404(Export.objects.visible_to(request.user), pk=pk)
    if export.status != ExportStatus.READY or not export.file:
        raise Http404(_("Cet export n’est pas prêt, ou son fichier a expiré."))
    try:
        file = export.file.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Le fichier de cet export est introuvable.")) from error
    response = FileResponse(
        file,
        as_attachment=True,
        filename=exports.export_file_name(export),
        content_type=files.XLSX_CONTENT_TYPE
        if export.file_format == ExportFormat.XLSX
        else files.CSV_CONTENT_TYPE,
    )
    files.private_download(response)
    return response


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
