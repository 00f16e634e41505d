"""Views of the défis for the staff. Placeholders until written."""

from typing import Any

from django.http import HttpRequest, HttpResponse


def challenge_list(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def export_csv(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def export_xlsx(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def challenges_bulk(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def challenge_detail(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def challenge_transition(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def note_add(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def opinion_request(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def policy_list(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def policy_create(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def policy_edit(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError
