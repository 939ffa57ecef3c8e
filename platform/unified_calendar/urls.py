"""The unified calendar on the region host (under ``calendar/``)."""

from django.urls import URLPattern, URLResolver, path

from unified_calendar import views

app_name = "unified_calendar"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.calendar_index, name="index"),
    path("<int:pk>/", views.regional_event_detail, name="detail"),
    path("feed.ics", views.feed, name="feed"),
    path("manage/new/", views.regional_event_new, name="new"),
    path("manage/<int:pk>/edit/", views.regional_event_edit, name="edit"),
    path("manage/<int:pk>/withdraw/", views.regional_event_withdraw_view, name="withdraw"),
    path("proposals/", views.proposal_index, name="proposals"),
    path("proposals/<int:pk>/", views.proposal_decide_view, name="proposal"),
]
