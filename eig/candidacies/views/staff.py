"""Views of the candidatures (staff). Placeholders until written."""

from typing import Any

from django.http import HttpRequest, HttpResponse


def candidacy_list(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def export_csv(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def export_xlsx(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def candidacy_detail(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def cv_download(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError
