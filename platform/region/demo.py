"""Demo regional news for the portal (public schema), written by the institute's demo account.

Idempotent: a title already there is not written again.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import User
from region.models import RegionalNews
from region.services import regional_news_create

# (days ago, title, summary, body)
NEWS = (
    (
        2,
        "Приём заявок в единый календарь значимых образовательных событий",
        "Муниципальные методические службы направляют предложения в единый календарь РС НМС до 20 декабря.",
        "Предложения направляются через раздел «Единый календарь региона» в кабинете службы (004 п. 4.6).",
    ),
    (
        9,
        "Региональный семинар руководителей муниципальных методических служб",
        "ЛОИРО приглашает руководителей ММС на семинар «Адресная методическая помощь школам».",
        "Семинар пройдёт в очном и дистанционном форматах; материалы будут размещены в банке практик.",
    ),
    (
        23,
        "Итоги мониторинга курсовой подготовки педагогов за 2025/2026 учебный год",
        "Опубликованы сводные показатели охвата педагогов повышением квалификации по муниципалитетам.",
        "",
    ),
)


def demo_seed_region() -> None:
    author = User.objects.filter(email="loiro@lenobl.example").first()
    today = timezone.localdate()
    for days_ago, title, summary, body in NEWS:
        if RegionalNews.objects.filter(title=title).exists():
            continue
        regional_news_create(
            title=title,
            summary=summary,
            body=body,
            published_on=today - datetime.timedelta(days=days_ago),
            acting_user=author,
        )
