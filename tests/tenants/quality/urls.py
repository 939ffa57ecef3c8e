"""Every admin URL of the quality app for a filled municipality (``quality_a``), by who may see it."""

from __future__ import annotations

from typing import Any

from tests.tenants.quality.factories import YEAR


def refused(response) -> bool:
    """Wagtail's answer to someone without access: to the login page, or back to the dashboard."""
    return response.status_code in (302, 403, 404) and (
        response.status_code != 302 or response["Location"].split("?")[0] in ("/accounts/login/", "/admin/")
    )


def numbers_urls(d: dict[str, Any]) -> list[str]:
    """Screens of results, indicators and flags: organisations and numbers, no teacher."""
    vpr = d["vpr"].pk
    return [
        f"/admin/quality/indicators/?year={YEAR}&kind=vpr",
        f"/admin/quality/indicators/?year={YEAR}&kind=vpr&subject=math&grade=5",
        f"/admin/quality/indicators/?year={YEAR}&kind=vpr&export=xlsx",
        "/admin/quality/procedures/",
        f"/admin/quality/procedures/inspect/{vpr}/",
        f"/admin/quality/procedures/{vpr}/results.xlsx",
        "/admin/quality/results/",
        f"/admin/quality/results/?procedure={vpr}",
        f"/admin/quality/support/?year={YEAR}",
        "/admin/quality/criteria/",
    ]


def editor_urls(d: dict[str, Any]) -> list[str]:
    """Screens that write: forms, the import."""
    vpr = d["vpr"].pk
    result = d["result"].pk
    return [
        "/admin/quality/procedures/new/",
        f"/admin/quality/procedures/edit/{vpr}/",
        f"/admin/quality/procedures/{vpr}/import/",
        f"/admin/quality/procedures/{vpr}/import/template/",
        f"/admin/quality/results/new/?procedure={vpr}",
        f"/admin/quality/results/edit/{result}/",
        "/admin/quality/programmes/new/",
        "/admin/quality/visits/new/",
        f"/admin/quality/visits/{d['visit'].pk}/lessons/add/",
        f"/admin/quality/visits/{d['visit'].pk}/lessons/{d['observation'].pk}/",
    ]


def personal_urls(d: dict[str, Any]) -> list[str]:
    """Screens that name teachers: programmes, visits, lesson observations, cards."""
    programme, visit, school = d["programme"].pk, d["visit"].pk, d["school"].pk
    return [
        "/admin/quality/programmes/",
        f"/admin/quality/programmes/inspect/{programme}/",
        f"/admin/quality/programmes/{programme}/measures/{d['measure'].pk}/",
        "/admin/quality/visits/",
        f"/admin/quality/visits/inspect/{visit}/",
        f"/admin/quality/visits/edit/{visit}/",
        f"/admin/quality/visits/history/{visit}/",
        f"/admin/quality/visits/usage/{visit}/",
        f"/admin/quality/visits/delete/{visit}/",
        f"/admin/quality/programmes/history/{programme}/",
        f"/admin/quality/programmes/edit/{programme}/",
        f"/admin/quality/programmes/{programme}/finish/",
        "/admin/quality/organisations/",
        f"/admin/quality/organisations/{school}/",
        f"/admin/quality/organisations/{school}/card.xlsx",
        f"/admin/quality/organisations/{school}/card.docx",
    ]


def all_urls(d: dict[str, Any]) -> list[str]:
    return [*numbers_urls(d), *editor_urls(d), *personal_urls(d)]
