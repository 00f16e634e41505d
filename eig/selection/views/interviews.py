"""Programme interviews: staff schedule, reschedule and cancel them; the interviewers
see the interviews they sit on and score them. An interview someone does not sit on
answers 404 to them."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Exists, OuterRef
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from eig.accounts.decorators import AuthenticatedRequest, role_required, staff_required
from eig.accounts.enums import Role
from eig.accounts.navigation import breadcrumb
from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.models import Candidacy
from eig.candidacies.selectors.staff import staff_candidacies
from eig.core.errors import DomainError
from eig.core.forms import form_add_service_error
from eig.core.history_display import history_lines
from eig.core.pagination import page_for
from eig.selection.enums import DecisionKind, DecisionOutcome, InterviewKind, ReviewStage
from eig.selection.forms.interviews import (
    InterviewCancelForm,
    InterviewPlanForm,
    InterviewReviewForm,
    InterviewScheduleForm,
)
from eig.selection.models import Decision, Interview, Review
from eig.selection.selectors.interviews import (
    interview_criteria,
    interview_list_for_staff,
    interviews_of_interviewer,
)
from eig.selection.services import interviews as services

interviewers_only = role_required(Role.STAFF, Role.REVIEWER)


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


def _staff_breadcrumb(current: str) -> dict[str, Any]:
    return breadcrumb(current, (reverse("interviews:staff_list"), _("Entretiens")))


# --- Staff -------------------------------------------------------------------------


def _eligible_without_interview() -> Any:
    eligible = Decision.objects.filter(
        candidacy=OuterRef("pk"), kind=DecisionKind.SCREENING, outcome=DecisionOutcome.ELIGIBLE
    )
    planned = Interview.objects.filter(
        candidacy=OuterRef("pk"), kind=InterviewKind.PROGRAMME, cancelled_at__isnull=True
    )
    return (
        Candidacy.objects.filter(status=CandidacyStatus.SUBMITTED)
        .filter(Exists(eligible), ~Exists(planned))
        .select_related("candidate__user", "round__promotion")
        .order_by("candidate__user__last_name", "pk")
    )


@require_safe
@staff_required
def staff_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    interviews = interview_list_for_staff()
    upcoming = interviews.filter(starts_at__gte=now, cancelled_at__isnull=True).order_by(
        "starts_at", "pk"
    )
    past = interviews.filter(starts_at__lt=now).order_by("-starts_at", "-pk")
    return render(
        request,
        "selection/interviews/staff_list.html",
        {
            "title": _("Entretiens"),
            "breadcrumb_data": breadcrumb(_("Entretiens")),
            "to_invite": page_for(request, _eligible_without_interview(), parameter="a_inviter"),
            "upcoming": page_for(request, upcoming, parameter="a_venir"),
            "past": page_for(request, past, parameter="passes"),
        },
    )


@staff_required
def interview_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """Invite a screened-eligible application to a programme interview."""
    candidacy = get_object_or_404(
        staff_candidacies().select_related("candidate__user", "round__promotion"), pk=pk
    )
    try:
        services.programme_interview_check(candidacy)
    except DomainError as error:
        messages.error(request, error.message)
        return redirect("interviews:staff_list")
    form = InterviewScheduleForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            interview = services.interview_schedule(
                candidacy=candidacy,
                plan=form.plan(),
                interviewers=form.cleaned_data["interviewers"],
                by=request.user,
            )
        except (DomainError, ValidationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(
                request, _("L’entretien est programmé ; les invitations sont parties.")
            )
            return redirect("interviews:staff_detail", pk=interview.pk)
    title = _("Inviter %(name)s à un entretien") % {"name": candidacy.candidate.user}
    return render(
        request,
        "selection/interviews/form.html",
        {
            "title": title,
            "breadcrumb_data": _staff_breadcrumb(title),
            "form": form,
            "candidacy": candidacy,
            "submit_label": _("Programmer et envoyer les invitations"),
            "cancel_url": reverse("interviews:staff_list"),
        },
    )


def _staff_interview(pk: int) -> Interview:
    return get_object_or_404(interview_list_for_staff(), pk=pk)


@require_safe
@staff_required
def staff_detail(request: HttpRequest, pk: int) -> HttpResponse:
    interview = _staff_interview(pk)
    title = _("Entretien de %(name)s") % {"name": interview.candidacy.candidate.user}
    return render(
        request,
        "selection/interviews/staff_detail.html",
        {
            "title": title,
            "breadcrumb_data": _staff_breadcrumb(title),
            "interview": interview,
            "reviews": interview.reviews.select_related("reviewer").order_by("pk"),
            "cancel_form": InterviewCancelForm(),
            "history": history_lines(interview),
        },
    )


@staff_required
def interview_reschedule(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    interview = _staff_interview(pk)
    if interview.cancelled_at is not None:
        raise Http404
    form = InterviewPlanForm(_posted(request), initial=InterviewPlanForm.initial_from(interview))
    if request.method == "POST" and form.is_valid():
        try:
            services.interview_reschedule(interview=interview, plan=form.plan(), by=request.user)
        except (DomainError, ValidationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("L’entretien est modifié ; la mise à jour est envoyée."))
            return redirect("interviews:staff_detail", pk=interview.pk)
    title = _("Modifier l’entretien de %(name)s") % {"name": interview.candidacy.candidate.user}
    return render(
        request,
        "selection/interviews/form.html",
        {
            "title": title,
            "breadcrumb_data": _staff_breadcrumb(title),
            "form": form,
            "candidacy": interview.candidacy,
            "submit_label": _("Enregistrer et prévenir les personnes invitées"),
            "cancel_url": reverse("interviews:staff_detail", kwargs={"pk": interview.pk}),
        },
    )


@require_POST
@staff_required
def interview_cancel(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    interview = _staff_interview(pk)
    form = InterviewCancelForm(request.POST)
    form.is_valid()
    try:
        services.interview_cancel(
            interview=interview,
            reason=form.cleaned_data.get("reason", ""),
            by=request.user,
        )
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("L’entretien est annulé ; les personnes invitées sont prévenues.")
        )
    return redirect("interviews:staff_detail", pk=interview.pk)


# --- Interviewers --------------------------------------------------------------------


@require_safe
@interviewers_only
def my_interviews(request: AuthenticatedRequest) -> HttpResponse:
    interviews = page_for(request, interviews_of_interviewer(request.user))
    title = _("Mes entretiens")
    return render(
        request,
        "selection/interviews/my_list.html",
        {
            "title": title,
            "breadcrumb_data": breadcrumb(title),
            "interviews": interviews,
        },
    )


@interviewers_only
def interview_review(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """An interviewer's scores on an interview they sit on (404 for anyone else)."""
    interview = get_object_or_404(interviews_of_interviewer(request.user), pk=pk)
    review = get_object_or_404(
        Review.objects.prefetch_related("scores__criterion"),
        interview=interview,
        reviewer=request.user,
        stage=ReviewStage.INTERVIEW,
    )
    criteria = interview_criteria(interview.candidacy)
    form = InterviewReviewForm(_posted(request), criteria=criteria)
    if request.method == "POST" and review.submitted_at is None and form.is_valid():
        try:
            services.interview_review_submit(
                review=review,
                scores=form.scores(),
                recommendation=form.cleaned_data["recommendation"],
                comment=form.cleaned_data["comment"],
                by=request.user,
            )
        except (DomainError, ValidationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("Votre évaluation de l’entretien est enregistrée."))
            return redirect("interviews:review", pk=interview.pk)
    title = _("Évaluer l’entretien de %(name)s") % {"name": interview.candidacy.candidate.user}
    return render(
        request,
        "selection/interviews/review.html",
        {
            "title": title,
            "breadcrumb_data": breadcrumb(
                title, (reverse("interviews:my_interviews"), _("Mes entretiens"))
            ),
            "interview": interview,
            "review": review,
            "form": form,
        },
    )
