"""Wagtail: one site per municipality schema; the admin is each municipality's staff admin."""

from wagtail.embeds import oembed_providers

from metodika.settings.environment import ENV

WAGTAIL_SITE_NAME = "Методика"
WAGTAILADMIN_BASE_URL = f"{ENV.site_scheme}://{ENV.region_domain}"
# Pages, images and documents are indexed and searched with PostgreSQL's ``russian`` text
# configuration (Snowball stemming: «новость» finds «Новости»), as the resource bank's own search
# (tenants.resources.selectors.SEARCH_CONFIG); without it the database default, ``english``, leaves
# Russian words unstemmed. The admin's as-you-type search (autocomplete) is stemmed too
# (cms.base.search_backend). ``manage.py region_migrate`` rebuilds a schema's index written with
# another configuration (cms.base.search_index); change both configurations together.
TEXT_SEARCH_CONFIG = "russian"
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "cms.base.search_backend",
        "SEARCH_CONFIG": TEXT_SEARCH_CONFIG,
        "AUTOCOMPLETE_CONFIG": TEXT_SEARCH_CONFIG,
    }
}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# Documents are streamed by Wagtail's view after its privacy check, from the folder or the bucket
# alike (a redirect to the file's URL would reach /media/, which never serves documents).
WAGTAILDOCS_SERVE_METHOD = "serve_view"
WAGTAILDOCS_MAX_UPLOAD_SIZE = 20 * 1024 * 1024
# Uploaded archives and office files are checked for what they unpack to (tenants.uploads).
WAGTAILDOCS_DOCUMENT_FORM_BASE = "cms.base.documents.CheckedDocumentForm"
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAIL_I18N_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ENABLE_WHATS_NEW_BANNER = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("ru", "Русский"), ("en", "English")]
WAGTAIL_USER_CUSTOM_FIELDS: list[str] = []
WAGTAILADMIN_LOGIN_URL = "account_login"
WAGTAIL_FRONTEND_LOGIN_URL = "account_login"
# One way in, through allauth (its rate limits, django-axes, e-mail verification): Wagtail's own
# login form is replaced by a redirect (``accounts.views.admin_login_redirect``), its password
# reset and change are off, and the account page changes no e-mail address (issue 13: an address
# typed there was saved unverified and made its author the next head invited by it). People change
# their address and password on allauth's pages, linked from the admin's account page.
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_PASSWORD_RESET_ENABLED = False

# Staff e-mail hashes are not sent to Gravatar (a third party abroad); the admin shows its own
# default avatar, and its Content-Security-Policy needs no outside image host.
WAGTAIL_GRAVATAR_PROVIDER_URL = None

# Embeds: only video hosts whose player is a plain iframe, so that the public
# Content-Security-Policy allows exactly their frames (settings/csp.py). Another host needs its
# oEmbed provider here and its player's origin in EMBED_FRAME_SOURCES. VK Video offers no oEmbed
# endpoint: it would need a finder of its own.
RUTUBE_OEMBED_PROVIDER = {
    "endpoint": "https://rutube.ru/api/oembed/",
    "urls": [r"^https?://(?:www\.)?rutube\.ru/(?:video|shorts)/.+$"],
}
WAGTAILEMBEDS_FINDERS = [
    {
        "class": "wagtail.embeds.finders.oembed",
        "providers": [oembed_providers.youtube, oembed_providers.vimeo, RUTUBE_OEMBED_PROVIDER],
    }
]
EMBED_FRAME_SOURCES = [
    "https://www.youtube.com",
    "https://www.youtube-nocookie.com",
    "https://player.vimeo.com",
    "https://rutube.ru",
]
