"""Host → schema routing: the region on REGION_DOMAIN, a municipality on its domains."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import connection
from django.db.models import Model
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.http.request import split_domain_port, validate_host
from django.shortcuts import render
from django_tenants.middleware.main import TenantMainMiddleware
from django_tenants.utils import get_public_schema_name, remove_www, schema_context
from wagtail.contrib.redirects.middleware import RedirectMiddleware

from metodika.redis_cache import CacheUnavailable, schema_cache
from tenants.municipalities.models import Domain, Municipality
from tenants.municipalities.schemas import schema_activate, schema_activate_public


@dataclass
class RegionTenant:
    """The region, answering on REGION_DOMAIN, whose data is the public schema."""

    name: str
    schema_name: str
    domain_url: str = ""
    is_region: bool = True
    is_archived: bool = False

    def get_tenant_type(self) -> None:
        return None


def region_tenant() -> RegionTenant:
    return RegionTenant(name=settings.REGION_NAME, schema_name=get_public_schema_name())


# A host's municipality is cached so that a cached page costs no query at all; every save or
# delete of a municipality or a domain forgets the hosts involved (``host_cache_on_registry_change``),
# so an archived municipality goes offline on the next request. The timeout only bounds memory.
HOST_CACHE_TIMEOUT = 3600


def _host_key(hostname: str) -> str:
    return f"tenant-host:{hostname}"


HOSTS_SETTLING_KEY = "tenant-host:settling"
HOSTS_SETTLE_SECONDS = 60


# The schema each host was last found in, per process: a guess that lets the page cache ask for
# a municipality's stored page in the same round trip as the host's entry. Only a guess: what is
# served is checked against the entry read in that round trip.
_HOST_SCHEMA_GUESSES: dict[str, str] = {}
_HOST_SCHEMA_GUESSES_MAX = 50_000


def request_hostname(request: HttpRequest) -> tuple[str, str]:
    """The raw Host header, and the hostname a municipality is routed by (no port, no www.)."""
    raw_host: str = request._get_raw_host()  # type: ignore[attr-defined]
    return raw_host, remove_www(split_domain_port(raw_host)[0])


def host_tenant_lookup(hostname: str) -> Municipality | None:
    """The municipality answering on ``hostname``, cached (see ``host_tenant_lookup_with``)."""
    return host_tenant_lookup_with(hostname)[0]


def host_tenant_lookup_with(
    hostname: str, schema_keys: Callable[[str], list[str]] | None = None
) -> tuple[Municipality | None, dict[str, Any] | None]:
    """The municipality answering on ``hostname``, and, read in the same round trip when this
    process has seen the host before, ``schema_keys(schema)`` of that municipality's cache (None
    when they were not read: the host is new here or has moved to another schema).

    The entry is stored only outside a transaction (a row read inside one may still roll back)
    and not for a minute after a registry change (the changing transaction may not have
    committed yet).
    """
    store = schema_cache()
    public = get_public_schema_name()
    entry_key = (public, _host_key(hostname))
    settling_key = (public, HOSTS_SETTLING_KEY)
    guess = _HOST_SCHEMA_GUESSES.get(hostname) if schema_keys is not None else None
    extra = [(guess, key) for key in schema_keys(guess)] if guess is not None and schema_keys else []
    values = store.get_many_in_schemas([entry_key, settling_key, *extra])
    tenant = values.get(entry_key)
    if not isinstance(tenant, Municipality):
        with schema_context(public):
            found = Domain.objects.select_related("tenant").filter(domain=hostname).first()
        if found is None:
            return None, None
        tenant = found.tenant
        if not connection.in_atomic_block and settling_key not in values:
            store.set_in_schema(public, _host_key(hostname), tenant, HOST_CACHE_TIMEOUT)
    if guess is None or tenant.schema_name != guess:
        if len(_HOST_SCHEMA_GUESSES) >= _HOST_SCHEMA_GUESSES_MAX:
            _HOST_SCHEMA_GUESSES.clear()
        _HOST_SCHEMA_GUESSES[hostname] = tenant.schema_name
        return tenant, None
    return tenant, {key: values[(guess, key)] for _schema, key in extra if (guess, key) in values}


def host_tenant_forget(hostnames: Iterable[str]) -> None:
    """Drop cached host → municipality entries, whatever schema is active (keys carry public).

    While the cache's Redis is down the entries cannot be dropped, and may still be there when it
    comes back (an archived municipality would stay online): the forgetting is left for beat to
    do again then (``host_tenant_forget_task``).
    """
    from tenants.municipalities.dispatch import task_send_later

    hostnames = sorted(set(hostnames))
    public = get_public_schema_name()
    try:
        with schema_cache().pipeline_in_schemas() as pipeline:
            pipeline.set(public, HOSTS_SETTLING_KEY, 1, HOSTS_SETTLE_SECONDS)
            for hostname in hostnames:
                pipeline.delete(public, _host_key(hostname))
    except CacheUnavailable:
        task_send_later("tenants.municipalities.tasks.host_tenant_forget_task", schema_name=public, hostnames=hostnames)


def host_cache_on_registry_change(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    """A municipality or domain changed: forget its cached hosts (and store none for a minute)."""
    if isinstance(instance, Domain):
        hostnames = {instance.domain}
    elif isinstance(instance, Municipality):
        hostnames = {instance.default_hostname}
        if instance.pk is not None and kwargs.get("signal") is not post_delete:
            hostnames |= set(Domain.objects.filter(tenant_id=instance.pk).values_list("domain", flat=True))
    else:
        return
    host_tenant_forget(hostnames)


def host_cache_connect() -> None:
    """Keep the host cache true on every save or delete of the registry (from the app's ``ready``)."""
    for model in (Municipality, Domain):
        post_save.connect(
            host_cache_on_registry_change, sender=model, dispatch_uid=f"site_hosts_saved_{model.__name__}"
        )
        post_delete.connect(
            host_cache_on_registry_change, sender=model, dispatch_uid=f"site_hosts_deleted_{model.__name__}"
        )


class MunicipalityMiddleware(TenantMainMiddleware):
    """django-tenants' routing, with the region as a tenant of its own and a real 404 page.

    A host is served if ALLOWED_HOSTS covers it (the region and ``*.REGION_DOMAIN``) or if the
    registry holds it as a municipality's extra domain: the operator adds domains without a
    restart, and ALLOWED_HOSTS never becomes ``*``. In development (DEBUG on) the hosts of
    ``DEVELOPMENT_FRONT_DOOR_HOSTS`` (``localhost``) answer with links to the region and its
    municipalities; in production there are none, and such a host gets a 400.
    """

    def process_request(self, request: HttpRequest) -> HttpResponse | None:
        schema_activate_public()
        raw_host, hostname = request_hostname(request)
        if not hostname:
            return HttpResponseBadRequest("Bad Request (400)")
        allowed = validate_host(hostname, settings.ALLOWED_HOSTS)
        front_door = settings.DEBUG and hostname in settings.DEVELOPMENT_FRONT_DOOR_HOSTS
        if hostname == settings.REGION_DOMAIN or front_door:
            tenant: Any = region_tenant()
        else:
            # The page cache, in front, may have looked the host up already.
            looked_up: tuple[str, Municipality | None] | None = getattr(request, "_host_tenant", None)
            tenant = looked_up[1] if looked_up and looked_up[0] == hostname else host_tenant_lookup(hostname)
            if tenant is None:
                if not allowed:
                    return HttpResponseBadRequest("Bad Request (400)")
                return self.no_tenant_found(request, hostname)
            if not allowed:
                # A domain the registry gives a municipality is trusted as its host.
                request.get_host = lambda: raw_host  # type: ignore[method-assign]
        tenant.domain_url = hostname
        request.tenant = tenant  # type: ignore[attr-defined]
        schema_activate(tenant)
        self.setup_url_routing(request)
        if front_door:
            # Development only: the region's data on a page of links (metodika.urls_front_door).
            request.urlconf = settings.DEVELOPMENT_FRONT_DOOR_URLCONF  # type: ignore[attr-defined]
        return None

    def no_tenant_found(self, request: HttpRequest, hostname: str) -> HttpResponse:
        request.urlconf = settings.PUBLIC_SCHEMA_URLCONF  # type: ignore[attr-defined]
        return render(
            request,
            "errors/unknown_host.html",
            {
                "hostname": hostname,
                "region_url": f"//{settings.REGION_DOMAIN}{_port(request)}/",
                "region_name": settings.REGION_NAME,
            },
            status=404,
        )


def _port(request: HttpRequest) -> str:
    host = request.get_host()
    return ":" + host.rsplit(":", 1)[1] if ":" in host else ""


class ArchivedMunicipalityMiddleware:
    """An archived municipality is offline for everyone: a clear page, its data untouched. So is
    one whose schema ``region_migrate`` could not migrate (maintenance), rather than a 500 on
    the first table it lacks."""

    def __init__(self, get_response: Any) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        tenant = getattr(request, "tenant", None)
        if not isinstance(tenant, Municipality) or request.path.startswith(settings.STATIC_URL):
            return self.get_response(request)
        context = {"municipality": tenant, "region_url": f"//{settings.REGION_DOMAIN}{_port(request)}/"}
        if tenant.is_archived:
            return render(request, "errors/archived.html", context, status=503)
        if tenant.in_maintenance:
            response = render(request, "errors/maintenance.html", context, status=503)
            response["Retry-After"] = "600"
            return response
        return self.get_response(request)


class MunicipalityRedirectMiddleware(RedirectMiddleware):
    """Wagtail's redirects, on municipality hosts only: the region's schema has no Wagtail tables."""

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if not isinstance(getattr(request, "tenant", None), Municipality):
            return response
        return super().process_response(request, response)
