from django.urls import path

from eig.api import views

app_name = "api_tokens"

urlpatterns = [
    path("equipe/api/jetons/", views.staff_token_list, name="staff_list"),
    path("espace/api/jetons/", views.agent_token_list, name="agent_list"),
    path("api/jetons/<int:pk>/revoquer/", views.token_revoke, name="revoke"),
    path("equipe/api/webhooks/", views.webhook_list, name="webhook_list"),
    path("equipe/api/webhooks/<int:pk>/", views.webhook_detail, name="webhook_detail"),
    path(
        "equipe/api/webhooks/envois/<int:pk>/renvoyer/",
        views.delivery_resend,
        name="delivery_resend",
    ),
]
