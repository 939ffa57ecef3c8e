"""URLs of the development front door (``http://localhost:8000/``, settings.dev only).

The page itself, the visitor's preferences (its language and low-vision switches), and for every
other path a redirect to the same path on the region's host. The region's own patterns follow
only so that the site's chrome, which names them in its links, renders; no request reaches them.
"""

from django.urls import path, re_path

from cms.base import views as site_views
from metodika import front_door, urls_public

urlpatterns = [
    path("", front_door.development_front_door, name="development_front_door"),
    path("preferences/", site_views.site_preferences),
    re_path(r"^(?P<path>.+)$", front_door.development_front_door_onward),
    *urls_public.urlpatterns,
]

handler500 = "cms.base.views.server_error"
