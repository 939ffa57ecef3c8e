"""The teacher's growth pages under ``growth/`` on a municipality's host."""

from django.urls import URLPattern, URLResolver, path

from tenants.development import views

app_name = "development"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.growth, name="growth"),
    path("steps/<int:pk>/done/", views.step_done, name="step_done"),
    path("courses/<int:pk>/file/", views.course_file, name="course_file"),
]
