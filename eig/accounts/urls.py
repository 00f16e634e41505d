from django.urls import path

from eig.accounts import views

app_name = "accounts"

urlpatterns = [
    path("connexion/", views.login_choice, name="login"),
    path("deconnexion/", views.logout, name="logout"),
    path("mon-espace/", views.dashboard, name="dashboard"),
    path("rattachement/", views.not_attached, name="not_attached"),
]
