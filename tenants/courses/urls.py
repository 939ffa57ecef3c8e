"""The teacher's course applications under ``courses/`` on a municipality's host."""

from django.urls import URLPattern, URLResolver, path

from tenants.courses import views

app_name = "courses"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.applications_mine, name="mine"),
    path("<int:offer_id>/apply/", views.application_new, name="apply"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw, name="withdraw"),
]
