from django.urls import path

from eig.contracts.views import candidate, followup, staff

app_name = "offers"

urlpatterns = [
    # The candidate's offers
    path("espace/offres/", candidate.offer_list, name="list"),
    path("espace/offres/<int:pk>/", candidate.offer_detail, name="detail"),
    path("espace/offres/<int:pk>/accepter/", candidate.offer_accept, name="accept"),
    path("espace/offres/<int:pk>/decliner/", candidate.offer_decline, name="decline"),
    # The programme team
    path("equipe/candidatures/<int:pk>/offre/", staff.offer_make, name="make"),
    path("equipe/offres/<int:pk>/", staff.offer_detail, name="staff_detail"),
    path("equipe/suivi/", followup.followup_index, name="followup_index"),
    path("equipe/suivi/<int:pk>/", followup.followup, name="followup"),
    path("equipe/suivi/<int:pk>/export.csv", followup.export_csv, name="export_csv"),
    path("equipe/suivi/<int:pk>/export.xlsx", followup.export_xlsx, name="export_xlsx"),
]
