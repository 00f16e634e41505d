from django.urls import path

from eig.contracts.views import contracts

app_name = "contracts"

urlpatterns = [
    path("espace/contrat/", contracts.contract_mine, name="mine"),
    path(
        "contrats/<int:pk>/<slug:document>.pdf",
        contracts.contract_download,
        name="download",
    ),
    path("equipe/contrats/", contracts.contract_list, name="list"),
    path("equipe/contrats/<int:pk>/", contracts.contract_detail, name="detail"),
    path("equipe/contrats/<int:pk>/renouveler/", contracts.contract_renew, name="renew"),
    path("equipe/contrats/<int:pk>/fin/", contracts.contract_end, name="end"),
]
