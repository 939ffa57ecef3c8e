"""What each role may do, as Django and Wagtail permissions. The single source for role groups."""

from __future__ import annotations

from accounts.models import Role

# Images and documents in the root collection: methodologists add and change, heads also delete.
MEDIA_EDIT = (
    "wagtailimages.add_image",
    "wagtailimages.change_image",
    "wagtailimages.choose_image",
    "wagtaildocs.add_document",
    "wagtaildocs.change_document",
    "wagtaildocs.choose_document",
)
MEDIA_DELETE = ("wagtailimages.delete_image", "wagtaildocs.delete_document")
REDIRECTS_EDIT = (
    "wagtailredirects.add_redirect",
    "wagtailredirects.change_redirect",
    "wagtailredirects.delete_redirect",
)

BINDING_PERMISSIONS = (
    "bodies.add_associationleader",
    "bodies.delete_associationleader",
    "organisations.add_schoolcoordinator",
    "organisations.delete_schoolcoordinator",
)

# Model permissions, "app_label.codename", given to a role's group.
MODEL_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.TEACHER: (),
    Role.METHODOLOGIST: ("wagtailadmin.access_admin", *MEDIA_EDIT),
    Role.HEAD: (
        "wagtailadmin.access_admin",
        *MEDIA_EDIT,
        *MEDIA_DELETE,
        *REDIRECTS_EDIT,
        "accounts.manage_municipal_roles",
        "plans.submit_annualplan",  # 000 §3.2: the head submits the annual plan
        # 000 §2.2, 001 §3.7: the head decides which organisations get targeted help, and
        # starts and cancels their support programmes.
        "quality.decide_support",
        "cms_base.change_sitebranding",  # the public site's name, logo, colours, footer
        "audit.view_municipal_audit",  # who did what in the service: the head answers for it
        # Who gets a bound role (an association's leader, a school's coordinator) and so the
        # admin: the head, who manages the service's people (issue 15 §1).
        *BINDING_PERMISSIONS,
    ),
    Role.CHAIR: ("wagtailadmin.access_admin", "plans.approve_annualplan"),  # 000 §3.2, 001 §3.2
    # Bound roles (issue 15 §1): the admin, and what their own screens check; which body or school
    # they reach is the binding's (``tenants.bodies`` / ``tenants.organisations`` selectors).
    Role.ASSOCIATION_LEADER: ("wagtailadmin.access_admin",),
    Role.SCHOOL_COORDINATOR: ("wagtailadmin.access_admin",),
    Role.OBSERVER: ("wagtailadmin.access_admin",),
    Role.INSTITUTE: ("municipalities.view_municipality",),
    Role.COMMITTEE: ("municipalities.view_municipality",),
    Role.OPERATOR: (
        "municipalities.view_municipality",
        "municipalities.add_municipality",
        "municipalities.change_municipality",
    ),
}

# Permissions of a content app that its editors do not get with the rest of the app: only the
# roles that name them above hold them (the head submits the plan, the chair approves it).
ROLE_ONLY_PERMISSIONS = (
    "plans.submit_annualplan",
    "plans.approve_annualplan",
    "quality.decide_support",
    *BINDING_PERMISSIONS,
    "bodies.change_associationleader",  # a binding is made or removed, never changed
    "organisations.change_schoolcoordinator",
)

# Wagtail page permissions on the municipality's home page (and so on its whole site).
PAGE_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.METHODOLOGIST: ("add_page", "change_page", "publish_page"),
    Role.HEAD: ("add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"),
}

# Wagtail collection permissions on the root collection (images and documents).
COLLECTION_PERMISSIONS: dict[str, tuple[str, ...]] = {
    Role.METHODOLOGIST: MEDIA_EDIT,
    Role.HEAD: (*MEDIA_EDIT, *MEDIA_DELETE),
}

# Apps whose every model a municipality's staff keep: editors add, change, delete and view;
# readers view. New models of these apps reach existing municipalities' groups through
# ``accounts.services.role_group_permissions_sync`` (run by ``region_migrate``).
MUNICIPAL_CONTENT_APPS = (
    "organisations",
    "people",
    "bodies",
    "registry",
    "resources",
    "practices",
    "plans",
    "events",
    "development",
    "mentoring",
    "consultations",
    "quality",
    "olympiads",
    "contests",
    "partners",
    "innovation",
    "courses",
    "needs",
    "internships",
    "cms_news",
)
CONTENT_EDITORS = (Role.METHODOLOGIST, Role.HEAD)
CONTENT_READERS = (Role.CHAIR, Role.OBSERVER)
# Personal data (teachers, and who sits on which body): read only by the municipality's own staff,
# never by the region's observers, who see aggregated numbers instead.
# The olympiad's participants are minors (003 §1.3): its organisers — the service's staff and the
# committee's chair — see their names; the region reads only the roll-ups' numbers.
# Questionnaires of needs name their recipients and, when named, who answered what. Teachers'
# contests name the applicants with their documents, the jurors and their marks: the same.
PERSONAL_DATA_APPS = (
    "people",
    "bodies",
    "development",
    "mentoring",
    "consultations",
    "olympiads",
    "courses",
    "needs",
    "contests",
)
# Single screens of the other apps kept from the observers for the same reason: contest and
# olympiad participants (teachers, and pupils for olympiads) with their organisations and results.
# The region reads events without participants' names (``institute.views.municipality_events``);
# published results are on the municipality's public site. Other screens that name people
# (plan responsibles, practice authors) stay readable, and each read is logged
# (``institute.admin_reads``).
# Visits and lesson observations name teachers with their lessons' marks, and support
# programmes name the teachers sent to courses or paired with mentors (issue 14): the region reads
# the quality of education from its roll-ups (numbers, organisations, programme statuses).
OBSERVER_WITHHELD_PERMISSIONS = (
    "events.view_contestparticipant",
    "quality.view_visit",
    "quality.view_lessonobservation",
    "quality.view_observationmark",
    "quality.view_supportprogramme",
    "quality.view_supportmeasure",
    # Who is enrolled in an internship, attended and completed it: the region reads the bank of
    # sites and its counts (``regional_banks``).
    "internships.view_enrolment",
)


def content_app_permission_filter(role: str) -> dict[str, object] | None:
    """Filter on Permission for the app-level grants of ``role``, or None if it has none."""
    if role in CONTENT_EDITORS:
        return {"content_type__app_label__in": MUNICIPAL_CONTENT_APPS}
    if role in CONTENT_READERS:
        apps = (
            MUNICIPAL_CONTENT_APPS
            if role != Role.OBSERVER
            else tuple(a for a in MUNICIPAL_CONTENT_APPS if a not in PERSONAL_DATA_APPS)
        )
        return {"content_type__app_label__in": apps, "codename__startswith": "view_"}
    return None
