from django.urls import path

from eig.public import views

app_name = "public"

urlpatterns = [
    path("", views.home, name="home"),
    path("le-programme/", views.programme, name="programme"),
    path("proposer-un-defi/", views.propose, name="propose"),
    path("candidater/", views.apply, name="apply"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("mentions-legales/", views.legal_notice, name="legal_notice"),
    path("donnees-personnelles/", views.personal_data, name="personal_data"),
    path("plan-du-site/", views.sitemap, name="sitemap"),
]
