"""Render issued documents to PDF with WeasyPrint from the content frozen at issuance."""

from __future__ import annotations

import base64
import io
from typing import Any

from django.template.loader import render_to_string

TEMPLATES = {
    "minutes": "review/docs/minutes.html",
    "notice": "review/docs/notice.html",
    "decision": "review/docs/decision.html",
    "certificate": "review/docs/certificate.html",
    "reply": "review/docs/reply.html",
}


def qr_data_uri(text: str) -> str:
    """Return a PNG QR code of ``text`` as a data URI (segno, medium error correction)."""
    import segno

    buffer = io.BytesIO()
    segno.make(text, error="m").save(buffer, kind="png", scale=4, border=2)
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def sign_lines(kind: str, signer_title: str) -> list[str]:
    """Return the signature block's title lines (Decree 30/2020 §1.4): the chair's own decisions carry no "TM."."""
    vice = signer_title.strip().lower().startswith("phó")
    lines = ["KT. Chủ tịch", "Phó Chủ tịch"] if vice else ["Chủ tịch"]
    if kind in ("notice", "reply"):
        return ["TM. Ủy ban nhân dân", *lines]
    return lines


def reference_text(content: dict[str, Any]) -> str:
    number = content.get("number_line", "").replace("Số: ", "")
    date = content.get("place_date", "").split(", ", 1)[-1]
    issuer = "Chủ tịch Ủy ban nhân dân" if content.get("authority") else "Ủy ban nhân dân"
    kind = "Quyết định" if content.get("authority") else "Thông báo"
    return f"Kèm theo {kind} số {number} {date} của {issuer} {content.get('commune_name', '')}"


def document_html(kind: str, content: dict[str, Any], *, draft: bool = False) -> str:
    context = {"c": content, "draft": draft, "sign_lines": sign_lines(kind, content.get("signer_title", "")),
               "ref_text": reference_text(content)}
    if kind == "certificate" and content.get("verify_url"):
        context["qr"] = qr_data_uri(content["verify_url"])
    return render_to_string(TEMPLATES[kind], context)


def document_pdf_bytes(kind: str, content: dict[str, Any], *, draft: bool = False) -> bytes:
    from weasyprint import HTML

    return HTML(string=document_html(kind, content, draft=draft)).write_pdf()
