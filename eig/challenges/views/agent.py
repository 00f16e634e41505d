"""Views of the défis for the agent. Placeholders until written."""

from typing import Any

from django.http import HttpRequest, HttpResponse


def challenge_list(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def challenge_create(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def challenge_detail(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def challenge_edit(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def indicator_add(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def indicator_edit(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def indicator_delete(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def attachment_add(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def attachment_download(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def attachment_delete(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def challenge_submit(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def challenge_withdraw(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError
