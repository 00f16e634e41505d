from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from eig.public import selectors


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    return render(request, "public/home.html", {"facts": selectors.programme_facts()})


@require_safe
def programme(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public/programme.html",
        {"title": "Le programme", "facts": selectors.programme_facts()},
    )


@require_safe
def propose(request: HttpRequest) -> HttpResponse:
    return render(request, "public/propose.html", {"title": "Proposer un défi"})


@require_safe
def apply(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public/apply.html",
        {"title": "Candidater", "facts": selectors.programme_facts()},
    )


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "public/accessibility.html", {"title": "Déclaration d’accessibilité"})


@require_safe
def legal_notice(request: HttpRequest) -> HttpResponse:
    return render(request, "public/legal_notice.html", {"title": "Mentions légales"})


@require_safe
def personal_data(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "public/personal_data.html",
        {"title": "Données personnelles", "facts": selectors.programme_facts()},
    )


@require_safe
def sitemap(request: HttpRequest) -> HttpResponse:
    return render(request, "public/sitemap.html", {"title": "Plan du site"})
