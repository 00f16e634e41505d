"""Pages of the administration's agents: propose a défi, complete it section by section,
submit it to a round, follow it, withdraw it.

Every défi is fetched through ``Challenge.objects.editable_by(user)`` (the défis of
the agent's administrations): any other défi answers 404, whatever its status.
"""

import datetime
from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from eig.accounts.decorators import AuthenticatedRequest, role_required
from eig.accounts.enums import Role
from eig.accounts.navigation import breadcrumb
from eig.challenges.completeness import SECTIONS, missing_by_section
from eig.challenges.enums import ChallengeStatus
from eig.challenges.forms.challenges import (
    EDITABLE_SECTIONS,
    SECTION_BY_SLUG,
    SLUG_BY_KEY,
    AttachmentForm,
    ChallengeCreateForm,
    EditableSection,
    IndicatorForm,
    PolicyForm,
    SectionForm,
    SubmitForm,
    WithdrawForm,
)
from eig.challenges.models import Challenge, Indicator
from eig.challenges.rules import challenge_can
from eig.challenges.selectors.challenges import (
    HistoryItem,
    challenge_file,
    challenge_history,
    challenge_list_for_agent,
)
from eig.challenges.selectors.results import challenge_results
from eig.challenges.services import challenges as services
from eig.core.errors import DomainError
from eig.core.history_actions import HistoryAction
from eig.organisations.models import Organisation
from eig.programmes.models import Round

# The fields each section of the file shows on the détail page (indicators have a table).
SECTION_FIELDS = {
    "problem": ("problem", "affected_users"),
    "sponsor": ("sponsor_name", "sponsor_role", "sponsor_commitment"),
    "experimentation": ("first_users", "plan_3_months", "plan_6_months"),
    "team": ("team", "budget", "autonomy"),
}
# The programme team's message the agents must read, by status.
TEAM_MESSAGE_ACTION = {
    ChallengeStatus.CHANGES_REQUESTED: HistoryAction.CHANGES_REQUESTED,
    ChallengeStatus.SELECTED: HistoryAction.CHALLENGE_SELECTED,
    ChallengeStatus.DECLINED: HistoryAction.CHALLENGE_DECLINED,
}


def _challenge_of(request: HttpRequest, pk: int) -> Challenge:
    """A défi of one of the agent's administrations, or 404."""
    return get_object_or_404(
        Challenge.objects.editable_by(request.user).select_related(
            "organisation", "round__promotion", "priority_policy"
        ),
        pk=pk,
    )


def _posted(request: HttpRequest) -> Any:
    """The submitted data on a POST (even empty, so the form says what is missing)."""
    return request.POST if request.method == "POST" else None


def _detail(challenge: Challenge, anchor: str = "") -> HttpResponse:
    url = reverse("challenges:detail", kwargs={"pk": challenge.pk})
    return redirect(f"{url}#{anchor}" if anchor else url)


def _refuse_unless_editable(request: HttpRequest, challenge: Challenge) -> HttpResponse | None:
    if challenge_can(request.user, "edit", challenge):
        return None
    messages.error(
        request,
        _("Ce défi n’est plus modifiable : il est « %(status)s ».")
        % {"status": challenge.get_status_display()},
    )
    return _detail(challenge)


def _breadcrumb(current: str, challenge: Challenge | None = None) -> dict[str, Any]:
    links = [(reverse("challenges:list"), _("Mes défis"))]
    if challenge is not None:
        links.append((reverse("challenges:detail", kwargs={"pk": challenge.pk}), challenge.title))
    return breadcrumb(current, *links)


# --- Mes défis, and proposing one ---------------------------------------------------


@require_safe
@role_required(Role.AGENT)
def challenge_list(request: HttpRequest) -> HttpResponse:
    organisations = list(Organisation.objects.of_member(request.user).order_by("name"))
    challenges = challenge_list_for_agent(organisations=organisations)
    context = {
        "title": _("Mes défis"),
        "organisations": organisations,
        "challenges": challenges,
        "several_organisations": len(organisations) > 1,
    }
    return render(request, "challenges/agent/list.html", context)


@role_required(Role.AGENT)
def challenge_create(request: AuthenticatedRequest) -> HttpResponse:
    organisations = Organisation.objects.of_member(request.user).order_by("name")
    if not organisations.exists():
        return redirect("challenges:list")
    form = ChallengeCreateForm(_posted(request), organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            challenge = services.challenge_create(
                organisation=form.chosen_organisation(),
                by=request.user,
                title=form.cleaned_data["title"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Votre brouillon est créé. Complétez chaque section, puis déposez le défi."),
            )
            return _detail(challenge)
    context = {
        "title": _("Proposer un défi"),
        "form": form,
        "breadcrumb_data": _breadcrumb(_("Proposer un défi")),
    }
    return render(request, "challenges/agent/create.html", context)


# --- The défi's page ------------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    label: str
    value: str
    url: str = ""


@dataclass(frozen=True)
class SectionView:
    key: str
    title: str
    edit_url: str
    rows: list[Row]
    missing: list[str]


def _label(name: str) -> str:
    field = Challenge._meta.get_field(name)
    return str(getattr(field, "verbose_name", name)).capitalize()


def _rows(challenge: Challenge, key: str) -> list[Row]:
    if key in SECTION_FIELDS:
        return [Row(_label(name), getattr(challenge, name)) for name in SECTION_FIELDS[key]]
    if key == "policy":
        policy = challenge.priority_policy
        other = challenge.priority_policy_other
        value = (
            policy.name if policy else (_("Autre : %(text)s") % {"text": other} if other else "")
        )
        return [Row(_("Politique prioritaire"), value)]
    if key == "approach":
        rows = [Row(_("Approche"), challenge.get_approach_display() if challenge.approach else "")]
        if challenge.approach == "beta":
            rows += [
                Row(
                    _label("beta_product_url"),
                    challenge.beta_product_url,
                    challenge.beta_product_url,
                ),
                Row(_label("beta_phase"), challenge.get_beta_phase_display()),
                Row(_label("incubator"), challenge.incubator),
            ]
        return rows
    if key == "profiles":
        wanted = challenge.wants_product or challenge.wants_tech
        return [Row(_("Profils recherchés"), challenge.profiles_wanted_display if wanted else "")]
    return []


def _section_views(challenge: Challenge, missing: dict[str, list[str]]) -> list[SectionView]:
    views = []
    for section in SECTIONS:
        if section.key == "indicators":
            edit_url = reverse("challenges:indicator_add", kwargs={"pk": challenge.pk})
        else:
            edit_url = reverse(
                "challenges:edit", kwargs={"pk": challenge.pk, "section": SLUG_BY_KEY[section.key]}
            )
        views.append(
            SectionView(
                key=section.key,
                title=section.title,
                edit_url=edit_url,
                rows=_rows(challenge, section.key),
                missing=missing.get(section.title, []),
            )
        )
    return views


@dataclass(frozen=True)
class SubmissionTarget:
    """Where a submission made today would go, and what to tell the agent about it."""

    round: Round | None
    later: bool = False
    passed: Round | None = None
    resubmission: bool = False


def _submission_target(
    challenge: Challenge, today: datetime.date | None = None
) -> SubmissionTarget:
    if challenge.status == ChallengeStatus.CHANGES_REQUESTED:
        return SubmissionTarget(round=challenge.round, resubmission=True)
    day = today or timezone.localdate()
    target, later = services.submission_round(day)
    passed = None
    if later:
        passed = (
            Round.objects.filter(opens_on__lte=day, challenge_deadline__lt=day)
            .select_related("promotion")
            .order_by("-challenge_deadline")
            .first()
        )
    return SubmissionTarget(round=target, later=later, passed=passed)


def _team_message(challenge: Challenge, history: list[HistoryItem]) -> HistoryItem | None:
    action = TEAM_MESSAGE_ACTION.get(ChallengeStatus(challenge.status))
    if action is None:
        return None
    lines = [item for item in history if item.action == action and item.comment]
    return lines[-1] if lines else None


@require_safe
@role_required(Role.AGENT)
def challenge_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        challenge = challenge_file(queryset=Challenge.objects.editable_by(request.user), pk=pk)
    except Challenge.DoesNotExist as error:
        raise Http404 from error
    missing = missing_by_section(challenge)
    history = challenge_history(challenge=challenge, for_staff=False)
    context = {
        "title": challenge.title,
        "challenge": challenge,
        "sections": _section_views(challenge, missing),
        "missing": missing,
        "indicators": list(challenge.indicators.all()),
        "attachments": list(challenge.attachments.all()),
        "results": challenge_results(challenge),
        "target": _submission_target(challenge),
        "can_edit": challenge_can(request.user, "edit", challenge),
        "can_withdraw": challenge_can(request.user, "withdraw", challenge),
        "team_message": _team_message(challenge, history),
        "history": history[::-1],
        "breadcrumb_data": _breadcrumb(challenge.title),
    }
    return render(request, "challenges/agent/detail.html", context)


# --- Editing the file, section by section ---------------------------------------------


def _section_form(
    section: EditableSection, request: HttpRequest, challenge: Challenge
) -> SectionForm | PolicyForm:
    data = _posted(request)
    if section.form_class is PolicyForm:
        return PolicyForm(data, instance=challenge)
    return section.form_class(data, instance=challenge)


def _next_section(section: EditableSection) -> EditableSection | None:
    index = EDITABLE_SECTIONS.index(section)
    return EDITABLE_SECTIONS[index + 1] if index + 1 < len(EDITABLE_SECTIONS) else None


def _section_title(key: str) -> str:
    return next(section.title for section in SECTIONS if section.key == key)


@role_required(Role.AGENT)
def challenge_edit(request: AuthenticatedRequest, pk: int, section: str) -> HttpResponse:
    challenge = _challenge_of(request, pk)
    editable = SECTION_BY_SLUG.get(section)
    if editable is None:
        raise Http404
    if refused := _refuse_unless_editable(request, challenge):
        return refused
    title = _section_title(editable.key)
    form = _section_form(editable, request, challenge)
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_update(
                challenge=challenge, by=request.user, data=form.section_data()
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Section « %(title)s » enregistrée.") % {"title": title})
            following = _next_section(editable)
            if "continue" in request.POST and following is not None:
                return redirect("challenges:edit", pk=challenge.pk, section=following.slug)
            return _detail(challenge, f"section-{editable.key}")
    context = {
        "title": title,
        "challenge": challenge,
        "form": form,
        "section_key": editable.key,
        "section_missing": missing_by_section(challenge).get(title, []),
        "next_section": _next_section(editable),
        "breadcrumb_data": _breadcrumb(title, challenge),
    }
    return render(request, "challenges/agent/edit.html", context)


# --- Indicators -----------------------------------------------------------------------


def _indicator_page(
    request: AuthenticatedRequest, challenge: Challenge, indicator: Indicator | None
) -> HttpResponse:
    data = _posted(request)
    form = IndicatorForm(data, instance=indicator or Indicator(challenge=challenge))
    if request.method == "POST" and form.is_valid():
        try:
            services.indicator_save(
                challenge=challenge,
                by=request.user,
                data=form.indicator_data(),
                indicator=indicator,
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Indicateur enregistré."))
            return _detail(challenge, "section-indicators")
    title = _("Modifier l’indicateur") if indicator else _("Ajouter un indicateur")
    context = {
        "title": title,
        "challenge": challenge,
        "form": form,
        "indicator": indicator,
        "breadcrumb_data": _breadcrumb(title, challenge),
    }
    return render(request, "challenges/agent/indicator_form.html", context)


@role_required(Role.AGENT)
def indicator_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    challenge = _challenge_of(request, pk)
    if refused := _refuse_unless_editable(request, challenge):
        return refused
    return _indicator_page(request, challenge, None)


@role_required(Role.AGENT)
def indicator_edit(request: AuthenticatedRequest, pk: int, indicator_pk: int) -> HttpResponse:
    challenge = _challenge_of(request, pk)
    indicator = get_object_or_404(challenge.indicators, pk=indicator_pk)
    if refused := _refuse_unless_editable(request, challenge):
        return refused
    return _indicator_page(request, challenge, indicator)


@require_POST
@role_required(Role.AGENT)
def indicator_delete(request: AuthenticatedRequest, pk: int, indicator_pk: int) -> HttpResponse:
    challenge = _challenge_of(request, pk)
    indicator = get_object_or_404(challenge.indicators, pk=indicator_pk)
    try:
        services.indicator_delete(indicator=indicator, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Indicateur « %(name)s » supprimé.") % {"name": indicator.name})
    return _detail(challenge, "section-indicators")


# --- Attachments ----------------------------------------------------------------------


@role_required(Role.AGENT)
def attachment_add(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    challenge = _challenge_of(request, pk)
    if refused := _refuse_unless_editable(request, challenge):
        return refused
    form = AttachmentForm(_posted(request), request.FILES if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            attachment = services.attachment_add(
                challenge=challenge, by=request.user, uploaded=form.cleaned_data["file"]
            )
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            messages.success(
                request, _("Pièce jointe « %(name)s » ajoutée.") % {"name": attachment.name}
            )
            return _detail(challenge, "pieces-jointes")
    title = _("Ajouter une pièce jointe")
    context = {
        "title": title,
        "challenge": challenge,
        "form": form,
        "breadcrumb_data": _breadcrumb(title, challenge),
    }
    return render(request, "challenges/agent/attachment_form.html", context)


@require_POST
@role_required(Role.AGENT)
def attachment_delete(request: AuthenticatedRequest, pk: int, attachment_pk: int) -> HttpResponse:
    challenge = _challenge_of(request, pk)
    attachment = get_object_or_404(challenge.attachments, pk=attachment_pk)
    try:
        services.attachment_delete(attachment=attachment, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request, _("Pièce jointe « %(name)s » supprimée.") % {"name": attachment.name}
        )
    return _detail(challenge, "pieces-jointes")


@require_safe
@login_required
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """The file, to the agents of the administration, the programme team and a coach asked
    for an opinion; 404 to anyone else. Never served from a public URL."""
    challenge = get_object_or_404(Challenge.objects.visible_to(request.user), pk=pk)
    if not challenge_can(request.user, "download_attachment", challenge):
        raise Http404
    attachment = get_object_or_404(challenge.attachments, pk=attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=True, filename=attachment.name, content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- Submitting and withdrawing -------------------------------------------------------


def _confirmed_round(value: int | None) -> Round | None:
    if value is None:
        return None
    confirmed = Round.objects.filter(pk=value).first()
    if confirmed is None:
        raise DomainError(_("Cette session n’existe plus : vérifiez et confirmez à nouveau."))
    return confirmed


@role_required(Role.AGENT)
def challenge_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    challenge = _challenge_of(request, pk)
    if not challenge_can(request.user, "submit", challenge):
        messages.info(
            request,
            _("Ce défi est déjà « %(status)s » : il n’y a rien à déposer.")
            % {"status": challenge.get_status_display()},
        )
        return _detail(challenge)
    form = SubmitForm(_posted(request))
    missing: dict[str, list[str]] | None = None
    if request.method == "POST" and form.is_valid():
        try:
            submitted = services.challenge_submit(
                challenge=challenge,
                by=request.user,
                confirmed_round=_confirmed_round(form.cleaned_data["confirmed_round"]),
            )
        except services.SubmissionIncomplete as error:
            messages.error(request, error.message)
            missing = error.missing
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(request, _submitted_message(submitted))
            return _detail(submitted)
    return _submit_page(request, challenge, missing)


def _submitted_message(challenge: Challenge) -> str:
    round_ = challenge.round
    assert round_ is not None  # noqa: S101 (a submitted défi has its round)
    return _(
        "Votre défi est déposé pour la session %(number)s (%(promotion)s). Un accusé de "
        "réception a été envoyé par e-mail aux agents de votre administration."
    ) % {"number": round_.number, "promotion": round_.promotion}


def _submit_page(
    request: HttpRequest, challenge: Challenge, missing: dict[str, list[str]] | None
) -> HttpResponse:
    target = _submission_target(challenge)
    missing = missing_by_section(challenge) if missing is None else missing
    title = _("Déposer le défi")
    context = {
        "title": title,
        "challenge": challenge,
        "missing": missing,
        "missing_sections": _missing_links(challenge, missing),
        "target": target,
        "form": SubmitForm(initial={"confirmed_round": target.round.pk if target.round else None}),
        "can_confirm": not missing and (target.round is not None or target.resubmission),
        "breadcrumb_data": _breadcrumb(title, challenge),
    }
    return render(request, "challenges/agent/submit.html", context)


def _missing_links(challenge: Challenge, missing: dict[str, list[str]]) -> list[SectionView]:
    return [view for view in _section_views(challenge, missing) if view.missing]


@role_required(Role.AGENT)
def challenge_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    challenge = _challenge_of(request, pk)
    if not challenge_can(request.user, "withdraw", challenge):
        messages.error(
            request,
            _("Ce défi ne peut plus être retiré : il est « %(status)s ».")
            % {"status": challenge.get_status_display()},
        )
        return _detail(challenge)
    form = WithdrawForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.challenge_withdraw(
                challenge=challenge, by=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(request, _("Le défi est retiré. L’équipe du programme est prévenue."))
            return _detail(challenge)
    title = _("Retirer le défi")
    context = {
        "title": title,
        "challenge": challenge,
        "form": form,
        "breadcrumb_data": _breadcrumb(title, challenge),
    }
    return render(request, "challenges/agent/withdraw.html", context)
