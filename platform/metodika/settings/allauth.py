"""django-allauth: one account across the region, login by e-mail."""

from typing import Literal

from metodika.settings.environment import ENV

AUTH_USER_MODEL = "accounts.User"
# The only backend: any other ModelBackend-derived one would count every group of the region.
AUTHENTICATION_BACKENDS = ["accounts.backends.MunicipalityRoleBackend"]
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
# One address per account, changed only on allauth's page (/accounts/email/): the new address
# waits, unverified, until its mailbox confirms it, and only then replaces User.email. Until then
# it binds nothing: invitations find people by verified addresses only (issue 13).
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_LOGIN_ON_PASSWORD_RESET = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Методика] "
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGIN_BY_CODE_ENABLED = False
# False (the test settings) turns rate limiting off.
ACCOUNT_RATE_LIMITS: dict[str, str] | Literal[False] = {"login_failed": "10/m/ip,5/5m/key"}
# The per-IP limits above count the visitor, not the proxy: behind TRUSTED_PROXY_COUNT reverse
# proxies the client is the N-th X-Forwarded-For entry from the right (deploy/README.md). The
# adapter asks ``metodika.client_address`` (as django-axes and the consultation form do); this
# keeps allauth's own reading of the header in agreement with it.
ALLAUTH_TRUSTED_PROXY_COUNT = ENV.trusted_proxy_count
LOGIN_REDIRECT_URL = "account_home"
LOGIN_URL = "account_login"
ACCOUNT_LOGOUT_REDIRECT_URL = "account_login"
ACCOUNT_AUTHENTICATED_LOGIN_REDIRECTS = False  # a signed-in person without admin access sees why, not a loop
