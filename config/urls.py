from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from eig.api.api import api

urlpatterns = [
    path("", include("eig.core.urls")),
    path("", include("eig.public.urls")),
    path("", include("eig.challenges.urls")),
    path("", include("eig.candidacies.urls")),
    path("", include("eig.selection.urls")),
    path("", include("eig.contracts.urls")),
    path("", include("eig.impact.urls")),
    path("compte/", include("eig.accounts.urls")),
    path("compte/", include("eig.accounts.allauth_urls")),
    path("oidc/", include("mozilla_django_oidc.urls")),
    path("equipe/programme/", include("eig.programmes.urls")),
    path("equipe/administrations/", include("eig.organisations.urls")),
    path("api/v1/", api.urls),
    path("", include("eig.api.urls")),
    path("admin/", admin.site.urls),
]

if settings.DEMO:
    urlpatterns.append(path("demo/", include("eig.accounts.demo_urls")))
