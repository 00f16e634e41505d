"""Views of the défis for the coach. Placeholders until written."""

from typing import Any

from django.http import HttpRequest, HttpResponse


def opinion_list(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError


def challenge_detail(request: HttpRequest, **kwargs: Any) -> HttpResponse:
    raise NotImplementedError
