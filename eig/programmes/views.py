"""The programme team's pages for the programme's settings. Views parse, check, call a
service and render; every write goes through ``eig.programmes.services``."""

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from eig.accounts.decorators import AuthenticatedRequest, staff_required
from eig.accounts.navigation import breadcrumb
from eig.core.errors import DomainError
from eig.core.forms import form_add_service_error
from eig.core.french import plural
from eig.core.history_display import history_lines
from eig.programmes import selectors, services
from eig.programmes.forms import (
    CriterionForm,
    PayGridForm,
    PayLevelFormSet,
    ProgrammeSettingsForm,
    PromotionForm,
    RoundForm,
    RoundsGenerateForm,
    pay_level_initial,
)
from eig.programmes.models import Criterion, PayGrid, Programme, Promotion, Round, ScoringGrid

View = Callable[..., HttpResponse]


def _programme() -> Programme:
    programme = selectors.current_programme()
    if programme is None:
        raise Http404("Le programme EIG n’est pas encore configuré.")
    return programme


def _crumbs(current: str, *links: tuple[str, str]) -> dict[str, Any]:
    return breadcrumb(current, (reverse("programmes:index"), _("Paramètres du programme")), *links)


def _render_form(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    crumbs: dict[str, Any],
    cancel_url: str,
    history: list[Any] | None = None,
    intro: str = "",
    matching_url: str = "",
) -> HttpResponse:
    return render(
        request,
        "programmes/form_page.html",
        {
            "title": title,
            "form": form,
            "breadcrumb_data": crumbs,
            "cancel_url": cancel_url,
            "history": history,
            "intro": intro,
            "matching_url": matching_url,
        },
    )


def _attempt(form: Any, write: Callable[[], Any]) -> Any | None:
    """Call a service; on refusal, show why on the form and return None."""
    try:
        return write()
    except (DomainError, ValidationError) as error:
        form_add_service_error(form, error)
        return None


def _form_values(form: Any) -> dict[str, Any]:
    return {name: form.cleaned_data[name] for name in form.Meta.fields}


# Index and programme settings


@require_safe
@staff_required
def index(request: HttpRequest) -> HttpResponse:
    programme = _programme()
    return render(
        request,
        "programmes/index.html",
        {
            "title": _("Paramètres du programme"),
            "programme": programme,
            "promotion": selectors.current_promotion(programme),
            "pay_levels": selectors.current_pay_levels(programme),
            "scoring_grids": selectors.scoring_grid_list(programme),
            "history": history_lines(programme),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def settings_edit(request: AuthenticatedRequest) -> HttpResponse:
    programme = _programme()
    form = ProgrammeSettingsForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        data = _form_values(form)
        if _attempt(
            form, lambda: services.programme_update(programme=programme, data=data, by=request.user)
        ):
            messages.success(request, _("Les paramètres du programme sont enregistrés."))
            return redirect("programmes:index")
    title = _("Modifier les paramètres du programme")
    return _render_form(
        request,
        form,
        title=title,
        crumbs=_crumbs(title),
        cancel_url=reverse("programmes:index"),
        history=history_lines(programme),
    )


# Promotions


@require_safe
@staff_required
def promotion_list(request: HttpRequest) -> HttpResponse:
    programme = _programme()
    return render(
        request,
        "programmes/promotion_list.html",
        {
            "title": _("Promotions"),
            "breadcrumb_data": _crumbs(_("Promotions")),
            "promotions": selectors.promotion_list(programme),
        },
    )


def _promotions_crumb() -> tuple[str, str]:
    return reverse("programmes:promotion_list"), _("Promotions")


@require_http_methods(["GET", "POST"])
@staff_required
def promotion_create(request: AuthenticatedRequest) -> HttpResponse:
    programme = _programme()
    form = PromotionForm(request.POST or None, instance=Promotion(programme=programme))
    if request.method == "POST" and form.is_valid():
        data = _form_values(form)
        promotion = _attempt(
            form,
            lambda: services.promotion_create(programme=programme, data=data, by=request.user),
        )
        if promotion:
            messages.success(request, _("La promotion « %s » est créée.") % promotion)
            return redirect("programmes:promotion_detail", pk=promotion.pk)
    title = _("Nouvelle promotion")
    return _render_form(
        request,
        form,
        title=title,
        crumbs=_crumbs(title, _promotions_crumb()),
        cancel_url=reverse("programmes:promotion_list"),
    )


def _promotion(pk: int) -> Promotion:
    return get_object_or_404(
        Promotion.objects.select_related("programme"), pk=pk, programme=_programme()
    )


@require_safe
@staff_required
def promotion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    promotion = _promotion(pk)
    rounds = list(selectors.round_list(promotion))
    return render(
        request,
        "programmes/promotion_detail.html",
        {
            "title": str(promotion),
            "breadcrumb_data": _crumbs(str(promotion), _promotions_crumb()),
            "promotion": promotion,
            "rounds": rounds,
            "history": history_lines(promotion, *rounds),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def promotion_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    promotion = _promotion(pk)
    form = PromotionForm(request.POST or None, instance=promotion)
    if request.method == "POST" and form.is_valid():
        data = _form_values(form)
        if _attempt(
            form, lambda: services.promotion_update(promotion=promotion, data=data, by=request.user)
        ):
            messages.success(request, _("La promotion est enregistrée."))
            return redirect("programmes:promotion_detail", pk=promotion.pk)
    title = _("Modifier la promotion")
    return _render_form(
        request,
        form,
        title=title,
        crumbs=_crumbs(title, _promotions_crumb(), _promotion_crumb(promotion)),
        cancel_url=reverse("programmes:promotion_detail", args=[promotion.pk]),
        history=history_lines(promotion),
    )


def _promotion_crumb(promotion: Promotion) -> tuple[str, str]:
    return reverse("programmes:promotion_detail", args=[promotion.pk]), str(promotion)


# Rounds


@require_http_methods(["GET", "POST"])
@staff_required
def round_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    promotion = _promotion(pk)
    next_number = (
        promotion.rounds.order_by("-number").values_list("number", flat=True).first() or 0
    ) + 1
    form = RoundForm(
        request.POST or None, instance=Round(promotion=promotion), initial={"number": next_number}
    )
    if request.method == "POST" and form.is_valid():
        data = _form_values(form)
        new_round = _attempt(
            form, lambda: services.round_create(promotion=promotion, data=data, by=request.user)
        )
        if new_round:
            messages.success(request, _("La session %s est créée.") % new_round.number)
            return redirect("programmes:promotion_detail", pk=promotion.pk)
    title = _("Nouvelle session — %s") % promotion
    return _render_form(
        request,
        form,
        title=title,
        crumbs=_crumbs(_("Nouvelle session"), _promotions_crumb(), _promotion_crumb(promotion)),
        cancel_url=reverse("programmes:promotion_detail", args=[promotion.pk]),
    )


@require_http_methods(["GET", "POST"])
@staff_required
def round_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    recruitment_round = get_object_or_404(
        Round.objects.select_related("promotion"), pk=pk, promotion__programme=_programme()
    )
    promotion = recruitment_round.promotion
    number = recruitment_round.number  # before the form changes the instance
    form = RoundForm(request.POST or None, instance=recruitment_round)
    if request.method == "POST" and form.is_valid():
        data = _form_values(form)
        if _attempt(
            form, lambda: services.round_update(round=recruitment_round, data=data, by=request.user)
        ):
            messages.success(request, _("La session est enregistrée."))
            return redirect("programmes:promotion_detail", pk=promotion.pk)
    title = _("Modifier la session %(number)s — %(promotion)s") % {
        "number": number,
        "promotion": promotion,
    }
    return _render_form(
        request,
        form,
        title=title,
        crumbs=_crumbs(
            _("Session %s") % number,
            _promotions_crumb(),
            _promotion_crumb(promotion),
        ),
        cancel_url=reverse("programmes:promotion_detail", args=[promotion.pk]),
        history=history_lines(recruitment_round),
        matching_url=reverse("matching:staff_round", args=[recruitment_round.pk]),
    )


def _report_generated(request: HttpRequest, created: list[Round]) -> None:
    if created:
        messages.success(
            request, plural(len(created), _("{n} session créée."), _("{n} sessions créées."))
        )
    else:
        messages.info(request, _("Toutes ces sessions existaient déjà : rien n’a été créé."))


@require_http_methods(["GET", "POST"])
@staff_required
def rounds_generate(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    """GET shows what would be created for the chosen year; POST creates it."""
    promotion = _promotion(pk)
    data = request.POST if request.method == "POST" else (request.GET or {"year": promotion.year})
    form = RoundsGenerateForm(data, promotion=promotion)
    plans = (
        selectors.rounds_generation_preview(promotion, form.cleaned_data["year"])
        if form.is_valid()
        else []
    )
    if request.method == "POST" and form.is_valid():
        created = _attempt(
            form,
            lambda: services.rounds_generate(
                promotion=promotion, year=form.cleaned_data["year"], by=request.user
            ),
        )
        if created is not None:
            _report_generated(request, created)
            return redirect("programmes:promotion_detail", pk=promotion.pk)
    title = _("Générer les sessions de l’année")
    return render(
        request,
        "programmes/rounds_generate.html",
        {
            "title": title,
            "breadcrumb_data": _crumbs(title, _promotions_crumb(), _promotion_crumb(promotion)),
            "promotion": promotion,
            "form": form,
            "plans": plans,
            "to_create": [plan for plan in plans if not plan.exists],
        },
    )


# Pay grids


def _pay_grids_crumb() -> tuple[str, str]:
    return reverse("programmes:pay_grid_list"), _("Grilles de rémunération")


@require_safe
@staff_required
def pay_grid_list(request: HttpRequest) -> HttpResponse:
    programme = _programme()
    title = _("Grilles de rémunération")
    return render(
        request,
        "programmes/pay_grid_list.html",
        {
            "title": title,
            "breadcrumb_data": _crumbs(title),
            "versions": selectors.pay_grid_versions(programme),
        },
    )


@require_safe
@staff_required
def pay_grid_detail(request: HttpRequest, pk: int) -> HttpResponse:
    grid = get_object_or_404(PayGrid, pk=pk, programme=_programme())
    version = selectors.pay_grid_version(grid)
    return render(
        request,
        "programmes/pay_grid_detail.html",
        {
            "title": str(grid),
            "breadcrumb_data": _crumbs(grid.name, _pay_grids_crumb()),
            "version": version,
            "history": history_lines(grid),
        },
    )


def _pay_grid_form_page(
    request: HttpRequest,
    *,
    form: PayGridForm,
    formset: Any,
    title: str,
    cancel_url: str,
    history: list[Any] | None = None,
) -> HttpResponse:
    return render(
        request,
        "programmes/pay_grid_form.html",
        {
            "title": title,
            "breadcrumb_data": _crumbs(title, _pay_grids_crumb()),
            "form": form,
            "formset": formset,
            "cancel_url": cancel_url,
            "history": history,
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def pay_grid_create(request: AuthenticatedRequest) -> HttpResponse:
    programme = _programme()
    today = timezone.localdate()
    form = PayGridForm(
        request.POST or None, initial={"name": f"Grille {today.year}", "valid_from": today}
    )
    formset = PayLevelFormSet(
        request.POST or None,
        prefix="levels",
        initial=pay_level_initial(selectors.pay_grid_starting_point(programme)),
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        grid = _attempt(
            form,
            lambda: services.pay_grid_create(
                programme=programme,
                name=form.cleaned_data["name"],
                valid_from=form.cleaned_data["valid_from"],
                levels=formset.levels(),
                by=request.user,
            ),
        )
        if grid:
            messages.success(request, _("La nouvelle version « %s » est créée.") % grid.name)
            return redirect("programmes:pay_grid_detail", pk=grid.pk)
    return _pay_grid_form_page(
        request,
        form=form,
        formset=formset,
        title=_("Nouvelle version de la grille de rémunération"),
        cancel_url=reverse("programmes:pay_grid_list"),
    )


@require_http_methods(["GET", "POST"])
@staff_required
def pay_grid_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    grid = get_object_or_404(PayGrid, pk=pk, programme=_programme())
    if grid.is_in_force_since(timezone.localdate()):
        messages.error(
            request,
            _(
                "Cette version est en vigueur : elle ne se modifie plus. "
                "Créez une nouvelle version."
            ),
        )
        return redirect("programmes:pay_grid_detail", pk=grid.pk)
    form = PayGridForm(
        request.POST or None, initial={"name": grid.name, "valid_from": grid.valid_from}
    )
    formset = PayLevelFormSet(
        request.POST or None,
        prefix="levels",
        initial=pay_level_initial(list(grid.levels.order_by("level"))),
    )
    if request.method == "POST" and form.is_valid() and formset.is_valid():
        saved = _attempt(
            form,
            lambda: services.pay_grid_update(
                grid=grid,
                name=form.cleaned_data["name"],
                valid_from=form.cleaned_data["valid_from"],
                levels=formset.levels(),
                by=request.user,
            ),
        )
        if saved:
            messages.success(request, _("La version à venir est enregistrée."))
            return redirect("programmes:pay_grid_detail", pk=grid.pk)
    return _pay_grid_form_page(
        request,
        form=form,
        formset=formset,
        title=_("Modifier la version à venir « %s »") % grid.name,
        cancel_url=reverse("programmes:pay_grid_detail", args=[grid.pk]),
        history=history_lines(grid),
    )


# Scoring grids and criteria


def _scoring_grids_crumb() -> tuple[str, str]:
    return reverse("programmes:scoring_grid_list"), _("Grilles d’évaluation")


def _scoring_grid(pk: int) -> ScoringGrid:
    return get_object_or_404(ScoringGrid, pk=pk, programme=_programme())


@require_safe
@staff_required
def scoring_grid_list(request: HttpRequest) -> HttpResponse:
    title = _("Grilles d’évaluation")
    return render(
        request,
        "programmes/scoring_grid_list.html",
        {
            "title": title,
            "breadcrumb_data": _crumbs(title),
            "grids": selectors.scoring_grid_list(_programme()),
        },
    )


@require_safe
@staff_required
def scoring_grid_detail(request: HttpRequest, pk: int) -> HttpResponse:
    grid = _scoring_grid(pk)
    stages = selectors.criteria_by_stage(grid)
    criteria = [criterion for _stage, stage_criteria in stages for criterion in stage_criteria]
    return render(
        request,
        "programmes/scoring_grid_detail.html",
        {
            "title": grid.name,
            "breadcrumb_data": _crumbs(grid.name, _scoring_grids_crumb()),
            "grid": grid,
            "stages": stages,
            "history": history_lines(grid, *criteria),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def criterion_create(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    grid = _scoring_grid(pk)
    form = CriterionForm(request.POST or None, instance=Criterion(grid=grid))
    if request.method == "POST" and form.is_valid():
        data = _form_values(form)
        if _attempt(form, lambda: services.criterion_create(grid=grid, data=data, by=request.user)):
            messages.success(request, _("Le critère est ajouté."))
            return redirect("programmes:scoring_grid_detail", pk=grid.pk)
    title = _("Nouveau critère")
    return _render_form(
        request,
        form,
        title=title,
        crumbs=_crumbs(title, _scoring_grids_crumb(), _scoring_grid_crumb(grid)),
        cancel_url=reverse("programmes:scoring_grid_detail", args=[grid.pk]),
    )


def _scoring_grid_crumb(grid: ScoringGrid) -> tuple[str, str]:
    return reverse("programmes:scoring_grid_detail", args=[grid.pk]), grid.name


@require_http_methods(["GET", "POST"])
@staff_required
def criterion_edit(request: AuthenticatedRequest, pk: int) -> HttpResponse:
    criterion = get_object_or_404(
        Criterion.objects.select_related("grid"), pk=pk, grid__programme=_programme()
    )
    label = criterion.label  # before the form changes the instance
    form = CriterionForm(request.POST or None, instance=criterion)
    if request.method == "POST" and form.is_valid():
        data = _form_values(form)
        if _attempt(
            form, lambda: services.criterion_update(criterion=criterion, data=data, by=request.user)
        ):
            messages.success(request, _("Le critère est enregistré."))
            return redirect("programmes:scoring_grid_detail", pk=criterion.grid.pk)
    return _render_form(
        request,
        form,
        title=_("Modifier le critère « %s »") % label,
        crumbs=_crumbs(label, _scoring_grids_crumb(), _scoring_grid_crumb(criterion.grid)),
        cancel_url=reverse("programmes:scoring_grid_detail", args=[criterion.grid.pk]),
        history=history_lines(criterion),
    )
