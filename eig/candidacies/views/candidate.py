"""Pages of the candidates: their profile (ventures, CV) and their applications to a round.

The profile is the signed-in candidate's own (created on the first visit); a venture
or an application is fetched among theirs only, so anyone else's answers 404.
"""

import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from eig.accounts.decorators import AuthenticatedRequest, role_required
from eig.accounts.enums import Role
from eig.accounts.navigation import breadcrumb
from eig.candidacies import services
from eig.candidacies.enums import CandidacyStatus
from eig.candidacies.forms.candidate import (
    CandidacyForm,
    CvForm,
    ProfileForm,
    VentureForm,
    WithdrawForm,
)
from eig.candidacies.models import MOTIVATION_MAX_LENGTH, Candidacy, Candidate, Venture
from eig.candidacies.rules import candidacy_can, candidate_can
from eig.candidacies.selectors.candidate import candidate_of, challenges_open_to
from eig.candidacies.timeline import candidacy_timeline, next_step
from eig.core.errors import DomainError
from eig.core.forms import form_add_service_error
from eig.programmes.models import Round
from eig.programmes.selectors import current_programme, round_open_for_applications

DEFAULT_MAX_CHOICES = 3


def _user(request: HttpRequest) -> Any:
    """The signed-in candidate (the role check has run)."""
    return request.user


def _breadcrumb(current: str, *links: tuple[str, str]) -> dict[str, Any]:
    return breadcrumb(current, (reverse("accounts:dashboard"), _("Mon espace")), *links)


def _profile_link() -> tuple[str, str]:
    return reverse("candidacies:profile"), _("Mon profil")


def _list_link() -> tuple[str, str]:
    return reverse("candidacies:list"), _("Mes candidatures")


def _day(value: datetime.date) -> str:
    return date_format(value, "j F Y")


def _max_choices() -> int:
    programme = current_programme()
    return programme.max_choices if programme else DEFAULT_MAX_CHOICES


def _next_round(today: datetime.date) -> Round | None:
    """The next round to open for applications, when none is open today."""
    return (
        Round.objects.filter(opens_on__gt=today)
        .select_related("promotion")
        .order_by("opens_on")
        .first()
    )


# --- The profile ------------------------------------------------------------------------


def _profile_url(anchor: str = "") -> str:
    url = reverse("candidacies:profile")
    return f"{url}#{anchor}" if anchor else url


def _candidate(request: AuthenticatedRequest) -> Candidate:
    """The profile a page works on: created by a POST (its service needs it saved), only
    read by a GET, which never writes."""
    if request.method == "POST":
        return services.candidate_get_or_create(by=request.user)
    return candidate_of(request.user)


@role_required(Role.CANDIDATE)
def profile(request: AuthenticatedRequest) -> HttpResponse:
    candidate = _candidate(request)
    missing = services.profile_missing(candidate)
    ventures = list(candidate.ventures.all()) if candidate.pk else []
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        instance=candidate,
        programme=current_programme(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.candidate_update(
                candidate=candidate, by=request.user, data=form.profile_data()
            )
        except (DomainError, ValidationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("Votre profil est enregistré."))
            return redirect(_profile_url())
    context = {
        "title": _("Mon profil"),
        "candidate": candidate,
        "form": form,
        "missing": missing,
        "ventures": ventures,
        "open_round": round_open_for_applications(),
        "breadcrumb_data": _breadcrumb(_("Mon profil")),
    }
    return render(request, "candidacies/candidate/profile.html", context)


def _venture_page(
    request: AuthenticatedRequest, candidate: Candidate, venture: Venture | None
) -> HttpResponse:
    form = VentureForm(
        request.POST if request.method == "POST" else None,
        instance=venture or Venture(candidate=candidate),
    )
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.venture_save(
                candidate=candidate, by=request.user, data=form.venture_data(), venture=venture
            )
        except (DomainError, ValidationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(
                request, _("Expérience « %(name)s » enregistrée.") % {"name": saved.name}
            )
            return redirect(_profile_url("experiences"))
    title = _("Modifier une expérience") if venture else _("Ajouter une expérience")
    context = {
        "title": title,
        "form": form,
        "venture": venture,
        "breadcrumb_data": _breadcrumb(title, _profile_link()),
    }
    return render(request, "candidacies/candidate/venture_form.html", context)


def _own_venture(request: HttpRequest, pk: int) -> Venture:
    return get_object_or_404(
        Venture.objects.filter(candidate__user=_user(request)).select_related("candidate"), pk=pk
    )


@role_required(Role.CANDIDATE)
def venture_add(request: AuthenticatedRequest) -> HttpResponse:
    candidate = _candidate(request)
    return _venture_page(request, candidate, None)


@role_required(Role.CANDIDATE)
def venture_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    venture = _own_venture(request, pk)
    return _venture_page(request, venture.candidate, venture)


@require_POST
@role_required(Role.CANDIDATE)
def venture_delete(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    venture = _own_venture(request, pk)
    name = venture.name
    try:
        services.venture_delete(venture=venture, by=request.user)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Expérience « %(name)s » supprimée.") % {"name": name})
    return redirect(_profile_url("experiences"))


@role_required(Role.CANDIDATE)
def cv_upload(request: AuthenticatedRequest) -> HttpResponse:
    candidate = _candidate(request)
    form = CvForm(request.POST, request.FILES) if request.method == "POST" else CvForm()
    if request.method == "POST" and form.is_valid():
        try:
            services.cv_upload(
                candidate=candidate, by=request.user, uploaded=form.cleaned_data["file"]
            )
        except DomainError as error:
            form.add_error("file", error.message)
        else:
            messages.success(request, _("Votre CV est enregistré."))
            return redirect(_profile_url("cv"))
    title = _("Déposer mon CV") if not candidate.cv else _("Remplacer mon CV")
    context = {
        "title": title,
        "candidate": candidate,
        "form": form,
        "breadcrumb_data": _breadcrumb(title, _profile_link()),
    }
    return render(request, "candidacies/candidate/cv_upload.html", context)


@require_safe
@role_required(Role.CANDIDATE)
def cv_download(request: HttpRequest) -> FileResponse:
    """The candidate's own CV, as an attachment: never from a public URL."""
    candidate = Candidate.objects.visible_to(request.user).filter(user=_user(request)).first()
    if candidate is None or not candidate.cv:
        raise Http404
    if not candidate_can(request.user, "download_cv", candidate):
        raise Http404
    try:
        handle = candidate.cv.open("rb")
    except FileNotFoundError as error:
        raise Http404 from error
    response = FileResponse(
        handle, as_attachment=True, filename="cv.pdf", content_type="application/pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


# --- Applications -----------------------------------------------------------------------


def _candidacy_of(request: HttpRequest, pk: int) -> Candidacy:
    """One of the candidate's own applications, or 404."""
    return get_object_or_404(
        Candidacy.objects.visible_to(request.user)
        .filter(candidate__user=_user(request))
        .select_related("round__promotion", "candidate__user"),
        pk=pk,
    )


def _detail(candidacy: Candidacy) -> HttpResponse:
    return redirect("candidacies:detail", pk=candidacy.pk)


def _not_editable_message(candidacy: Candidacy) -> str:
    if candidacy.status == CandidacyStatus.WITHDRAWN:
        return _("Cette candidature est retirée : elle n’est plus modifiable.")
    if candidacy.status == CandidacyStatus.SUBMITTED:
        return _(
            "La date limite du %(deadline)s est passée : votre candidature n’est plus "
            "modifiable. L’équipe du programme l’examine."
        ) % {"deadline": _day(candidacy.round.application_deadline)}
    if candidacy.status == CandidacyStatus.DRAFT:
        return _(
            "La date limite du %(deadline)s est passée : ce brouillon ne peut plus être "
            "modifié ni déposé."
        ) % {"deadline": _day(candidacy.round.application_deadline)}
    return _("Cette candidature n’est plus modifiable : elle est « %(status)s ».") % {
        "status": candidacy.get_status_display()
    }


@require_safe
@role_required(Role.CANDIDATE)
def candidacy_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    candidacies = list(
        Candidacy.objects.visible_to(request.user)
        .filter(candidate__user=_user(request))
        .select_related("round__promotion")
        .annotate(wish_count=Count("choices"))
        .order_by("-created_at", "-pk")
    )
    open_round = round_open_for_applications(today)
    current = next(
        (c for c in candidacies if open_round is not None and c.round_id == open_round.pk), None
    )
    context = {
        "title": _("Mes candidatures"),
        "candidacies": candidacies,
        "open_round": open_round,
        "current": current,
        "next_round": None if open_round else _next_round(today),
        "breadcrumb_data": _breadcrumb(_("Mes candidatures")),
    }
    return render(request, "candidacies/candidate/list.html", context)


@role_required(Role.CANDIDATE)
def candidacy_start(request: AuthenticatedRequest) -> HttpResponse:
    candidate = _candidate(request)
    today = timezone.localdate()
    open_round = round_open_for_applications(today)
    if request.method == "POST":
        if open_round is None:
            messages.error(
                request,
                _("Aucune session de recrutement n’est ouverte aux candidatures pour le moment."),
            )
        else:
            try:
                candidacy = services.candidacy_start(
                    candidate=candidate, round_=open_round, by=request.user
                )
            except DomainError as error:
                messages.error(request, error.message)
            else:
                return _started(request, candidacy)
    existing = (
        Candidacy.objects.filter(candidate=candidate, round=open_round).first()
        if open_round
        else None
    )
    context = {
        "title": _("Candidater"),
        "open_round": open_round,
        "existing": existing,
        "next_round": None if open_round else _next_round(today),
        "open_challenge_count": (
            challenges_open_to(candidate, open_round).count() if open_round else 0
        ),
        "candidate": candidate,
        "profile_missing": services.profile_missing(candidate),
        "max_choices": _max_choices(),
        "breadcrumb_data": _breadcrumb(_("Candidater"), _list_link()),
    }
    return render(request, "candidacies/candidate/start.html", context)


def _started(request: HttpRequest, candidacy: Candidacy) -> HttpResponse:
    if candidacy.status == CandidacyStatus.DRAFT and not candidacy.choices.exists():
        messages.success(
            request,
            _(
                "Votre candidature est créée en brouillon. Écrivez votre motivation et classez "
                "les défis qui vous intéressent, puis déposez-la avant le %(deadline)s."
            )
            % {"deadline": _day(candidacy.round.application_deadline)},
        )
        return redirect("candidacies:edit", pk=candidacy.pk)
    messages.info(
        request,
        _("Vous avez déjà une candidature pour cette session : la voici."),
    )
    return _detail(candidacy)


def _summary(candidacy: Candidacy) -> dict[str, Any]:
    """What the candidate sends: the profile, ventures, CV, motivation, wishes in order."""
    candidate = candidacy.candidate
    return {
        "candidacy": candidacy,
        "candidate": candidate,
        "ventures": list(candidate.ventures.all()),
        "choices": list(
            candidacy.choices.select_related("challenge__organisation").order_by("rank")
        ),
        "missing": services.candidacy_missing(candidacy),
    }


@require_safe
@role_required(Role.CANDIDATE)
def candidacy_detail(request: HttpRequest, pk: int) -> HttpResponse:
    candidacy = _candidacy_of(request, pk)
    user = request.user
    can_edit = candidacy_can(user, "edit", candidacy)
    context = {
        **_summary(candidacy),
        "title": _("Ma candidature — session %(number)s") % {"number": candidacy.round.number},
        "next_step": next_step(candidacy, timezone.localdate()),
        "history": candidacy_timeline(candidacy, viewer=user),
        "can_edit": can_edit,
        "can_submit": candidacy_can(user, "submit", candidacy),
        "can_withdraw": candidacy_can(user, "withdraw", candidacy),
        "read_only_reason": "" if can_edit else _not_editable_message(candidacy),
        "breadcrumb_data": _breadcrumb(
            _("Session %(number)s") % {"number": candidacy.round.number}, _list_link()
        ),
    }
    return render(request, "candidacies/candidate/detail.html", context)


def _detail_link(candidacy: Candidacy) -> tuple[str, str]:
    return (
        reverse("candidacies:detail", kwargs={"pk": candidacy.pk}),
        _("Session %(number)s") % {"number": candidacy.round.number},
    )


@role_required(Role.CANDIDATE)
def candidacy_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    candidacy = _candidacy_of(request, pk)
    if not candidacy_can(request.user, "edit", candidacy):
        messages.error(request, _not_editable_message(candidacy))
        return _detail(candidacy)
    challenges = list(challenges_open_to(candidacy.candidate, candidacy.round))
    choices = list(candidacy.choices.select_related("challenge").order_by("rank"))
    form = CandidacyForm(
        request.POST if request.method == "POST" else None,
        initial={"motivation": candidacy.motivation},
        challenges=challenges,
        max_choices=_max_choices(),
        saved_ids=[choice.challenge_id for choice in choices],
    )
    # A "Monter" / "Descendre" button only shows the new order: nothing is saved.
    if request.method == "POST" and not form.move_requested and form.is_valid():
        try:
            services.candidacy_update(
                candidacy=candidacy,
                by=request.user,
                motivation=form.cleaned_data["motivation"],
                challenge_ids=form.challenge_ids(),
            )
        except (DomainError, ValidationError) as error:
            form_add_service_error(form, error)
        else:
            messages.success(request, _("Votre candidature est enregistrée."))
            if "submit" in request.POST and candidacy.status == CandidacyStatus.DRAFT:
                return redirect("candidacies:submit", pk=candidacy.pk)
            return _detail(candidacy)
    open_ids = {challenge.pk for challenge in challenges}
    title = _("Modifier ma candidature")
    context = {
        "title": title,
        "candidacy": candidacy,
        "form": form,
        "challenges": challenges,
        "closed_choices": [c for c in choices if c.challenge_id not in open_ids],
        "motivation_max": MOTIVATION_MAX_LENGTH,
        "breadcrumb_data": _breadcrumb(title, _list_link(), _detail_link(candidacy)),
    }
    return render(request, "candidacies/candidate/edit.html", context)


@role_required(Role.CANDIDATE)
def candidacy_submit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    candidacy = _candidacy_of(request, pk)
    if candidacy.status != CandidacyStatus.DRAFT:
        messages.info(
            request,
            _("Cette candidature est « %(status)s » : il n’y a rien à déposer.")
            % {"status": candidacy.get_status_display()},
        )
        return _detail(candidacy)
    if not candidacy_can(request.user, "submit", candidacy):
        messages.error(request, _not_editable_message(candidacy))
        return _detail(candidacy)
    if request.method == "POST":
        try:
            services.candidacy_submit(candidacy=candidacy, by=request.user)
        except DomainError as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                _(
                    "Votre candidature est déposée. Un accusé de réception vous est envoyé à "
                    "%(email)s. Vous pouvez encore la modifier jusqu’au %(deadline)s."
                )
                % {
                    "email": _user(request).email,
                    "deadline": _day(candidacy.round.application_deadline),
                },
            )
            return _detail(candidacy)
    title = _("Déposer ma candidature")
    context = {
        **_summary(candidacy),
        "title": title,
        "can_edit": True,
        "breadcrumb_data": _breadcrumb(title, _list_link(), _detail_link(candidacy)),
    }
    return render(request, "candidacies/candidate/submit.html", context)


@role_required(Role.CANDIDATE)
def candidacy_withdraw(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    candidacy = _candidacy_of(request, pk)
    if not candidacy_can(request.user, "withdraw", candidacy):
        messages.info(
            request,
            _("Cette candidature ne peut plus être retirée : elle est « %(status)s ».")
            % {"status": candidacy.get_status_display()},
        )
        return _detail(candidacy)
    form = WithdrawForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.candidacy_withdraw(
                candidacy=candidacy, by=request.user, reason=form.cleaned_data["reason"]
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request,
                _("Votre candidature est retirée. Une confirmation vous est envoyée par e-mail."),
            )
            return _detail(candidacy)
    title = _("Retirer ma candidature")
    context = {
        "title": title,
        "candidacy": candidacy,
        "form": form,
        "breadcrumb_data": _breadcrumb(title, _list_link(), _detail_link(candidacy)),
    }
    return render(request, "candidacies/candidate/withdraw.html", context)
