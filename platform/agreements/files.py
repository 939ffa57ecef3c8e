"""File responses of agreements: the signed scan and the generated DOCX, for the views that
have already checked who asks."""

from __future__ import annotations

from django.http import HttpResponse
from django.http.response import HttpResponseBase

from agreements.documents import agreement_docx, agreement_docx_filename
from agreements.models import Agreement
from tenants.file_delivery import field_file_delivery


def agreement_scan_response(agreement: Agreement) -> HttpResponseBase:
    return field_file_delivery(
        agreement.scan,
        filename=f"agreement-{agreement.municipality.slug}-{agreement.pk}.pdf",
        content_type="application/pdf",
        as_attachment=False,
        cache_control="private, no-cache",
    )


def agreement_docx_response(agreement: Agreement) -> HttpResponse:
    response = HttpResponse(
        agreement_docx(agreement),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{agreement_docx_filename(agreement)}"'
    response["Cache-Control"] = "private, no-cache"
    return response
