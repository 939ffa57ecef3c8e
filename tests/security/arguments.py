"""Real objects of A for every URL argument: a viewset's ``pk`` is an object of its model, the
rest is chosen by the argument's name, or by the URL where one name means different things."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import Group
from django_tenants.utils import tenant_context

from tests.security.walk import Endpoint
from tests.security.world import World


def _first(model: Any, **filters: object) -> Any:
    found = model.objects.filter(**filters).order_by("pk").first()
    if found is None:
        raise LookupError(f"the world has no {model.__name__} with {filters}")
    return found


class Arguments:
    """``arguments(endpoint)``: the URL's keyword arguments, or ``{"__path__": ...}`` for a
    regular-expression pattern. Built inside A's schema for the municipality's URLs."""

    def __init__(self, world: World, found: list[Endpoint]) -> None:
        self.world = world
        self._cache: dict[str, object] = {}
        # A viewset's extra URLs (an event's registrations, a programme's activation) are plain
        # views: their ``pk`` is an object of the model their namespace's generic views show.
        self.namespace_models = {
            endpoint.key.rsplit(":", 1)[0]: endpoint.model for endpoint in found if endpoint.model is not None
        }

    def __call__(self, endpoint: Endpoint) -> dict[str, object]:
        if endpoint.host == "region":
            return self._region(endpoint)
        with tenant_context(self.world.a):
            return self._municipality(endpoint)

    # -- the region ----------------------------------------------------------------------------

    def _region(self, endpoint: Endpoint) -> dict[str, object]:
        from agreements.models import Agreement
        from api.models import ApiKey
        from institute.models import PlanComment, RegionalDiagnostic
        from region.models import RegionalNews
        from regional_banks.models import PracticeNomination
        from unified_calendar.models import RegionalEvent, RegionalEventProposal

        a = self.world.a
        paths = {
            "region:account_confirm_email": "/accounts/confirm-email/unknown-key/",
            "region:account_reset_password_from_key": "/accounts/password/reset/key/1-unknown-key/",
            "region:^api/v1/": "/api/v1/no-such-resource/",
        }
        if endpoint.key in paths:
            return {"__path__": paths[endpoint.key]}
        values: dict[str, Callable[[], object]] = {
            "slug": lambda: a.slug,
            "agreement_id": lambda: _first(Agreement, municipality=a).pk,
            "comment_id": lambda: _first(PlanComment, municipality=a, parent__isnull=True).pk,
            "diagnostic_id": lambda: _first(RegionalDiagnostic).pk,
            "nomination_id": lambda: _first(PracticeNomination, municipality=a).pk,
        }
        by_url: dict[str, Callable[[], object]] = {
            "region:regional_news_detail": lambda: _first(RegionalNews).pk,
            "region:regional_news_edit": lambda: _first(RegionalNews).pk,
            "region:regional_news_delete": lambda: _first(RegionalNews).pk,
            "region:unified_calendar:detail": lambda: _first(RegionalEvent).pk,
            "region:unified_calendar:edit": lambda: _first(RegionalEvent).pk,
            "region:unified_calendar:withdraw": lambda: _first(RegionalEvent).pk,
            "region:unified_calendar:proposal": lambda: _first(RegionalEventProposal).pk,
            "region:operator_api_key_revoke": lambda: _first(ApiKey, revoked_at__isnull=True).pk,
        }
        result: dict[str, object] = {}
        for name in endpoint.parameters:
            getter = by_url.get(endpoint.key) if name == "pk" else values.get(name)
            if getter is None:
                raise LookupError(f"{endpoint.key}: no value for {name}")
            result[name] = self._remember(f"{endpoint.key}/{name}", getter)
        return result

    # -- a municipality ------------------------------------------------------------------------

    def _remember(self, key: str, getter: Callable[[], object]) -> object:
        if key not in self._cache:
            self._cache[key] = getter()
        return self._cache[key]

    def _municipality(self, endpoint: Endpoint) -> dict[str, object]:
        extras = self.world.extras
        page, document, image = extras["page"], extras["document"], extras["image"]
        paths = {
            "municipality:wagtailadmin_pages:revisions_compare": (
                f"/admin/pages/{page.pk}/revisions/compare/earliest...latest/"
            ),
            "municipality:admin/^.*/$": "/admin/no-such-screen/",
            "municipality:^api/v1/": "/api/v1/no-such-resource/",
            "municipality:wagtaildocs_serve": f"/documents/{document.pk}/{document.filename}",
            "municipality:account_confirm_email": "/accounts/confirm-email/unknown-key/",
            "municipality:account_reset_password_from_key": "/accounts/password/reset/key/1-unknown-key/",
            "municipality:wagtail_serve": page.url_path.split("/", 2)[2].join(("/", "")),
            "municipality:wagtail_bulk_action": f"/admin/bulk/wagtailcore/page/delete/?id={page.pk}",
            "municipality:wagtailadmin_api:pages:listing": "/admin/api/main/pages/",
            "municipality:wagtailadmin_api:pages:detail": f"/admin/api/main/pages/{page.pk}/",
            "municipality:wagtailadmin_api:pages:find": f"/admin/api/main/pages/find/?id={page.pk}",
            "municipality:wagtailadmin_api:pages:action": f"/admin/api/main/pages/{page.pk}/action/copy/",
            "municipality:wagtailadmin_api:documents:listing": "/admin/api/main/documents/",
            "municipality:wagtailadmin_api:documents:detail": f"/admin/api/main/documents/{document.pk}/",
            "municipality:wagtailadmin_api:documents:find": f"/admin/api/main/documents/find/?id={document.pk}",
            "municipality:wagtailadmin_api:images:listing": "/admin/api/main/images/",
            "municipality:wagtailadmin_api:images:detail": f"/admin/api/main/images/{image.pk}/",
            "municipality:wagtailadmin_api:images:find": f"/admin/api/main/images/find/?id={image.pk}",
        }
        if endpoint.key in paths:
            return {"__path__": paths[endpoint.key]}
        specific = _BY_URL.get(endpoint.key, {})
        result: dict[str, object] = {}
        for name in endpoint.parameters:
            if name in specific:
                value = specific[name]
                result[name] = value(self.world) if callable(value) else value
            elif name == "pk" and (
                model := endpoint.model or self.namespace_models.get(endpoint.key.rsplit(":", 1)[0])
            ):
                result[name] = self._remember(model.__name__, lambda model=model: _object_of(model, self.world).pk)
            elif name in _BY_NAME:
                result[name] = self._remember(name, lambda getter=_BY_NAME[name]: getter(self.world))
            else:
                raise LookupError(f"{endpoint.key}: no value for {name}")
        return result


def _object_of(model: Any, world: World) -> Any:
    """The object of a viewset's model the walk opens: one of A's, as the seeders left it."""
    from accounts.models import User

    if model is User:
        return world.people["methodologist_a"]
    if issubclass(model, Group):
        return world.people["methodologist_a"].groups.order_by("pk").first()
    chosen = world.extras.get(model.__name__)
    return chosen if chosen is not None else _first(model)


def _extra(name: str) -> Callable[[World], object]:
    return lambda world: world.extras[name].pk


def _needs_token(world: World) -> str:
    from tenants.needs.links import answer_token

    return answer_token(world.extras["Recipient"].link_key)


def _page(world: World) -> int:
    return world.extras["page"].pk


def _home(world: World) -> int:
    return world.extras["home"].pk


_BY_NAME: dict[str, Callable[[World], object]] = {
    "page_id": _page,
    "page_pk": _page,
    "page_to_move_id": _page,
    "parent_page_id": _home,
    "destination_id": _home,
    "revision_id": _extra("revision"),
    "task_state_id": _extra("task_state"),
    "workflow_state_id": _extra("workflow_state"),
    "task_id": _extra("task"),
    "workflow_pk": _extra("workflow"),
    "collection_id": _extra("collection"),
    "document_id": _extra("document"),
    "doc_id": _extra("document"),
    "image_id": _extra("image"),
    "uploaded_file_id": _extra("uploaded_document"),
    "redirect_id": _extra("redirect"),
    "session_id": _extra("editing_session"),
    "agreement_id": _extra("agreement"),
    "comment_id": _extra("comment"),
    "organisation_id": _extra("Organisation"),
    "version_id": _extra("DocumentVersion"),
    "restriction_id": _extra("collection_restriction"),
    "page_view_restriction_id": _extra("page_restriction"),
    "secret": lambda world: world.extras["registration"].secret,
    "token": lambda world: world.extras["feed_token"].token,
    "filter_spec": lambda world: "fill-80x60",
    "action_name": lambda world: "approve",
    "uidb64": lambda world: "MQ",
    "path": lambda world: world.extras["media_path"],
    "event_id": _extra("Event"),  # the open API's event (its registrations need a key)
}

_PAGE_TYPE = {"content_type_app_name": "cms_home", "content_type_model_name": "standardpage"}

# Where one argument name means different things, the URL decides.
_BY_URL: dict[str, dict[str, Any]] = {
    "municipality:wagtailadmin_pages:add": {**_PAGE_TYPE},
    "municipality:wagtailadmin_pages:preview_on_add": {**_PAGE_TYPE},
    "municipality:wagtailadmin_pages:type_use": {**_PAGE_TYPE},
    "municipality:wagtailadmin_pages:type_use_results": {**_PAGE_TYPE},
    "municipality:wagtailadmin_pages:choose_parent": {"app_label": "cms_home", "model_name": "standardpage"},
    "municipality:wagtailadmin_tag_model_autocomplete": {"app_name": "wagtaildocs", "model_name": "document"},
    "municipality:wagtailadmin_workflows:add_task": {"app_label": "wagtailcore", "model_name": "groupapprovaltask"},
    "municipality:wagtailadmin_editing_sessions:ping": {
        "app_label": "wagtailcore",
        "model_name": "page",
        "object_id": _page,
    },
    "municipality:wagtailcore_authenticate_with_password": {"page_id": _extra("private_page")},
    # The page in moderation (Wagtail's default workflow, started by A's methodologist).
    "municipality:wagtailadmin_pages:workflow_action": {"page_id": _extra("private_page")},
    "municipality:wagtailadmin_pages:collect_workflow_action_data": {"page_id": _extra("private_page")},
    "municipality:wagtailadmin_pages:confirm_workflow_cancellation": {"page_id": _extra("private_page")},
    "municipality:wagtailadmin_pages:workflow_preview": {"page_id": _extra("private_page")},
    "municipality:wagtailadmin_pages:workflow_history": {"page_id": _extra("private_page")},
    "municipality:wagtailadmin_pages:workflow_history_detail": {"page_id": _extra("private_page")},
    "municipality:wagtailadmin_api:pages:detail": {"pk": _page},
    "municipality:wagtailadmin_api:pages:action": {"pk": _page, "action_name": "copy"},
    "municipality:wagtailadmin_api:documents:detail": {"pk": _extra("document")},
    "municipality:wagtailadmin_api:images:detail": {"pk": _extra("image")},
    "municipality:wagtailadmin_collections:edit": {"pk": _extra("collection")},
    "municipality:wagtailadmin_collections:delete": {"pk": _extra("collection")},
    "municipality:wagtailadmin_workflows:enable": {"pk": _extra("workflow")},
    "municipality:wagtailadmin_workflows:disable": {"pk": _extra("workflow")},
    "municipality:wagtailadmin_workflows:edit": {"pk": _extra("workflow")},
    "municipality:wagtailadmin_workflows:usage": {"pk": _extra("workflow")},
    "municipality:wagtailadmin_workflows:usage_results": {"pk": _extra("workflow")},
    "municipality:wagtailadmin_workflows:edit_task": {"pk": _extra("task")},
    "municipality:wagtailadmin_workflows:disable_task": {"pk": _extra("task")},
    "municipality:wagtailadmin_workflows:enable_task": {"pk": _extra("task")},
    "municipality:wagtailsettings:edit admin/settings/<slug:app_name>/<slug:model_name>/": {
        "app_name": "cms_base",
        "model_name": "sitebranding",
    },
    "municipality:wagtailsettings:edit admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/": {
        "app_name": "cms_base",
        "model_name": "sitebranding",
        "pk": _extra("site"),
    },
    "municipality:wagtailsettings:preview_on_edit": {
        "app_name": "cms_base",
        "model_name": "sitebranding",
        "pk": _extra("site"),
    },
    "municipality:courses:apply": {"offer_id": _extra("open_offer")},
    "municipality:courses:withdraw": {"pk": _extra("CourseApplication")},
    "municipality:courses_admin:confirm": {"pk": _extra("decidable_application")},
    "municipality:courses_admin:decline": {"pk": _extra("decidable_application")},
    "municipality:courses_admin:quota": {"pk": _extra("quota_offer")},
    "municipality:courses_admin:quota_xlsx": {"pk": _extra("quota_offer")},
    "municipality:courses_admin:quota_docx": {"pk": _extra("quota_offer")},
    "municipality:courses_admin:complete": {"pk": _extra("quota_offer")},
    "municipality:bodies_file": {"kind": "year", "pk": _extra("body_year_with_plan"), "field": "plan_file"},
    "municipality:leadership_year": {
        "body_id": _extra("led_body"),
        "year": lambda world: world.extras["led_body_year"].academic_year,
    },
    "municipality:leadership_file": {
        "body_id": _extra("led_body"),
        "kind": "year",
        "pk": _extra("led_body_year"),
        "field": "plan_file",
    },
    "municipality:leadership_composition": {
        "body_id": _extra("led_body"),
        "year": lambda world: world.extras["led_body_year"].academic_year,
    },
    "municipality:leadership_materials": {
        "body_id": _extra("led_body"),
        "year": lambda world: world.extras["led_body_year"].academic_year,
    },
    "municipality:leadership_school_association": {
        "body_id": _extra("coordinated_shmo"),
        "year": lambda world: world.extras["coordinated_shmo_year"].academic_year,
    },
    "municipality:leadership_school_file": {
        "body_id": _extra("coordinated_shmo"),
        "pk": _extra("coordinated_shmo_year"),
        "field": "plan_file",
    },
    "municipality:leadership_review": {"pk": _extra("BodyYearReview")},
    "municipality:leadership_assess": {
        "subject": "association",
        "pk": _extra("led_body"),
        "year": lambda world: world.extras["led_body_year"].academic_year,
    },
    "municipality:plans_screen:plan": {"pk": _extra("AnnualPlan")},
    "municipality:plans_screen:transition": {"pk": _extra("draft_plan"), "to": "submitted"},
    "municipality:plans_screen:item_add": {"pk": _extra("AnnualPlan")},
    "municipality:plans_screen:item_edit": {"pk": _extra("AnnualPlan"), "item": _extra("PlanItem")},
    "municipality:plans_screen:item_done": {"pk": _extra("AnnualPlan"), "item": _extra("PlanItem")},
    "municipality:plans_screen:corrections": {"pk": _extra("AnnualPlan")},
    "municipality:plans_screen:correction_item_add": {
        "pk": _extra("AnnualPlan"),
        "correction": _extra("PlanCorrection"),
    },
    "municipality:plans_screen:as_of": {"pk": _extra("AnnualPlan")},
    "municipality:plans_screen:action": {"pk": _extra("AnnualPlan"), "action": "conclusion"},
    "municipality:plans_screen:export": {"pk": _extra("AnnualPlan"), "file_format": "docx"},
    "municipality:plans_screen:import": {"pk": _extra("AnnualPlan")},
    "municipality:plans_screen:import_template": {"pk": _extra("AnnualPlan")},
    "municipality:plans_screen:report_status": {"pk": _extra("AnnualPlan"), "report": _extra("PlanReport")},
    "municipality:plans_screen:report_file": {
        "pk": _extra("AnnualPlan"),
        "report": _extra("PlanReport"),
        "file_format": "docx",
    },
    "municipality:quality_programmes:measure_edit": {
        "pk": _extra("SupportProgramme"),
        "measure": _extra("SupportMeasure"),
    },
    "municipality:quality_programmes:measure_delete": {
        "pk": _extra("SupportProgramme"),
        "measure": _extra("SupportMeasure"),
    },
    "municipality:quality_visits:observation_edit": {"pk": _extra("Visit"), "observation": _extra("LessonObservation")},
    "municipality:quality_visits:observation_delete": {
        "pk": _extra("Visit"),
        "observation": _extra("LessonObservation"),
    },
    "municipality:quality_card:card": {"pk": _extra("Organisation")},
    "municipality:quality_card:export_xlsx": {"pk": _extra("Organisation")},
    "municipality:quality_card:export_docx": {"pk": _extra("Organisation")},
    "municipality:development_card:teacher": {"pk": _extra("Teacher")},
    "municipality:events:event": {"pk": _extra("Event")},
    "municipality:events:register": {"pk": _extra("Event")},
    "municipality:events:attend": {"pk": _extra("Event")},
    "municipality:consultations:detail": {"pk": _extra("Consultation")},
    "municipality:needs:answer_mine": {"pk": _extra("Recipient")},
    "municipality:needs:answer": {"token": lambda world: _needs_token(world)},
    # Deleting: a draft questionnaire without answers, a question of a draft (the others are kept).
    "municipality:needs_questionnaires:delete": {"pk": _extra("draft_questionnaire")},
    "municipality:needs_questions:delete": {"pk": _extra("draft_question")},
    "municipality:development:step_done": {"pk": _extra("RouteStep")},
    "municipality:development:course_file": {"pk": _extra("CourseRecord")},
    "municipality:internships_cabinet:apply": {"pk": _extra("Internship")},
    "municipality:internships_cabinet:withdraw": {"pk": _extra("Enrolment")},
    "municipality:course_records:file": {"pk": _extra("CourseRecord")},
    "municipality:resources:file": {"pk": _extra("Resource")},
    "municipality:practices:material_file": {"pk": _extra("PracticeMaterial")},
    "municipality:event_admin:to_plan": {"pk": _extra("RegionalEvent")},
    "municipality:olympiad_rounds:protocol_file": {"pk": _extra("Round"), "kind": "docx"},
    "municipality:contests_admin:protocol_file": {"pk": _extra("Contest"), "kind": "docx"},
    # events.ContestStage shares the model's name: the walk's objects by model name would mix them up.
    **{
        f"municipality:contests_stages:{name}": {"pk": _extra("contest_stage")}
        for name in ("edit", "delete", "history", "history_results", "usage")
    },
    "municipality:contest_applications:document": {"pk": _extra("ApplicationDocument")},
    "municipality:contests:apply": {"contest_id": _extra("open_contest")},
    "municipality:contests:document_add": {"pk": _extra("own_application")},
    "municipality:contests:withdraw": {"pk": _extra("own_application")},
    "municipality:contests:document": {"pk": _extra("ApplicationDocument")},
    "municipality:contests:jury": {"contest_id": _extra("open_contest")},
    "municipality:contests:score": {
        "contest_id": _extra("open_contest"),
        "application_id": _extra("scored_application"),
    },
    "municipality:organisations:import_preview": {"token": "not-a-token"},
    "municipality:teachers:import_preview": {"token": "not-a-token"},
    "municipality:course_records:import_preview": {"token": "not-a-token"},
    "municipality:wagtailadmin_password_reset_confirm": {"uidb64": "MQ", "token": "not-a-token"},
}


# A POST body where the page shows no form to post back (a POST-only action), or where the form
# is not what decides: the party a region signer signs for.
POST_DATA: dict[str, dict[str, str]] = {
    "region:agreements:sign": {"party": "committee"},
    # Wagtail's link choosers are modal forms drawn by its JavaScript; an empty POST makes its URL
    # field read None and answer 500 (upstream, see the README), so the matrix posts what the modal does.
    "municipality:wagtailadmin_choose_page_external_link": {
        "external-link-chooser-url": "https://example.test/",
        "external-link-chooser-link_text": "Пример",
    },
    "municipality:wagtailadmin_choose_page_email_link": {"email-link-chooser-email_address": "a@example.test"},
    "municipality:wagtailadmin_choose_page_phone_link": {"phone-link-chooser-phone_number": "+7 812 000-00-00"},
    "municipality:wagtailadmin_choose_page_anchor_link": {"anchor-link-chooser-url": "top"},
    # The redirects import's second step, with hidden fields a browser would carry signed: Wagtail
    # answers them unsigned with a 500 (policy.KNOWN_UPSTREAM_500).
    "municipality:wagtailredirects:process_import": {"import_file_name": "matrix.csv", "input_format": "0"},
}

# Added to the form a page shows: fields its JavaScript writes (a StreamField's block count), so
# the POST is what a browser sends. Without them Wagtail's StreamField reads a missing key: 500.
POST_EXTRA: dict[str, dict[str, str]] = {
    "municipality:wagtailadmin_pages:edit": {"body-count": "0"},
    "municipality:wagtailadmin_pages:revisions_revert": {"body-count": "0"},
    "municipality:wagtailadmin_pages:add": {"body-count": "0"},
}
