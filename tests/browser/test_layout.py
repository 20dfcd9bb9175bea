"""The pages people use at a phone's width, by keyboard, with low vision and without JavaScript —
measured in the real browser: no sideways scrolling at 375 px, text contrast of at least WCAG AA, the
skip link first in the tab order with a visible focus on every control, and the public lookup working
with JavaScript turned off."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from motcua.dossiers.models import Dossier
from motcua.dossiers.services import dossier_approve, dossier_forward, dossier_result_attach
from tests.browser.conftest import login
from tests.conftest import Cast
from tests.dossiers.factories import at, received
from tests.pdfs import minimal_pdf

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 375, "height": 740}

# For every visible element holding text: its colour against the first opaque background behind it.
# WCAG 2.1 AA: 4.5:1, or 3:1 for large text (24 px, or 18.66 px bold).
CONTRAST_PROBLEMS = """() => {
  const rgb = (value) => (value.match(/[\\d.]+/g) || []).map(Number);
  const luminance = ([r, g, b]) => {
    const c = [r, g, b].map((v) => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4; });
    return 0.2126 * c[0] + 0.7152 * c[1] + 0.0722 * c[2];
  };
  const background = (el) => {
    for (let node = el; node; node = node.parentElement) {
      const c = rgb(getComputedStyle(node).backgroundColor);
      if (c.length === 3 || (c.length === 4 && c[3] === 1)) return c.slice(0, 3);
    }
    return [255, 255, 255];
  };
  const problems = [];
  for (const el of document.body.querySelectorAll('*')) {
    const own = [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim());
    const style = getComputedStyle(el);
    const box = el.getBoundingClientRect();
    if (!own || style.visibility === 'hidden' || box.width === 0 || box.height === 0 || box.right < 0) continue;
    const a = luminance(rgb(style.color).slice(0, 3)), b = luminance(background(el));
    const ratio = (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
    const size = parseFloat(style.fontSize), bold = Number(style.fontWeight) >= 700;
    const needed = size >= 24 || (bold && size >= 18.66) ? 3 : 4.5;
    const text = el.textContent.trim().slice(0, 30);
    if (ratio < needed) problems.push(`${el.tagName}.${el.className} "${text}" ${ratio.toFixed(2)}`);
  }
  return problems;
}"""

OVERFLOW = "() => document.documentElement.scrollWidth - window.innerWidth"

# Controls whose focused style shows no outline and no box shadow.
INVISIBLE_FOCUS = """() => {
  const hidden = [];
  for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea')) {
    const box = el.getBoundingClientRect();
    if (box.width === 0 || box.height === 0) continue;
    el.focus();
    if (document.activeElement !== el) continue;
    const s = getComputedStyle(el);
    if ((s.outlineStyle === 'none' || parseFloat(s.outlineWidth) === 0) && s.boxShadow === 'none') {
      hidden.push(`${el.tagName} ${el.getAttribute('name') || el.textContent.trim().slice(0, 30)}`);
    }
  }
  return hidden;
}"""


def citizen_paths(dossier: Dossier) -> list[str]:
    code = dossier.version.procedure.code
    return ["/", "/thu-tuc/", f"/thu-tuc/{code}/", "/co-quan/", "/tra-cuu/", f"/nop-ho-so/{code}/nguoi-nop/"]


def staff_paths(dossier: Dossier) -> list[str]:
    return [
        "/backoffice/",
        "/backoffice/hop-thu/agency/",
        "/backoffice/tiep-nhan/",
        f"/backoffice/tiep-nhan/{dossier.version.procedure.code}/",
        f"/backoffice/ho-so/{dossier.code}/",
        f"/backoffice/tim-kiem/?q={dossier.applicant_name}",
    ]


SUPERVISOR_PATHS = [
    "/backoffice/giam-sat/",
    "/backoffice/hop-thu/all/",
    "/backoffice/can-bo/",
    "/backoffice/can-bo/lich-truc/",
    "/backoffice/danh-muc/",
    "/backoffice/danh-muc/dung-han/",
]


def looked_up(page: Any, live_server: Any, dossier: Dossier) -> None:
    page.goto(f"{live_server.url}/tra-cuu/?ma={dossier.code}")
    page.get_by_label("Phone number or the last 4 digits of your identity number").fill("0912345678")
    page.get_by_role("button", name="Look up").click()
    page.wait_for_url(f"{live_server.url}/tra-cuu/{dossier.code}/")


def visit_all(page: Any, live_server: Any, paths: list[str], check: str) -> dict[str, Any]:
    """``check`` (a JS function) on every path; the failures by path."""
    found = {}
    for path in paths:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, path
        result = page.evaluate(check)
        if result:
            found[path] = result
    return found


def with_result(cast: Cast) -> Dossier:
    """A finished dossier with its electronic result: the longest lines (the SHA-256) on both sides."""
    dossier = received(cast)
    dossier = dossier_forward(actor=cast.officer, dossier=dossier, at=at("2027-03-02 08:00"))
    dossier = dossier_approve(actor=cast.head, dossier=dossier, at=at("2027-03-03 08:00"))
    upload = SimpleUploadedFile("ket-qua.pdf", minimal_pdf(), content_type="application/pdf")
    dossier_result_attach(actor=cast.officer, dossier=dossier, upload=upload, name="Phiếu lý lịch tư pháp số 1")
    return dossier


def test_no_page_scrolls_sideways_at_a_phones_width(
    cast: Cast, live_server: Any, browser: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    dossier = with_result(cast)
    citizen = browser.new_context(viewport=PHONE).new_page()
    assert visit_all(citizen, live_server, citizen_paths(dossier), OVERFLOW) == {}
    looked_up(citizen, live_server, dossier)
    assert citizen.get_by_text(dossier.documents.get().sha256).count() == 1
    assert citizen.evaluate(OVERFLOW) <= 0
    clerk = login(browser.new_context(viewport=PHONE), live_server, "clerk")
    assert visit_all(clerk, live_server, staff_paths(dossier), OVERFLOW) == {}
    supervisor = login(browser.new_context(viewport=PHONE), live_server, "supervisor")
    assert visit_all(supervisor, live_server, SUPERVISOR_PATHS, OVERFLOW) == {}


def test_text_has_at_least_aa_contrast_on_the_main_pages(cast: Cast, live_server: Any, browser: Any) -> None:
    dossier = received(cast)
    citizen = browser.new_context().new_page()
    assert visit_all(citizen, live_server, citizen_paths(dossier), CONTRAST_PROBLEMS) == {}
    looked_up(citizen, live_server, dossier)
    assert citizen.evaluate(CONTRAST_PROBLEMS) == []
    clerk = login(browser.new_context(), live_server, "clerk")
    assert visit_all(clerk, live_server, staff_paths(dossier), CONTRAST_PROBLEMS) == {}
    supervisor = login(browser.new_context(), live_server, "supervisor")
    assert visit_all(supervisor, live_server, SUPERVISOR_PATHS, CONTRAST_PROBLEMS) == {}


def test_the_checks_would_catch_low_contrast_overflow_and_a_hidden_focus(
    cast: Cast, live_server: Any, browser: Any
) -> None:
    page = browser.new_context(viewport=PHONE).new_page()
    page.goto(f"{live_server.url}/")
    page.evaluate(
        """() => { const p = document.createElement('p'); p.textContent = 'mờ'; p.style.color = '#bbbbbb';
                   p.style.background = '#ffffff'; p.style.width = '900px'; document.body.appendChild(p); }"""
    )
    assert any('"mờ"' in problem for problem in page.evaluate(CONTRAST_PROBLEMS))
    assert page.evaluate(OVERFLOW) > 0
    page.evaluate(
        """() => { const b = document.createElement('button'); b.textContent = 'Ẩn viền';
                   b.style.outline = 'none'; b.style.boxShadow = 'none'; document.body.appendChild(b); }"""
    )
    assert page.evaluate(INVISIBLE_FOCUS) == ["BUTTON Ẩn viền"]


def test_the_keyboard_reaches_the_skip_link_first_and_every_control_shows_its_focus(
    cast: Cast, live_server: Any, browser: Any
) -> None:
    dossier = received(cast)
    citizen = browser.new_context().new_page()
    citizen.goto(f"{live_server.url}/")
    citizen.keyboard.press("Tab")
    assert citizen.evaluate("() => document.activeElement.classList.contains('skip-link')")
    citizen.keyboard.press("Enter")
    assert citizen.evaluate("() => location.hash") == "#main"
    assert visit_all(citizen, live_server, citizen_paths(dossier), INVISIBLE_FOCUS) == {}
    clerk = login(browser.new_context(), live_server, "clerk")
    assert visit_all(clerk, live_server, staff_paths(dossier), INVISIBLE_FOCUS) == {}


def test_a_citizen_without_javascript_looks_a_dossier_up(cast: Cast, live_server: Any, browser: Any) -> None:
    dossier = received(cast)
    page = browser.new_context(java_script_enabled=False).new_page()
    looked_up(page, live_server, dossier)
    assert dossier.code in page.content()
    assert page.get_by_role("heading", level=1).count() == 1
