"""The signed-in person's consultations (included under ``consultations/`` on municipality hosts)."""

from django.urls import URLPattern, URLResolver, path

from tenants.consultations import views

app_name = "consultations"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.consultation_mine, name="mine"),
    path("new/", views.consultation_new, name="new"),
    path("<int:pk>/", views.consultation_detail, name="detail"),
]
