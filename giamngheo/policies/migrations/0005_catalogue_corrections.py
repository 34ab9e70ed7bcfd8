"""Correct the seeded catalogue (domain spec §6) on installations seeded before the corrections.

- The smartphone programme (QĐ 2269/QĐ-TTg) and the housing support of the 2021–2025 programme (QĐ 90/QĐ-TTg,
  Project 5) ran to the end of 2025: they end on 31/12/2025 (housing also gets its start, 18/01/2022).
- Staff notes that residents could read ("căn cứ hiện hành sau 2025 cần kiểm tra", "mức chưa đối chiếu") move
  from ``legal_basis``/``benefit`` into ``verification_note``.

Only a policy still at its seeded version 1 and still holding exactly the seeded values of the fields corrected
here is changed: a policy an administrator edited (version > 1) or a fresh installation (seeded with the corrected
catalogue already) is left alone. Each correction is a new version with its snapshot, as ``policy_update`` keeps
them, and an audit event. The values are frozen here, not read from ``catalogue.py``, which keeps changing.

Entitlements are not recomputed here: the daily ``policies.entitlements_dated_refresh`` (or
``giamngheo entitlements-refresh``) recomputes the policies changed since its last run.
"""

import datetime as dt

from django.db import migrations

SEEDED_NOTE = "Khởi tạo danh mục theo đặc tả (mục 6)"
NOTE = "Sửa danh mục theo đặc tả mục 6: thời hạn chương trình, ghi chú kiểm chứng tách khỏi nội dung cho người dân"
UNVERIFIED = "Mức hỗ trợ chưa đối chiếu với văn bản gốc; kiểm tra trước khi thông báo cho người dân."
FIELDS = ("name", "group", "agency", "legal_basis", "valid_from", "valid_to", "benefit", "how_to_claim",
          "documents", "amount_verified", "verification_note", "rule", "active", "public", "position")

# code -> field -> (value as seeded by 0002 before the corrections, corrected value)
CORRECTIONS = {
    "bhyt-ho-nong-nghiep-trung-binh": {
        "benefit": (
            "Nhà nước hỗ trợ tối thiểu 30% mức đóng bảo hiểm y tế (mức theo Nghị định 146/2018; "
            "mức theo Nghị định 188/2025 chưa đối chiếu).",
            "Nhà nước hỗ trợ một phần mức đóng bảo hiểm y tế (tối thiểu 30% theo Nghị định 146/2018).",
        ),
        "verification_note": (
            UNVERIFIED + " Chuẩn 2027–2030 chưa thấy quy định mức sống trung bình.",
            UNVERIFIED + " Mức 30% theo Nghị định 146/2018; mức theo Nghị định 188/2025 chưa đối chiếu. "
            "Chuẩn 2027–2030 chưa thấy quy định mức sống trung bình.",
        ),
    },
    "ho-tro-tien-dien": {
        "legal_basis": (
            "Quyết định 28/2014/QĐ-TTg; Thông tư 190/2014/TT-BTC (căn cứ hiện hành sau 2025 cần kiểm tra).",
            "Quyết định 28/2014/QĐ-TTg; Thông tư 190/2014/TT-BTC.",
        ),
        "verification_note": (
            "Mức 30 kWh đúng cho 2014–2019; căn cứ hiện hành chưa xác minh.",
            "Mức 30 kWh đúng cho 2014–2019; căn cứ hiện hành sau 2025 cần kiểm tra (có thể đã có quyết định "
            "thay thế năm 2025).",
        ),
    },
    "ho-tro-dien-thoai-thong-minh": {
        "valid_to": (None, "2025-12-31"),
        "verification_note": (
            "Chương trình đến năm 2025; việc tiếp tục trong năm 2026 và từ 2027 chưa xác minh.",
            "Chương trình viễn thông công ích theo Quyết định 2269/QĐ-TTg chạy đến hết năm 2025 nên chính sách "
            "hết hiệu lực sau 31/12/2025; chưa thấy văn bản tiếp tục trong năm 2026 hay từ 2027. Nếu có văn bản "
            "mới, sửa ngày hết hiệu lực và căn cứ pháp lý.",
        ),
    },
    "dao-tao-nghe-lao-dong-thu-nhap-thap": {
        "verification_note": (
            UNVERIFIED + " Tiêu chí người lao động thu nhập thấp sau 2026 chưa tìm thấy.",
            UNVERIFIED + " Tiêu chí người lao động thu nhập thấp sau 2026 chưa tìm thấy. Ngày hiệu lực của Nghị "
            "định 30/2025 chưa đối chiếu (24/02/2025 là ngày ban hành).",
        ),
    },
    "ho-tro-chi-phi-hoc-tap": {
        "benefit": (
            "Tiền hỗ trợ chi phí học tập cho học sinh thuộc hộ nghèo, hộ cận nghèo (mức chưa đối chiếu).",
            "Tiền hỗ trợ chi phí học tập cho học sinh thuộc hộ nghèo, hộ cận nghèo.",
        ),
        "verification_note": (UNVERIFIED, UNVERIFIED + " Mức hỗ trợ theo Nghị định 238/2025 chưa đọc."),
    },
    "ho-tro-nha-o": {
        "valid_from": (None, "2022-01-18"),
        "valid_to": (None, "2025-12-31"),
        "benefit": (
            "Hỗ trợ kinh phí xây mới hoặc sửa chữa nhà cho hộ nghèo, cận nghèo thiếu hụt về nhà ở "
            "(mức hỗ trợ chưa đối chiếu).",
            "Hỗ trợ kinh phí xây mới hoặc sửa chữa nhà cho hộ nghèo, cận nghèo thiếu hụt về nhà ở.",
        ),
        "verification_note": (
            UNVERIFIED,
            UNVERIFIED + " Dự án 5 của Chương trình mục tiêu quốc gia giảm nghèo bền vững 2021–2025 (Quyết định "
            "90/QĐ-TTg, 18/01/2022) và đợt xóa nhà tạm 2024–2025 kết thúc 31/12/2025; hỗ trợ nhà ở trong chương "
            "trình hợp nhất 2026–2035 chưa xác minh (nếu có, thêm chính sách mới với căn cứ mới).",
        ),
    },
}


def _value(name, value):
    if name in ("valid_from", "valid_to") and value is not None:
        return dt.date.fromisoformat(value)
    return value


def _json(value):
    return value.isoformat() if isinstance(value, dt.date) else value


def correct(apps, schema_editor=None):
    """Apply CORRECTIONS to the policies still as seeded; return the codes changed."""
    Policy = apps.get_model("policies", "Policy")
    PolicyVersion = apps.get_model("policies", "PolicyVersion")
    AuditEvent = apps.get_model("common", "AuditEvent")
    changed = []
    for code, fields in CORRECTIONS.items():
        policy = Policy.objects.filter(code=code, version=1).first()
        if policy is None:  # missing, or edited by an administrator since it was seeded
            continue
        seeded = PolicyVersion.objects.filter(policy=policy, version=1).first()
        if seeded is None or seeded.changed_by_id is not None or seeded.note != SEEDED_NOTE:
            continue
        if any(getattr(policy, name) != _value(name, old) for name, (old, _new) in fields.items()):
            continue  # not the seeded values (a fresh installation already has the corrected ones)
        for name, (_old, new) in fields.items():
            setattr(policy, name, _value(name, new))
        policy.version = 2
        policy.save()
        snapshot = {name: _json(getattr(policy, name)) for name in FIELDS}
        PolicyVersion.objects.create(policy=policy, version=2, data=snapshot, note=NOTE)
        AuditEvent.objects.create(
            actor=None, actor_label="hệ thống", action="policy.update", object_type="policies.policy",
            object_id=str(policy.pk), object_label=policy.name[:200],
            before={name: old for name, (old, _new) in fields.items()},
            after={**{name: new for name, (_old, new) in fields.items()}, "version": 2},
            channel="system",
        )
        changed.append(code)
    return changed


def forwards(apps, schema_editor):
    correct(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("policies", "0004_entitlement_no_foreign_key_indexes"),
        ("common", "0002_audit_append_only"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
