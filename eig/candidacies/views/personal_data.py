"""Views of the candidatures (personal_data). Placeholders until written."""

from typing import Any

from django.http import HttpRequest, HttpResponse


def my_data(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def my_data_export(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def account_delete(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError
