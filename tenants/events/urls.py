"""Public event URLs of a municipality's host (under ``events/``)."""

from django.urls import URLPattern, URLResolver, path

from tenants.events import views

app_name = "events"

urlpatterns: list[URLPattern | URLResolver] = [
    path("<int:pk>/", views.event_detail, name="event"),
    path("<int:pk>/register/", views.event_register, name="register"),
    path("<int:pk>/attend/", views.event_attend, name="attend"),
    path("registration/<str:secret>/confirm/", views.registration_confirm_view, name="registration_confirm"),
    path("registration/<str:secret>/cancel/", views.registration_cancel_view, name="registration_cancel"),
    path("registration/<str:secret>/certificate/", views.registration_certificate, name="certificate"),
    path("feed.ics", views.feed_municipal, name="feed"),
    path("my/", views.my_events, name="mine"),
    path("my/<str:token>/calendar.ics", views.feed_personal, name="feed_personal"),
]
