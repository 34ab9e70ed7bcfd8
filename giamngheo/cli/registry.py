"""`giamngheo import FILE --commune CODE` (stage and preview), `import-confirm`, `import-reject`, `import-expire`.

`import-confirm` writes in this process, however large the batch (the command line waits anyway); the web and
the API hand large batches to the background task instead.
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from giamngheo.cli.bootstrap import django_setup, ensure_database
from giamngheo.cli.errors import CLIError

PROBLEMS_SHOWN = 50


def register(sub: Any) -> None:
    stage = sub.add_parser(
        "import", help="Nhập tệp kết quả rà soát (kèm trang thành viên) vào sổ hộ của một xã: xem trước, chờ xác nhận.")
    stage.add_argument("file", type=Path, metavar="TỆP", help=".xlsx (trang households + members), .csv hoặc .parquet")
    stage.add_argument("--commune", required=True, metavar="MÃ_XÃ", help="mã xã hiện hành (5 chữ số)")
    stage.add_argument("--year", type=int, help="năm rà soát (mặc định: năm của ngày đánh giá)")
    stage.add_argument("--standard", metavar="CHUẨN", help="mã chuẩn nghèo (mặc định: chuẩn đang có hiệu lực)")
    stage.add_argument("--assessed-on", type=dt.date.fromisoformat, metavar="YYYY-MM-DD",
                       help="ngày đánh giá (mặc định: hôm nay)")
    stage.add_argument("--members", type=Path, metavar="TỆP", help="tệp thành viên riêng (khi tệp hộ là .csv)")
    stage.add_argument("--user", metavar="TÀI_KHOẢN", help="tài khoản người nhập (mặc định: người vận hành máy chủ)")
    stage.set_defaults(handler=import_command)
    for name, verb in (("import-confirm", "Xác nhận"), ("import-reject", "Từ chối")):
        decide = sub.add_parser(name, help=f"{verb} một lô nhập đang chờ (người thứ hai, khác người nhập).")
        decide.add_argument("batch", type=int, metavar="SỐ_LÔ")
        decide.add_argument("--user", required=name == "import-confirm", metavar="TÀI_KHOẢN",
                            help="tài khoản người xác nhận")
        if name == "import-reject":
            decide.add_argument("--note", default="", help="lý do từ chối")
        decide.set_defaults(handler=confirm_command if name == "import-confirm" else reject_command)
    expire = sub.add_parser(
        "import-expire", help="Cho hết hạn các lô nhập chờ xác nhận quá hạn (GIAMNGHEO_IMPORT_PENDING_DAYS ngày) và "
                              "xóa dữ liệu đã kiểm tra của chúng.")
    expire.set_defaults(handler=expire_command)


def import_command(args: argparse.Namespace) -> int:
    with _command():
        return _import_command(args)


def _import_command(args: argparse.Namespace) -> int:
    from giamngheo.geo.models import AdminUnit, UnitLevel
    from giamngheo.registry.importing import ImportRefused, household_import_stage
    from giamngheo.registry.models import ImportStatus

    content = _read(args.file)
    members = _read(args.members) if args.members else None
    commune = AdminUnit.objects.filter(level=UnitLevel.COMMUNE, code=args.commune, valid_to__isnull=True).first()
    if commune is None:
        raise CLIError(f"Không có xã hiện hành mã '{args.commune}'. (Unknown commune code.)", 2)
    try:
        batch = household_import_stage(
            acting_user=_user(args.user), commune_id=commune.id, content=content, filename=args.file.name,
            year=args.year, standard_id=args.standard, assessed_on=args.assessed_on, members_content=members,
            members_filename=args.members.name if args.members else "",
        )
    except ImportRefused as error:
        raise CLIError(str(error), 2) from None
    if batch.status == ImportStatus.CONFIRMED:
        print(f"Tệp này đã được nhập và xác nhận (lô #{batch.pk}, {batch.decided_at:%d/%m/%Y %H:%M}); "
              "không có gì thay đổi.")
        return 0
    if batch.status == ImportStatus.INVALID:
        print(f"Lô #{batch.pk}: {batch.error_count} lỗi — không có gì được ghi. Sửa tệp rồi nhập lại.")
        for problem in batch.errors[:PROBLEMS_SHOWN]:
            print("  " + _problem(problem))
        if batch.error_count > PROBLEMS_SHOWN:
            print(f"  … và {batch.error_count - PROBLEMS_SHOWN} lỗi khác.")
        return 2
    _print_summary(batch)
    print(f"Lô #{batch.pk} đang chờ người thứ hai xác nhận: giamngheo import-confirm {batch.pk} --user TÀI_KHOẢN")
    return 0


def confirm_command(args: argparse.Namespace) -> int:
    with _command():
        return _confirm_command(args)


def _confirm_command(args: argparse.Namespace) -> int:
    from giamngheo.registry.importing import ImportRefused, household_import_confirm

    try:
        batch = household_import_confirm(acting_user=_user(args.user), batch_id=args.batch)
    except ImportRefused as error:
        raise CLIError(str(error), 2) from None
    written = batch.summary["written"]
    print(f"Đã ghi lô #{batch.pk} vào sổ hộ: {written['households_new']} hộ mới, {written['households_changed']} "
          f"hộ thay đổi, {written['assessments_new']} kết quả rà soát mới, {written['members_written']} thành viên.")
    return 0


def reject_command(args: argparse.Namespace) -> int:
    with _command():
        return _reject_command(args)


def _reject_command(args: argparse.Namespace) -> int:
    from giamngheo.registry.importing import ImportRefused, household_import_reject

    try:
        batch = household_import_reject(acting_user=_user(args.user), batch_id=args.batch, note=args.note)
    except ImportRefused as error:
        raise CLIError(str(error), 2) from None
    print(f"Đã từ chối lô #{batch.pk}; không có gì được ghi.")
    return 0


def expire_command(args: argparse.Namespace) -> int:
    with _command():
        return _expire_command(args)


def _expire_command(args: argparse.Namespace) -> int:
    from django.conf import settings

    from giamngheo.registry.importing.services import household_import_expire

    days = settings.REGISTRY_IMPORT_PENDING_DAYS
    expired = household_import_expire(acting_user=None)
    if not expired:
        print(f"Không có lô nhập nào chờ xác nhận quá {days} ngày.")
        return 0
    print(f"Đã cho hết hạn {len(expired)} lô nhập chờ xác nhận quá {days} ngày và xóa dữ liệu đã kiểm tra: "
          + ", ".join(f"#{pk}" for pk in expired) + ".")
    return 0


@contextmanager
def _command() -> Iterator[None]:
    """Start Django and mark audit events of this command as coming from the command line."""
    django_setup()
    ensure_database()
    from giamngheo.common.request_context import RequestOrigin, reset_origin, set_origin

    token = set_origin(RequestOrigin(channel="cli"))
    try:
        yield
    finally:
        reset_origin(token)


def _read(path: Path) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise CLIError(f"Không tìm thấy tệp '{path}'. (File not found.)", 2) from None
    except OSError as error:
        raise CLIError(f"Không đọc được tệp '{path}': {error.strerror}.", 2) from None


def _user(username: str | None) -> Any:
    if username is None:
        return None
    from giamngheo.accounts.models import User

    user = User.objects.filter(username=username, is_active=True).first()
    if user is None:
        raise CLIError(f"Không có tài khoản đang hoạt động '{username}'. (Unknown user.)", 2)
    return user


def _problem(problem: dict[str, Any]) -> str:
    from giamngheo.registry.importing import ImportProblem

    return str(ImportProblem(problem["sheet"], problem["row"], problem["column"], problem["message"]))


def _print_summary(batch: Any) -> None:
    summary = batch.summary
    categories = summary.get("categories", {})
    print(f"Xem trước lô #{batch.pk} ({batch.file_name}, năm {batch.year}, chuẩn {batch.standard_id}):")
    print(f"  {summary['rows']} hộ trong tệp: {summary['households_new']} hộ mới, {summary['households_changed']} "
          f"hộ thay đổi, {summary['households_unchanged']} hộ không đổi; {summary['assessments_new']} kết quả mới.")
    print(f"  Hộ nghèo {categories.get('poor', 0)}, cận nghèo {categories.get('near_poor', 0)}, "
          f"mức sống trung bình {categories.get('average', 0)}, không nghèo {categories.get('non_poor', 0)}.")
    if summary.get("members") is not None:
        print(f"  {summary['members']} thành viên ({summary['members_written']} sẽ được ghi).")
    if summary.get("villages_new"):
        print(f"  Thôn mới sẽ được tạo: {', '.join(summary['villages_new'])}.")
