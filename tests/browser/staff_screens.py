"""Every staff screen of ours, read from the URL resolvers rather than listed by hand.

On the region host: every route of the region's URLconf whose view is ours (allauth's and
Django's are not), less the public pages the public accessibility test walks. In a
municipality's Wagtail admin: every route a viewset of ours (its class defined outside Wagtail)
or one of our ``register_admin_urls`` hooks adds; Wagtail's own screens (pages, images,
documents, settings, reports, workflows…) are Wagtail's to keep accessible.

A route is then a screen to check, or named below as not a screen (a download, a POST-only
action, a fragment fetched by a list) with the reason. A screen's arguments come from the scene:
the object a viewset's ``pk`` names is the first of its model in the walk's municipality; other
arguments are in :data:`ARGUMENTS`. A new route with neither fails the walk. Wagtail's generic
delete, history and usage screens are walked once per view class, template and person
(:data:`ONE_PER_TEMPLATE`); the routes alike are named as that screen.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver
from django_tenants.utils import schema_context

from tests.browser.staff_scene import StaffScene

OURS = ("accounts", "agreements", "audit", "institute", "region", "unified_calendar", "tenants", "cms")

# Region routes that are public pages (the public accessibility test walks them) or not pages.
REGION_PUBLIC = {
    "region_home": "the portal's home page",
    "regional_news": "public news list",
    "regional_news_detail": "public news page",
    "unified_calendar:index": "the public calendar",
    "unified_calendar:detail": "a public calendar entry",
    "robots_txt": "text/plain",
    "site_preferences": "POST: the visitor's language and low-vision choice",
    "admin_login_redirect": "redirect to allauth's login",
    "internship_bank": "the portal's bank of internship sites (test_internships_accessibility)",
    "practice_bank": "the portal's bank of best practices (test_internships_accessibility)",
    # Its refusal page is checked by axe in tests/browser/test_region_sign_in.py.
    "account_handoff_issue": "redirect: the one-time sign-in for a municipality's extra domain",
}
NOT_SCREENS = {
    # Wagtail's error-test screen answers 404 here (the URL × role matrix closed it).
    "wagtailadmin_error_test": "closed: answers 404",
    # region
    "institute:export": "XLSX download",
    "unified_calendar:feed": "iCalendar feed",
    "agreements:docx": "DOCX download",
    "agreements:scan": "the signed scan's file",
    "olympiad_rounds:protocol_file": "the protocol's DOCX or PDF download",
    "contests_admin:protocol_file": "the contest protocol's DOCX or PDF download",
    "contest_applications:document": "an application's document (a file download)",
    "partner_agreements:scan": "the signed scan's file",
    "institute:comment_create": "POST only: the comment form is on the municipality's overview",
    "institute:comment_reply": "POST only: the reply form is in the thread",
    "institute:diagnostic_delete": "POST only: the button is in the diagnostics' list on the development screen",
    "regional_news_delete": "POST only: the button is on the news list",
    "operator_archive": "POST only: the button is on the operator's list",
    "operator_unarchive": "POST only: the button is on the operator's list",
    "unified_calendar:withdraw": "POST only: the button is on the event's form",
    "agreements:send": "POST only: the button is on the agreement's page",
    "agreements:sign": "POST only: the button is on the agreement's page",
    "agreements:terminate": "POST only: the form is on the agreement's page",
    "agreements:delete": "POST only: the button is on the agreement's page",
    "agreements:scan_upload": "POST only: the form is on the agreement's page",
    # municipal admin
    "municipal_agreement_docx": "DOCX download",
    "municipal_agreement_scan": "the signed scan's file",
    "bodies_file": "a body's file (minutes, order)",
    "leadership_file": "a file of the leader's body (plan, analysis, minutes, materials)",
    "leadership_school_file": "a file of the coordinator's ШМО (its plan)",
    "registry_version_file": "a registry document's file",
    "monitoring_export": "XLSX download",
    "municipal_agreement_sign": "POST only: the button is on the agreement's page",
    "municipal_plan_comment_reply": "POST only: the reply form is in the comments' list",
    "bodies:copy_composition": "POST only: the button is on the body's page",
    "quality_support:decide": "POST only: the head's forms are on the support list",
    "quality_programmes:measure_delete": "POST only: the button is on the measure's form",
    "quality_visits:observation_delete": "POST only: the button is on the observation's form",
    "courses_admin:confirm": "POST only: the button is on the applications' list",
    "courses_admin:complete": "POST only: the button is on the offer's list screen",
    # Wagtail's own user and group screens (its templates; our subclass only narrows them to the
    # municipality's people); no municipal role may open them: heads manage staff on /admin/staff/.
    "wagtailusers_users:index": "Wagtail's user screens",
    "wagtailusers_users:add": "Wagtail's user screens",
    "wagtailusers_users:edit": "Wagtail's user screens",
    "wagtailusers_users:delete": "Wagtail's user screens",
    "wagtailusers_users:history": "Wagtail's user screens",
    "wagtailusers_users:usage": "Wagtail's user screens",
    "wagtailusers_groups:index": "Wagtail's group screens",
    "wagtailusers_groups:add": "Wagtail's group screens",
    "wagtailusers_groups:edit": "Wagtail's group screens",
    "wagtailusers_groups:delete": "Wagtail's group screens",
    "wagtailusers_groups:history": "Wagtail's group screens",
    "wagtailusers_groups:usage": "Wagtail's group screens",
}
# Screens that answer 500 for reasons other than accessibility; the server errors are another
# engineer's (issue 13's matrix). Each is walked again once its bug is fixed.
SERVER_ERRORS: dict[str, str] = {}
# Downloads and fragments by their route's shape: a list's results fragment (fetched by the
# list's own search), a history's, an import's template, a file.
NOT_SCREEN_NAMES = {
    "index_results": "the list's results fragment",
    "history_results": "the history's results fragment",
    "import_template": "XLSX template download",
    "file": "a file download",
    "material_file": "a file download",
    "export": "a download",
    "export_xlsx": "XLSX download",
    "export_docx": "DOCX download",
    "report_file": "a report's file",
    "registrations_export": "XLSX download",
}


@dataclass(frozen=True)
class Route:
    host: str  # "region" or "admin"
    name: str  # with its namespace: "agreements:edit", "quality_visits:inspect"
    pattern: str
    params: tuple[str, ...]
    viewset: Any = None
    callback: Any = None  # the view function Django calls (``view_class`` and ``view_initkwargs`` on it)


@dataclass(frozen=True)
class Screen:
    host: str
    name: str
    role: str  # the scene's person who opens it
    path: str

    def __str__(self) -> str:
        return f"{self.host} {self.path} ({self.name}, {self.role})"


def _walk(patterns: list[Any], prefix: str = "", namespace: str = "") -> Iterator[tuple[str, str, URLPattern]]:
    for entry in patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}".strip(":") if entry.namespace else namespace
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), inner)
        elif isinstance(entry, URLPattern):
            yield prefix + str(entry.pattern), f"{namespace}:{entry.name}".strip(":"), entry


def _module(pattern: URLPattern) -> str:
    view_class = getattr(pattern.callback, "view_class", None)
    return (view_class or pattern.callback).__module__


def _is_ours(module: str) -> bool:
    return module.split(".")[0] in OURS


def _params(pattern: URLPattern) -> tuple[str, ...]:
    return tuple(pattern.pattern.regex.groupindex)


def region_routes() -> list[Route]:
    resolver = get_resolver("metodika.urls_public")
    return [
        Route("region", name, path, _params(pattern))
        for path, name, pattern in _walk(resolver.url_patterns)
        if _is_ours(_module(pattern))
    ]


def _our_viewsets() -> dict[str, Any]:
    from wagtail.admin.viewsets import viewsets

    return {
        viewset.url_namespace: viewset
        for viewset in viewsets.viewsets
        if getattr(viewset, "name", None) and _is_ours(type(viewset).__module__)
    }


def admin_routes() -> list[Route]:
    """Routes of the municipal admin that our viewsets and hooks add."""
    resolver = get_resolver("metodika.urls_tenant")
    ours = _our_viewsets()
    routes = []
    for path, name, pattern in _walk(resolver.url_patterns):
        if not path.startswith("admin/"):
            continue
        namespace = name.rpartition(":")[0]
        viewset = ours.get(namespace)
        if viewset is None and (namespace or not _is_ours(_module(pattern))):
            continue  # Wagtail's own screen
        if name == "admin_login_redirect" or path == "admin/password_reset/":
            continue  # redirects to allauth's pages
        routes.append(Route("admin", name, path, _params(pattern), viewset, pattern.callback))
    return routes


def not_a_screen(route: Route) -> str | None:
    """Why the route is no screen to check, or None."""
    if route.host == "region" and route.name in REGION_PUBLIC:
        return REGION_PUBLIC[route.name]
    if route.name in NOT_SCREENS:
        return NOT_SCREENS[route.name]
    if route.name in SERVER_ERRORS:
        return SERVER_ERRORS[route.name]
    short = route.name.rpartition(":")[2]
    if short in NOT_SCREEN_NAMES:
        return NOT_SCREEN_NAMES[short]
    if route.pattern.endswith((".xlsx", ".docx", ".ics", ".pdf")):
        return "a download"
    return None


# --- arguments ----------------------------------------------------------------------------


def _first(scene: StaffScene, model_path: str, **filters: Any) -> int | None:
    from django.apps import apps

    model = apps.get_model(model_path)
    with schema_context(scene.municipality.schema_name):
        return model._base_manager.filter(**filters).order_by("pk").values_list("pk", flat=True).first()


def _plan(scene: StaffScene) -> dict[str, Any]:
    from tenants.plans.models import AnnualPlan, PlanCorrection, PlanItem, PlanReport

    with schema_context(scene.municipality.schema_name):
        correction = PlanCorrection.objects.order_by("pk").first()
        plan = correction.plan if correction is not None else AnnualPlan.objects.order_by("-academic_year").first()
        assert plan is not None, "the demo gave the walk's municipality no plan"
        item = PlanItem.objects.filter(plan=plan).order_by("pk").first()
        report = PlanReport.objects.filter(plan=plan).order_by("pk").first()
        return {
            "pk": plan.pk,
            "item": item.pk if item else None,
            "correction": correction.pk if correction else None,
            "report": report.pk if report else None,
        }


ArgumentsFor = Callable[[StaffScene], dict[str, Any]]


def _plan_args(*keys: str) -> ArgumentsFor:
    return lambda scene: {key: value for key, value in _plan(scene).items() if key in keys}


ARGUMENTS: dict[str, ArgumentsFor] = {
    # region
    "institute:municipality": lambda s: {"slug": s.municipality.slug},
    "institute:municipality_plan": lambda s: {"slug": s.municipality.slug},
    "institute:municipality_events": lambda s: {"slug": s.municipality.slug},
    "institute:municipality_documents": lambda s: {"slug": s.municipality.slug},
    "institute:municipality_quality": lambda s: {"slug": s.municipality.slug},
    "agreements:detail": lambda s: {"agreement_id": s.region["agreement"]},
    "agreements:renew": lambda s: {"agreement_id": s.region["agreement"]},
    "agreements:sign": lambda s: {"agreement_id": s.region["agreement"]},
    "agreements:terminate": lambda s: {"agreement_id": s.region["agreement"]},
    "agreements:scan_upload": lambda s: {"agreement_id": s.region["agreement"]},
    "agreements:edit": lambda s: {"agreement_id": s.region["agreement_draft"]},
    "agreements:send": lambda s: {"agreement_id": s.region["agreement_draft"]},
    "agreements:delete": lambda s: {"agreement_id": s.region["agreement_draft"]},
    "unified_calendar:edit": lambda s: {"pk": s.region["regional_event"]},
    "unified_calendar:withdraw": lambda s: {"pk": s.region["regional_event"]},
    "unified_calendar:proposal": lambda s: {"pk": s.region["proposal"]},
    "regional_news_edit": lambda s: {"pk": s.region["news"]},
    "regional_news_delete": lambda s: {"pk": s.region["news"]},
    "operator_archive": lambda s: {"slug": s.municipality.slug},
    "operator_unarchive": lambda s: {"slug": s.municipality.slug},
    # municipal admin
    "municipal_agreement": lambda s: {"agreement_id": s.region["agreement"]},
    "municipal_agreement_sign": lambda s: {"agreement_id": s.region["agreement"]},
    "municipal_plan_comment_reply": lambda s: {"comment_id": s.region["comment"]},
    "plans_screen:plan": _plan_args("pk"),
    "plans_screen:item_add": _plan_args("pk"),
    "plans_screen:item_edit": _plan_args("pk", "item"),
    "plans_screen:item_done": _plan_args("pk", "item"),
    "plans_screen:corrections": _plan_args("pk"),
    "plans_screen:correction_item_add": _plan_args("pk", "correction"),
    "plans_screen:as_of": _plan_args("pk"),
    "plans_screen:import": _plan_args("pk"),
    "plans_screen:report_status": _plan_args("pk", "report"),
    "quality_programmes:measure_add": lambda s: {"pk": _first(s, "quality.SupportProgramme")},
    "quality_programmes:measure_edit": lambda s: _measure(s),
    "quality_programmes:activate": lambda s: {"pk": _first(s, "quality.SupportProgramme", status="draft")},
    "quality_visits:observation_add": lambda s: {"pk": _first(s, "quality.Visit")},
    "quality_visits:observation_edit": lambda s: _observation(s),
    "quality_card:card": lambda s: {"pk": _first(s, "organisations.Organisation")},
    "development_card:teacher": lambda s: {"pk": _first(s, "people.Teacher")},
    "event_admin:to_plan": lambda s: {"pk": s.region["regional_event"]},
    "leadership_year": lambda s: _led_year(s),
    "leadership_composition": lambda s: _led_year(s),
    "leadership_materials": lambda s: _led_year(s),
    "leadership_school_association": lambda s: _coordinated_shmo(s),
    "leadership_assess": lambda s: {
        "subject": "association",
        "pk": _led_year(s)["body_id"],
        "year": _led_year(s)["year"],
    },
    "leadership_review": lambda s: {"pk": _first(s, "leadership.BodyYearReview")},
    "courses_admin:quota": lambda s: {"pk": _first(s, "development.CourseOffer", quota__isnull=False)},
    "courses_admin:decline": lambda s: {"pk": _decidable_application(s)},
    "institute:practice_decide": lambda s: {"nomination_id": _nomination(s)},
}

# Screens of the bound roles (issue 15 §1), opened by their holder; the rest of the admin by the head.
BOUND_SCREENS = {
    "leadership_bodies": "gmo",
    "leadership_year": "gmo",
    "leadership_composition": "gmo",
    "leadership_materials": "gmo",
    "leadership_school": "zavuch",
    "leadership_school_association_add": "zavuch",
    "leadership_school_association": "zavuch",
}


# The homes of the bound roles (issue 21 item 1) and their notifications (item 2): Wagtail's own
# home route carries our panels, so it is walked as each of them besides the head's own home test
# (tests/browser/test_home_accessibility.py).
BOUND_HOMES = (
    ("wagtailadmin_home", "/admin/"),
    ("notifications_list", "/admin/notifications/"),
    ("notifications_choices", "/admin/notifications/settings/"),
)


def _led_year(scene: StaffScene) -> dict[str, Any]:
    from tenants.bodies.models import AssociationLeader
    from tenants.bodies.selectors import user_led_body_ids

    with schema_context(scene.municipality.schema_name):
        body_id = min(user_led_body_ids(scene.people["gmo"]), default=None)
        assert AssociationLeader.objects.exists(), "the demo bound no association leader"
    from tenants.academic_years import AcademicYear

    return {"body_id": body_id, "year": AcademicYear.current().start}


def _coordinated_shmo(scene: StaffScene) -> dict[str, Any]:
    """The demo's ШМО of the school the demo coordinator keeps, in the current year."""
    from tenants.academic_years import AcademicYear
    from tenants.leadership.school_associations import coordinator_associations

    with schema_context(scene.municipality.schema_name):
        body_id = coordinator_associations(scene.people["zavuch"]).values_list("pk", flat=True).first()
    return {"body_id": body_id, "year": AcademicYear.current().start}


def _decidable_application(scene: StaffScene) -> int | None:
    """A confirmed application of a school without a coordinator: the head may decline it."""
    from tenants.courses.models import CourseApplication
    from tenants.organisations.models import SchoolCoordinator

    with schema_context(scene.municipality.schema_name):
        coordinated = SchoolCoordinator.objects.values("organisation_id")
        found = CourseApplication.objects.filter(status="confirmed").exclude(teacher__organisation_id__in=coordinated)
        return found.order_by("pk").values_list("pk", flat=True).first()


def _nomination(scene: StaffScene) -> int | None:
    """A practice of the walk's municipality nominated to the region's bank (the practices' demo)."""
    from regional_banks.models import PracticeNomination

    return (
        PracticeNomination.objects.filter(municipality=scene.municipality)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )


def _measure(scene: StaffScene) -> dict[str, Any]:
    from tenants.quality.models import SupportMeasure

    with schema_context(scene.municipality.schema_name):
        measure = SupportMeasure.objects.order_by("pk").first()
        return {"pk": measure.programme_id, "measure": measure.pk} if measure else {}


def _observation(scene: StaffScene) -> dict[str, Any]:
    from tenants.quality.models import LessonObservation

    with schema_context(scene.municipality.schema_name):
        observation = LessonObservation.objects.order_by("pk").first()
        return {"pk": observation.visit_id, "observation": observation.pk} if observation else {}


def _import_upload(scene: StaffScene, spec: Any) -> str:
    """An upload of the spec's own template (its example rows) waiting for the head's preview."""
    from tenants.imports.spreadsheets import template_xlsx
    from tenants.imports.uploads import upload_store

    with schema_context(scene.municipality.schema_name):
        data = template_xlsx(spec)
        return upload_store(spec_name=spec.name, filename="primer.xlsx", data=data, user_id=scene.people["head"].pk)


def _arguments(route: Route, scene: StaffScene) -> dict[str, Any] | None:
    """The route's arguments from the scene; None when the scene has nothing to name."""
    if not route.params:
        return {}
    if route.name in ARGUMENTS:
        found = ARGUMENTS[route.name](scene)
    elif route.params == ("token",) and getattr(route.viewset, "import_spec", None) is not None:
        found = {"token": _import_upload(scene, route.viewset.import_spec)}
    elif route.params == ("pk",) and getattr(route.viewset, "model", None) is not None:
        model = route.viewset.model
        found = {"pk": _first(scene, model._meta.label)}
    else:
        return None
    if set(found) != set(route.params) or any(value is None for value in found.values()):
        return None
    return found


def _role(route: Route) -> str:
    if route.host == "admin":
        return BOUND_SCREENS.get(route.name, "head")
    if route.name.startswith(("operator_", "regional_news_")):
        return "operator"
    return "institute"


def _path(route: Route, arguments: dict[str, Any]) -> str:
    path = route.pattern
    for name, value in arguments.items():
        path = path.replace(f"<{name}>", str(value))
        for converter in ("int", "slug", "str", "path"):
            path = path.replace(f"<{converter}:{name}>", str(value))
    return "/" + path


# Wagtail's generic confirmation, history and usage screens, which every viewset of ours adds: a
# view class renders the same template whatever the model (the object's name and the log's rows
# differ, as text), so each (view class, template, person) is walked once and the routes alike are
# named as that screen. A viewset with a view or a template of its own is a screen of its own.
ONE_PER_TEMPLATE = ("delete", "history", "usage")


def _template_of(route: Route) -> str:
    """The template ``route``'s view renders: the first of its names that exists."""
    from django.template.loader import select_template

    view_class = route.callback.view_class
    names = route.callback.view_initkwargs.get("template_name") or view_class.template_name
    return str(select_template([names] if isinstance(names, str) else names).origin.name)


def _same_screen_walked(route: Route, role: str, walked: dict[tuple[Any, str, str], str]) -> str | None:
    """The route whose screen ``route`` repeats (see ONE_PER_TEMPLATE), or None to walk it."""
    if route.host != "admin" or route.name.rpartition(":")[2] not in ONE_PER_TEMPLATE:
        return None
    if getattr(route.callback, "view_class", None) is None:
        return None
    key = (route.callback.view_class, _template_of(route), role)
    if key in walked:
        return walked[key]
    walked[key] = route.name
    return None


def staff_screens(scene: StaffScene, host: str | None = None) -> tuple[list[Screen], list[Route], dict[str, str]]:
    """(screens to check, routes the scene cannot fill, routes that are not screens with why)."""
    screens, unfilled, skipped = [], [], {}
    walked: dict[tuple[Any, str, str], str] = {}
    routes = {"region": region_routes, "admin": admin_routes}
    for route in [route for name, found in routes.items() if host in (None, name) for route in found()]:
        reason = not_a_screen(route)
        if reason is not None:
            skipped[f"{route.host} {route.name}"] = reason
            continue
        arguments = _arguments(route, scene)
        if arguments is None:
            unfilled.append(route)
            continue
        role = _role(route)
        same = _same_screen_walked(route, role, walked)
        if same is not None:
            skipped[f"{route.host} {route.name}"] = f"the screen of {same} (its view class and template)"
            continue
        screens.append(Screen(route.host, route.name, role, _path(route, arguments)))
    if host in (None, "admin"):
        screens += [Screen("admin", name, role, path) for role in ("gmo", "zavuch") for name, path in BOUND_HOMES]
    return screens, unfilled, skipped
