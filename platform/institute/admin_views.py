"""The institute's comments on the plan, in the municipality's Wagtail admin.

Staff of the municipality read the threads; its head and methodologists answer (000 §3.3: the
institute's support of the service). Threads are looked up within the current municipality
only: another's and a missing one are the same 404.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from accounts.municipal_staff import municipal_staff_municipality
from institute.forms import CommentReplyForm
from institute.selectors import plan_comment_thread_get, plan_comment_threads
from institute.services import comment_side_of, plan_comment_reply


class PlanCommentIndexView(WagtailAdminTemplateMixin, TemplateView):
    page_title = gettext_lazy("Комментарии ЛОИРО к плану")
    header_icon = "comment"
    template_name = "institute/admin/comments.html"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        self.municipality = municipal_staff_municipality(request)
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self) -> list[dict[str, Any]]:
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context.update(
            threads=plan_comment_threads(municipality=self.municipality),
            can_reply=comment_side_of(self.request.user, self.municipality) is not None,
            reply_form=CommentReplyForm(),
        )
        return context


@require_POST
def plan_comment_reply_admin(request: HttpRequest, comment_id: int) -> HttpResponse:
    municipality = municipal_staff_municipality(request)
    thread = plan_comment_thread_get(municipality=municipality, comment_id=comment_id)
    if thread is None:
        raise Http404
    form = CommentReplyForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ответ не отправлен: напишите текст."))
    else:
        try:
            plan_comment_reply(comment=thread, text=form.cleaned_data["text"], acting_user=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Ответ отправлен в ЛОИРО."))
    return redirect(reverse("municipal_plan_comments") + f"#comment-{thread.pk}")
