"""Pages of the programme team: the instruction of the défis and the priority policies."""

from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    JsonResponse,
    QueryDict,
    StreamingHttpResponse,
)
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from eig.accounts.decorators import AuthenticatedRequest, staff_required
from eig.accounts.navigation import breadcrumb
from eig.challenges import exports
from eig.challenges.completeness import SECTIONS, missing_by_section
from eig.challenges.forms.staff import (
    BulkDecisionForm,
    ChallengeFilterForm,
    DecisionForm,
    NoteForm,
    OpinionRequestForm,
    PolicyForm,
)
from eig.challenges.models import Challenge, PriorityPolicy
from eig.challenges.selectors import challenges as selectors
from eig.challenges.selectors.results import challenge_results
from eig.challenges.services import challenges as services
from eig.challenges.workflow import CHALLENGE_WORKFLOW
from eig.core import exports as files
from eig.core.errors import DomainError
from eig.core.filter_menus import suggestions_response
from eig.core.pagination import page_get
from eig.core.public_cache import kept_content, kept_name, public_data

# The list, its bulk decisions and its exports


def _list_url(query: str = "") -> str:
    url = reverse("challenges:staff_list")
    return f"{url}?{query}" if query else url


LIST_TEMPLATE = "challenges/staff/list.html"


def _list_response(
    request: HttpRequest,
    query: QueryDict,
    bulk_form: BulkDecisionForm | None = None,
    checked: frozenset[str] = frozenset(),
) -> HttpResponse:
    """The list's counts, filters and rows are the same for the whole team: shown, they are
    rendered once per change of the recorded data for each set of filters and page
    (``eig.core.public_cache``); after a refused bulk decision, with the boxes still
    ticked, they are rendered for that answer alone."""
    unpaged = query.copy()
    unpaged.pop("page", None)
    if checked or bulk_form is not None:
        content = _list_content(request, query, checked, bulk=False)
    else:
        content = public_data(
            kept_name("staff-challenges", query.urlencode()),
            lambda: _list_content(request, query, checked, bulk=True),
        ).value
    title = _("Défis à instruire")
    return render(
        request,
        LIST_TEMPLATE,
        {
            "title": title,
            "breadcrumb_data": breadcrumb(title),
            "filters_html": mark_safe(content["filters"]),  # noqa: S308 (our own template's HTML)
            "results_html": mark_safe(content["results"]),  # noqa: S308
            "bulk_html": mark_safe(content["bulk"]),  # noqa: S308
            "has_rows": content["has_rows"],
            "bulk_form": bulk_form or BulkDecisionForm(),
            "query": unpaged.urlencode(),
            "current_url": request.get_full_path()
            if request.method == "GET"
            else _list_url(unpaged.urlencode()),
        },
    )


def _list_content(
    request: HttpRequest, query: QueryDict, checked: frozenset[str], *, bulk: bool
) -> dict[str, Any]:
    """The HTML of the list's counts and filters, of its rows and pagination, and
    (``bulk``) of the empty bulk form's fields."""
    filter_form = ChallengeFilterForm(query or None)
    filters = filter_form.filters()
    page = page_get(selectors.challenge_page_for_staff(filters=filters), query.get("page"))
    without_status = query.copy()
    for name in ("page", "status"):
        without_status.pop(name, None)
    context = {
        "filter_form": filter_form,
        "filters": filters,
        "counts": selectors.challenge_status_counts(filters=filters),
        "page_obj": page,
        "checked": checked,
        "query_without_status": without_status.urlencode(),
    }
    return {
        "filters": kept_content(request, LIST_TEMPLATE, context, "filters"),
        "results": kept_content(request, LIST_TEMPLATE, context, "results"),
        "bulk": kept_content(
            request, LIST_TEMPLATE, context | {"bulk_form": BulkDecisionForm()}, "bulk"
        )
        if bulk
        else "",
        "has_rows": bool(page.object_list),
    }


@require_safe
@staff_required
def challenge_list(request: HttpRequest) -> HttpResponse:
    return _list_response(request, request.GET)


@require_safe
@staff_required
def organisation_suggestions(request: HttpRequest) -> JsonResponse:
    """The names of the administrations with a défi that match ``q``: the suggestions of
    the list's administration filter when it is a text field."""
    return suggestions_response(
        request,
        selectors.organisations_with_challenges(),
        label_field="name",
        search_fields=selectors.ORGANISATION_SEARCH_FIELDS,
    )


def _next_list_url(request: HttpRequest) -> str:
    """Where to go back after a bulk decision: the list with the filters it was sent from."""
    candidate = request.POST.get("next", "")
    allowed = url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if allowed and urlsplit(candidate).path == reverse("challenges:staff_list"):
        return candidate
    return _list_url()


@require_POST
@staff_required
def challenges_bulk(request: AuthenticatedRequest) -> HttpResponse:
    next_url = _next_list_url(request)
    form = BulkDecisionForm(request.POST)
    if not form.is_valid():
        # The other fields show their errors next to them; the ticks have no field.
        for error in form.errors.get("challenges", []):
            messages.error(request, str(error))
        return _list_response(
            request,
            QueryDict(urlsplit(next_url).query),
            bulk_form=form,
            checked=frozenset(request.POST.getlist("challenges")),
        )
    action = form.cleaned_data["action"]
    done, refused = services.challenges_transition_bulk(
        challenges=form.cleaned_data["challenges"],
        by=request.user,
        name=action,
        message=form.cleaned_data["message"],
    )
    label = CHALLENGE_WORKFLOW.get(action).label
    if done:
        titles = ", ".join(f"« {challenge.title} »" for challenge in done)
        messages.success(
            request,
            _("« %(action)s » appliqué à %(count)d défi(s) : %(titles)s.")
            % {"action": label, "count": len(done), "titles": titles},
        )
    for challenge, reason in refused.items():
        messages.error(
            request,
            _("« %(action)s » refusé pour « %(title)s » : %(reason)s")
            % {"action": label, "title": challenge.title, "reason": reason},
        )
    return redirect(next_url)


def _export_queryset(request: HttpRequest) -> Any:
    filters = ChallengeFilterForm(request.GET or None).filters()
    return selectors.challenge_list_for_staff(filters=filters)


def _export_name(extension: str) -> str:
    return f"defis-{timezone.localdate():%Y-%m-%d}.{extension}"


@require_safe
@staff_required
def export_csv(request: HttpRequest) -> StreamingHttpResponse:
    rows = exports.rows(_export_queryset(request))
    return files.csv_response(exports.HEADER, rows, filename=_export_name("csv"))


@require_safe
@staff_required
def export_xlsx(request: HttpRequest) -> FileResponse:
    rows = exports.rows(_export_queryset(request))
    return files.xlsx_response(exports.HEADER, rows, filename=_export_name("xlsx"), sheet="Défis")


# One défi: its file, notes, opinions and decisions


def _staff_challenge(pk: int) -> Challenge:
    try:
        return selectors.challenge_file(queryset=Challenge.objects.all(), pk=pk)
    except Challenge.DoesNotExist as error:
        raise Http404 from error


def _detail_response(
    request: HttpRequest,
    challenge: Challenge,
    *,
    note_form: NoteForm | None = None,
    opinion_form: OpinionRequestForm | None = None,
    decision_form: DecisionForm | None = None,
    unsent_message: str = "",
) -> HttpResponse:
    decision_form = decision_form or DecisionForm(challenge=challenge)
    return render(
        request,
        "challenges/staff/detail.html",
        {
            "title": challenge.title,
            "breadcrumb_data": breadcrumb(challenge.title, (_list_url(), _("Défis à instruire"))),
            "challenge": challenge,
            "section_titles": {section.key: section.title for section in SECTIONS},
            "missing": missing_by_section(challenge),
            "opinions": list(challenge.opinions.all()),
            "results": challenge_results(challenge),
            # The private notes are read apart from the history, which has none.
            "history": selectors.challenge_history(challenge=challenge, for_staff=True),
            "notes": selectors.challenge_notes(challenge=challenge),
            "decision_form": decision_form,
            # A message typed for a decision no longer possible (no form left to hold it)
            # is shown back, not lost.
            "unsent_message": "" if decision_form.transitions else unsent_message.strip(),
            "note_form": note_form or NoteForm(auto_id="note_%s"),
            "opinion_form": opinion_form
            or OpinionRequestForm(challenge=challenge, auto_id="opinion_%s"),
        },
    )


@require_safe
@staff_required
def challenge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_response(request, _staff_challenge(pk))


def _detail_url(challenge: Challenge, anchor: str = "") -> str:
    url = reverse("challenges:staff_detail", kwargs={"pk": challenge.pk})
    return f"{url}#{anchor}" if anchor else url


@require_POST
@staff_required
def challenge_transition(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    challenge = _staff_challenge(pk)
    form = DecisionForm(request.POST, challenge=challenge)
    typed = request.POST.get("message", "")
    if form.is_valid():
        action = form.cleaned_data["action"]
        try:
            services.challenge_transition(
                challenge=challenge,
                by=request.user,
                name=action,
                message=form.cleaned_data["message"],
                outcome=form.cleaned_data.get("outcome", ""),
            )
        except DomainError as error:
            # Refused meanwhile (someone decided first): the page shows the défi as it is
            # now, with what was typed.
            messages.error(request, error.message)
            challenge = _staff_challenge(pk)
            form = DecisionForm(request.POST, challenge=challenge)
            form.is_valid()
        else:
            messages.success(
                request,
                _("%(done)s. L’administration en est informée.")
                % {"done": CHALLENGE_WORKFLOW.get(action).history_action.label},
            )
            return redirect(_detail_url(challenge))
    else:
        for refusal in form.errors.get("action", []):
            messages.error(request, str(refusal))
    return _detail_response(request, challenge, decision_form=form, unsent_message=typed)


@require_POST
@staff_required
def note_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    challenge = _staff_challenge(pk)
    form = NoteForm(request.POST, auto_id="note_%s")
    if form.is_valid():
        try:
            services.note_add(challenge=challenge, by=request.user, text=form.cleaned_data["text"])
        except DomainError as error:
            form.add_error("text", error.message)
        else:
            messages.success(request, _("Annotation enregistrée."))
            return redirect(_detail_url(challenge, "annotations"))
    return _detail_response(request, challenge, note_form=form)


@require_POST
@staff_required
def opinion_request(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    challenge = _staff_challenge(pk)
    form = OpinionRequestForm(request.POST, challenge=challenge, auto_id="opinion_%s")
    if form.is_valid():
        coach = form.cleaned_data["coach"]
        try:
            services.opinion_request(
                challenge=challenge,
                coach=coach,
                by=request.user,
                message=form.cleaned_data["message"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Avis demandé à %(coach)s : un e-mail lui a été envoyé.") % {"coach": coach},
            )
            return redirect(_detail_url(challenge, "avis"))
    return _detail_response(request, challenge, opinion_form=form)


# Priority policies


@require_safe
@staff_required
def policy_list(request: HttpRequest) -> HttpResponse:
    title = _("Politiques prioritaires")
    return render(
        request,
        "challenges/staff/policy_list.html",
        {
            "title": title,
            "breadcrumb_data": breadcrumb(title),
            "policies": selectors.policy_list(),
        },
    )


def _policy_form_response(
    request: HttpRequest, form: PolicyForm, policy: PriorityPolicy | None
) -> HttpResponse:
    title = _("Modifier la politique prioritaire") if policy else _("Ajouter une politique")
    return render(
        request,
        "challenges/staff/policy_form.html",
        {
            "title": title,
            "breadcrumb_data": breadcrumb(
                title, (reverse("challenges:policy_list"), _("Politiques prioritaires"))
            ),
            "form": form,
            "policy": policy,
        },
    )


def _policy_save(request: AuthenticatedRequest, policy: PriorityPolicy | None) -> HttpResponse:
    form = PolicyForm(request.POST)
    if form.is_valid():
        try:
            saved = services.policy_save(policy=policy, data=form.cleaned_data, by=request.user)
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Politique « %(name)s » enregistrée.") % {"name": saved})
            return redirect("challenges:policy_list")
    return _policy_form_response(request, form, policy)


def _policy_delete(request: AuthenticatedRequest, policy: PriorityPolicy) -> HttpResponse:
    if services.policy_delete(policy=policy, by=request.user):
        messages.success(request, _("Politique « %(name)s » supprimée.") % {"name": policy})
    else:
        messages.info(
            request,
            _(
                "Des défis citent la politique « %(name)s » : elle n’est plus proposée "
                "aux administrations, mais reste sur ces défis."
            )
            % {"name": policy},
        )
    return redirect("challenges:policy_list")


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required
def policy_create(request: AuthenticatedRequest) -> HttpResponse:
    if request.method == "POST":
        return _policy_save(request, None)
    next_position = PriorityPolicy.objects.count() * 10
    form = PolicyForm(initial={"is_active": True, "position": next_position})
    return _policy_form_response(request, form, None)


@require_http_methods(["GET", "HEAD", "POST"])
@staff_required
def policy_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    policy = get_object_or_404(PriorityPolicy, pk=pk)
    if request.method == "POST":
        if "delete" in request.POST:
            return _policy_delete(request, policy)
        return _policy_save(request, policy)
    form = PolicyForm(
        initial={"name": policy.name, "is_active": policy.is_active, "position": policy.position}
    )
    return _policy_form_response(request, form, policy)
