"""The platform's JSON API, version 1 (``/api/v1/``), built with django-ninja.

Its OpenAPI 3.1 schema is served at ``/api/v1/openapi.json`` and its interactive
documentation at ``/api/v1/docs`` (Swagger UI, assets served by the site itself). Errors
are RFC 9457 problem details (``eig.api.problems``): the schema says so, with
``application/problem+json`` for every error answer.
"""

from typing import Any

from ninja import NinjaAPI, Redoc
from ninja.openapi.schema import OpenAPISchema
from ninja.operation import Operation

from eig.api import private, public
from eig.api.problems import PROBLEM_CONTENT_TYPE, problem_handlers_install

DESCRIPTION = """\
L’API de la plateforme du programme **Entrepreneur·es d’intérêt général** (DINUM).

- **Données publiques**, sans authentification : les défis publics (avec les filtres du
  catalogue), leurs indicateurs et mesures, les chiffres d’impact et les promotions. Les
  mêmes données que les pages publiques et les fichiers de données ouverts, sous
  [Licence Ouverte 2.0](https://www.etalab.gouv.fr/licence-ouverte-open-licence/).
- Les erreurs suivent la RFC 9457 (`application/problem+json`), avec un titre et un
  détail en français et, pour un paramètre invalide, le nom du champ.
"""


# Redoc rather than Swagger UI: Swagger UI nests buttons and fails axe's contrast rules.
# Its search runs in a blob worker the CSP forbids; the theme meets WCAG AA contrasts.
REDOC_SETTINGS = {
    "expandResponses": "200",
    "disableSearch": True,
    "theme": {
        "colors": {
            "primary": {"main": "#000091"},
            "text": {"primary": "#161616", "secondary": "#3a3a3a"},
            "success": {"main": "#18753c"},
            "error": {"main": "#ce0500"},
            "warning": {"main": "#716043"},
            "responses": {
                "success": {"color": "#18753c", "backgroundColor": "#ffffff"},
                "error": {"color": "#ce0500", "backgroundColor": "#ffffff"},
                "redirect": {"color": "#716043", "backgroundColor": "#ffffff"},
                "info": {"color": "#0063cb", "backgroundColor": "#ffffff"},
            },
        },
        "typography": {
            "code": {"color": "#161616", "backgroundColor": "#f6f6f6"},
            "links": {"color": "#000091", "visited": "#000091", "textDecoration": "underline"},
        },
    },
}


class EigApi(NinjaAPI):
    def get_openapi_operation_id(self, operation: Operation) -> str:
        # Short, stable ids for client generators: the view's name (unique in the API).
        return str(operation.view_func.__name__)

    def get_openapi_schema(
        self, *, path_prefix: str | None = None, path_params: dict[str, Any] | None = None
    ) -> OpenAPISchema:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                for status, response in operation.get("responses", {}).items():
                    content = response.get("content")
                    if int(status) >= 400 and content:
                        response["content"] = {PROBLEM_CONTENT_TYPE: next(iter(content.values()))}
        return schema


api = EigApi(
    title="API de la plateforme EIG",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    openapi_url="/openapi.json",
    docs_url="/docs",
    docs=Redoc(settings=REDOC_SETTINGS),
)
problem_handlers_install(api)
api.add_router("/", public.router)
api.add_router("/", private.defis)
api.add_router("/", private.candidatures)
api.add_router("/", private.decisions)
api.add_router("/", private.webhooks)
