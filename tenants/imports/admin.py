"""Import and export in the Wagtail admin: upload → preview → confirm, the template, the export.

Subclass :class:`ImportableModelViewSet` (index views from :class:`ImportableIndexView`) and
set ``import_spec``. The viewset then has

* ``import/`` — the upload form (the file goes to :mod:`tenants.imports.uploads`),
* ``import/<token>/`` — the preview (GET) and the confirmation (POST, whole file or nothing),
* ``import/template/`` — the XLSX template,

and its listing offers these and an XLSX/CSV export of the filtered list in the import's
columns. Importing needs both the add and the change permission on the model; the export
follows the listing's own permissions.

This package is no Django app, so its templates are compiled from its own folder with the
project's template engine (they extend Wagtail's admin templates as usual).
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template import engines
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from wagtail.admin.views.generic import IndexView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import Button

from tenants.imports.engine import ImportRejected, import_apply, import_plan
from tenants.imports.reading import MAX_FILE_SIZE
from tenants.imports.specs import ImportPlan, ImportSpec, RowAction
from tenants.imports.spreadsheets import CSV_CONTENT_TYPE, XLSX_CONTENT_TYPE, export_csv, export_xlsx, template_xlsx
from tenants.imports.uploads import upload_discard, upload_load, upload_store
from tenants.uploads import zip_archive_check

TEMPLATES_DIR = Path(__file__).resolve().parent / "templates" / "imports"
PREVIEW_ROW_LIMIT = 500


@functools.cache
def _template(name: str) -> Any:
    return engines["django"].from_string((TEMPLATES_DIR / name).read_text(encoding="utf-8"))


def user_can_import(user: Any, model: type[models.Model]) -> bool:
    opts = model._meta
    return all(user.has_perm(f"{opts.app_label}.{get_permission_codename(a, opts)}") for a in ("add", "change"))


def _attachment(content: bytes, *, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Файл XLSX или CSV"),
        help_text=gettext_lazy("Первая строка — заголовок со столбцами шаблона; данные — со второй строки."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size == 0:
            raise forms.ValidationError(_("Файл пустой."))
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(_("Файл слишком большой: допускается не больше 10 МБ."))
        zip_archive_check(upload)  # an XLSX that would unpack to too much is refused here, unread
        return upload


class _ImportView(WagtailAdminTemplateMixin, View):
    """Shared by the import views: the spec, the URLs, the permission and the page furniture."""

    model: type[models.Model] | None = None
    spec: ImportSpec | None = None
    index_url_name: str | None = None
    upload_url_name: str | None = None
    preview_url_name: str | None = None
    template_url_name: str | None = None
    header_icon = "upload"
    template_file = ""
    request: HttpRequest

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        assert self.model is not None and self.spec is not None
        if not user_can_import(request.user, self.model):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    @property
    def the_spec(self) -> ImportSpec:
        assert self.spec is not None
        return self.spec

    def get_page_title(self) -> str:
        return _("Импорт: %(title)s") % {"title": str(self.the_spec.title).lower()}

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        assert self.model is not None and self.index_url_name
        return [
            *self.breadcrumbs_items,
            {"url": reverse(self.index_url_name), "label": str(self.model._meta.verbose_name_plural).capitalize()},
            {"url": "", "label": _("Импорт из файла")},
        ]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        assert self.upload_url_name and self.template_url_name and self.index_url_name
        context.update(
            spec=self.the_spec,
            upload_url=reverse(self.upload_url_name),
            template_url=reverse(self.template_url_name),
            index_url=reverse(self.index_url_name),
        )
        return context

    def render(self, **kwargs: Any) -> TemplateResponse:
        return TemplateResponse(self.request, _template(self.template_file), self.get_context_data(**kwargs))


class ImportUploadView(_ImportView):
    template_file = "upload.html"

    def get(self, request: HttpRequest) -> HttpResponse:
        return self.render(form=ImportUploadForm())

    def post(self, request: HttpRequest) -> HttpResponse:
        form = ImportUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render(form=form)
        upload = form.cleaned_data["file"]
        assert self.preview_url_name
        token = upload_store(
            spec_name=self.the_spec.name,
            filename=upload.name,
            data=upload.read(),
            user_id=request.user.pk,
        )
        return redirect(self.preview_url_name, token=token)


class ImportPreviewView(_ImportView):
    template_file = "preview.html"

    def _upload(self, token: str) -> Any:
        upload = upload_load(spec_name=self.the_spec.name, token=token, user_id=self.request.user.pk)
        if upload is None:
            raise Http404(_("Загруженный файл не найден или устарел: загрузите его снова."))
        return upload

    def get(self, request: HttpRequest, token: str) -> HttpResponse:
        upload = self._upload(token)
        return self.render_plan(import_plan(self.the_spec, upload.data, filename=upload.filename), token)

    def post(self, request: HttpRequest, token: str) -> HttpResponse:
        upload = self._upload(token)
        try:
            result = import_apply(self.the_spec, upload.data, filename=upload.filename, acting_user=request.user)
        except ImportRejected as rejected:
            messages.error(request, _("Импорт не выполнен: в файле есть ошибки. Ничего не изменено."))
            return self.render_plan(rejected.plan, token)
        upload_discard(spec_name=self.the_spec.name, token=token)
        messages.success(
            request,
            _("Импорт выполнен: добавлено %(created)d, обновлено %(updated)d, без изменений %(unchanged)d.")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
        )
        assert self.index_url_name
        return redirect(self.index_url_name)

    def render_plan(self, plan: ImportPlan, token: str) -> TemplateResponse:
        assert self.preview_url_name
        counts = plan.counts
        shown = [row for row in plan.rows if row.action in (RowAction.CREATE, RowAction.UPDATE)]
        return self.render(
            plan=plan,
            counts=counts,
            errors=plan.errors,
            rows=shown[:PREVIEW_ROW_LIMIT],
            rows_hidden=max(0, len(shown) - PREVIEW_ROW_LIMIT),
            confirm_url=reverse(self.preview_url_name, kwargs={"token": token}),
        )


class ImportTemplateView(_ImportView):
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> Any:
        assert self.model is not None
        opts = self.model._meta
        if not request.user.has_perm(f"{opts.app_label}.{get_permission_codename('add', opts)}"):
            raise PermissionDenied
        return View.dispatch(self, request, *args, **kwargs)

    def get(self, request: HttpRequest) -> HttpResponse:
        return _attachment(
            template_xlsx(self.the_spec),
            content_type=XLSX_CONTENT_TYPE,
            filename=f"{self.the_spec.export_filename}-template.xlsx",
        )


class ImportableIndexView(IndexView):
    """The listing of an importable model: import buttons, and the export in the import's columns."""

    import_spec: ImportSpec | None = None
    import_url_name: str | None = None
    import_template_url_name: str | None = None

    @cached_property
    def show_export_buttons(self) -> bool:
        return self.import_spec is not None

    def as_spreadsheet(self, queryset: models.QuerySet[Any], spreadsheet_format: str) -> HttpResponse:
        assert self.import_spec is not None
        name = f"{self.import_spec.export_filename}-{timezone.localdate().isoformat()}"
        if spreadsheet_format == "csv":
            return _attachment(
                export_csv(self.import_spec, queryset), content_type=CSV_CONTENT_TYPE, filename=f"{name}.csv"
            )
        return _attachment(
            export_xlsx(self.import_spec, queryset), content_type=XLSX_CONTENT_TYPE, filename=f"{name}.xlsx"
        )

    @cached_property
    def header_more_buttons(self) -> list[Any]:
        buttons = list(super().header_more_buttons)
        if self.import_url_name and self.import_template_url_name and user_can_import(self.request.user, self.model):
            buttons.append(
                Button(_("Импорт из файла"), url=reverse(self.import_url_name), icon_name="upload", priority=110)
            )
            buttons.append(
                Button(
                    _("Шаблон для импорта"),
                    url=reverse(self.import_template_url_name),
                    icon_name="doc-empty",
                    priority=120,
                )
            )
        return buttons


class ImportableModelViewSet(ModelViewSet):
    """A ``ModelViewSet`` with the import views under ``import/`` and the export in the spec's columns."""

    import_spec: ImportSpec
    index_view_class = ImportableIndexView

    def get_index_view_kwargs(self, **kwargs: Any) -> dict[str, Any]:
        return super().get_index_view_kwargs(
            import_spec=self.import_spec,
            import_url_name=self.get_url_name("import"),
            import_template_url_name=self.get_url_name("import_template"),
            **kwargs,
        )

    def _import_view(self, view_class: type[_ImportView]) -> Any:
        return self.construct_view(
            view_class,
            spec=self.import_spec,
            upload_url_name=self.get_url_name("import"),
            preview_url_name=self.get_url_name("import_preview"),
            template_url_name=self.get_url_name("import_template"),
        )

    def get_urlpatterns(self) -> list[Any]:
        return [
            *super().get_urlpatterns(),
            path("import/", self._import_view(ImportUploadView), name="import"),
            path("import/template/", self._import_view(ImportTemplateView), name="import_template"),
            path("import/<str:token>/", self._import_view(ImportPreviewView), name="import_preview"),
        ]
