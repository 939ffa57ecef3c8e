"""Content-Security-Policy (django-csp 4): one fixed policy per kind of page, no nonces.

Anonymous pages are stored with their headers and replayed by the page cache, so a page's
policy must not change from one request to the next: nothing here is per request. The public
policy lets a page run and style only what comes from its own host; the two exceptions a page
may carry are added by the template tag that renders them (``cms.base.content_security``): the
hash of the municipality's colours (``<style>`` in ``base.html``) and, where the municipality
turned analytics on, Yandex Metrika's hosts. Wagtail's admin gets its own looser policy by path,
never by loosening the public one.
"""

from csp.constants import NONE, SELF, UNSAFE_INLINE

from metodika.settings.wagtail import EMBED_FRAME_SOURCES

__all__ = [
    "CONTENT_SECURITY_POLICY_ADMIN",
    "CONTENT_SECURITY_POLICY_ADMIN_PATHS",
    "CONTENT_SECURITY_POLICY_METRIKA",
]


def frame_ancestors_for(x_frame_options: str) -> str:
    """``frame-ancestors`` saying what ``X-Frame-Options`` says (browsers that know CSP follow
    ``frame-ancestors`` and ignore ``X-Frame-Options``, so the two must agree)."""
    return NONE if x_frame_options.upper() == "DENY" else SELF


def public_policy(*, x_frame_options: str) -> dict[str, object]:
    """The public sites, the region's portal and staff screens, allauth's pages, error pages.

    Every directive a page may extend is spelled out (an added source must not replace the
    ``default-src`` fall-back by a list without ``'self'``).
    """
    return {
        "DIRECTIVES": {
            "default-src": [SELF],
            "script-src": [SELF],
            "style-src": [SELF],
            # data: for allauth's two-factor set-up, which draws the TOTP QR code as a data: URI.
            "img-src": [SELF, "data:"],
            "connect-src": [SELF],
            "font-src": [SELF],
            # Video hosts whose embeds Wagtail's embed finders accept (WAGTAILEMBEDS_FINDERS).
            "frame-src": [*EMBED_FRAME_SOURCES],
            "object-src": [NONE],
            "base-uri": [SELF],
            "form-action": [SELF],
            "frame-ancestors": [frame_ancestors_for(x_frame_options)],
        }
    }


# Wagtail 8's admin still writes inline scripts (date and time pickers, inline panels) and inline
# styles, and uses blob: and data: images (upload previews, icons); its page preview is a
# same-origin frame showing the page's embeds. Only under these paths.
CONTENT_SECURITY_POLICY_ADMIN_PATHS = ("/admin/",)
CONTENT_SECURITY_POLICY_ADMIN = {
    "default-src": [SELF],
    "script-src": [SELF, UNSAFE_INLINE],
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "connect-src": [SELF],
    "font-src": [SELF, "data:"],
    "media-src": [SELF, "blob:"],
    "frame-src": [SELF, *EMBED_FRAME_SOURCES],
    "object-src": [NONE],
    "base-uri": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],  # the preview frame (Wagtail answers it SAMEORIGIN itself)
}

# Yandex Metrika (yandex.ru/support/metrica/code/install-counter-csp.html, «Общий список
# адресов»): the counter's script from mc.yandex.ru (and yastatic.net for its modules); its
# beacons, images and frames go to the mc.yandex.* host of the visitor's country and to the
# Webvisor hosts, over https and wss. Added only to pages of a municipality whose branding turns
# analytics on.
METRIKA_HOSTS = [
    f"mc.{domain}"
    for domain in (
        "yandex.ru",
        "yandex.az",
        "yandex.by",
        "yandex.co.il",
        "yandex.com",
        "yandex.com.am",
        "yandex.com.ge",
        "yandex.com.tr",
        "yandex.ee",
        "yandex.fr",
        "yandex.kg",
        "yandex.kz",
        "yandex.lt",
        "yandex.lv",
        "yandex.md",
        "yandex.tj",
        "yandex.tm",
        "yandex.uz",
        "webvisor.com",
        "webvisor.org",
    )
]
CONTENT_SECURITY_POLICY_METRIKA = {
    "script-src": ["https://mc.yandex.ru", "https://yastatic.net"],
    "img-src": [f"https://{host}" for host in METRIKA_HOSTS],
    "connect-src": [f"https://{host}" for host in METRIKA_HOSTS] + [f"wss://{host}" for host in METRIKA_HOSTS],
    "frame-src": [f"https://{host}" for host in METRIKA_HOSTS],
}
