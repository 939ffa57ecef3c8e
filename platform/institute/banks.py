"""The institute's screens of the region's banks (004 §3.3.2–3.3.3): every municipality's
internship sites with their counts, the proposals of regional internships (the institute
proposes, the municipality answers), and the practices nominated to the region's bank with the
expert council's decisions. Read from the public schema only; the institute alone writes."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_safe

from accounts.workspace_access import workspace_required, workspace_writer, workspace_writer_only
from cms.base.forms import form_errors_add
from institute.services import access_log_record
from regional_banks.models import InternshipSiteEntry, NominationStatus
from regional_banks.selectors import (
    internship_proposal_list,
    internship_site_entries,
    practice_nomination_get,
    practice_nomination_list,
)
from regional_banks.services import internship_proposal_create, practice_nomination_decide


@dataclass
class SitesRow:
    name: str
    slug: str
    sites: list[InternshipSiteEntry] = field(default_factory=list)
    in_force: int = 0
    finished: int = 0
    completed: int = 0


@require_safe
@workspace_required
def internships(request: HttpRequest) -> HttpResponse:
    """Every municipality's sites (public or not) with counts; the proposals and their answers."""
    rows: dict[int, SitesRow] = {}
    for entry in internship_site_entries():
        row = rows.setdefault(entry.municipality_id, SitesRow(entry.municipality.name, entry.municipality.slug))
        row.sites.append(entry)
        row.in_force += entry.in_force
        row.finished += entry.internships_finished
        row.completed += entry.completed_total
    every = rows.values()
    totals = SitesRow(
        "",
        "",
        in_force=sum(r.in_force for r in every),
        finished=sum(r.finished for r in every),
        completed=sum(r.completed for r in every),
    )
    context = {
        "rows": list(rows.values()),
        "totals": totals,
        "proposals": list(internship_proposal_list()[:100]),
        "can_write": workspace_writer(request.user),
    }
    return render(request, "institute/internships.html", context)


class ProposalForm(forms.Form):
    site = forms.ModelChoiceField(
        label=gettext_lazy("Стажировочная площадка"), queryset=InternshipSiteEntry.objects.none()
    )
    title = forms.CharField(label=gettext_lazy("Программа стажировки"), max_length=500)
    topics = forms.CharField(
        label=gettext_lazy("Темы (по одной в строке)"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    hours = forms.IntegerField(label=gettext_lazy("Объём, часов"), min_value=1, max_value=1000)
    capacity = forms.IntegerField(label=gettext_lazy("Мест"), min_value=1, max_value=500)
    starts_on = forms.DateField(label=gettext_lazy("Начало"), widget=forms.DateInput(attrs={"type": "date"}))
    ends_on = forms.DateField(label=gettext_lazy("Окончание"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(
        label=gettext_lazy("Для кого и зачем"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        field = self.fields["site"]
        field.queryset = internship_site_entries().filter(in_force=True)  # type: ignore[attr-defined]
        field.label_from_instance = lambda e: f"{e.municipality.name}: {e.organisation}"  # type: ignore[attr-defined]


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
def internship_propose(request: HttpRequest) -> HttpResponse:
    """The institute proposes a regional internship on a municipality's site; the municipality answers."""
    workspace_writer_only(request)
    initial = {"site": request.GET.get("site")} if request.GET.get("site", "").isdigit() else None
    form = ProposalForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            internship_proposal_create(acting_user=request.user, **data)
        except ValidationError as error:
            form_errors_add(form, error)
        else:
            messages.success(request, _("Предложение отправлено муниципалитету."))
            return redirect("institute:internships")
    return render(request, "institute/internship_propose.html", {"form": form})


@require_safe
@workspace_required
def practices(request: HttpRequest) -> HttpResponse:
    """Practices nominated to the region's bank: waiting first, then decided."""
    status = request.GET.get("status", "")
    if status not in NominationStatus.values:
        status = ""
    return render(
        request,
        "institute/practices.html",
        {
            "nominations": list(practice_nomination_list(status=status)[:200]),
            "statuses": NominationStatus.choices,
            "status": status,
        },
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Решение экспертного совета"),
        choices=[("accept", gettext_lazy("Включить в региональный банк")), ("decline", gettext_lazy("Отклонить"))],
        widget=forms.RadioSelect,
    )
    decided_on = forms.DateField(label=gettext_lazy("Дата заседания"), widget=forms.DateInput(attrs={"type": "date"}))
    protocol_number = forms.CharField(label=gettext_lazy("Номер протокола"), max_length=50)
    comment = forms.CharField(
        label=gettext_lazy("Комментарий"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Обязателен, если практика отклонена."),
    )  # fmt: skip


@require_http_methods(["GET", "HEAD", "POST"])
@workspace_required
def practice_decide(request: HttpRequest, nomination_id: int) -> HttpResponse:
    """A nominated practice (its authors are named: the read is logged) and the council's decision."""
    nomination = practice_nomination_get(pk=nomination_id)
    if nomination is None:
        raise Http404
    form = DecisionForm(request.POST or None)
    if request.method == "POST":
        workspace_writer_only(request)
        if form.is_valid():
            try:
                practice_nomination_decide(
                    nomination=nomination,
                    accept=form.cleaned_data["decision"] == "accept",
                    decided_on=form.cleaned_data["decided_on"],
                    protocol_number=form.cleaned_data["protocol_number"],
                    comment=form.cleaned_data["comment"],
                    acting_user=request.user,
                )
            except ValidationError as error:
                form_errors_add(form, error)
            else:
                messages.success(request, _("Решение экспертного совета внесено."))
                return redirect("institute:practices")
    else:
        access_log_record(
            acting_user=request.user, municipality=nomination.municipality, section="practices",
            path=request.get_full_path(), personal_data=bool(nomination.authors),
        )  # fmt: skip
    context = {
        "nomination": nomination,
        "form": form,
        "can_decide": workspace_writer(request.user) and nomination.status == NominationStatus.PENDING,
    }
    return render(request, "institute/practice_decide.html", context)
