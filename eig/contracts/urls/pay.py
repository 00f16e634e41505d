from django.urls import path

from eig.contracts.views import pay

app_name = "pay"

urlpatterns = [
    path("espace/remuneration/", pay.my_pay, name="mine"),
    path("equipe/remuneration/budget/", pay.budget_index, name="budget_index"),
    path("equipe/remuneration/budget/<int:pk>/", pay.budget, name="budget"),
    path("equipe/remuneration/budget/<int:pk>/export.csv", pay.budget_csv, name="budget_csv"),
    path("equipe/remuneration/budget/<int:pk>/export.xlsx", pay.budget_xlsx, name="budget_xlsx"),
    path("equipe/remuneration/egalite/", pay.equal_pay, name="equal_pay"),
    path(
        "equipe/remuneration/contrats/<int:pk>/part-variable/",
        pay.variable_pay,
        name="variable",
    ),
]
