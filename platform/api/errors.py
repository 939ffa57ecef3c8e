"""One shape for every error the API answers, with a Russian message.

``{"code": "forbidden", "message": "…", "details": [{"field": "since", "message": "…"}]}`` — the
code is for programs, the message for people (gettext, Russian), the details name the fields of
a bad request. Every operation documents the statuses it may answer with this schema.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.utils.translation import gettext as _
from ninja import Schema
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from tenants.rate_limits import RateLimiterUnavailable, RateLimitExceeded

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger(__name__)


class ErrorDetail(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    code: str
    message: str
    details: list[ErrorDetail] = []


class ApiError(Exception):
    def __init__(self, status: int, code: str, message: str, details: list[ErrorDetail] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details or []


def api_not_found() -> ApiError:
    return ApiError(404, "not_found", _("Не найдено."))


def api_forbidden(message: str) -> ApiError:
    return ApiError(403, "forbidden", message)


# Statuses the public reads may answer besides 200; keyed operations add 401, 403, 429 and 503.
PUBLIC_ERRORS: dict[int, Any] = {404: ErrorOut, 422: ErrorOut}
KEYED_ERRORS: dict[int, Any] = {**PUBLIC_ERRORS, 401: ErrorOut, 403: ErrorOut, 429: ErrorOut, 503: ErrorOut}


def _answer(api: NinjaAPI, request: HttpRequest, error: ApiError) -> HttpResponse:
    body = ErrorOut(code=error.code, message=error.message, details=error.details)
    response = api.create_response(request, body.model_dump(), status=error.status)
    if error.status == 401:
        response["WWW-Authenticate"] = "Bearer"
    return response


def _field_of(location: tuple[Any, ...] | list[Any]) -> str:
    # ninja says ("query", "since") or ("body", "payload", "hours"): the field is the last name.
    names = [str(part) for part in location if part not in ("query", "body", "path", "payload")]
    return ".".join(names) or "?"


def _validation_details(errors: list[dict[str, Any]]) -> list[ErrorDetail]:
    details = []
    for error in errors:
        kind = error.get("type", "")
        if kind == "missing":
            message = _("Обязательное поле.")
        elif kind.startswith(("int", "date", "datetime", "bool", "float", "decimal")):
            message = _("Неверный формат значения.")
        elif kind in ("greater_than_equal", "less_than_equal", "greater_than", "less_than"):
            message = _("Значение вне допустимых пределов.")
        else:
            message = _("Недопустимое значение.")
        details.append(ErrorDetail(field=_field_of(error.get("loc", ())), message=message))
    return details


def _django_details(error: DjangoValidationError) -> list[ErrorDetail]:
    if hasattr(error, "error_dict"):
        return [
            ErrorDetail(field=field, message=str(message))
            for field, messages in error.message_dict.items()
            for message in messages
        ]
    return [ErrorDetail(field="__all__", message=str(message)) for message in error.messages]


def api_path_unknown(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """An address under ``/api/v1/`` that no operation has: a 404 in the error shape, not a page."""
    body = ErrorOut(code="not_found", message=_("Такого адреса в API нет."))
    return JsonResponse(body.model_dump(), status=404, json_dumps_params={"ensure_ascii": False})


def exception_handlers_install(api: NinjaAPI) -> None:
    """Answer every failure in the documented shape (ninja's own answers differ)."""

    def handle(error_class: type[Exception], convert: Any) -> None:
        api.add_exception_handler(error_class, lambda request, exc: _answer(api, request, convert(exc)))

    handle(ApiError, lambda exc: exc)
    handle(AuthenticationError, lambda exc: ApiError(401, "unauthorized", _("Нужен действующий ключ API.")))
    handle(
        NinjaValidationError,
        lambda exc: ApiError(422, "invalid", _("Запрос содержит ошибки."), _validation_details(exc.errors)),
    )
    handle(
        DjangoValidationError, lambda exc: ApiError(422, "invalid", _("Запрос содержит ошибки."), _django_details(exc))
    )
    handle(PermissionDenied, lambda exc: api_forbidden(str(exc) or _("Недостаточно прав.")))
    handle(Http404, lambda exc: api_not_found())
    handle(
        RateLimitExceeded,
        lambda exc: ApiError(429, "rate_limited", _("Слишком много запросов по этому ключу. Повторите через минуту.")),
    )
    handle(
        RateLimiterUnavailable,
        lambda exc: ApiError(
            503, "unavailable", _("Сервис временно перегружен. Повторите запрос через несколько минут.")
        ),
    )
    handle(HttpError, lambda exc: ApiError(exc.status_code, "error", str(exc)))

    def unexpected(request: HttpRequest, exc: Any) -> HttpResponse:
        logger.exception("API: unexpected error", exc_info=exc)
        raise exc  # Django's own 500 handling (logging, the error page) answers

    api.add_exception_handler(Exception, unexpected)
