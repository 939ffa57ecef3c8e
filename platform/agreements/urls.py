"""Agreements on the region host (``agreements/``)."""

from django.urls import URLPattern, URLResolver, path

from agreements import views

app_name = "agreements"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.agreement_index, name="list"),
    path("new/", views.agreement_new, name="new"),
    path("<int:agreement_id>/", views.agreement_detail, name="detail"),
    path("<int:agreement_id>/edit/", views.agreement_edit, name="edit"),
    path("<int:agreement_id>/renew/", views.agreement_renew_view, name="renew"),
    path("<int:agreement_id>/send/", views.agreement_send_view, name="send"),
    path("<int:agreement_id>/sign/", views.agreement_sign_view, name="sign"),
    path("<int:agreement_id>/terminate/", views.agreement_terminate_view, name="terminate"),
    path("<int:agreement_id>/delete/", views.agreement_delete_view, name="delete"),
    path("<int:agreement_id>/scan/upload/", views.agreement_scan_upload, name="scan_upload"),
    path("<int:agreement_id>/scan/", views.agreement_scan, name="scan"),
    path("<int:agreement_id>/agreement.docx", views.agreement_docx, name="docx"),
]
