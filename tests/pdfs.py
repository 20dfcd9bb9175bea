"""Small, well-formed PDFs for tests (a result must be a readable PDF: it gets signed)."""

from __future__ import annotations


def minimal_pdf(note: str = "", *, extra_catalog: str = "", extra_objects: tuple[str, ...] = ()) -> bytes:
    """A one-page A4 PDF with a correct cross-reference table. ``note`` goes into a comment (different
    bytes, same document); ``extra_catalog`` is added to the catalogue dictionary and ``extra_objects``
    become objects 4, 5, … (to build hostile files)."""
    objects = [
        f"<< /Type /Catalog /Pages 2 0 R {extra_catalog}>>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << >> >>",
        *extra_objects,
    ]
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    if note:
        out += f"% {note}\n".encode()
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode()
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    for offset in offsets:
        out += f"{offset:010d} 00000 n \n".encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)
