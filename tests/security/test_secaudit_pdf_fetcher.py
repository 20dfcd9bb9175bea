"""Finding 6: a slip template must not fetch URLs or embed server files in a PDF."""

from __future__ import annotations

import http.server
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from motcua.documents import rendering
from motcua.documents.models import SlipTemplate
from motcua.documents.rendering import StaticOnlyFetcher, html_to_pdf, static_path
from motcua.documents.slips import slip_pdf
from tests.conftest import Cast
from tests.dossiers.factories import received

# A 1×1 red PNG.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478da63f8cfc000000301"
    "0100c9fe92ef0000000049454e44ae426082"
)
BASE = "http://127.0.0.1:8000/"


@pytest.fixture(autouse=True)
def _public_base_url(settings: Any) -> None:
    settings.PUBLIC_BASE_URL = BASE
    settings.STATIC_URL = "/static/"


@pytest.fixture
def listener() -> Iterator[tuple[str, list[str]]]:
    """A local HTTP server that records every request it gets."""
    hits: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "text/css")
            self.end_headers()
            self.wfile.write(b"body { color: red }")

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}", hits
    server.shutdown()
    server.server_close()


@pytest.fixture
def static_dir(tmp_path: Path, settings: Any) -> Path:
    directory = tmp_path / "static"
    (directory / "motcua").mkdir(parents=True)
    (directory / "motcua" / "dot.png").write_bytes(PNG)
    settings.STATICFILES_DIRS = [str(directory)]
    return directory


@pytest.fixture
def fetch_log(monkeypatch: pytest.MonkeyPatch) -> list[StaticOnlyFetcher]:
    """Every fetcher html_to_pdf makes, with what it fetched and refused."""
    made: list[StaticOnlyFetcher] = []

    class Spy(StaticOnlyFetcher):
        def __init__(self) -> None:
            super().__init__()
            made.append(self)

    monkeypatch.setattr(rendering, "StaticOnlyFetcher", Spy)
    return made


def pdf_run(tool: str, pdf: bytes, tmp_path: Path, *args: str) -> str:
    path = tmp_path / "out.pdf"
    path.write_bytes(pdf)
    return subprocess.run(
        [tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])], capture_output=True, text=True, check=True
    ).stdout


def test_a_slip_template_cannot_fetch_server_files_or_urls(
    cast: Cast, tmp_path: Path, listener: tuple[str, list[str]], fetch_log: list[StaticOnlyFetcher]
) -> None:
    origin, hits = listener
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-DB-PASSWORD\n")
    SlipTemplate.objects.create(
        kind="receipt",
        body=(
            "<html><head>"
            f'<link rel="stylesheet" href="{origin}/evil.css">'
            f'<link rel="attachment" href="file://{secret}">'
            '<link rel="attachment" href="file:///proc/self/environ">'
            "<style>body { background: url(file:///proc/self/environ) }"
            f" @import url({origin}/import.css);</style>"
            "</head><body>"
            '<img src="file:///etc/passwd"><img src="http://127.0.0.1:1/x">'
            f'<img src="{origin}/img.png"><img src="/static/../../../../etc/passwd">'
            f'<a rel="attachment" href="file://{secret}">leak</a>'
            "<p>{{ dossier.code }}</p></body></html>"
        ),
    )
    dossier = received(cast)

    pdf = slip_pdf(dossier, "receipt")

    assert dossier.code in pdf_run("pdftotext", pdf, tmp_path)  # rendering still succeeds
    assert hits == []  # nothing reached the HTTP server
    assert "secret" not in pdf_run("pdfdetach", pdf, tmp_path, "-list")
    assert "environ" not in pdf_run("pdfdetach", pdf, tmp_path, "-list")
    assert b"TOP-SECRET" not in pdf and b"root:" not in pdf
    (fetcher,) = fetch_log
    assert fetcher.fetched == []
    assert set(fetcher.refused) >= {
        f"{origin}/evil.css",
        f"file://{secret}",
        "file:///proc/self/environ",
        "file:///etc/passwd",
        "http://127.0.0.1:1/x",
    }


def test_the_default_fetcher_would_have_embedded_the_file(tmp_path: Path) -> None:
    """Guards the test above: the same attachment does leak with WeasyPrint's own fetcher."""
    from weasyprint import HTML

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-DB-PASSWORD\n")
    html = f'<link rel="attachment" href="file://{secret}"><p>x</p>'
    leaking = HTML(string=html).write_pdf()
    assert "secret.txt" in pdf_run("pdfdetach", leaking, tmp_path, "-list")
    assert "secret.txt" not in pdf_run("pdfdetach", html_to_pdf(html), tmp_path, "-list")


def test_a_static_image_still_loads(static_dir: Path, tmp_path: Path) -> None:
    fetcher = StaticOnlyFetcher()
    pdf = html_to_pdf('<img src="/static/motcua/dot.png" style="width:2cm"><p>ok</p>', fetcher=fetcher)
    assert fetcher.refused == []
    assert fetcher.fetched == [f"{BASE}static/motcua/dot.png"]
    assert len(pdf_run("pdfimages", pdf, tmp_path, "-list").splitlines()) == 3  # header, rule, one image


def test_a_static_stylesheet_loads_from_a_custom_template(
    cast: Cast, static_dir: Path, fetch_log: list[StaticOnlyFetcher]
) -> None:
    (static_dir / "motcua" / "slip.css").write_text(".x { background: url(dot.png) }")
    SlipTemplate.objects.create(
        kind="receipt",
        body='{% load static %}<link rel="stylesheet" href="{% static "motcua/slip.css" %}">'
        '<div class="x" style="height:1cm">{{ dossier.code }}</div>',
    )
    slip_pdf(received(cast), "receipt")
    (fetcher,) = fetch_log
    assert fetcher.refused == []
    assert fetcher.fetched == [  # the stylesheet, then the image it names relative to itself
        f"{BASE}static/motcua/slip.css",
        f"{BASE}static/motcua/dot.png",
    ]


@pytest.mark.parametrize(
    "url",
    [
        f"{BASE}static/../settings.py",
        f"{BASE}static/motcua/../../settings.py",
        f"{BASE}static/%2e%2e/settings.py",
        f"{BASE}static/motcua/%2e%2e/%2e%2e/settings.py",
        f"{BASE}static//etc/passwd",
        f"{BASE}static/%2fetc%2fpasswd",
        f"{BASE}static/..%5c..%5csettings.py",
        "http://evil.example/static/motcua/dot.png",
        "file:///static/motcua/dot.png",
        "http://127.0.0.1:8000/media/x.pdf",
    ],
)
def test_static_paths_do_not_traverse(static_dir: Path, url: str) -> None:
    assert static_path(url) is None


def test_static_root_serves_collected_files_only_inside_it(settings: Any, tmp_path: Path) -> None:
    root = tmp_path / "collected"
    (root / "motcua").mkdir(parents=True)
    (root / "motcua" / "dot.abc123.png").write_bytes(PNG)
    settings.STATIC_ROOT = str(root)
    assert static_path(f"{BASE}static/motcua/dot.abc123.png") == (root / "motcua" / "dot.abc123.png")
    assert static_path(f"{BASE}static/motcua/missing.png") is None
