"""Agreements on the region host, for the institute and the committee (004 §4.4, §4.10.4).

Both see every agreement; the institute drafts, edits, sends, attaches the scan, terminates and
renews; each signs for its own party. The municipality's side is in its Wagtail admin
(``agreements.admin_views``).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from accounts.workspace_access import workspace_required, workspace_writer_only
from agreements.files import agreement_docx_response, agreement_scan_response
from agreements.forms import (
    AgreementCreateForm,
    AgreementForm,
    AgreementRenewForm,
    AgreementScanForm,
    AgreementTerminateForm,
)
from agreements.models import Agreement, AgreementStatus, Party
from agreements.selectors import agreement_get, agreement_list, agreement_signature_states
from agreements.services import (
    EDITABLE_FIELDS,
    agreement_can_manage,
    agreement_create,
    agreement_delete,
    agreement_parties_of,
    agreement_renew,
    agreement_scan_attach,
    agreement_send,
    agreement_sign,
    agreement_terminate,
    agreement_update,
)
from cms.base.forms import form_errors_add
from tenants.municipalities.models import Municipality

REGION_PARTIES = (Party.COMMITTEE, Party.INSTITUTE)


def _agreement(agreement_id: int) -> Agreement:
    agreement = agreement_get(agreement_id=agreement_id)
    if agreement is None:
        raise Http404
    return agreement


@require_safe
@workspace_required
def agreement_index(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    status = status if status in AgreementStatus.values else ""
    search = request.GET.get("q", "")[:100]
    return render(
        request,
        "agreements/list.html",
        {
            "agreements": agreement_list(status=status or None, search=search),
            "statuses": AgreementStatus.choices,
            "status": status,
            "search": search,
            "can_manage": agreement_can_manage(request.user),
        },
    )


@workspace_required
def agreement_new(request: HttpRequest) -> HttpResponse:
    workspace_writer_only(request)
    initial: dict[str, Any] = {}
    slug = request.GET.get("municipality", "")
    if slug:
        initial["municipality"] = Municipality.objects.filter(slug=slug).first()
    form = AgreementCreateForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = agreement_create(
                acting_user=request.user, **{k: form.cleaned_data[k] for k in ["municipality", *EDITABLE_FIELDS]}
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("Проект соглашения создан."))
            return redirect("agreements:detail", agreement.pk)
    return render(request, "agreements/form.html", {"form": form, "title": _("Новое соглашение")})


@require_safe
@workspace_required
def agreement_detail(request: HttpRequest, agreement_id: int) -> HttpResponse:
    agreement = _agreement(agreement_id)
    parties = agreement_parties_of(request.user, agreement.municipality) & set(REGION_PARTIES)
    signed = {s.party for s in agreement.signatures.all()}
    return render(
        request,
        "agreements/detail.html",
        {
            "agreement": agreement,
            "signatures": agreement_signature_states(agreement),
            "can_manage": agreement_can_manage(request.user),
            "sign_as": [(p, Party(p).label) for p in REGION_PARTIES if p in parties and p not in signed]
            if agreement.status == AgreementStatus.SENT
            else [],
            "renewal": Agreement.objects.filter(replaces=agreement).first(),
            "statuses": AgreementStatus,
            "terminate_form": AgreementTerminateForm(),
            "scan_form": AgreementScanForm(),
        },
    )


@workspace_required
def agreement_edit(request: HttpRequest, agreement_id: int) -> HttpResponse:
    workspace_writer_only(request)
    agreement = _agreement(agreement_id)
    form = AgreementForm(request.POST or None, instance=Agreement.objects.get(pk=agreement.pk))
    if request.method == "POST" and form.is_valid():
        try:
            agreement_update(
                agreement=agreement,
                data={k: form.cleaned_data[k] for k in EDITABLE_FIELDS},
                acting_user=request.user,
            )
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("Соглашение сохранено."))
            return redirect("agreements:detail", agreement.pk)
    return render(request, "agreements/form.html", {"form": form, "title": str(agreement), "agreement": agreement})


@workspace_required
def agreement_renew_view(request: HttpRequest, agreement_id: int) -> HttpResponse:
    workspace_writer_only(request)
    agreement = _agreement(agreement_id)
    form = AgreementRenewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            renewal = agreement_renew(agreement=agreement, acting_user=request.user, **form.cleaned_data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("Подготовлен проект нового соглашения."))
            return redirect("agreements:detail", renewal.pk)
    return render(request, "agreements/form.html", {"form": form, "title": _("Новое соглашение взамен %s") % agreement})


def _act(request: HttpRequest, agreement: Agreement, action: Any, success: str) -> HttpResponse:
    try:
        action()
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, success)
    return redirect("agreements:detail", agreement.pk)


@require_POST
@workspace_required
def agreement_send_view(request: HttpRequest, agreement_id: int) -> HttpResponse:
    workspace_writer_only(request)
    agreement = _agreement(agreement_id)
    return _act(
        request,
        agreement,
        lambda: agreement_send(agreement=agreement, acting_user=request.user),
        _("Соглашение направлено на подпись."),
    )


@require_POST
@workspace_required
def agreement_sign_view(request: HttpRequest, agreement_id: int) -> HttpResponse:
    """The committee or the institute signs for its party (the services check which)."""
    agreement = _agreement(agreement_id)
    party = request.POST.get("party", "")
    if party not in REGION_PARTIES:
        raise Http404
    return _act(
        request,
        agreement,
        lambda: agreement_sign(agreement=agreement, party=party, acting_user=request.user),
        _("Подпись стороны записана."),
    )


@require_POST
@workspace_required
def agreement_terminate_view(request: HttpRequest, agreement_id: int) -> HttpResponse:
    workspace_writer_only(request)
    agreement = _agreement(agreement_id)
    form = AgreementTerminateForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _act(
        request,
        agreement,
        lambda: agreement_terminate(agreement=agreement, reason=reason, acting_user=request.user),
        _("Соглашение расторгнуто."),
    )


@require_POST
@workspace_required
def agreement_delete_view(request: HttpRequest, agreement_id: int) -> HttpResponse:
    workspace_writer_only(request)
    agreement = _agreement(agreement_id)
    try:
        agreement_delete(agreement=agreement, acting_user=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("agreements:detail", agreement.pk)
    messages.success(request, _("Проект соглашения удалён."))
    return redirect("agreements:list")


@require_POST
@workspace_required
def agreement_scan_upload(request: HttpRequest, agreement_id: int) -> HttpResponse:
    workspace_writer_only(request)
    agreement = _agreement(agreement_id)
    form = AgreementScanForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Выберите PDF-файл со сканом соглашения."))
        return redirect("agreements:detail", agreement.pk)
    return _act(
        request,
        agreement,
        lambda: agreement_scan_attach(agreement=agreement, file=form.cleaned_data["scan"], acting_user=request.user),
        _("Скан соглашения сохранён."),
    )


@require_safe
@workspace_required
def agreement_scan(request: HttpRequest, agreement_id: int) -> HttpResponseBase:
    return agreement_scan_response(_agreement(agreement_id))


@require_safe
@workspace_required
def agreement_docx(request: HttpRequest, agreement_id: int) -> HttpResponse:
    return agreement_docx_response(_agreement(agreement_id))
