"""`giamngheo assess`, `giamngheo standards` and `giamngheo template`: the law applied to whole files."""

from __future__ import annotations

import argparse
import datetime
import json
import sys
from pathlib import Path
from typing import Any

from giamngheo.cli.errors import CLIError
from giamngheo.domain.reasons import CATEGORIES, CATEGORY_NAMES_VI
from giamngheo.domain.standard import (
    InvalidStandard,
    Standard,
    UnknownStandard,
    standard_from_toml,
    standard_get,
    standard_in_force,
    standards_all,
)

BAD_INPUT = 2


def register(sub: Any) -> None:
    assess = sub.add_parser(
        "assess", help="Phân loại hộ trong tệp .csv/.xlsx/.parquet theo chuẩn nghèo (assess a whole file).",
        description="Đọc tệp hộ gia đình, phân loại từng hộ theo chuẩn nghèo và ghi tệp kết quả có thêm các cột "
                    "standard, category, deprivation_count, deprivations, reason.",
    )
    assess.add_argument("input", type=Path, help="tệp vào (.csv, .xlsx, .parquet)")
    assess.add_argument("-o", "--output", type=Path, required=True, help="tệp kết quả (.csv, .xlsx, .parquet)")
    which = assess.add_mutually_exclusive_group()
    which.add_argument("--standard", help="mã chuẩn nghèo (2022-2025, 2027-2030, …) hoặc tệp .toml hiệu chỉnh")
    which.add_argument("--on", help="dùng chuẩn có hiệu lực vào ngày này (YYYY-MM-DD); mặc định: hôm nay")
    assess.add_argument("--overlay", help="chuẩn địa phương: mã (dong-nai-2022-2025) hoặc tệp .toml")
    assess.add_argument("--compare", help="thêm phân loại theo chuẩn thứ hai và thống kê số hộ chuyển loại")
    assess.add_argument("--skip-invalid", action="store_true", help="bỏ qua dòng lỗi thay vì dừng")
    assess.set_defaults(handler=assess_command)

    standards = sub.add_parser("standards", help="Liệt kê hoặc xem chi tiết các chuẩn nghèo (list/show).")
    standards.add_argument("id", nargs="?", help="mã chuẩn cần xem chi tiết")
    standards.add_argument("--json", action="store_true", help="in dạng JSON")
    standards.set_defaults(handler=standards_command)

    template = sub.add_parser("template", help="Ghi mẫu .xlsx trống có tiêu đề tiếng Việt để xã điền.")
    template.add_argument("-o", "--output", type=Path, default=Path("mau-ra-soat-ho.xlsx"))
    template.add_argument("--standard", help="mã chuẩn nghèo (mặc định: chuẩn có hiệu lực hôm nay)")
    template.set_defaults(handler=template_command)


def chosen_standard(standard_id: str | None, on: str | None) -> Standard:
    """Return the standard named by id, or the national one in force on the date (today by default)."""
    try:
        if standard_id and standard_id.lower().endswith(".toml"):
            return _standard_file(Path(standard_id))
        if standard_id:
            return standard_get(standard_id)
        return standard_in_force(parse_day(on) if on else datetime.date.today())
    except UnknownStandard as error:
        raise CLIError(str(error), BAD_INPUT) from None


def parse_day(text: str) -> datetime.date:
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.datetime.strptime(text.strip(), pattern).date()
        except ValueError:
            continue
    raise CLIError(f"Ngày '{text}' không hợp lệ; ghi dạng YYYY-MM-DD hoặc DD/MM/YYYY.", BAD_INPUT)


def _standard_file(path: Path) -> Standard:
    if not path.is_file():
        raise CLIError(f"Không tìm thấy tệp chuẩn địa phương '{path}'.", BAD_INPUT)
    try:
        return standard_from_toml(path.read_text(encoding="utf-8-sig"))
    except (InvalidStandard, UnicodeDecodeError) as error:
        raise CLIError(str(error), BAD_INPUT) from None


def overlay_standard(reference: str, base: Standard) -> Standard:
    """Return a provincial standard from a shipped id or a TOML file; its base must be ``base``."""
    try:
        overlay = _standard_file(Path(reference)) if reference.lower().endswith(".toml") else standard_get(reference)
    except UnknownStandard as error:
        raise CLIError(str(error), BAD_INPUT) from None
    if overlay.base_id != base.id:
        raise CLIError(f"Chuẩn địa phương '{overlay.id}' dựa trên chuẩn '{overlay.base_id}', không phải "
                       f"'{base.id}'.", BAD_INPUT)
    return overlay


def assess_command(args: argparse.Namespace) -> int:
    from giamngheo.assessfile.problems import AssessFileError, problem_report
    from giamngheo.assessfile.run import AssessRequest, assess_file

    standard = chosen_standard(args.standard, args.on)
    overlay: Standard | None
    if standard.kind == "provincial" and not args.overlay:
        # A provincial standard alone means "its base, with the local rules alongside".
        overlay, standard = standard, standard_get(str(standard.base_id))
    else:
        overlay = overlay_standard(args.overlay, standard) if args.overlay else None
    compare = chosen_standard(args.compare, None) if args.compare else None
    request = AssessRequest(args.input, args.output, standard, overlay, compare, args.skip_invalid)
    try:
        summary = assess_file(request)
    except AssessFileError as error:
        raise CLIError(f"không đánh giá được '{args.input}'; không ghi tệp kết quả.\n{error.report()}",
                       BAD_INPUT) from None
    except OSError as error:
        raise CLIError(f"không ghi được tệp kết quả: {error.strerror or error}", BAD_INPUT) from None
    if summary.skipped:
        print("Bỏ qua các dòng lỗi (skipped invalid rows):", file=sys.stderr)
        print("\n".join(problem_report(summary.skipped, limit=20)), file=sys.stderr)
    where = f" (trang tính '{summary.sheet}')" if summary.sheet else ""
    basis = " từ điểm B1/B2" if summary.basis == "scores" else ""
    print(f"Đã đánh giá {summary.written}/{summary.rows} hộ{where} theo chuẩn {standard.id}{basis} → {args.output}")
    print(_counts(summary.categories))
    if overlay:
        print(f"Theo chuẩn địa phương {overlay.id}: {_counts(summary.local_categories)}")
    if compare:
        print(f"So sánh {standard.id} → {compare.id} (số hộ chuyển loại):")
        order = {category: index for index, category in enumerate(CATEGORIES)}
        moves = sorted(summary.moves.items(), key=lambda item: (-item[1], order[item[0][0]], order[item[0][1]]))
        for (before, after), count in moves:
            marker = "" if before == after else "  *"
            print(f"  {CATEGORY_NAMES_VI[before]} → {CATEGORY_NAMES_VI[after]}: {count}{marker}")
    caveats = [s for s in (standard, overlay, compare) if s is not None and s.unverified_items()]
    if caveats:
        ids = ", ".join(s.id for s in caveats)
        print(f"Lưu ý: một số ngưỡng của chuẩn {ids} chưa được kiểm chứng với văn bản gốc; "
              f"xem 'giamngheo standards <mã>'.", file=sys.stderr)
    return 0


def _counts(categories: Any) -> str:
    return ", ".join(f"{CATEGORY_NAMES_VI[c]}: {categories.get(c, 0)}" for c in CATEGORIES if c in categories
                     or c != "average")


def standards_command(args: argparse.Namespace) -> int:
    from giamngheo.domain.describe import standard_describe

    if args.id:
        standard = chosen_standard(args.id, None)
        described = standard_describe(standard)
        if args.json:
            print(json.dumps(described, ensure_ascii=False, indent=2))
        else:
            print(_standard_text(described))
        return 0
    everything = [standard_describe(s, indicators=False) for s in standards_all()]
    if args.json:
        print(json.dumps(everything, ensure_ascii=False, indent=2))
        return 0
    for item in everything:
        flag = "" if not item["unverified"] else f"  [chưa kiểm chứng: {len(item['unverified'])} mục]"
        print(f"{item['id']:<20} {item['valid_from']} … {item['valid_to']}  {item['kind']:<10} {item['title']}{flag}")
    return 0


def _standard_text(item: dict[str, Any]) -> str:
    lines = [f"{item['id']}: {item['title']}", f"  ({item['title_en']})",
             f"  Hiệu lực: {item['valid_from']} … {item['valid_to']}  · loại: {item['kind']}"
             + (f" · dựa trên {item['base']}" if item["base"] else "")]
    for ref in item["legal"]:
        parts = [ref["instrument"], ref["date"] or "", ref["article"], ref["annex"]]
        lines.append("  Căn cứ: " + ", ".join(p for p in parts if p))
    for area in ("rural", "urban"):
        ceiling = item["average_ceiling"][area] if item["average_ceiling"] else None
        band = f"; mức sống trung bình ≤ {ceiling:,}".replace(",", ".") if ceiling else "; không có mức trung bình"
        lines.append(f"  {item['area_names'][area]}: chuẩn nghèo ≤ {item['income_line'][area]:,}".replace(",", ".")
                     + f" đồng/người/tháng{band}")
    lines.append(f"  Hộ nghèo khi thu nhập ≤ chuẩn và thiếu hụt từ {item['poor_min_deprivations']} chỉ số "
                 f"(tin cậy: {item['confidence'].get('rule', 'confirmed')})")
    if item["scores"]:
        scores = item["scores"]
        lines.append(f"  Điểm cắt B1: nông thôn ≤ {scores['b1_max']['rural']}, thành thị ≤ {scores['b1_max']['urban']};"
                     f" B2 = {scores['b2_points_per_deprivation']} điểm/chỉ số [tin cậy: {scores['confidence']}]")
    lines.append("  Chỉ số (indicators):")
    for indicator in item["indicators"]:
        lines.append(f"    d_{indicator['id']:<18} {indicator['name_vi']} [{indicator['confidence']}]")
    if item["unverified"]:
        lines.append("  Chưa kiểm chứng (unverified/hint): " + "; ".join(item["unverified"]))
    return "\n".join(lines)


def template_command(args: argparse.Namespace) -> int:
    from giamngheo.assessfile.template import template_write

    standard = chosen_standard(args.standard, None)
    if args.output.suffix.lower() != ".xlsx":
        raise CLIError("Mẫu chỉ ghi ra tệp .xlsx.", BAD_INPUT)
    if not args.output.resolve().parent.is_dir():
        raise CLIError(f"Thư mục '{args.output.resolve().parent}' không tồn tại.", BAD_INPUT)
    template_write(args.output, standard)
    print(f"Đã ghi mẫu theo chuẩn {standard.id} → {args.output}")
    return 0
