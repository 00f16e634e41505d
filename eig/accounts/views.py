from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe


@require_safe
def login_choice(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/login_choice.html", {"title": "Se connecter"})


@require_POST
def logout(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    return redirect("public:home")


@require_safe
@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/dashboard.html", {"title": "Mon espace"})


@require_safe
@login_required
def not_attached(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/not_attached.html", {"title": "Rattachement à une administration"})
