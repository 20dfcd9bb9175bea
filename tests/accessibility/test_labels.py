"""Every form control on the main pages has a label (for=, wrapping, or aria-label), every page has one
<h1>, a language and a skip link — checked on the rendered HTML."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any

import pytest
from django.test import Client

from tests.conftest import Cast
from tests.dossiers.factories import procedure_for, received


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict[str, str]] = []
        self.label_for: set[str] = set()
        self.open_labels = 0
        self.h1 = 0
        self.lang = ""
        self.skip_link = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.lang = a.get("lang", "")
        if tag == "h1":
            self.h1 += 1
        if tag == "a" and a.get("href") == "#main":
            self.skip_link = True
        if tag == "label":
            self.open_labels += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        if tag in {"input", "select", "textarea"} and a.get("type") not in {"hidden", "submit", "button"}:
            self.controls.append({**a, "_wrapped": "1" if self.open_labels else ""})

    def handle_endtag(self, tag: str) -> None:
        if tag == "label":
            self.open_labels -= 1


def check(html: str) -> list[str]:
    page = Page()
    page.feed(html)
    problems = [
        f"unlabelled {c.get('name') or c.get('id')}"
        for c in page.controls
        if not (c.get("id") in page.label_for or c["_wrapped"] or c.get("aria-label") or c.get("aria-labelledby"))
    ]
    if page.h1 != 1:
        problems.append(f"{page.h1} h1 elements")
    if not page.lang:
        problems.append("no lang")
    if not page.skip_link:
        problems.append("no skip link")
    return problems


@pytest.fixture
def pages(cast: Cast) -> dict[str, Any]:
    version = procedure_for(cast)
    dossier = received(cast)
    clerk = Client()
    clerk.force_login(cast.clerk)
    return {"cast": cast, "version": version, "dossier": dossier, "clerk": clerk}


def test_citizen_pages_label_every_control(client: Client, pages: dict[str, Any]) -> None:
    code = pages["version"].procedure.code
    for url in ("/", "/thu-tuc/", f"/thu-tuc/{code}/", "/co-quan/", "/tra-cuu/", f"/nop-ho-so/{code}/nguoi-nop/"):
        response = client.get(url, follow=True)
        assert response.status_code == 200, url
        assert check(response.content.decode()) == [], url


def test_staff_pages_label_every_control(pages: dict[str, Any]) -> None:
    clerk, code = pages["clerk"], pages["version"].procedure.code
    for url in (
        "/backoffice/",
        "/backoffice/hop-thu/agency/",
        "/backoffice/tiep-nhan/",
        f"/backoffice/tiep-nhan/{code}/",
        f"/backoffice/ho-so/{pages['dossier'].code}/",
        "/backoffice/tim-kiem/?q=an",
    ):
        response = clerk.get(url)
        assert response.status_code == 200, url
        assert check(response.content.decode()) == [], url
    assert check(Client().get("/backoffice/dang-nhap/").content.decode()) == []


def test_the_checker_catches_an_unlabelled_control_and_a_missing_heading() -> None:
    html = '<html lang="vi"><a href="#main">skip</a><input name="q"><label for="x">X</label><input id="x"></html>'
    assert check(html) == ["unlabelled q", "0 h1 elements"]
