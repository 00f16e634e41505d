"""Views of the candidatures (candidate). Placeholders until written."""

from typing import Any

from django.http import HttpRequest, HttpResponse


def profile(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def venture_add(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def venture_edit(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def venture_delete(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def cv_upload(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def cv_download(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def candidacy_list(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def candidacy_start(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def candidacy_detail(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def candidacy_edit(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def candidacy_submit(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def candidacy_withdraw(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError
