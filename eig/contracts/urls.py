from django.urls import URLPattern

app_name = "offers"

urlpatterns: list[URLPattern] = []
