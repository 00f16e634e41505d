"""Pages of the beta.gouv.fr coaches: the défis they are asked about, and their opinion."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from eig.accounts.decorators import AuthenticatedRequest, role_required
from eig.accounts.enums import Role
from eig.accounts.navigation import breadcrumb
from eig.challenges.completeness import SECTIONS
from eig.challenges.forms.staff import OpinionGiveForm
from eig.challenges.models import Challenge, Opinion
from eig.challenges.selectors import challenges as selectors
from eig.challenges.services import challenges as services
from eig.core.errors import DomainError

coach_only = role_required(Role.COACH)


@require_safe
@coach_only
def opinion_list(request: AuthenticatedRequest) -> HttpResponse:
    title = _("Avis demandés")
    opinions = list(selectors.opinion_list_for_coach(request.user))
    return render(
        request,
        "challenges/coach/list.html",
        {
            "title": title,
            "breadcrumb_data": breadcrumb(title),
            "pending": [opinion for opinion in opinions if opinion.given_at is None],
            "given": [opinion for opinion in opinions if opinion.given_at is not None],
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@coach_only
def challenge_detail(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """The défi's file, shown only to a coach whose opinion was asked (404 otherwise)."""
    try:
        opinion = selectors.opinion_for_coach(coach=request.user, challenge_pk=pk)
    except Opinion.DoesNotExist as error:
        raise Http404 from error
    form = OpinionGiveForm(request.POST or None) if opinion.given_at is None else None
    if request.method == "POST" and form is not None and form.is_valid():
        try:
            services.opinion_give(
                opinion=opinion,
                by=request.user,
                verdict=form.cleaned_data["verdict"],
                text=form.cleaned_data["text"],
            )
        except DomainError as error:
            form.add_error(None, error.message)
        else:
            messages.success(
                request, _("Merci : votre avis a été transmis à l’équipe du programme.")
            )
            return redirect(reverse("challenges:coach_detail", kwargs={"pk": pk}))
    challenge = selectors.challenge_file(queryset=Challenge.objects.visible_to(request.user), pk=pk)
    return render(
        request,
        "challenges/coach/detail.html",
        {
            "title": challenge.title,
            "breadcrumb_data": breadcrumb(
                challenge.title, (reverse("challenges:coach_list"), _("Avis demandés"))
            ),
            "challenge": challenge,
            "section_titles": {section.key: section.title for section in SECTIONS},
            "opinion": opinion,
            "form": form,
        },
    )
