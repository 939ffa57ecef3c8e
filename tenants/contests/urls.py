"""The signed-in person's contests (included under ``contests/`` on municipality hosts)."""

from django.urls import URLPattern, URLResolver, path

from tenants.contests import views

app_name = "contests"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.contests_mine, name="mine"),
    path("<int:contest_id>/apply/", views.contest_apply, name="apply"),
    path("applications/<int:pk>/documents/", views.application_document_upload, name="document_add"),
    path("applications/<int:pk>/withdraw/", views.application_withdraw_view, name="withdraw"),
    path("documents/<int:pk>/", views.application_document_download, name="document"),
    path("jury/<int:contest_id>/", views.jury_sheet, name="jury"),
    path("jury/<int:contest_id>/<int:application_id>/", views.jury_score, name="score"),
]
