"""Error pages (styled, in the page language, extending the site layout) and the site icon."""

from __future__ import annotations

from typing import Any

import pytest
from django.template.loader import get_template
from django.test import Client, RequestFactory
from django.utils import translation
from django.views import defaults

from tests.conftest import Cast


@pytest.mark.parametrize(("language", "text"), [("vi", "Không tìm thấy trang"), ("en", "Page not found")])
def test_an_unknown_address_gets_a_styled_404_in_the_page_language(db: Any, language: str, text: str) -> None:
    response = Client(HTTP_ACCEPT_LANGUAGE=language).get("/khong-co-trang-nay/")
    assert response.status_code == 404
    page = response.content.decode()
    assert text in page
    assert "site.css" in page
    assert 'href="/tra-cuu/"' in page


def test_a_forbidden_page_is_styled_and_says_why(cast: Cast) -> None:
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(cast.clerk)
    response = client.get("/backoffice/giam-sat/")
    assert response.status_code == 403
    page = response.content.decode()
    assert "You cannot open this page" in page
    assert "Only a centre supervisor sees every agency." in page
    assert "site.css" in page


def test_the_500_page_renders_without_a_request() -> None:
    with translation.override("vi"):
        page = get_template("500.html").render()
    assert "Đã có lỗi xảy ra" in page
    assert "site.css" in page
    assert "csrfmiddlewaretoken" not in page


def test_the_server_error_view_uses_the_styled_page(db: Any) -> None:
    response = defaults.server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert "Something went wrong" in response.content.decode()


def test_a_bad_request_is_styled(db: Any) -> None:
    response = defaults.bad_request(RequestFactory().get("/"), exception=Exception())
    assert response.status_code == 400
    assert "The request could not be understood" in response.content.decode()


def test_every_page_names_the_site_icon_and_favicon_ico_leads_to_it(cast: Cast) -> None:
    from django.contrib.staticfiles import finders

    assert finders.find("motcua/favicon.svg")
    assert 'rel="icon" href="/static/motcua/favicon.svg"' in Client().get("/").content.decode()
    staff = Client()
    staff.force_login(cast.clerk)
    assert 'rel="icon"' in staff.get("/backoffice/").content.decode()
    response = Client().get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"] == "/static/motcua/favicon.svg"
