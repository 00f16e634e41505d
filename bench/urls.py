"""The site's URLs plus the bench's reference view (bench/settings.py; never in production).

The reference runs ``queries`` trivial queries and renders the base DSFR template: beside
a page with the same number of queries, it tells what the page costs beyond its queries'
round trips and the site's skeleton (middleware, session, header, footer).
"""

from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from config.urls import urlpatterns as site_urlpatterns

REFERENCE_PATH = "banc-d-essai/reference/"


def reference(request: HttpRequest, queries: int) -> HttpResponse:
    with connection.cursor() as cursor:
        for number in range(queries):
            cursor.execute("SELECT %s", [number])
            cursor.fetchone()
    return render(request, "base.html", {"title": "Référence du banc d’essai"})


urlpatterns = [
    path(f"{REFERENCE_PATH}<int:queries>/", reference, name="bench_reference"),
    *site_urlpatterns,
]
