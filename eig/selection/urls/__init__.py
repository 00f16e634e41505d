"""The selection's pages, one URL module and namespace per part (review: « selection »)."""

from django.urls import include, path

urlpatterns = [
    path("", include("eig.selection.urls.review")),
    path("", include("eig.selection.urls.interviews")),
    path("", include("eig.selection.urls.matching")),
]
