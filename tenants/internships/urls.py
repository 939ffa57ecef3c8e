"""The teacher's internships under ``internships/`` on a municipality's host."""

from django.urls import URLPattern, URLResolver, path

from tenants.internships import views

app_name = "internships_cabinet"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.mine, name="mine"),
    path("<int:pk>/apply/", views.apply, name="apply"),
    path("applications/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
]
