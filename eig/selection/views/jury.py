"""Proposals of pool candidates to défis (staff), joint interviews (staff), and the
administration's jury (the défi's agents).

An agent reaches only the défis of their administrations (404 otherwise) and, on a
défi, only the candidates proposed to it (404 otherwise, CV included). The gender of a
candidate is never shown here.
"""

from typing import Any, cast

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from eig.accounts.decorators import AuthenticatedRequest, role_required, staff_required
from eig.accounts.enums import Role
from eig.accounts.navigation import breadcrumb
from eig.candidacies.selectors.staff import staff_candidacies
from eig.challenges.models import Challenge
from eig.core.errors import DomainError
from eig.core.forms import form_add_service_error
from eig.core.history_display import history_lines
from eig.selection.enums import ProposalStatus
from eig.selection.forms.interviews import InterviewScheduleForm, JuryOpinionForm, JuryRankingForm
from eig.selection.models import Proposal
from eig.selection.rules import interview_rule
from eig.selection.selectors import interviews as selectors
from eig.selection.selectors.matching import jury_matching_round
from eig.selection.services import interviews as interview_services
from eig.selection.services import proposals as services

agents_only = role_required(Role.AGENT)


def _posted(request: HttpRequest) -> Any:
    return request.POST if request.method == "POST" else None


# --- Staff: proposals ------------------------------------------------------------------


@require_safe
@staff_required
def proposal_challenges(request: HttpRequest) -> HttpResponse:
    challenges = (
        selectors.recruiting_challenges()
        .annotate(
            proposed=Count("proposals", filter=~Q(proposals__status=ProposalStatus.WITHDRAWN))
        )
        .order_by("title")
    )
    title = _("Propositions aux défis")
    return render(
        request,
        "selection/jury/proposal_challenges.html",
        {"title": title, "breadcrumb_data": breadcrumb(title), "challenges": challenges},
    )


@staff_required
def proposal_page(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The pool candidates a défi wants, those who wished it first; propose one."""
    challenge = get_object_or_404(selectors.recruiting_challenges(), pk=pk)
    if request.method == "POST":
        candidacy = get_object_or_404(staff_candidacies(), pk=request.POST.get("candidacy") or 0)
        try:
            services.proposal_create(candidacy=candidacy, challenge=challenge, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _("%(name)s est proposé·e au défi ; ses agents sont prévenus.")
                % {"name": candidacy.candidate.user},
            )
        return redirect("interviews:proposal_page", pk=challenge.pk)
    rows = selectors.pool_rows_for(challenge)
    proposals = list(
        selectors.jury_proposals(challenge).select_related(
            "candidacy__round__promotion", "challenge"
        )
    )
    title = _("Proposer des candidat·es au défi « %(title)s »") % {"title": challenge.title}
    return render(
        request,
        "selection/jury/proposal_page.html",
        {
            "title": title,
            "breadcrumb_data": breadcrumb(
                challenge.title,
                (reverse("interviews:proposal_challenges"), _("Propositions aux défis")),
            ),
            "challenge": challenge,
            "wished": [row for row in rows if row.wish_rank is not None],
            "others": [row for row in rows if row.wish_rank is None],
            "proposals": proposals,
            "history": history_lines(*proposals),
        },
    )


@staff_required
def joint_interview_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    proposal = get_object_or_404(
        Proposal.objects.select_related("candidacy__candidate__user", "challenge__organisation"),
        pk=pk,
    )
    form = InterviewScheduleForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            interview = interview_services.interview_schedule(
                candidacy=proposal.candidacy,
                challenge=proposal.challenge,
                plan=form.plan(),
                interviewers=form.cleaned_data["interviewers"],
                by=request.user,
            )
        except (DomainError, ValidationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(
                request, _("L’entretien conjoint est programmé ; les invitations sont parties.")
            )
            return redirect("interviews:staff_detail", pk=interview.pk)
    title = _("Entretien conjoint de %(name)s pour « %(challenge)s »") % {
        "name": proposal.candidacy.candidate.user,
        "challenge": proposal.challenge.title,
    }
    return render(
        request,
        "selection/interviews/form.html",
        {
            "title": title,
            "breadcrumb_data": breadcrumb(
                _("Entretien conjoint"),
                (
                    reverse("interviews:proposal_page", kwargs={"pk": proposal.challenge_id}),
                    proposal.challenge.title,
                ),
            ),
            "form": form,
            "candidacy": proposal.candidacy,
            "challenge": proposal.challenge,
            "submit_label": _("Programmer et envoyer les invitations"),
            "cancel_url": reverse("interviews:proposal_page", kwargs={"pk": proposal.challenge_id}),
        },
    )


# --- The administration's jury ---------------------------------------------------------


def _jury_challenge(request: AuthenticatedRequest, pk: int) -> Challenge:
    try:
        return selectors.jury_challenge(request.user, pk)
    except Challenge.DoesNotExist as error:
        raise Http404 from error


def _jury_proposal(request: AuthenticatedRequest, pk: int, proposal_pk: int) -> Proposal:
    challenge = _jury_challenge(request, pk)
    try:
        proposal = selectors.jury_proposal(challenge, proposal_pk)
    except Proposal.DoesNotExist as error:
        raise Http404 from error
    if not interview_rule(request.user, "jury_view", proposal):
        raise Http404
    return proposal


def _jury_breadcrumb(challenge: Challenge | None, current: str) -> dict[str, Any]:
    links = [(reverse("interviews:jury_index"), _("Candidat·es proposé·es"))]
    if challenge is not None:
        links.append(
            (reverse("interviews:jury_list", kwargs={"pk": challenge.pk}), challenge.title)
        )
    return breadcrumb(current, *links)


@require_safe
@agents_only
def jury_index(request: AuthenticatedRequest) -> HttpResponse:
    challenges = selectors.jury_challenges(request.user).annotate(
        proposed=Count("proposals", filter=~Q(proposals__status=ProposalStatus.WITHDRAWN))
    )
    title = _("Candidat·es proposé·es")
    return render(
        request,
        "selection/jury/index.html",
        {"title": title, "breadcrumb_data": breadcrumb(title), "challenges": challenges},
    )


@agents_only
def jury_list(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The candidates proposed to the défi; the jury ranks those it retained."""
    challenge = _jury_challenge(request, pk)
    proposals = list(selectors.jury_proposals(challenge))
    retained = [p for p in proposals if p.status == ProposalStatus.RETAINED]
    form = JuryRankingForm(_posted(request), proposals=retained)
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_ranking_record(
                challenge=challenge,
                ranks=form.ranks(),
                by=request.user,
            )
        except DomainError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("Le classement du jury est enregistré."))
            return redirect("interviews:jury_list", pk=challenge.pk)
    title = _("Candidat·es proposé·es au défi « %(title)s »") % {"title": challenge.title}
    return render(
        request,
        "selection/jury/list.html",
        {
            "title": title,
            "breadcrumb_data": _jury_breadcrumb(None, challenge.title),
            "challenge": challenge,
            "proposals": proposals,
            "ranking_form": form if retained else None,
            "matching_round": jury_matching_round(challenge),
        },
    )


@agents_only
def jury_candidate(request: AuthenticatedRequest, pk: int, proposal_pk: int) -> HttpResponse:
    proposal = _jury_proposal(request, pk, proposal_pk)
    can_decide = interview_rule(request.user, "jury_decide", proposal)
    initial = {"opinion": proposal.jury_opinion}
    if proposal.status in (ProposalStatus.RETAINED, ProposalStatus.NOT_RETAINED):
        initial["decision"] = proposal.status
    form = JuryOpinionForm(_posted(request), initial=initial)
    if request.method == "POST" and can_decide and form.is_valid():
        try:
            services.proposal_opinion_record(
                proposal=proposal,
                opinion=form.cleaned_data["opinion"],
                decision=form.cleaned_data["decision"],
                by=request.user,
            )
        except DomainError as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("L’avis du jury est enregistré."))
            return redirect("interviews:jury_list", pk=pk)
    candidate = proposal.candidacy.candidate
    return render(
        request,
        "selection/jury/candidate.html",
        {
            "title": str(candidate.user),
            "breadcrumb_data": _jury_breadcrumb(proposal.challenge, str(candidate.user)),
            "proposal": proposal,
            "candidate": candidate,
            "interviews": selectors.joint_interviews(proposal),
            "form": form if can_decide else None,
        },
    )


@require_safe
@agents_only
def jury_cv(request: AuthenticatedRequest, pk: int, proposal_pk: int) -> HttpResponse:
    """The CV of a candidate proposed to a défi of the agent's administration."""
    proposal = _jury_proposal(request, pk, proposal_pk)
    candidate = proposal.candidacy.candidate
    if not candidate.cv:
        raise Http404(_("Cette personne n’a pas déposé de CV."))
    try:
        file = candidate.cv.open("rb")
    except FileNotFoundError as error:
        raise Http404(_("Le fichier du CV est introuvable.")) from error
    name = slugify(candidate.user.full_name) or f"candidat-{candidate.pk}"
    response = FileResponse(
        file, as_attachment=True, filename=f"cv-{name}.pdf", content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    # A streamed file: typed as HttpResponse for the role decorator.
    return cast(HttpResponse, response)
