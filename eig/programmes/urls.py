from django.urls import path

from eig.programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.index, name="index"),
    path("parametres/", views.settings_edit, name="settings_edit"),
    path("promotions/", views.promotion_list, name="promotion_list"),
    path("promotions/nouvelle/", views.promotion_create, name="promotion_create"),
    path("promotions/<int:pk>/", views.promotion_detail, name="promotion_detail"),
    path("promotions/<int:pk>/modifier/", views.promotion_edit, name="promotion_edit"),
    path("promotions/<int:pk>/sessions/nouvelle/", views.round_create, name="round_create"),
    path("promotions/<int:pk>/sessions/generer/", views.rounds_generate, name="rounds_generate"),
    path("sessions/<int:pk>/modifier/", views.round_edit, name="round_edit"),
    path("remuneration/", views.pay_grid_list, name="pay_grid_list"),
    path("remuneration/nouvelle-version/", views.pay_grid_create, name="pay_grid_create"),
    path("remuneration/<int:pk>/", views.pay_grid_detail, name="pay_grid_detail"),
    path("remuneration/<int:pk>/modifier/", views.pay_grid_edit, name="pay_grid_edit"),
    path("evaluation/", views.scoring_grid_list, name="scoring_grid_list"),
    path("evaluation/<int:pk>/", views.scoring_grid_detail, name="scoring_grid_detail"),
    path("evaluation/<int:pk>/criteres/nouveau/", views.criterion_create, name="criterion_create"),
    path("criteres/<int:pk>/modifier/", views.criterion_edit, name="criterion_edit"),
]
