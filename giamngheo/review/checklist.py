"""The default Phiếu A: the 2015 poverty-census precedent (≥ 3 of 9 signs stop the survey), kept as data.

The 2022–2025 criteria of TT 07/2021 Phụ lục II were not found (legal-details.md §3.2); an administrator
corrects the list and the threshold in the admin. Only 8 of the 9 items were legible in the source.
"""

from __future__ import annotations

CODE = "phieu-a-2015"
TITLE = "Phiếu A — nhận dạng nhanh (theo tiền lệ Tổng điều tra hộ nghèo 2015)"
STOP_THRESHOLD = 3
SOURCE = ("Tiền lệ 2015 (Nguyen Viet Cuong & Lo Thi Duc, MPRA 80002): có từ 3/9 dấu hiệu thì dừng. "
          "Tiêu chí Phiếu A của TT 07/2021 chưa tìm được — cần đối chiếu Phụ lục II và sửa nếu khác.")
ITEMS = [
    {"id": "vehicle", "text": "Có ô tô, xe máy hoặc tàu/thuyền có động cơ"},
    {"id": "fridge_ac", "text": "Có tủ lạnh hoặc điều hòa nhiệt độ"},
    {"id": "washing_machine", "text": "Có máy giặt"},
    {"id": "rental_assets", "text": "Có đất, nhà xưởng hoặc máy móc cho thuê"},
    {"id": "electricity_100kwh", "text": "Dùng điện từ 100 kWh/tháng trở lên"},
    {"id": "floor_area_30", "text": "Diện tích nhà ở bình quân từ 30 m²/người trở lên"},
    {"id": "public_sector_or_pension", "text": "Có thành viên làm trong khu vực nhà nước hoặc hưởng lương hưu"},
    {"id": "degree_employed", "text": "Có thành viên có bằng cao đẳng, đại học đang có việc làm"},
]
