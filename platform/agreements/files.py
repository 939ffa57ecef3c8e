"""File responses of agreements: the signed scan and the generated DOCX, for the views that
have already checked who asks."""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse

from agreements.documents import agreement_docx, agreement_docx_filename
from agreements.models import Agreement


def agreement_scan_response(agreement: Agreement) -> FileResponse:
    if not agreement.scan:
        raise Http404
    try:
        handle = agreement.scan.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404 from None
    response = FileResponse(
        handle,
        filename=f"agreement-{agreement.municipality.slug}-{agreement.pk}.pdf",
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'"
    response["Cache-Control"] = "private, no-cache"
    return response


def agreement_docx_response(agreement: Agreement) -> HttpResponse:
    response = HttpResponse(
        agreement_docx(agreement),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{agreement_docx_filename(agreement)}"'
    response["Cache-Control"] = "private, no-cache"
    return response
