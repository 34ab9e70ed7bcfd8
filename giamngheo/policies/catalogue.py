"""The policies of domain spec §6 as seed data. Amounts a primary text has not confirmed say so.

Seeding is idempotent (``policies_seed`` creates only missing codes); the data migration uses the same list.
Administrators correct everything afterwards through the staff pages, each change versioned. Corrections made here
later reach existing installations through a data migration (0005 for the first ones), never by re-seeding.
Resident-facing fields (``legal_basis``, ``benefit``…) carry no staff notes: what is unverified goes into
``verification_note``.
"""

from __future__ import annotations

from typing import Any

POOR_OR_NEAR = {"category": ["poor", "near_poor"]}
UNVERIFIED = "Mức hỗ trợ chưa đối chiếu với văn bản gốc; kiểm tra trước khi thông báo cho người dân."

SEED: list[dict[str, Any]] = [
    {
        "code": "bhyt-ho-ngheo", "group": "health", "position": 10,
        "name": "Thẻ bảo hiểm y tế miễn phí cho thành viên hộ nghèo",
        "agency": "Bảo hiểm xã hội (UBND xã lập danh sách)",
        "legal_basis": "Luật Bảo hiểm y tế; Nghị định 188/2025/NĐ-CP (từ 01/07/2025), trước đó Nghị định "
                       "146/2018/NĐ-CP Điều 3 khoản 9 điểm a (sửa đổi bởi Nghị định 75/2023/NĐ-CP).",
        "valid_from": "2025-07-01",
        "benefit": "Ngân sách nhà nước đóng 100% mức đóng bảo hiểm y tế cho mọi thành viên của hộ nghèo.",
        "how_to_claim": "Hộ không phải làm hồ sơ: UBND xã lập danh sách gửi Bảo hiểm xã hội. Nếu chưa nhận được "
                        "thẻ, hỏi cán bộ chính sách ở UBND xã.",
        "documents": "Căn cước của các thành viên; giấy chứng nhận hộ nghèo nếu có.",
        "amount_verified": True, "rule": {"category": ["poor"]},
    },
    {
        "code": "bhyt-ho-can-ngheo", "group": "health", "position": 11,
        "name": "Hỗ trợ mua bảo hiểm y tế cho thành viên hộ cận nghèo",
        "agency": "Bảo hiểm xã hội (UBND xã lập danh sách)",
        "legal_basis": "Luật Bảo hiểm y tế; Nghị định 188/2025/NĐ-CP (trước đó Nghị định 146/2018/NĐ-CP Điều 8).",
        "valid_from": "2025-07-01",
        "benefit": "Nhà nước hỗ trợ tối thiểu 70% mức đóng bảo hiểm y tế; hộ đóng phần còn lại.",
        "how_to_claim": "Đăng ký với cán bộ chính sách ở UBND xã hoặc đại lý thu bảo hiểm y tế ở thôn.",
        "documents": "Căn cước của các thành viên; giấy chứng nhận hộ cận nghèo.",
        "amount_verified": True,
        "rule": {"all": [{"category": ["near_poor"]}, {"not": {"commune": ["poor_commune"]}}]},
    },
    {
        "code": "bhyt-ho-can-ngheo-xa-ngheo", "group": "health", "position": 12,
        "name": "Thẻ bảo hiểm y tế miễn phí cho hộ cận nghèo ở xã nghèo",
        "agency": "Bảo hiểm xã hội (UBND xã lập danh sách)",
        "legal_basis": "Nghị định 188/2025/NĐ-CP (trước đó Nghị định 146/2018/NĐ-CP Điều 8).",
        "valid_from": "2025-07-01",
        "benefit": "Nhà nước đóng 100% mức đóng bảo hiểm y tế cho thành viên hộ cận nghèo sống ở xã nghèo "
                   "(trước là huyện nghèo).",
        "how_to_claim": "Hộ không phải làm hồ sơ: UBND xã lập danh sách gửi Bảo hiểm xã hội.",
        "documents": "Căn cước của các thành viên; giấy chứng nhận hộ cận nghèo.",
        "amount_verified": True,
        "rule": {"all": [{"category": ["near_poor"]}, {"commune": ["poor_commune"]}]},
    },
    {
        "code": "bhyt-ho-nong-nghiep-trung-binh", "group": "health", "position": 13,
        "name": "Hỗ trợ mua bảo hiểm y tế cho hộ nông, lâm, ngư, diêm nghiệp có mức sống trung bình",
        "agency": "Bảo hiểm xã hội (UBND xã xác định hộ)",
        "legal_basis": "Nghị định 146/2018/NĐ-CP Điều 4 khoản 4, Điều 8 khoản 1 điểm c; Nghị định 188/2025/NĐ-CP; "
                       "Quyết định 24/2021/QĐ-TTg (xác định hộ có mức sống trung bình).",
        "benefit": "Nhà nước hỗ trợ một phần mức đóng bảo hiểm y tế (tối thiểu 30% theo Nghị định 146/2018).",
        "how_to_claim": "Đề nghị UBND xã xác định hộ có mức sống trung bình, rồi đăng ký mua bảo hiểm y tế "
                        "theo hộ gia đình.",
        "documents": "Căn cước; giấy xác nhận hộ làm nông, lâm, ngư, diêm nghiệp có mức sống trung bình.",
        "amount_verified": False,
        "verification_note": UNVERIFIED + " Mức 30% theo Nghị định 146/2018; mức theo Nghị định 188/2025 chưa "
                             "đối chiếu. Chuẩn 2027–2030 chưa thấy quy định mức sống trung bình.",
        "rule": {"all": [{"category": ["average"]}, {"household": ["agricultural"]}]},
    },
    {
        "code": "tro-giup-phap-ly", "group": "legal", "position": 20,
        "name": "Trợ giúp pháp lý miễn phí",
        "agency": "Trung tâm Trợ giúp pháp lý nhà nước tỉnh",
        "legal_basis": "Luật Trợ giúp pháp lý 2017 Điều 7; Nghị định 144/2017/NĐ-CP Điều 2; Thông tư 08/2017/TT-BTP.",
        "valid_from": "2018-01-01",
        "benefit": "Tư vấn pháp luật, tham gia tố tụng và đại diện ngoài tố tụng miễn phí: cho mọi thành viên hộ "
                   "nghèo; cho thành viên hộ cận nghèo là người bị buộc tội, người cao tuổi, người khuyết tật.",
        "how_to_claim": "Đến Trung tâm Trợ giúp pháp lý của tỉnh hoặc chi nhánh, hoặc nhờ UBND xã chuyển yêu cầu.",
        "documents": "Giấy chứng nhận hộ nghèo hoặc cận nghèo; căn cước; giấy tờ liên quan đến vụ việc.",
        "amount_verified": True,
        "rule": {"any": [
            {"category": ["poor"]},
            {"all": [{"category": ["near_poor"]}, {"any": [
                {"member": {"flags": ["accused"]}}, {"member": {"age_min": 60}},
                {"member": {"flags": ["disabled"]}},
            ]}]},
        ]},
    },
    {
        "code": "ho-tro-tien-dien", "group": "living", "position": 30,
        "name": "Hỗ trợ tiền điện cho hộ nghèo",
        "agency": "UBND xã chi trả (ngân sách nhà nước)",
        "legal_basis": "Quyết định 28/2014/QĐ-TTg; Thông tư 190/2014/TT-BTC.",
        "benefit": "Tiền điện tương đương 30 kWh mỗi tháng theo giá điện sinh hoạt bậc 1, chi trả theo quý. "
                   "Hộ cận nghèo không thuộc diện này.",
        "how_to_claim": "UBND xã lập danh sách và chi trả theo quý; hỏi cán bộ chính sách xã nếu chưa nhận.",
        "documents": "Giấy chứng nhận hộ nghèo; căn cước của chủ hộ.",
        "amount_verified": False,
        "verification_note": "Mức 30 kWh đúng cho 2014–2019; căn cứ hiện hành sau 2025 cần kiểm tra (có thể đã "
                             "có quyết định thay thế năm 2025).",
        "rule": {"category": ["poor"]},
    },
    {
        "code": "vay-von-ho-ngheo", "group": "credit", "position": 40,
        "name": "Vay vốn ưu đãi cho hộ nghèo",
        "agency": "Ngân hàng Chính sách xã hội (qua tổ tiết kiệm và vay vốn ở thôn)",
        "legal_basis": "Nghị định 78/2002/NĐ-CP; Nghị định 06/2026/NĐ-CP Điều 31–32.",
        "benefit": "Vay vốn sản xuất, kinh doanh với lãi suất ưu đãi. Mức cho vay tối đa và lãi suất do Chính phủ "
                   "quy định theo từng thời kỳ (hỏi Ngân hàng Chính sách xã hội).",
        "how_to_claim": "Gặp tổ trưởng tổ tiết kiệm và vay vốn ở thôn; hồ sơ được bình xét ở thôn và UBND xã "
                        "xác nhận.",
        "documents": "Giấy chứng nhận hộ nghèo; căn cước; giấy đề nghị vay vốn (mẫu của ngân hàng).",
        "amount_verified": False, "verification_note": "Không ghi mức vay, lãi suất: chưa đối chiếu.",
        "rule": {"category": ["poor"]},
    },
    {
        "code": "vay-von-ho-can-ngheo", "group": "credit", "position": 41,
        "name": "Vay vốn ưu đãi cho hộ cận nghèo",
        "agency": "Ngân hàng Chính sách xã hội (qua tổ tiết kiệm và vay vốn ở thôn)",
        "legal_basis": "Quyết định 15/2013/QĐ-TTg; Nghị định 06/2026/NĐ-CP Điều 31–32.",
        "benefit": "Vay vốn sản xuất, kinh doanh với lãi suất ưu đãi (mức và lãi suất theo quy định từng thời kỳ).",
        "how_to_claim": "Gặp tổ trưởng tổ tiết kiệm và vay vốn ở thôn.",
        "documents": "Giấy chứng nhận hộ cận nghèo; căn cước; giấy đề nghị vay vốn.",
        "amount_verified": False, "verification_note": "Không ghi mức vay, lãi suất: chưa đối chiếu.",
        "rule": {"category": ["near_poor"]},
    },
    {
        "code": "vay-von-ho-moi-thoat-ngheo", "group": "credit", "position": 42,
        "name": "Vay vốn ưu đãi cho hộ mới thoát nghèo (trong 3 năm)",
        "agency": "Ngân hàng Chính sách xã hội (qua tổ tiết kiệm và vay vốn ở thôn)",
        "legal_basis": "Quyết định 28/2015/QĐ-TTg; Nghị định 06/2026/NĐ-CP Điều 31–32.",
        "benefit": "Hộ vừa thoát nghèo, thoát cận nghèo tiếp tục được vay vốn ưu đãi trong 3 năm kể từ khi thoát.",
        "how_to_claim": "Gặp tổ trưởng tổ tiết kiệm và vay vốn ở thôn; UBND xã xác nhận hộ mới thoát nghèo.",
        "documents": "Quyết định hoặc giấy xác nhận hộ thoát nghèo; căn cước; giấy đề nghị vay vốn.",
        "amount_verified": False,
        "verification_note": "Thời hạn 3 năm theo Quyết định 28/2015 chưa đối chiếu chi tiết.",
        "rule": {"escaped_within_years": 3},
    },
    {
        "code": "ho-tro-dien-thoai-thong-minh", "group": "information", "position": 50,
        "name": "Hỗ trợ điện thoại thông minh để tiếp cận thông tin",
        "agency": "Quỹ Dịch vụ viễn thông công ích; UBND xã lập danh sách",
        "legal_basis": "Quyết định 2269/QĐ-TTg (Chương trình viễn thông công ích đến năm 2025); "
                       "Thông tư 14/2022/TT-BTTTT (28/10/2022).",
        "valid_from": "2022-12-12", "valid_to": "2025-12-31",
        "benefit": "Một điện thoại thông minh kèm gói cước di động, hoặc 500.000 đồng/hộ nếu hộ tự mua. Ưu tiên "
                   "gia đình người có công, gia đình chính sách, rồi hộ nghèo, hộ cận nghèo.",
        "how_to_claim": "Đăng ký với UBND xã để vào danh sách được duyệt; nhận máy tại điểm do doanh nghiệp "
                        "viễn thông thông báo.",
        "documents": "Giấy chứng nhận hộ nghèo hoặc cận nghèo; căn cước của chủ hộ.",
        "amount_verified": True,
        "verification_note": "Chương trình viễn thông công ích theo Quyết định 2269/QĐ-TTg chạy đến hết năm 2025 "
                             "nên chính sách hết hiệu lực sau 31/12/2025; chưa thấy văn bản tiếp tục trong năm "
                             "2026 hay từ 2027. Nếu có văn bản mới, sửa ngày hết hiệu lực và căn cứ pháp lý.",
        "rule": {"all": [POOR_OR_NEAR, {"standard": ["2022-2025"]}, {"not": {"household": ["received_device"]}}]},
    },
    {
        "code": "dao-tao-nghe-lao-dong-thu-nhap-thap", "group": "employment", "position": 60,
        "name": "Hỗ trợ học nghề, việc làm cho người lao động có thu nhập thấp",
        "agency": "UBND xã; cơ sở giáo dục nghề nghiệp",
        "legal_basis": "Nghị định 30/2025/NĐ-CP (sửa đổi Nghị định 07/2021/NĐ-CP); Chương trình mục tiêu quốc gia "
                       "giảm nghèo bền vững.",
        "valid_from": "2025-02-24",
        "benefit": "Hỗ trợ học nghề trình độ sơ cấp và dưới 3 tháng, tư vấn và giới thiệu việc làm cho người trong "
                   "độ tuổi lao động thuộc hộ có mức sống trung bình.",
        "how_to_claim": "Đăng ký với cán bộ lao động – xã hội ở UBND xã.",
        "documents": "Căn cước; giấy xác nhận người lao động có thu nhập thấp do UBND xã cấp.",
        "amount_verified": False,
        "verification_note": UNVERIFIED + " Tiêu chí người lao động thu nhập thấp sau 2026 chưa tìm thấy. Ngày "
                             "hiệu lực của Nghị định 30/2025 chưa đối chiếu (24/02/2025 là ngày ban hành).",
        "rule": {"all": [{"category": ["average"]}, {"standard": ["2022-2025"]},
                         {"member": {"age_min": 15, "age_max": 60}}]},
    },
    {
        "code": "mien-hoc-phi-pho-thong", "group": "education", "position": 70,
        "name": "Miễn học phí mầm non, phổ thông công lập",
        "agency": "Trường học; Sở Giáo dục và Đào tạo",
        "legal_basis": "Nghị định 238/2025/NĐ-CP (hiệu lực 03/09/2025).",
        "valid_from": "2025-09-03",
        "benefit": "Từ năm học 2025–2026 mọi trẻ mầm non và học sinh phổ thông trường công lập được miễn học phí.",
        "how_to_claim": "Không cần làm hồ sơ: nhà trường không thu học phí.",
        "documents": "",
        "amount_verified": True,
        "rule": {"any": [{"member": {"age_min": 3, "age_max": 5}}, {"member": {"flags": ["student"]}}]},
    },
    {
        "code": "ho-tro-chi-phi-hoc-tap", "group": "education", "position": 71,
        "name": "Hỗ trợ chi phí học tập cho học sinh hộ nghèo, cận nghèo",
        "agency": "Trường học; UBND xã",
        "legal_basis": "Nghị định 238/2025/NĐ-CP.",
        "valid_from": "2025-09-03",
        "benefit": "Tiền hỗ trợ chi phí học tập cho học sinh thuộc hộ nghèo, hộ cận nghèo.",
        "how_to_claim": "Nộp đơn đề nghị tại trường học đầu năm học.",
        "documents": "Đơn đề nghị; giấy chứng nhận hộ nghèo hoặc cận nghèo.",
        "amount_verified": False, "verification_note": UNVERIFIED + " Mức hỗ trợ theo Nghị định 238/2025 chưa đọc.",
        "rule": {"all": [POOR_OR_NEAR, {"member": {"flags": ["student"]}}]},
    },
    {
        "code": "mien-hoc-phi-sinh-vien-dtts", "group": "education", "position": 72,
        "name": "Miễn học phí nghề, cao đẳng, đại học cho người dân tộc thiểu số thuộc hộ nghèo, cận nghèo",
        "agency": "Cơ sở giáo dục nghề nghiệp, đại học",
        "legal_basis": "Nghị định 238/2025/NĐ-CP.",
        "valid_from": "2025-09-03",
        "benefit": "Miễn 100% học phí cho người học là người dân tộc thiểu số có cha mẹ hoặc ông bà thuộc hộ "
                   "nghèo, hộ cận nghèo.",
        "how_to_claim": "Nộp đơn tại phòng đào tạo của trường khi nhập học.",
        "documents": "Đơn đề nghị miễn học phí; giấy chứng nhận hộ nghèo hoặc cận nghèo; giấy khai sinh.",
        "amount_verified": True,
        "rule": {"all": [POOR_OR_NEAR, {"member": {"ethnic_minority": True, "flags": ["higher_student"]}}]},
    },
    {
        "code": "ho-tro-nha-o", "group": "living", "position": 31,
        "name": "Hỗ trợ xây mới, sửa chữa nhà ở",
        "agency": "UBND xã; Ban chỉ đạo xóa nhà tạm, nhà dột nát",
        "legal_basis": "Quyết định 90/QĐ-TTg (Dự án 5, 2021–2025); chương trình xóa nhà tạm, nhà dột nát.",
        "valid_from": "2022-01-18", "valid_to": "2025-12-31",
        "benefit": "Hỗ trợ kinh phí xây mới hoặc sửa chữa nhà cho hộ nghèo, cận nghèo thiếu hụt về nhà ở.",
        "how_to_claim": "Đăng ký với trưởng thôn; thôn bình xét, UBND xã lập danh sách.",
        "documents": "Căn cước; giấy tờ về đất ở (nếu có).",
        "amount_verified": False,
        "verification_note": UNVERIFIED + " Dự án 5 của Chương trình mục tiêu quốc gia giảm nghèo bền vững "
                             "2021–2025 (Quyết định 90/QĐ-TTg, 18/01/2022) và đợt xóa nhà tạm 2024–2025 kết thúc "
                             "31/12/2025; hỗ trợ nhà ở trong chương trình hợp nhất 2026–2035 chưa xác minh (nếu có, "
                             "thêm chính sách mới với căn cứ mới).",
        "rule": {"all": [POOR_OR_NEAR, {"deprived": ["housing_quality", "housing_area"]}]},
    },
]
