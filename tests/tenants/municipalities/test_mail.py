"""Mail in a municipality's name: its service's name in ``From``, its contact address in ``Reply-To``."""

from __future__ import annotations

from email.utils import parseaddr

from django.core import mail

from tenants.municipalities.mail import municipal_mail_send


def test_a_municipality_writes_as_its_service_and_answers_reach_it(muni_a, settings):
    settings.DEFAULT_FROM_EMAIL = "Методика <noreply@metodika.example>"
    municipal_mail_send(municipality=muni_a, subject="Тема", body="Текст", to=["teacher@example.test"])
    (message,) = mail.outbox
    name, address = parseaddr(message.from_email)
    assert (name, address) == ("Методическая служба: Округ А", "noreply@metodika.example")
    assert message.reply_to == ["alpha@example.test"]
    assert "Reply-To: alpha@example.test" in message.message().as_string()


def test_the_region_writes_with_the_platforms_sender(settings):
    settings.DEFAULT_FROM_EMAIL = "Методика <noreply@metodika.example>"
    municipal_mail_send(municipality=None, subject="Тема", body="Текст", to=["x@example.test"])
    (message,) = mail.outbox
    assert message.from_email == "Методика <noreply@metodika.example>" and message.reply_to == []
