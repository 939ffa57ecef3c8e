"""django-axes: login throttling per (e-mail, client IP), region-wide, in the public schema.

allauth keeps answering the login form; axes' backend, first in the list, refuses a locked
pair before any password is checked, and its middleware swaps the response for the lockout
page. ``MunicipalityRoleBackend`` stays the one backend that authenticates and answers
permissions (``AxesStandaloneBackend`` answers none).
"""

from datetime import timedelta

from metodika.settings.allauth import AUTHENTICATION_BACKENDS as _ALLAUTH_BACKENDS
from metodika.settings.environment import ENV

AUTHENTICATION_BACKENDS = ["axes.backends.AxesStandaloneBackend", *_ALLAUTH_BACKENDS]

AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_USERNAME_CALLABLE = "accounts.login_throttle.login_throttle_username"
AXES_LOCKOUT_CALLABLE = "accounts.login_throttle.login_lockout_response"
AXES_HTTP_RESPONSE_CODE = 429
# Only failures are kept (axes deletes them once past the cool-off): no log of every login and its address.
AXES_DISABLE_ACCESS_LOG = True
# django-ipware is not installed, so axes' AXES_IPWARE_* settings would do nothing: the client's
# address comes from our callable, which trusts X-Forwarded-For only behind TRUSTED_PROXY_COUNT
# proxies (1 behind the nginx of deploy/README.md; 0, the default, means REMOTE_ADDR).
AXES_CLIENT_IP_CALLABLE = "metodika.client_address.client_address"
TRUSTED_PROXY_COUNT = ENV.trusted_proxy_count
