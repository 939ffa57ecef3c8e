"""The respondent's pages (included under ``needs/`` on municipality hosts)."""

from django.urls import URLPattern, URLResolver, path

from tenants.needs import views

app_name = "needs"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.questionnaire_mine, name="mine"),
    path("<int:pk>/", views.questionnaire_answer_mine, name="answer_mine"),
    path("answer/<str:token>/", views.answer_by_link, name="answer"),
]
