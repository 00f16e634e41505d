from django.urls import path

from eig.organisations import views

app_name = "organisations"

urlpatterns = [
    path("", views.organisation_list, name="list"),
    path("nouvelle/", views.organisation_create, name="create"),
    path("<int:pk>/", views.organisation_detail, name="detail"),
    path("<int:pk>/modifier/", views.organisation_edit, name="edit"),
    path("<int:pk>/membres/ajouter/", views.member_add, name="member_add"),
    path(
        "<int:pk>/membres/<int:membership_pk>/retirer/",
        views.member_remove,
        name="member_remove",
    ),
]
