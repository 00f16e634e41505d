"""Errors of the API as RFC 9457 problem details (``application/problem+json``).

Every error answers with a ``type``, a French ``title`` and ``detail``, the ``status``
and, for bad parameters, the ``errors`` naming each field. Registered on the API in one
place (``problem_handlers_install``), so that no operation writes an error by hand.
"""

import json
import logging
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

logger = logging.getLogger(__name__)

PROBLEM_CONTENT_TYPE = "application/problem+json"


class ProblemField(Schema):
    field: str
    location: str
    detail: str


class Problem(Schema):
    """An error, as RFC 9457 describes it."""

    type: str = "about:blank"
    title: str
    status: int
    detail: str
    errors: list[ProblemField] = []


class ApiProblem(Exception):
    """Raised by an operation to answer with a problem (e.g. a filter that does not validate)."""

    def __init__(
        self, status: int, title: str, detail: str, errors: list[dict[str, str]] | None = None
    ) -> None:
        super().__init__(detail)
        self.http_status = status
        self.title = title
        self.detail = detail
        self.errors = errors or []


def problem_response(
    status: int, title: str, detail: str, errors: list[dict[str, str]] | None = None
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "detail": detail,
        "errors": errors or [],
    }
    return HttpResponse(
        json.dumps(body, ensure_ascii=False), status=status, content_type=PROBLEM_CONTENT_TYPE
    )


# French wording of the pydantic error types a client can provoke with a parameter.
_ERROR_DETAILS = {
    "missing": "Ce paramètre est obligatoire.",
    "int_parsing": "Un nombre entier est attendu.",
    "int_type": "Un nombre entier est attendu.",
    "greater_than_equal": "La valeur est trop petite.",
    "greater_than": "La valeur est trop petite.",
    "less_than_equal": "La valeur est trop grande.",
    "less_than": "La valeur est trop grande.",
    "string_too_long": "La valeur est trop longue.",
    "string_too_short": "La valeur est trop courte.",
    "literal_error": "Cette valeur n’est pas l’une des valeurs permises.",
    "enum": "Cette valeur n’est pas l’une des valeurs permises.",
    "bool_parsing": "true ou false est attendu.",
    "datetime_parsing": "Une date et heure ISO 8601 est attendue.",
    "date_parsing": "Une date AAAA-MM-JJ est attendue.",
    "url_parsing": "Une adresse web est attendue.",
    "url_scheme": "L’adresse doit commencer par https:// ou http://.",
    "json_invalid": "Le corps de la requête n’est pas du JSON valide.",
    "list_type": "Une liste est attendue.",
    "string_type": "Un texte est attendu.",
    "string_pattern_mismatch": "La valeur n’a pas le format attendu.",
    "model_attributes_type": "Un objet JSON est attendu.",
}


def _field_errors(errors: list[dict[str, Any]]) -> list[dict[str, str]]:
    fields = []
    for error in errors:
        location = [str(part) for part in error.get("loc", ())]
        source = location[0] if location else "query"
        name = ".".join(location[1:]) or source
        detail = _ERROR_DETAILS.get(str(error.get("type")), "Valeur invalide.")
        fields.append({"field": name, "location": source, "detail": detail})
    return fields


def _validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
    errors = _field_errors(list(exc.errors))
    names = ", ".join(f"« {error['field']} »" for error in errors)
    return problem_response(
        422,
        _("Paramètres invalides"),
        _("Ces paramètres ne sont pas valides : %(names)s.") % {"names": names},
        errors,
    )


def _api_problem(request: HttpRequest, exc: ApiProblem) -> HttpResponse:
    return problem_response(exc.http_status, exc.title, exc.detail, exc.errors)


def _not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
    # The same answer whether the object does not exist or is not the caller's.
    return problem_response(
        404, _("Introuvable"), _("Cette ressource n’existe pas ou ne vous est pas accessible.")
    )


def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    if isinstance(exc, Throttled):
        return problem_response(
            429,
            _("Trop de requêtes"),
            _("Ce jeton a dépassé sa limite de requêtes ; réessayez après le délai indiqué."),
        )
    if isinstance(exc, AuthenticationError):
        response = problem_response(
            401,
            _("Authentification requise"),
            _("Cette ressource demande un jeton valide : en-tête « Authorization: Bearer … »."),
        )
        response["WWW-Authenticate"] = "Bearer"
        return response
    if isinstance(exc, AuthorizationError):
        return problem_response(
            403, _("Accès refusé"), _("Ce jeton n’a pas la portée requise pour cette ressource.")
        )
    if exc.status_code == 405:
        return problem_response(405, _("Méthode non permise"), str(exc))
    return problem_response(exc.status_code, _("Requête invalide"), str(exc))


def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
    logger.exception("API error on %s", request.path)
    return problem_response(
        500, _("Erreur du serveur"), _("Une erreur inattendue est survenue ; elle a été signalée.")
    )


def problem_handlers_install(api: NinjaAPI) -> None:
    # ninja types a handler's exception as "instance or class"; ours receive instances.
    handlers: list[tuple[type[Exception], Any]] = [
        (NinjaValidationError, _validation_error),
        (ApiProblem, _api_problem),
        (Http404, _not_found),
        (HttpError, _http_error),
        (Exception, _server_error),
    ]
    for exception_class, handler in handlers:
        api.add_exception_handler(exception_class, handler)
