"""The institute's workspace on the region host (``institute/``)."""

from django.urls import URLPattern, URLResolver, path

from institute import banks, development_views, olympiad_views, report_views, views
from institute.quality import views as quality_views

app_name = "institute"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    path("export.xlsx", views.dashboard_export, name="export"),
    path("development/", development_views.development, name="development"),
    path("development/export.xlsx", development_views.development_export, name="development_export"),
    path("development/diagnostics/new/", development_views.diagnostic_load, name="diagnostic_load"),
    path("development/diagnostics/template.xlsx", development_views.diagnostic_template, name="diagnostic_template"),
    path(
        "development/diagnostics/<int:diagnostic_id>/delete/",
        development_views.diagnostic_delete,
        name="diagnostic_delete",
    ),
    path("reports/", report_views.annual_reports, name="annual_reports"),
    path("m/<slug:slug>/report.pdf", report_views.annual_report_pdf, name="annual_report_pdf"),
    path("olympiads/", olympiad_views.olympiads, name="olympiads"),
    path("contests/", olympiad_views.contests, name="contests"),
    path("innovation/", olympiad_views.innovation, name="innovation"),
    path("internships/", banks.internships, name="internships"),
    path("internships/propose/", banks.internship_propose, name="internship_propose"),
    path("practices/", banks.practices, name="practices"),
    path("practices/<int:nomination_id>/", banks.practice_decide, name="practice_decide"),
    path("access-log/", views.access_log, name="access_log"),
    path("quality/", quality_views.quality_dashboard, name="quality"),
    path("quality/export.xlsx", quality_views.quality_export, name="quality_export"),
    path("quality/organisations/", quality_views.quality_organisations, name="quality_organisations"),
    path("quality/thresholds/", quality_views.quality_thresholds, name="quality_thresholds"),
    path("quality/kinds/", quality_views.procedure_kinds, name="quality_kinds"),
    path("m/<slug:slug>/", views.municipality_overview, name="municipality"),
    path("m/<slug:slug>/plan/", views.municipality_plan, name="municipality_plan"),
    path("m/<slug:slug>/events/", views.municipality_events, name="municipality_events"),
    path("m/<slug:slug>/documents/", views.municipality_documents, name="municipality_documents"),
    path("m/<slug:slug>/quality/", quality_views.municipality_quality_view, name="municipality_quality"),
    path("m/<slug:slug>/comments/", views.comment_create, name="comment_create"),
    path("m/<slug:slug>/comments/<int:comment_id>/reply/", views.comment_reply, name="comment_reply"),
]
