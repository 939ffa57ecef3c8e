"""django-tenants: which app lives where, and how hosts map to schemas.

Decided before the first tenant exists (moving an app later leaves its migrations marked
applied and its tables missing; ``manage.py region_migrate`` checks every schema for that):

* public schema = the region: accounts, roles, sessions, content types, allauth, the
  municipality registry, the audit log;
* each municipality's schema: Wagtail (pages, images, documents, search index) and the
  per-municipality apps.
"""

import os

from metodika.settings.environment import ENV

SHARED_APPS = [
    "django_tenants",
    "tenants.municipalities",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",  # two-factor sign-in: one authenticator per person, region-wide
    "axes",  # login attempts: region-wide, one account per person
    "accounts",
    "audit",
    "region",
    # Region-level data in the public schema: the roll-ups the institute reads, the unified
    # calendar, the tripartite agreements, the institute's own objects.
    "rollups",
    # The region's catalogues of assessment procedures and its flag thresholds (issue 14).
    "assessment",
    "unified_calendar",
    # The region's banks: internship sites, proposals of regional internships, best practices (issue 16).
    "regional_banks",
    "agreements",
    "institute",
    # Keys of the external systems that use the open API (issue 19).
    "api",
]

TENANT_APPS = [
    "django.contrib.postgres",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.embeds",
    "wagtail.sites",
    "accounts.wagtail_apps.WagtailUsersConfig",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "cms.base",
    "cms.home",
    "cms.news",
    # The municipal service's structure (issue 3): one app per content area.
    "tenants.organisations",
    "tenants.people",
    "tenants.bodies",
    "tenants.registry",
    "tenants.resources",
    "tenants.practices",
    # The service's work: the annual plan, events, teachers' growth, consultations, monitoring.
    "tenants.plans",
    "tenants.events",
    "tenants.development",
    "tenants.mentoring",
    "tenants.consultations",
    # Quality of education: assessment results, flags, support programmes, visits (issue 14).
    "tenants.quality",
    "tenants.olympiads",
    "tenants.contests",
    "tenants.partners",
    "tenants.innovation",
    # Association leaders' and school coordinators' workspace, effectiveness (issue 15 §1).
    "tenants.leadership",
    # Course offers with applications and quota lists (issue 15 §3).
    "tenants.courses",
    "tenants.internships",
    "tenants.monitoring",
    # Questionnaires of teachers' professional and information needs (issue 15).
    "tenants.needs",
    # What needs attention comes to the person: in-app list and weekly digest (issue 21).
    "tenants.notifications",
]

INSTALLED_APPS = (
    list(SHARED_APPS)
    + [app for app in TENANT_APPS if app not in SHARED_APPS]
    + [
        "django_filters",
        "csp",  # django-csp's checks and template tags (no models)
        "ninja",  # the API documentation's Swagger UI from our static files, not a CDN (no models)
    ]
)

TENANT_MODEL = "municipalities.Municipality"
TENANT_DOMAIN_MODEL = "municipalities.Domain"
# DATABASE_ROUTERS: settings/database.py (django-tenants' router behind the replica's).
PUBLIC_SCHEMA_URLCONF = "metodika.urls_public"
ROOT_URLCONF = "metodika.urls_tenant"
# Development only (settings.dev, and only with DEBUG on): hosts outside the region, such as
# ``localhost``, that answer with a page of links to the region and its municipalities.
DEVELOPMENT_FRONT_DOOR_HOSTS: list[str] = []
DEVELOPMENT_FRONT_DOOR_URLCONF = "metodika.urls_front_door"

# New municipalities are cloned from a migrated template schema; provisioning checks that it
# exists itself (django-tenants silently falls back to full migrations when it does not).
TENANT_CREATION_FAKES_MIGRATIONS = True
TENANT_BASE_SCHEMA = "template_municipality"
SPARE_SCHEMA_PREFIX = "spare_"
# One `SET search_path` per schema switch instead of one before every query. django-tenants
# forgets the path it set on every rollback (whole or to a savepoint), where PostgreSQL reverts
# it, and on every tenant switch; tests/tenants/test_search_path.py holds it to that.
TENANT_LIMIT_SET_CALLS = True
SPARE_POOL_SIZE = ENV.spare_pool_size
# Processes ``region_migrate`` migrates municipalities' schemas with (0: one per core).
REGION_MIGRATE_PROCESSES = ENV.region_migrate_processes or os.cpu_count() or 1

REGION_DOMAIN = ENV.region_domain
REGION_NAME = ENV.region_name

# Uploaded files live under MEDIA_ROOT/<schema>/...
MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
