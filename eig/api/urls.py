from django.urls import path

from eig.api import views

app_name = "api_tokens"

urlpatterns = [
    path("equipe/api/jetons/", views.staff_token_list, name="staff_list"),
    path("espace/api/jetons/", views.agent_token_list, name="agent_list"),
    path("api/jetons/<int:pk>/revoquer/", views.token_revoke, name="revoke"),
]
