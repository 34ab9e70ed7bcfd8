"""Demo news for the Cẩm Xuyên communes: a few plausible notices, written and published once (idempotent)."""

from __future__ import annotations

from dataclasses import dataclass

from giamngheo.accounts.models import User
from giamngheo.demo.territory import PROVINCE_CODE
from giamngheo.geo.models import AdminUnit, UnitLevel
from giamngheo.outreach.models import Article
from giamngheo.outreach.services import article_create, article_publish


@dataclass(frozen=True)
class NewsPlan:
    unit: str  # "province" or a commune code
    author: str  # a demo account's username
    title: str
    summary: str
    body: str
    emergency: bool = False


NEWS = (
    NewsPlan(
        "18673", "bientap", "Gia hạn thẻ bảo hiểm y tế năm 2027 cho hộ nghèo, hộ cận nghèo",
        "Hộ nghèo được cấp thẻ miễn phí; hộ cận nghèo được hỗ trợ tiền mua thẻ. Kiểm tra hạn thẻ tại UBND xã "
        "trước ngày 15/12.",
        "<p>Thẻ bảo hiểm y tế của thành viên hộ nghèo, hộ cận nghèo cấp theo danh sách rà soát năm trước sẽ hết "
        "hạn vào ngày 31/12.</p><h2>Cần làm gì</h2><ul><li>Trưởng thôn rà soát danh sách thành viên của hộ.</li>"
        "<li>Hộ có thay đổi (sinh, mất, chuyển đi) báo cán bộ chính sách xã.</li><li>Mang CCCD của chủ hộ khi "
        "đến nhận thẻ.</li></ul><p>Tra cứu hạn thẻ: <a href=\"https://baohiemxahoi.gov.vn\">Cổng thông tin Bảo "
        "hiểm xã hội Việt Nam</a> hoặc ứng dụng VssID.</p>",
    ),
    NewsPlan(
        "18673", "bientap", "Vay vốn ưu đãi của Ngân hàng Chính sách xã hội cho hộ nghèo, hộ cận nghèo",
        "Hộ nghèo, hộ cận nghèo, hộ mới thoát nghèo được vay vốn sản xuất, kinh doanh với lãi suất ưu đãi qua "
        "tổ tiết kiệm và vay vốn ở thôn.",
        "<p>Điểm giao dịch của Ngân hàng Chính sách xã hội làm việc tại UBND xã vào một ngày cố định mỗi tháng."
        "</p><p>Hộ có nhu cầu vay liên hệ <strong>tổ trưởng tổ tiết kiệm và vay vốn</strong> ở thôn để được "
        "hướng dẫn lập hồ sơ.</p><blockquote>Không mất bất kỳ khoản phí nào để được vay vốn chính sách.</blockquote>",
    ),
    NewsPlan(
        "province", "tinh.hatinh", "Cảnh giác với cuộc gọi lừa đảo giả danh cơ quan nhà nước",
        "Cơ quan công an, bảo hiểm xã hội, ngân hàng không gọi điện yêu cầu chuyển tiền, đọc mã OTP hay cài ứng "
        "dụng lạ.",
        "<p>Thời gian gần đây xuất hiện nhiều cuộc gọi giả danh công an, bảo hiểm xã hội, ngân hàng để lừa người "
        "dân chuyển tiền hoặc cung cấp mã OTP.</p><ul><li>Không chuyển tiền theo yêu cầu qua điện thoại.</li>"
        "<li>Không đọc mã OTP cho bất kỳ ai.</li><li>Không bấm vào đường link lạ gửi qua tin nhắn, Zalo.</li></ul>"
        "<p>Khi nghi ngờ, báo ngay công an xã hoặc gọi số 113.</p>",
    ),
    NewsPlan(
        "province", "tinh.hatinh", "Bão số 5 sắp đổ bộ: chủ động sơ tán khỏi vùng ven biển",
        "Người dân vùng ven biển, nhà ở không kiên cố di chuyển đến nơi trú ẩn an toàn trước 17 giờ hôm nay theo "
        "hướng dẫn của xã.",
        "<p>Bão số 5 dự kiến đổ bộ vào vùng biển Hà Tĩnh trong đêm nay, gió mạnh cấp 10–11, giật cấp 13.</p>"
        "<h2>Người dân cần</h2><ul><li>Chằng chống nhà cửa, cắt tỉa cây gần nhà.</li><li>Tàu thuyền vào nơi neo "
        "đậu an toàn.</li><li>Dự trữ nước uống, lương thực, thuốc, đèn pin.</li></ul><p>Theo dõi thông báo trên "
        "loa truyền thanh của thôn.</p>",
        emergency=True,
    ),
    NewsPlan(
        "18676", "tinh.hatinh", "Chương trình hỗ trợ điện thoại thông minh cho hộ nghèo xã Thiên Cầm",
        "Hộ nghèo chưa có điện thoại thông minh đăng ký nhận máy và được hướng dẫn cài VNeID, VssID tại nhà văn "
        "hóa thôn.",
        "<p>Thực hiện chủ trương phổ cập điện thoại thông minh trong chuyển đổi số, xã phối hợp với các doanh "
        "nghiệp viễn thông hỗ trợ điện thoại thông minh cho hộ nghèo chưa có máy.</p>"
        "<p>Đoàn thanh niên hướng dẫn cài đặt và sử dụng <strong>VNeID</strong>, "
        "<strong>VssID</strong> và cách nhận biết tin nhắn lừa đảo.</p>",
    ),
    NewsPlan(
        "18676", "tinh.hatinh", "Lịch trả kết quả rà soát hộ nghèo, hộ cận nghèo năm 2026",
        "Danh sách hộ nghèo, hộ cận nghèo năm 2026 được niêm yết tại nhà văn hóa các thôn trong 7 ngày để người "
        "dân góp ý.",
        "<p>Mọi ý kiến về danh sách gửi trưởng thôn hoặc cán bộ giảm nghèo xã trong thời gian niêm yết.</p>",
    ),
)


def demo_news_ensure() -> int:
    """Write and publish the demo news that is missing (same title for the same unit); return how many."""
    province = AdminUnit.objects.get(level=UnitLevel.PROVINCE, code=PROVINCE_CODE, valid_to__isnull=True)
    communes = {u.code: u for u in AdminUnit.objects.filter(
        level=UnitLevel.COMMUNE, parent=province, valid_to__isnull=True, code__in={p.unit for p in NEWS})}
    authors = {u.username: u for u in User.objects.filter(username__in={p.author for p in NEWS})}
    written = 0
    for plan in NEWS:
        unit = province if plan.unit == "province" else communes.get(plan.unit)
        author = authors.get(plan.author)
        if unit is None or author is None or Article.objects.filter(unit=unit, title=plan.title).exists():
            continue
        article = article_create(acting_user=author, title=plan.title, summary=plan.summary, body=plan.body,
                                 unit_id=unit.pk, emergency=plan.emergency)
        article_publish(acting_user=author, article_id=article.pk)
        written += 1
    return written
