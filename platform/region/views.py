"""The region's own screens: the portal (directory, regional news, calendar), the news editor of
institute staff and the operator, and the operator's municipality registry."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.models import Role
from accounts.second_factor import second_factor_enrolment_required
from accounts.selectors import user_roles
from audit.forms import RegionAuditFilterForm
from audit.screens import audit_export_response, audit_is_export, audit_screen_context
from audit.selectors import audit_action_choices, audit_entries_of_region
from region import selectors as region_selectors
from region.forms import MunicipalityProvisionForm, RegionalNewsForm
from region.models import RegionalNews
from region.services import regional_news_create, regional_news_delete, regional_news_update
from tenants.municipalities.models import Municipality
from tenants.municipalities.selectors import municipality_base_url, municipality_list
from tenants.municipalities.services import municipality_archive, municipality_provision, municipality_unarchive

PORTAL_NEWS_COUNT = 3
NEWS_EDITOR_ROLES = (Role.INSTITUTE, Role.OPERATOR)


def portal_home(request: HttpRequest) -> HttpResponse:
    """The region's front page: every working municipal service with links to its site and
    admin, the latest regional news and the unified regional calendar (004 §4.6)."""
    return render(
        request,
        "region/home.html",
        {
            "directory": region_selectors.municipality_directory(),
            "news": region_selectors.regional_news_list()[:PORTAL_NEWS_COUNT],
        },
    )


def regional_news_index(request: HttpRequest) -> HttpResponse:
    news = region_selectors.regional_news_list()
    return render(request, "region/news_index.html", {"news": Paginator(news, 20).get_page(request.GET.get("page"))})


def regional_news_detail(request: HttpRequest, pk: int) -> HttpResponse:
    news = region_selectors.regional_news_get(pk=pk)
    if news is None:
        raise Http404
    return render(request, "region/news_detail.html", {"item": news})


def news_editor_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        roles = user_roles(request.user)
        if not any(roles.has(role) for role in NEWS_EDITOR_ROLES):
            raise PermissionDenied(_("Новости региона ведут сотрудники ЛОИРО и оператор платформы."))
        return view(request, *args, **kwargs)

    return wrapped


def _editable_news(pk: int) -> RegionalNews:
    news = region_selectors.regional_news_get(pk=pk, published_only=False)
    if news is None:
        raise Http404
    return news


@news_editor_required
def regional_news_manage(request: HttpRequest) -> HttpResponse:
    news = region_selectors.regional_news_list(published_only=False)
    return render(request, "region/news_manage.html", {"news": news})


@news_editor_required
def regional_news_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    news = _editable_news(pk) if pk is not None else None
    initial = (
        {name: getattr(news, name) for name in ("title", "summary", "body", "published_on", "is_published")}
        if news is not None
        else {"published_on": datetime.date.today(), "is_published": True}
    )
    form = RegionalNewsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if news is None:
                news = regional_news_create(acting_user=request.user, **form.cleaned_data)
                messages.success(request, _("Новость «%(title)s» добавлена.") % {"title": news.title})
            else:
                regional_news_update(news=news, acting_user=request.user, **form.cleaned_data)
                messages.success(request, _("Новость «%(title)s» сохранена.") % {"title": news.title})
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                for error in errors:
                    form.add_error(field if field in form.fields else None, error)
        else:
            return redirect("regional_news_manage")
    return render(request, "region/news_form.html", {"form": form, "item": news})


@require_POST
@news_editor_required
def regional_news_remove(request: HttpRequest, pk: int) -> HttpResponse:
    news = _editable_news(pk)
    regional_news_delete(news=news, acting_user=request.user)
    messages.success(request, _("Новость «%(title)s» удалена.") % {"title": news.title})
    return redirect("regional_news_manage")


def operator_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Only the operator, and only with two-factor sign-in set up (issue 13, item 11)."""
    enrolled_view = second_factor_enrolment_required(view)

    @wraps(view)
    @login_required
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not user_roles(request.user).has(Role.OPERATOR):
            raise PermissionDenied(_("Раздел доступен только оператору платформы."))
        return enrolled_view(request, *args, **kwargs)

    return wrapped


@operator_required
def operator_municipality_list(request: HttpRequest) -> HttpResponse:
    rows = [{"municipality": m, "url": municipality_base_url(m)} for m in municipality_list()]
    return render(request, "region/operator_list.html", {"rows": rows})


@operator_required
def operator_municipality_provision(request: HttpRequest) -> HttpResponse:
    form = MunicipalityProvisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            result = municipality_provision(acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            for field, errors in exc.message_dict.items():
                target = field if field in form.fields else None
                for error in errors:
                    form.add_error(target, error)
        else:
            if result.created:
                messages.success(
                    request,
                    _("Муниципалитет «%(name)s» создан: %(url)s")
                    % {"name": result.municipality.name, "url": municipality_base_url(result.municipality)},
                )
            else:
                messages.info(
                    request, _("Муниципалитет «%(name)s» уже был создан.") % {"name": result.municipality.name}
                )
            return redirect("operator_municipalities")
    return render(request, "region/operator_provision.html", {"form": form})


@require_POST
@operator_required
def operator_municipality_archive(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    municipality_archive(municipality=municipality, acting_user=request.user)
    messages.success(request, _("«%(name)s» переведён в архив.") % {"name": municipality.name})
    return redirect("operator_municipalities")


@require_POST
@operator_required
def operator_municipality_unarchive(request: HttpRequest, slug: str) -> HttpResponse:
    municipality = get_object_or_404(Municipality, slug=slug)
    municipality_unarchive(municipality=municipality, acting_user=request.user)
    messages.success(request, _("«%(name)s» снова работает.") % {"name": municipality.name})
    return redirect("operator_municipalities")


@operator_required
def operator_audit_log(request: HttpRequest) -> HttpResponse:
    """Every entry of the region's audit log, with the head's filters and «where»; each read and
    each export is itself recorded."""
    form = RegionAuditFilterForm(
        request.GET or None,
        actions=audit_action_choices(municipality=None),
        municipalities=[(m.slug, m.name) for m in municipality_list()],
    )
    filters = form.filters()
    entries = audit_entries_of_region(filters=filters)
    if audit_is_export(request):
        return audit_export_response(request, entries=entries, filters=filters, municipality=None)
    context = audit_screen_context(request, form=form, entries=entries, filters=filters, municipality=None)
    return render(request, "region/operator_audit.html", context)
