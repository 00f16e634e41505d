from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def demo_accounts(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/demo_accounts.html", {"title": "Comptes de démonstration"})


def demo_sign_in(request: HttpRequest, user_id: int) -> HttpResponse:
    raise NotImplementedError
