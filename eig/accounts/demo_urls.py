from django.urls import path

from eig.accounts import demo_views

app_name = "demo"

urlpatterns = [
    path("comptes/", demo_views.demo_accounts, name="accounts"),
    path("comptes/<int:user_id>/connexion/", demo_views.demo_sign_in, name="sign_in"),
]
