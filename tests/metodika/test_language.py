"""The site speaks Russian unless the visitor picks English in the footer switch.

The browser's Accept-Language is not asked: it turned allauth's and Django's strings English
while ours stayed Russian. Choosing English must turn both ours and allauth's strings English.
"""

from __future__ import annotations

import ast
import gettext
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

REPO_ROOT = Path(__file__).resolve().parents[2]
CATALOG = REPO_ROOT / "locale" / "en" / "LC_MESSAGES" / "django.po"
SETLANG_URL = "/i18n/setlang/"
LOGIN_URL = "/accounts/login/"
CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def _choose(client: Client, language: str, next_url: str = "/") -> None:
    response = client.post(SETLANG_URL, {"language": language, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == next_url
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == language


def _without(body: str, *names: str) -> str:
    for name in names:
        body = body.replace(name, "")
    return body


def test_russian_by_default_even_for_a_browser_asking_for_english(muni_a):
    client = Client(HTTP_HOST=muni_a.default_hostname, HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="ru">' in body
    assert "Перейти к содержанию" in body and "Войти" in body
    assert "Skip to content" not in body and "Sign in" not in body
    assert response["Content-Language"] == "ru"
    assert "Cookie" in response["Vary"]


def test_the_footer_switch_posts_to_site_preferences_and_comes_back_here(muni_a, host_client):
    client = host_client(muni_a)
    body = client.get(LOGIN_URL).content.decode()
    switch = body[body.index('<form method="post" action="/preferences/" class="language-switch"') :]
    switch = switch[: switch.index("</form>")]
    # No CSRF token: the switch only sets a preference cookie, and pages carrying a token
    # could not be cached.
    assert 'name="csrfmiddlewaretoken"' not in switch
    assert f'<input type="hidden" name="next" value="{LOGIN_URL}">' in switch
    assert 'value="ru" lang="ru" aria-pressed="true">Русский</button>' in switch
    assert 'value="en" lang="en" aria-pressed="false">English</button>' in switch
    response = client.post("/preferences/", {"language": "en", "next": LOGIN_URL})
    assert response.status_code == 303 and response["Location"] == LOGIN_URL
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


def test_choosing_english_turns_our_and_allauths_strings_english_and_back(muni_a, host_client):
    client = host_client(muni_a)
    _choose(client, "en")

    home = client.get("/")
    assert home.status_code == 200 and home["Content-Language"] == "en"
    body = home.content.decode()
    assert '<html lang="en">' in body
    assert "Skip to content" in body and "Municipal methodological service" in body
    assert ">Sign in</a>" in body and "Перейти к содержанию" not in body

    login = client.get(LOGIN_URL).content.decode()
    assert '<html lang="en">' in login
    # Ours.
    assert "<h1>Sign in</h1>" in login and "One account for all the municipalities" in login
    assert "Forgot your password?" in login
    # allauth's form labels.
    assert '<label for="id_login">Email</label>' in login
    assert '<label for="id_password">Password</label>' in login
    assert 'value="en" lang="en" aria-pressed="true">English</button>' in login
    # Nothing Russian is left but the place's names and the switch back.
    leftover = _without(login, muni_a.name, muni_a.short_name, settings.REGION_NAME, ">Русский</button>")
    assert not CYRILLIC.search(leftover), CYRILLIC.search(leftover)

    _choose(client, "ru", LOGIN_URL)
    login = client.get(LOGIN_URL).content.decode()
    assert '<html lang="ru">' in login
    assert "Вход" in login and "Пароль" in login and "Забыли пароль?" in login
    assert "Password" not in login and "Sign in" not in login


def test_the_region_host_offers_the_same_choice(db, host_client):
    client = host_client()
    assert '<html lang="ru">' in client.get("/").content.decode()
    _choose(client, "en")
    body = client.get("/").content.decode()
    assert '<html lang="en">' in body and "Municipal methodological services" in body


def test_a_language_we_do_not_offer_falls_back_to_russian(muni_a, host_client):
    client = host_client(muni_a)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "de"
    assert '<html lang="ru">' in client.get(LOGIN_URL).content.decode()


def test_english_does_not_outlive_the_request(muni_a, host_client):
    client = host_client(muni_a)
    _choose(client, "en")
    client.get(LOGIN_URL)
    assert translation.get_language() == settings.LANGUAGE_CODE


# The catalog ----------------------------------------------------------------------------------


def _po_entries(path: Path) -> list[dict[str, object]]:
    """A tiny .po reader: msgid, msgid_plural, msgstr / msgstr[n] and flags of every live entry."""
    entries: list[dict[str, object]] = []
    entry: dict[str, object] = {}
    key = ""
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if "msgid" in entry:
                entries.append(entry)
            entry, key = {}, ""
        elif line.startswith("#,"):
            entry["flags"] = {flag.strip() for flag in line[2:].split(",")}
        elif line.startswith("#"):
            continue  # comments, references, obsolete (#~) entries
        elif line.startswith('"'):
            entry[key] = str(entry[key]) + ast.literal_eval(line)
        else:
            key, _, value = line.partition(" ")
            entry[key] = ast.literal_eval(value)
    return entries


def _translated_entries() -> list[dict[str, object]]:
    return [entry for entry in _po_entries(CATALOG) if entry["msgid"]]


def test_the_english_catalog_covers_our_strings():
    entries = _translated_entries()
    assert len(entries) > 150
    sources = " ".join(str(entry["msgid"]) for entry in entries)
    assert "Войти" in sources and "Педагог" in sources and "Укажите краткое наименование." in sources


@pytest.mark.parametrize("entry", _translated_entries(), ids=lambda entry: str(entry["msgid"])[:40])
def test_every_catalog_entry_is_translated_and_not_fuzzy(entry):
    assert "fuzzy" not in entry.get("flags", set())
    translations = [value for key, value in entry.items() if key.startswith("msgstr")]
    assert translations and all(translations), "untranslated"
    for translation_ in translations:
        assert not CYRILLIC.search(str(translation_)), translation_
        placeholders = re.findall(r"%\(\w+\)s", str(entry["msgid"]))
        assert sorted(set(re.findall(r"%\(\w+\)s", str(translation_)))) == sorted(set(placeholders))


def test_the_compiled_catalog_matches_the_po_file():
    with CATALOG.with_suffix(".mo").open("rb") as mo:
        compiled = gettext.GNUTranslations(mo)
    for entry in _translated_entries():
        if "msgid_plural" in entry:
            assert compiled.ngettext(str(entry["msgid"]), str(entry["msgid_plural"]), 1) == entry["msgstr[0]"]
        else:
            assert compiled.gettext(str(entry["msgid"])) == entry["msgstr"], "run compilemessages"
