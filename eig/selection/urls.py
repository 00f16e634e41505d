from django.urls import URLPattern

app_name = "selection"

urlpatterns: list[URLPattern] = []
