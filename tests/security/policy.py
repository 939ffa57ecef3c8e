"""The policy: for every URL pattern of both hosts, what each role gets.

A row is keyed by the pattern's name (``<host>:<namespace>:<name>``), or by its route when it has
none, exactly as :func:`tests.security.walk.endpoints` names it; a pattern without a row fails the
matrix. The value gives every role one outcome:

* ``ALLOW``: the page opens (200, or a redirect that is not to the login or a refusal), and a POST
  may change things;
* ``READ``: the page opens, a POST changes nothing;
* ``LOGIN``: sent to the login page, a POST changes nothing;
* ``DENY``: 403 or 404 (or Wagtail's redirect to the admin's home with "no permission"), or the
  open API's 401 to a request without a key (the matrix sends none: a keyed API URL refuses every
  role alike, the person's session is not a key), a POST changes nothing.

Roles (``tests.security.world.ROLES``): anonymous; teacher, methodologist, head, chair of A; A's
association leader and school coordinator (bound roles, issue 15 §1); the same four of B, asking
on A's host; the institute (ЛОИРО) and the regional committee, who observe every
municipality; the platform operator. On the region's host "A" and "B" only say whose objects the
URL names (an agreement of A, A's slug).

Wagtail sends a signed-in person who has no admin access in this municipality (a teacher, anyone
of B, the operator) to the login page, as it does a visitor: for them the admin's outcome is LOGIN.
"""

from __future__ import annotations

from tests.security.walk import ALLOW, DENY, LOGIN, READ
from tests.security.world import ROLE_KEYS

Profile = dict[str, str]

A_STAFF = ("methodologist_a", "head_a", "chair_a")
B_PEOPLE = ("teacher_b", "methodologist_b", "head_b", "chair_b")
OBSERVERS = ("institute", "committee")


def profile(default: str, **outcomes: str) -> Profile:
    """Every role ``default`` but those named."""
    unknown = set(outcomes) - set(ROLE_KEYS)
    assert not unknown, unknown
    return {role: outcomes.get(role, default) for role in ROLE_KEYS}


def only(outcome: str, roles: tuple[str, ...], *, others: str = DENY, anonymous: str = LOGIN) -> Profile:
    """``roles`` get ``outcome``, the visitor ``anonymous``, everyone else ``others``."""
    return profile(others, anonymous=anonymous, **dict.fromkeys(roles, outcome))


PUBLIC = profile(ALLOW)
SIGNED_IN = profile(ALLOW, anonymous=LOGIN)
EVERYONE_TO_LOGIN = profile(LOGIN)
NOBODY = profile(DENY)

POLICY: dict[str, Profile] = {}


def rows(host: str, names: tuple[str, ...] | list[str], outcome: Profile, *, namespace: str = "") -> None:
    for name in names:
        key = f"{host}:{namespace}:{name}" if namespace else f"{host}:{name}"
        assert key not in POLICY, f"two rows for {key}"
        POLICY[key] = outcome


# --- the region's host --------------------------------------------------------------------------

REGION = "region"
rows(REGION, ("region_home", "regional_news", "regional_news_detail"), PUBLIC)
# The region's public banks (issue 16): internship sites and the best practices the institute accepted.
rows(REGION, ("internship_bank", "practice_bank"), PUBLIC)
# The region-wide public list of innovation projects (issue 16): public projects not stopped.
rows(REGION, ("innovation_bank",), PUBLIC)
# Regional news are written by the institute and the operator.
rows(
    REGION,
    ("regional_news_manage", "regional_news_add", "regional_news_edit", "regional_news_delete"),
    only(ALLOW, ("institute", "operator")),
)
rows(
    REGION,
    ("operator_municipalities", "operator_provision", "operator_audit", "operator_archive", "operator_unarchive"),
    only(ALLOW, ("operator",)),
)
ALLAUTH_PUBLIC = (
    "account_login",
    "account_inactive",
    "account_signup",
    "account_email_verification_sent",
    "account_reset_password",
    "account_confirm_email",
    "account_reset_password_from_key_done",
    "account_reset_password_from_key",
    "account_reset_password_done",
)
ALLAUTH_SIGNED_IN = (
    "account_logout",
    "account_reauthenticate",
    "account_email",
    "account_change_password",
    "account_set_password",
    "account_confirm_login_code",
    "mfa_index",
    "mfa_authenticate",
    "mfa_reauthenticate",
    "mfa_activate_totp",
    "mfa_generate_recovery_codes",
)
# Only a person with an authenticator has something to turn off or recovery codes to see: in the
# world, the operator (required to have one); the others get allauth's 404.
ALLAUTH_ENROLLED = ("mfa_deactivate_totp", "mfa_view_recovery_codes", "mfa_download_recovery_codes")
for host in ("region", "municipality"):
    rows(host, ALLAUTH_PUBLIC, PUBLIC)
    rows(host, ALLAUTH_SIGNED_IN, SIGNED_IN)
    rows(host, ALLAUTH_ENROLLED, only(ALLOW, ("operator",)))
    rows(host, ("admin_login_redirect",), EVERYONE_TO_LOGIN)
    rows(host, ("account_home",), SIGNED_IN)
    rows(host, ("set_language", "site_preferences", "robots_txt"), PUBLIC)
# Signing in on a municipality's extra domain (issue 21, accounts.handoff). The region issues a
# token to a signed-in person only, and only for an extra domain named in the query: without one
# (as the matrix asks) it refuses everyone. On A's subdomain the start has nothing to fetch (the
# session is shared) and sends everyone on; a redeem without a good token refuses everyone.
rows(REGION, ("account_handoff_issue",), profile(DENY, anonymous=LOGIN))
rows("municipality", ("account_handoff_start",), PUBLIC)
rows("municipality", ("account_handoff_redeem",), NOBODY)

rows(REGION, ("index", "detail", "feed"), PUBLIC, namespace="unified_calendar")
rows(
    REGION,
    ("new", "edit", "withdraw", "proposals", "proposal"),
    only(ALLOW, ("institute",)),
    namespace="unified_calendar",
)
rows(
    REGION,
    (
        "dashboard",
        "export",
        "access_log",
        "municipality",
        "municipality_plan",
        "municipality_events",
        "municipality_documents",
    ),
    only(ALLOW, OBSERVERS),
    namespace="institute",
)
rows(REGION, ("comment_create", "comment_reply"), only(ALLOW, ("institute",)), namespace="institute")
rows(REGION, ("list", "detail", "docx", "scan"), only(ALLOW, OBSERVERS), namespace="agreements")
rows(
    REGION,
    ("new", "edit", "renew", "send", "terminate", "delete", "scan_upload"),
    only(ALLOW, ("institute",)),
    namespace="agreements",
)
# Each region party signs for itself: the POST names the committee's party (see arguments.POST_DATA).
rows(REGION, ("sign",), only(ALLOW, ("committee",)), namespace="agreements")
rows(REGION, ("operator_api_keys", "operator_api_key_new", "operator_api_key_revoke"), only(ALLOW, ("operator",)))
# The institute's workspace: the observers read, the institute alone writes (loads and deletes a
# regional diagnostic, sets the quality thresholds and the procedures' kinds).
rows(
    REGION,
    (
        "development",
        "development_export",
        "diagnostic_template",
        "annual_reports",
        "annual_report_pdf",  # the year's analysis of A accepted by the chair (world._region_extras)
        "olympiads",
        "contests",
        "innovation",
        "quality",
        "quality_export",
        "quality_organisations",
        "municipality_quality",
    ),
    only(ALLOW, OBSERVERS),
    namespace="institute",
)
rows(REGION, ("diagnostic_load", "diagnostic_delete"), only(ALLOW, ("institute",)), namespace="institute")
# The region's banks (issue 16): the observers read every site and nomination; the institute alone
# proposes a regional internship and records its expert council's decision on a practice.
rows(REGION, ("internships", "practices"), only(ALLOW, OBSERVERS), namespace="institute")
rows(REGION, ("internship_propose",), only(ALLOW, ("institute",)), namespace="institute")
rows(REGION, ("practice_decide",), only(ALLOW, ("institute",)) | {"committee": READ}, namespace="institute")
rows(
    REGION,
    ("quality_thresholds", "quality_kinds"),
    only(ALLOW, ("institute",)) | {"committee": READ},
    namespace="institute",
)

# The open API (README, "The open API") on both hosts: its schema, its documentation and its open
# reads answer everyone; what needs a key answers 401 to the matrix, which sends none (DENY); an
# unknown path under it, and its root (no page there), answer 404 in the API's error shape.
API_OPEN = {
    "region": ("openapi-json", "openapi-view", "municipalities", "calendar", "news", "agreements"),
    "municipality": (
        "openapi-json",
        "openapi-view",
        "events",
        "event_detail",
        "news",
        "documents",
        "resources",
        "practices",
    ),
}
API_KEYED = {
    "region": ("rollups",),
    "municipality": ("registrations", "registration_create", "pd_records", "pd_record_create"),
}
for host in ("region", "municipality"):
    rows(host, API_OPEN[host], PUBLIC, namespace=f"api-{host}")
    rows(host, API_KEYED[host], NOBODY, namespace=f"api-{host}")
    rows(host, ("^api/v1/", f"api-{host}:api-root"), NOBODY)
# The regional calendar's POST (a key with its scope) shares its path with the open read: the GET
# opens, the POST is refused (401) and changes nothing.
rows(REGION, ("calendar_create",), profile(READ), namespace="api-region")


# --- a municipality's host (A's): the site, the cabinet, the admin --------------------------------

MUNI = "municipality"


def admin(
    *,
    methodologist: str = DENY,
    head: str = DENY,
    chair: str = DENY,
    observers: str = DENY,
    leader: str = DENY,
    coordinator: str = DENY,
) -> Profile:
    """An admin screen: people without admin access in A (a visitor, A's teachers, anyone of B, the
    operator) are sent to the login page; A's staff and the region's observers get what is named.
    The bound roles (an association's leader, a school's coordinator) enter the admin with no model
    permission: refused wherever they are not named."""
    return profile(
        LOGIN,
        methodologist_a=methodologist,
        head_a=head,
        chair_a=chair,
        institute=observers,
        committee=observers,
        leader_a=leader,
        coordinator_a=coordinator,
    )


EDITORS = admin(methodologist=ALLOW, head=ALLOW)  # the service's own work: methodologists and the head
READERS = admin(methodologist=ALLOW, head=ALLOW, chair=READ, observers=READ)  # the chair and the region read
STAFF_READERS = admin(methodologist=ALLOW, head=ALLOW, chair=READ)  # personal data: not the region's observers
HEAD = admin(head=ALLOW)
EVERY_ADMIN = admin(methodologist=ALLOW, head=ALLOW, chair=ALLOW, observers=ALLOW, leader=ALLOW, coordinator=ALLOW)
# Wagtail's choosers, link forms, tag autocomplete, confirmation pages and the site history are
# open to anyone with admin access; what they show is filtered, what they would change is refused
# on POST (README, "The URL × role matrix": judgement rows).
ADMIN_OPENS = admin(methodologist=ALLOW, head=ALLOW, chair=READ, observers=READ, leader=READ, coordinator=READ)
NO_ADMIN_ROLE = admin()  # nobody of the service: the screen needs a permission no role holds, or 404

MODEL_READS = ("index", "index_results")
MODEL_WRITES = ("add", "edit", "delete", "history", "history_results", "usage")


def viewset(
    namespace: str,
    *,
    reads: Profile,
    writes: Profile = EDITORS,
    inspect: bool = False,
    extra: dict[str, Profile] | None = None,
) -> None:
    """A Wagtail ModelViewSet: its listing (and inspect page, where it has one), its forms and
    logs, and its own URLs."""
    for name in MODEL_READS + (("inspect",) if inspect else ()):
        POLICY[f"{MUNI}:{namespace}:{name}"] = reads
    for name in MODEL_WRITES:
        POLICY[f"{MUNI}:{namespace}:{name}"] = writes
    for name, outcome in (extra or {}).items():
        POLICY[f"{MUNI}:{namespace}:{name}"] = outcome


IMPORTS = {"import": EDITORS, "import_template": EDITORS, "import_preview": NO_ADMIN_ROLE}  # no import pending

# The public site, the cabinet, allauth (the latter's rows are above, for both hosts).
rows(MUNI, ("admin/password_reset/", "wagtailadmin_password_reset"), PUBLIC)  # sent to allauth's reset
rows(
    MUNI,
    ("wagtailadmin_password_reset_done", "wagtailadmin_password_reset_confirm", "wagtailadmin_password_reset_complete"),
    NOBODY,
)
rows(MUNI, ("wagtailadmin_login", "wagtailcore_login", "page_privacy_login_redirect"), EVERYONE_TO_LOGIN)
rows(MUNI, ("wagtailadmin_error_test admin/failwhale/",), NOBODY)
rows(MUNI, ("wagtailadmin_sprite", "wagtailadmin_javascript_catalog"), PUBLIC)
rows(
    MUNI,
    (
        "municipality_media",
        "sitemap_xml",
        "site_search",
        "wagtail_serve",
        "wagtaildocs_serve",
        "wagtaildocs_authenticate_with_password",
        "wagtailcore_authenticate_with_password",
    ),
    PUBLIC,
)
# Events: the page, registration (visitors too, by e-mail), the links a registration's secret
# opens, the feeds (the personal one by its secret).
rows(
    MUNI,
    (
        "event",
        "register",
        "attend",
        "registration_confirm",
        "registration_cancel",
        "certificate",
        "feed",
        "feed_personal",
    ),
    PUBLIC,
    namespace="events",
)
rows(MUNI, ("mine",), SIGNED_IN, namespace="events")
A_PEOPLE = only(ALLOW, ("teacher_a", "methodologist_a", "head_a", "chair_a", "leader_a", "coordinator_a"))
rows(MUNI, ("mine", "new"), A_PEOPLE, namespace="consultations")
OWN_TEACHER = only(ALLOW, ("teacher_a",))  # the teacher's own consultation, route step, course scan
rows(MUNI, ("detail",), OWN_TEACHER, namespace="consultations")
rows(MUNI, ("growth",), SIGNED_IN, namespace="development")
rows(MUNI, ("step_done", "course_file"), OWN_TEACHER, namespace="development")
# Contests on the site: the teacher's own applications and documents; a juror's own sheet (the demo's
# jurors are the service's methodologist and head); anyone signed in gets the page (empty for them).
rows(MUNI, ("mine",), SIGNED_IN, namespace="contests")
rows(MUNI, ("apply", "document_add", "withdraw", "document"), OWN_TEACHER, namespace="contests")
rows(MUNI, ("jury", "score"), only(ALLOW, ("methodologist_a", "head_a")), namespace="contests")

# The admin: Wagtail's own screens.
rows(MUNI, ("wagtailadmin_home", "admin/test404/", "wagtailadmin_account", "wagtailadmin_logout"), EVERY_ADMIN)
rows(MUNI, ("wagtailadmin_dismissibles",), EVERY_ADMIN)
rows(MUNI, ("admin/^.*/$", "wagtailadmin_block_preview"), NO_ADMIN_ROLE)  # 404 for a screen that is not there
PAGE_EDITORS = EDITORS  # page permissions on A's home page: methodologists and the head (accounts.role_permissions)
rows(
    MUNI,
    (
        "wagtailadmin_explore_root",
        "wagtailadmin_explore",
        "wagtailadmin_explore_results",
        "wagtailadmin_pages:add",
        "wagtailadmin_pages:preview_on_add",
        "wagtailadmin_pages:usage",
        "wagtailadmin_pages:edit",
        "wagtailadmin_pages:preview_on_edit",
        "wagtailadmin_pages:view_draft",
        "wagtailadmin_pages:add_subpage",
        "wagtailadmin_pages:delete",
        "wagtailadmin_pages:unpublish",
        "wagtailadmin_pages:search",
        "wagtailadmin_pages:search_results",
        "wagtailadmin_pages:move",
        "wagtailadmin_pages:set_page_position",
        "wagtailadmin_pages:copy",
        "wagtailadmin_pages:set_privacy",
        "wagtailadmin_pages:revisions_view",
        "wagtailadmin_pages:revisions_revert",
        "wagtailadmin_pages:revisions_unschedule",
        "wagtailadmin_pages:revisions_compare",
        "wagtailadmin_pages:workflow_history",
        "wagtailadmin_pages:workflow_history_detail",
        "wagtailadmin_pages:history",
        "wagtailadmin_pages:history_results",
        "wagtailadmin_reports:workflow",
        "wagtailadmin_reports:workflow_results",
        "wagtailadmin_reports:workflow_tasks",
        "wagtailadmin_reports:workflow_tasks_results",
        "wagtailadmin_reports:aging_pages",
        "wagtailadmin_reports:aging_pages_results",
        "wagtailadmin_reports:page_types_usage",
        "wagtailadmin_reports:page_types_usage_results",
        "wagtailadmin_pages:type_use",
        "wagtailadmin_pages:type_use_results",
        "wagtailadmin_editing_sessions:ping",
        "wagtailforms:index",
        "wagtailforms:index_results",
    ),
    PAGE_EDITORS,
)
# The head alone deletes in bulk, locks and unlocks pages (accounts.role_permissions.PAGE_PERMISSIONS).
rows(
    MUNI,
    (
        "wagtailadmin_pages:lock",
        "wagtailadmin_pages:unlock",
        "wagtailadmin_reports:locked_pages",
        "wagtailadmin_reports:locked_pages_results",
    ),
    HEAD,
)
rows(
    MUNI,
    (
        "wagtailadmin_pages:move_confirm",  # the confirmation page; the move itself is refused on POST
        # Bulk actions' confirmation lists only what the person may act on; A's methodologists may
        # delete a leaf page (Wagtail: change and publish permissions), hence ALLOW for them.
        "wagtail_bulk_action",
        "wagtailadmin_pages:choose_parent",  # lists the pages one may add under: none, without permissions
        "wagtailadmin_pages:revisions_index",  # a redirect to the page's history, which is refused
        "wagtailadmin_pages:confirm_workflow_cancellation",
        "wagtailadmin_reports:site_history",
        "wagtailadmin_reports:site_history_results",
        "wagtailadmin_choose_page",
        "wagtailadmin_choose_page_child",
        "wagtailadmin_choose_page_search",
        "wagtailadmin_choose_page_chosen_multiple",
        "wagtailadmin_choose_page_external_link",
        "wagtailadmin_choose_page_email_link",
        "wagtailadmin_choose_page_phone_link",
        "wagtailadmin_choose_page_anchor_link",
        "wagtailadmin_tag_autocomplete",
        "wagtailadmin_workflows:task_chooser",
        "wagtailadmin_workflows:task_chooser_results",
        "wagtailadmin_workflows:task_chooser_create",
        "wagtailadmin_workflows:task_chosen",
        "wagtailembeds:chooser",
        "wagtailembeds:chooser_upload",
        "wagtaildocs_chooser:choose",
        "wagtaildocs_chooser:choose_results",
        "wagtaildocs_chooser:chosen_multiple",
        "wagtailimages_chooser:choose",
        "wagtailimages_chooser:choose_results",
        "wagtailimages_chooser:chosen_multiple",
    ),
    ADMIN_OPENS,
)
# An editing session is released by the person who holds it (A's methodologist, in the world).
POLICY[f"{MUNI}:wagtailadmin_editing_sessions:release"] = admin(
    methodologist=ALLOW, head=READ, chair=READ, observers=READ, leader=READ, coordinator=READ
)
# Nobody of the service moderates (Wagtail's default workflow names its Moderators group), manages
# collections, workflows, sites, users and groups through Wagtail's screens (the head's staff
# screen does), or has a form page (no page type is a form).
rows(
    MUNI,
    (
        "wagtailadmin_pages:workflow_action",
        "wagtailadmin_pages:collect_workflow_action_data",
        "wagtailadmin_pages:workflow_preview",
        "wagtailadmin_pages:convert_alias",  # the page is not an alias: 404
        "wagtailadmin_tag_model_autocomplete",
        "wagtailforms:list_submissions",
        "wagtailforms:list_submissions_results",
        "wagtailforms:delete_submissions",
        "wagtailsnippets:index",
        "wagtailimages:url_generator",
        "wagtailimages:url_generator_output",
    ),
    NO_ADMIN_ROLE,
)
for namespace, names in {
    "wagtailadmin_collections": ("index", "add", "edit", "delete", "set_privacy"),
    "wagtailadmin_workflows": (
        "index",
        "index_results",
        "add",
        "enable",
        "disable",
        "edit",
        "usage",
        "usage_results",
        "remove admin/workflows/remove/<int:page_pk>/",
        "remove admin/workflows/remove/<int:page_pk>/<int:workflow_pk>/",
        "add_task",
        "select_task_type",
        "task_index",
        "task_index_results",
        "edit_task",
        "disable_task",
        "enable_task",
    ),
    "wagtailsites": ("index", "index_results", "add", "edit", "delete", "history", "history_results", "usage", "copy"),
    "wagtailusers_users": ("index", "index_results", "add", "edit", "delete", "history", "history_results", "usage"),
    "wagtailusers_groups": ("index", "index_results", "add", "edit", "delete", "history", "history_results", "usage"),
}.items():
    rows(MUNI, names, NO_ADMIN_ROLE, namespace=namespace)
# The site's name, logo and colours: the head (cms_base.change_sitebranding).
rows(
    MUNI,
    (
        "wagtailsettings:edit admin/settings/<slug:app_name>/<slug:model_name>/",
        "wagtailsettings:edit admin/settings/<slug:app_name>/<slug:model_name>/<int:pk>/",
    ),
    HEAD,
)
rows(MUNI, ("wagtailsettings:preview_on_edit",), NO_ADMIN_ROLE)  # the branding has no preview: 404
# Images and documents: methodologists and the head. accounts.role_permissions keeps "delete" for
# the head, but Wagtail 8's collection-ownership policy takes "delete" for "change": a methodologist
# deletes too (found by the matrix, not changed here: README, "The URL × role matrix").
MEDIA = {
    "index": EDITORS,
    "index_results": EDITORS,
    "add": EDITORS,
    "edit": EDITORS,
    "delete": EDITORS,
    "add_multiple": EDITORS,
    "edit_multiple": EDITORS,
    "delete_multiple": EDITORS,
}
for namespace, own in (
    ("wagtaildocs", {"document_usage": EDITORS, "create_multiple_from_uploaded_document": EDITORS}),
    ("wagtailimages", {"image_usage": EDITORS, "create_multiple_from_uploaded_image": EDITORS, "preview": EDITORS}),
):
    for name, outcome in {**MEDIA, **own}.items():
        POLICY[f"{MUNI}:{namespace}:{name}"] = outcome
# The upload in progress was made by A's methodologist: only they may finish or drop it.
UPLOADER = admin(methodologist=ALLOW)
POLICY[f"{MUNI}:wagtaildocs:delete_upload_multiple"] = UPLOADER
POLICY[f"{MUNI}:wagtailimages:delete_upload_multiple"] = UPLOADER
rows(MUNI, ("chosen", "create"), EDITORS, namespace="wagtaildocs_chooser")
rows(MUNI, ("chosen", "create", "select_format"), EDITORS, namespace="wagtailimages_chooser")
rows(
    MUNI,
    ("index", "index_results", "add", "edit", "delete", "start_import", "process_import"),
    HEAD,
    namespace="wagtailredirects",
)
# The pages API lists what a person may explore (nothing, without page permissions) and answers
# 404 for a page outside it.
rows(MUNI, ("wagtailadmin_api:pages:listing",), EVERY_ADMIN)
rows(MUNI, ("wagtailadmin_api:pages:detail", "wagtailadmin_api:pages:find"), PAGE_EDITORS)
rows(MUNI, ("wagtailadmin_api:pages:action",), PAGE_EDITORS)
rows(
    MUNI,
    (
        "wagtailadmin_api:documents:listing",
        "wagtailadmin_api:documents:detail",
        "wagtailadmin_api:documents:find",
        "wagtailadmin_api:images:listing",
        "wagtailadmin_api:images:detail",
        "wagtailadmin_api:images:find",
    ),
    EVERY_ADMIN,
)

# The admin: our screens.
rows(MUNI, ("metodika_staff", "municipal_audit:index"), HEAD)
A_STAFF_ONLY = admin(methodologist=ALLOW, head=ALLOW, chair=ALLOW)  # the region reads these on its own host
rows(
    MUNI,
    ("municipal_agreements", "municipal_agreement", "municipal_agreement_scan", "municipal_agreement_docx"),
    A_STAFF_ONLY,
)
rows(MUNI, ("municipal_agreement_sign",), HEAD)  # the head signs for the municipality
rows(MUNI, ("municipal_plan_comments", "municipal_plan_comment_reply"), A_STAFF_ONLY)
viewset("organisations", reads=READERS, extra=IMPORTS)
viewset("teachers", reads=STAFF_READERS, extra=IMPORTS)
for namespace in (
    "subjects",
    "methodologists",
    "responsibility_areas",
    "body_memberships",
    "body_years",
    "body_meetings",
):
    viewset(namespace, reads=STAFF_READERS)
viewset("bodies", inspect=True, reads=STAFF_READERS, extra={"copy_composition": EDITORS})
rows(MUNI, ("bodies_file",), STAFF_READERS)
viewset("registry_versions", inspect=True, reads=READERS)
viewset("registry_kinds", reads=READERS)
rows(MUNI, ("registry_nomenclature", "registry_version_file"), READERS)
viewset("resources", inspect=True, reads=READERS, extra={"file": READERS})
rows(MUNI, ("resource_search:index",), READERS)
viewset(
    "practices",
    inspect=True,
    reads=READERS,
    extra={"status": EDITORS, "material_file": READERS, "regional": READERS},  # regional: nominate to the region
)
viewset("plans", reads=READERS)
viewset("plan_directions", reads=READERS)
viewset("cyclogram", reads=READERS)
rows(
    MUNI,
    ("plan", "corrections", "as_of", "export", "import_template", "report_status", "report_file"),
    READERS,
    namespace="plans_screen",
)
rows(
    MUNI,
    ("item_add", "item_edit", "item_done", "correction_item_add", "action", "import"),
    EDITORS,
    namespace="plans_screen",
)
rows(MUNI, ("transition",), HEAD, namespace="plans_screen")  # a draft plan submitted: the head (000 §3.2)
viewset(
    "event_admin",
    inspect=True,
    reads=READERS,
    extra={
        "registrations": EDITORS,  # who registered: the organisers, not the chair
        "registrations_export": EDITORS,
        "cancel": EDITORS,
        "held": EDITORS,
        "propose": EDITORS,
        "results": EDITORS,
        "calendar": READERS,
        "regional": READERS,
        "to_plan": EDITORS,
    },
)
viewset("contest_stages", reads=READERS)
viewset("contest_participants", reads=STAFF_READERS)  # observers are not granted contest participants
rows(MUNI, ("index", "teacher"), STAFF_READERS, namespace="development_card")
viewset("course_records", reads=STAFF_READERS, extra={**IMPORTS, "file": STAFF_READERS})
for namespace in ("course_offers", "diagnostics", "deficits", "competence_areas"):
    viewset(namespace, reads=STAFF_READERS)
viewset("learning_routes", reads=STAFF_READERS, extra={"build": EDITORS})
rows(MUNI, ("young_teachers:index",), STAFF_READERS)
for namespace in ("mentorships", "young_teacher_school"):
    viewset(namespace, reads=STAFF_READERS, inspect=True)
viewset("young_teacher_sessions", reads=STAFF_READERS)
viewset("mentorship_meetings", reads=STAFF_READERS)
rows(MUNI, ("consultations_mine:index",), STAFF_READERS)
rows(MUNI, ("index", "index_results", "inspect"), STAFF_READERS, namespace="consultations_admin")
rows(MUNI, ("assign", "answer", "close"), EDITORS, namespace="consultations_admin")
rows(MUNI, ("quality_indicators:index", "quality_support:index"), READERS)
rows(MUNI, ("quality_support:decide",), HEAD)  # the head decides who gets targeted help (000 §2.2)
viewset(
    "quality_procedures",
    inspect=True,
    reads=READERS,
    extra={"import": EDITORS, "import_template": EDITORS, "export": READERS},
)
viewset("quality_results", reads=READERS)
viewset("quality_criteria", reads=READERS)
viewset(
    "quality_programmes",
    inspect=True,
    reads=STAFF_READERS,
    extra={
        "activate": HEAD,
        "cancel": HEAD,
        "finish": EDITORS,
        "measure_add": EDITORS,
        "measure_edit": EDITORS,
        "measure_delete": EDITORS,
    },
)
viewset(
    "quality_visits",
    inspect=True,
    reads=STAFF_READERS,
    extra={"observation_add": EDITORS, "observation_edit": EDITORS, "observation_delete": EDITORS},
)
rows(MUNI, ("index", "card", "export_xlsx", "export_docx"), STAFF_READERS, namespace="quality_card")
rows(MUNI, ("monitoring_dashboard", "monitoring_export"), STAFF_READERS)
# The leaders' workspace (issue 15 §1): the leader's own body (the demo binds A's first ГМО), the
# methodologist's reviews, the coordinator's school card, the head's appointments.
rows(
    MUNI,
    ("leadership_bodies", "leadership_year", "leadership_file", "leadership_composition", "leadership_materials"),
    admin(leader=ALLOW),
)
rows(MUNI, ("leadership_reviews", "leadership_review"), EDITORS)
# The coordinator's card and the ШМО of their school they keep (the demo's ШМО of A's first school).
rows(
    MUNI,
    (
        "leadership_school",
        "leadership_school_association_add",
        "leadership_school_association",
        "leadership_school_file",
    ),
    admin(coordinator=ALLOW),
)
rows(MUNI, ("leadership_appointments",), HEAD)
rows(MUNI, ("leadership_effectiveness",), admin(methodologist=ALLOW, head=ALLOW, chair=ALLOW))
# The leader's body: its leader self-assesses, the methodologist and the head assess; nobody else.
rows(MUNI, ("leadership_assess",), admin(methodologist=ALLOW, head=ALLOW, leader=ALLOW))
# The cycle chart's approval: read with any plan permission (the region's observers included); the
# head submits it, the chair approves or returns it (plans.submit_annualplan, plans.approve_annualplan).
rows(
    MUNI,
    ("cyclogram_approval",),
    admin(methodologist=READ, head=ALLOW, chair=ALLOW, observers=READ),
    namespace="plans_screen",
)
# A person's own notifications and choices: the municipality's staff, its association leaders and
# school coordinators; not the region's observers.
rows(
    MUNI,
    ("notifications_list", "notifications_choices"),
    admin(methodologist=ALLOW, head=ALLOW, chair=ALLOW, leader=ALLOW, coordinator=ALLOW),
)
# Olympiads name pupils (minors): a personal-data app, its organisers only, the observers get nothing
# (they read the region's roll-ups on the institute's screen).
viewset("olympiads", inspect=True, reads=STAFF_READERS)
viewset(
    "olympiad_rounds",
    reads=STAFF_READERS,
    extra={"protocol": STAFF_READERS, "protocol_file": STAFF_READERS, "certificates": STAFF_READERS},
)
for namespace in ("olympiad_passing_scores", "olympiad_school_counts"):
    viewset(namespace, reads=STAFF_READERS)
viewset("olympiad_participants", reads=STAFF_READERS, extra=IMPORTS)
# Teachers' contests name applicants, their documents and the jurors: a personal-data app, the
# municipality's staff only; the region reads the roll-ups (institute:contests).
viewset(
    "contests_admin",
    reads=STAFF_READERS,
    extra={"results": STAFF_READERS, "protocol_file": STAFF_READERS, "certificates": STAFF_READERS},
)
viewset("contest_applications", inspect=True, reads=STAFF_READERS, extra={"document": STAFF_READERS})
for namespace in (
    "contests_stages",
    "contest_nominations",
    "contest_criteria",
    "contest_jury",
    "contest_documents",
):
    viewset(namespace, reads=STAFF_READERS)
# The regional and federal results are typed in or imported from the region's table (XLSX, CSV).
viewset("contest_stage_results", reads=STAFF_READERS, extra=IMPORTS)
# Partners and innovation projects: content, read by the chair and the region's observers.
viewset("partners", reads=READERS, extra={"work": READERS})
viewset("partner_agreements", reads=READERS, extra={"scan": READERS})
viewset("joint_projects", reads=READERS)
viewset("innovation_projects", reads=READERS, extra={"status": READERS})
viewset("innovation_reports", reads=READERS)
# Course applications (issue 15 §3): the teacher applies and withdraws their own; the service makes
# the lists (the chair and the region's observers get nothing: applications name teachers); a school
# coordinator lists and decides their own school's applications (which ones: tests/tenants/courses/).
rows(MUNI, ("mine",), SIGNED_IN, namespace="courses")
rows(MUNI, ("apply",), profile(READ, anonymous=LOGIN, teacher_a=ALLOW), namespace="courses")
rows(MUNI, ("withdraw",), OWN_TEACHER, namespace="courses")
rows(MUNI, ("offers", "quota", "quota_xlsx", "quota_docx", "complete"), EDITORS, namespace="courses_admin")
rows(
    MUNI,
    ("applications", "confirm"),
    admin(methodologist=ALLOW, head=ALLOW, coordinator=ALLOW),
    namespace="courses_admin",
)
# The world's application to decline is of a school without a coordinator: the service decides it,
# and A's coordinator (of another school) gets a 404.
rows(MUNI, ("decline",), EDITORS, namespace="courses_admin")
# The analysis of PD results: counts, as the dashboard.
rows(MUNI, ("monitoring_pd", "monitoring_pd_export"), STAFF_READERS)
# Questionnaires of needs name their recipients (and, when named, who answered what): a
# personal-data app, the service's staff and the chair read, the observers get nothing; sending
# is the editors'. The respondent's pages: the personal link opens for whoever holds it (no
# sign-in), the list for anyone with a role in A, a questionnaire in the account for its teacher.
viewset(
    "needs_questionnaires",
    reads=STAFF_READERS,
    extra={"card": STAFF_READERS, "send": EDITORS, "results": STAFF_READERS, "export": STAFF_READERS},
)
viewset("needs_questions", reads=STAFF_READERS)
rows(MUNI, ("answer",), PUBLIC, namespace="needs")
rows(MUNI, ("mine",), A_PEOPLE, namespace="needs")
rows(MUNI, ("answer_mine",), OWN_TEACHER, namespace="needs")
# Internship sites (issue 16): the register is content the chair and the region read; who is in a
# cohort is personal data (the municipality's staff; the chair reads); the institute's proposals
# are answered by the methodologists and the head; the teacher applies from their own cabinet.
viewset("internship_sites", reads=READERS)
viewset("internship_programmes", reads=READERS)
viewset("internships", reads=READERS, extra={"cohort": STAFF_READERS})
rows(MUNI, ("index",), READERS, namespace="internship_proposals")
rows(MUNI, ("mine",), SIGNED_IN, namespace="internships_cabinet")
rows(MUNI, ("apply", "withdraw"), OWN_TEACHER, namespace="internships_cabinet")


# Actions that take only a POST and answer a GET with 404 or a refusal whoever asks (or, for a
# programme's activation, because the programme in the world is already active): their GET is not
# judged, their POST is.
POST_ONLY = frozenset(
    f"{MUNI}:{name}"
    for name in (
        "quality_support:decide",
        "quality_programmes:activate",
        "quality_programmes:measure_delete",
        "quality_visits:observation_delete",
        "plans_screen:action",
    )
)

# Known upstream 500s (Wagtail 8) on a POST its own pages never send, by a role allowed there; not
# fixable in our code without patching Wagtail (README). Reported, not failed.
KNOWN_UPSTREAM_500 = frozenset(
    {
        # The redirects import's second step unsigns its hidden fields in clean(): a field missing
        # or not signed raises (KeyError, or BadSignature's missing .message) instead of a form error.
        f"{MUNI}:wagtailredirects:process_import",
    }
)
