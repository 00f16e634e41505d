"""Views of the défis for the public. Placeholders until written."""

from typing import Any

from django.http import HttpRequest, HttpResponse


def catalogue(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def opendata_csv(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def opendata_json(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def challenge_detail(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError
