from django.urls import URLPattern

app_name = "pay"

urlpatterns: list[URLPattern] = []
