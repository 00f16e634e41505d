"""The offers', the contracts' and the pay's pages, one URL module (and namespace) each."""

from django.urls import include, path

urlpatterns = [
    path("", include("eig.contracts.urls.offers")),
    path("", include("eig.contracts.urls.contracts")),
    path("", include("eig.contracts.urls.pay")),
]
