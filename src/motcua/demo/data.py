"""The demo centre as plain data (Unicode NFC). The loader turns it into rows.

Facts and inventions, kept apart on purpose:
- National procedure codes and names are real. Ministry of Justice ones come from the national
  database export in ``shared/data/tthc-dichvucong-bo-tu-phap``; the few of other ministries were
  checked against dichvucong.gov.vn records (see ``VERIFIED_ELSEWHERE``).
- Agency identifiers below ``H49``, time limits, fees, documents, flags, the announcing decisions and
  every person are illustrative. The decision numbers do not refer to real decisions.
"""

from __future__ import annotations

import datetime as dt

PASSWORD = "motcua-demo-2026"  # noqa: S105 - printed on purpose: demo accounts only
PROVINCE_NAME = "Quảng Ninh"

REORGANISED = dt.date(2025, 7, 1)  # two-level local government: districts abolished, communes merged
DISTRICT_END = dt.date(2025, 6, 30)

PROVINCE = "000.00.00.H49"
OFFICE = "000.00.01.H49"
HOME_AFFAIRS = "000.00.02.H49"
FINANCE = "000.00.03.H49"
JUSTICE = "000.00.04.H49"
INDUSTRY = "000.00.05.H49"
AGRICULTURE = "000.00.06.H49"
CONSTRUCTION = "000.00.07.H49"
EDUCATION = "000.00.08.H49"
HEALTH = "000.00.09.H49"
SCIENCE = "000.00.10.H49"
CULTURE = "000.00.11.H49"
TOURISM = "000.00.12.H49"
ETHNIC = "000.00.13.H49"
FOREIGN = "000.00.14.H49"
INSPECTORATE = "000.00.15.H49"
ECONOMIC_ZONE = "000.00.16.H49"
HA_LONG_BAY = "000.00.17.H49"
SOCIAL_INSURANCE = "000.00.18.H49"
TAX = "000.00.19.H49"
CENTRE = "000.00.20.H49"
POLICE = "000.00.21.H49"
ELECTRICITY = "000.00.22.H49"
OLD_HA_LONG = "000.00.40.H49"
OLD_HONG_GAI = "000.40.01.H49"
HA_LONG = "000.01.01.H49"
BAI_CHAY = "000.01.02.H49"
CAM_PHA = "000.01.03.H49"
MONG_CAI_1 = "000.01.04.H49"
CO_TO = "000.01.05.H49"

COMMUNES = [HA_LONG, BAI_CHAY, CAM_PHA, MONG_CAI_1, CO_TO]

# identifier, name, short name, kind, level, parent, active from, active until.
# Parents come before their children.
AGENCIES: list[tuple[str, str, str, str, str, str | None, dt.date | None, dt.date | None]] = [
    (PROVINCE, "Ủy ban nhân dân tỉnh Quảng Ninh", "UBND tỉnh", "peoples_committee", "province", None, None, None),
    (OFFICE, "Văn phòng Ủy ban nhân dân tỉnh", "Văn phòng UBND tỉnh", "department", "province", PROVINCE,
     None, None),
    (HOME_AFFAIRS, "Sở Nội vụ", "Sở Nội vụ", "department", "province", PROVINCE, None, None),
    (FINANCE, "Sở Tài chính", "Sở Tài chính", "department", "province", PROVINCE, None, None),
    (JUSTICE, "Sở Tư pháp", "Sở Tư pháp", "department", "province", PROVINCE, None, None),
    (INDUSTRY, "Sở Công Thương", "Sở Công Thương", "department", "province", PROVINCE, None, None),
    (AGRICULTURE, "Sở Nông nghiệp và Môi trường", "Sở NN&MT", "department", "province", PROVINCE, REORGANISED,
     None),
    (CONSTRUCTION, "Sở Xây dựng", "Sở Xây dựng", "department", "province", PROVINCE, None, None),
    (EDUCATION, "Sở Giáo dục và Đào tạo", "Sở GD&ĐT", "department", "province", PROVINCE, None, None),
    (HEALTH, "Sở Y tế", "Sở Y tế", "department", "province", PROVINCE, None, None),
    (SCIENCE, "Sở Khoa học và Công nghệ", "Sở KH&CN", "department", "province", PROVINCE, None, None),
    (CULTURE, "Sở Văn hóa và Thể thao", "Sở VH&TT", "department", "province", PROVINCE, None, None),
    (TOURISM, "Sở Du lịch", "Sở Du lịch", "department", "province", PROVINCE, None, None),
    (ETHNIC, "Sở Dân tộc và Tôn giáo", "Sở DT&TG", "department", "province", PROVINCE, None, None),
    (FOREIGN, "Sở Ngoại vụ", "Sở Ngoại vụ", "department", "province", PROVINCE, None, None),
    (INSPECTORATE, "Thanh tra tỉnh", "Thanh tra tỉnh", "department", "province", PROVINCE, None, None),
    (ECONOMIC_ZONE, "Ban Quản lý Khu kinh tế tỉnh", "BQL Khu kinh tế", "department", "province", PROVINCE,
     None, None),
    (HA_LONG_BAY, "Ban Quản lý Vịnh Hạ Long", "BQL Vịnh Hạ Long", "department", "province", PROVINCE, None,
     None),
    (SOCIAL_INSURANCE, "Bảo hiểm xã hội tỉnh Quảng Ninh", "BHXH tỉnh", "other", "province", None, None, None),
    (TAX, "Thuế tỉnh Quảng Ninh", "Thuế tỉnh", "other", "province", None, None, None),
    (CENTRE, "Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh", "TTPVHCC tỉnh", "centre", "province", PROVINCE,
     None, None),
    (POLICE, "Công an tỉnh Quảng Ninh", "Công an tỉnh", "police", "province", None, None, None),
    (ELECTRICITY, "Công ty Điện lực Quảng Ninh", "PC Quảng Ninh", "utility", "province", None, None, None),
    # Before 1 July 2025: a district and one of its wards, kept for historical dossiers.
    (OLD_HA_LONG, "Ủy ban nhân dân thành phố Hạ Long", "TP Hạ Long (cũ)", "peoples_committee", "district",
     PROVINCE, None, DISTRICT_END),
    (OLD_HONG_GAI, "Ủy ban nhân dân phường Hồng Gai", "Phường Hồng Gai (cũ)", "peoples_committee", "commune",
     OLD_HA_LONG, None, DISTRICT_END),
    # From 1 July 2025: communes and wards directly under the province.
    (HA_LONG, "Ủy ban nhân dân phường Hạ Long", "Phường Hạ Long", "peoples_committee", "commune", PROVINCE,
     REORGANISED, None),
    (BAI_CHAY, "Ủy ban nhân dân phường Bãi Cháy", "Phường Bãi Cháy", "peoples_committee", "commune", PROVINCE,
     REORGANISED, None),
    (CAM_PHA, "Ủy ban nhân dân phường Cẩm Phả", "Phường Cẩm Phả", "peoples_committee", "commune", PROVINCE,
     REORGANISED, None),
    (MONG_CAI_1, "Ủy ban nhân dân phường Móng Cái 1", "Phường Móng Cái 1", "peoples_committee", "commune",
     PROVINCE, REORGANISED, None),
    (CO_TO, "Ủy ban nhân dân đặc khu Cô Tô", "Đặc khu Cô Tô", "peoples_committee", "commune", PROVINCE,
     REORGANISED, None),
]

CENTRE_POINT = "Trung tâm Phục vụ hành chính công tỉnh Quảng Ninh"
CENTRE_ADDRESS = "Phường Hạ Long, tỉnh Quảng Ninh"
# number, counter name, agency posting staff there
CENTRE_COUNTERS: list[tuple[int, str, str]] = [
    (1, "Tư pháp – hộ tịch, quốc tịch, nuôi con nuôi", JUSTICE),
    (2, "Tư pháp – công chứng, luật sư, đấu giá, trợ giúp pháp lý", JUSTICE),
    (3, "Tài chính – đăng ký doanh nghiệp", FINANCE),
    (4, "Xây dựng – quy hoạch, giao thông vận tải", CONSTRUCTION),
    (5, "Nông nghiệp và Môi trường – đất đai, đăng ký biện pháp bảo đảm", AGRICULTURE),
    (6, "Công Thương", INDUSTRY),
    (7, "Y tế", HEALTH),
    (8, "Giáo dục và Đào tạo", EDUCATION),
    (9, "Nội vụ", HOME_AFFAIRS),
    (10, "Văn hóa, Thể thao và Du lịch", CULTURE),
    (11, "Công an tỉnh – xuất nhập cảnh", POLICE),
    (12, "Điện lực – cấp điện, hợp đồng mua bán điện", ELECTRICITY),
]
# Each active commune gets its own centre with these two counters.
COMMUNE_COUNTERS: list[tuple[int, str]] = [
    (1, "Tư pháp – hộ tịch, chứng thực"),
    (2, "Đất đai, kinh doanh và các lĩnh vực khác"),
]


def commune_point_name(short_name: str) -> str:
    return f"Trung tâm Phục vụ hành chính công {short_name[0].lower()}{short_name[1:]}"


# username, family and middle names, given name, role, agency, where they sit ("centre", an agency
# identifier for that commune's centre, or None), superuser
USERS: list[tuple[str, str, str, str, str, str | None, bool]] = [
    ("tuphap.tiepnhan", "Nguyễn Thị", "Lan", "receiving_clerk", JUSTICE, "centre", False),
    ("tuphap.chuyenvien", "Trần Văn", "Minh", "officer", JUSTICE, None, False),
    ("tuphap.lanhdao", "Phạm Thị", "Hương", "approver", JUSTICE, None, False),
    ("tuphap.giamdoc", "Vũ Đức", "Thắng", "agency_head", JUSTICE, None, False),
    ("halong.motcua", "Đỗ Thị", "Mai", "receiving_clerk", HA_LONG, HA_LONG, False),
    ("xaydung.tiepnhan", "Hoàng Văn", "Nam", "receiving_clerk", CONSTRUCTION, "centre", False),
    ("trungtam.giamsat", "Lê Thị Thu", "Hà", "supervisor", CENTRE, "centre", False),
    ("quantri", "Bùi Quang", "Huy", "administrator", CENTRE, None, True),
]

SIGNER = "Nguyễn Văn An – Chủ tịch UBND tỉnh"
# key: announcing decision number and date (illustrative)
DECISIONS: dict[str, tuple[str, dt.date]] = {
    "civil": ("1586/QĐ-UBND", dt.date(2025, 7, 10)),
    "certify": ("1587/QĐ-UBND", dt.date(2025, 7, 10)),
    "justice": ("2105/QĐ-UBND", dt.date(2025, 8, 22)),
    "finance": ("2230/QĐ-UBND", dt.date(2025, 9, 5)),
    "land": ("2318/QĐ-UBND", dt.date(2025, 9, 19)),
    "construction": ("2401/QĐ-UBND", dt.date(2025, 10, 2)),
    "police": ("2477/QĐ-UBND", dt.date(2025, 10, 16)),
}

# Legal bases (title, number)
CIVIL = [("Luật Hộ tịch", "60/2014/QH13"),
         ("Nghị định quy định chi tiết một số điều và biện pháp thi hành Luật Hộ tịch", "123/2015/NĐ-CP")]
CERTIFY = [("Nghị định về cấp bản sao từ sổ gốc, chứng thực bản sao từ bản chính, chứng thực chữ ký và "
            "chứng thực hợp đồng, giao dịch", "23/2015/NĐ-CP")]
NOTARY = [("Luật Công chứng", "46/2024/QH15")]
LAWYER = [("Luật Luật sư", "65/2006/QH11"), ("Luật sửa đổi, bổ sung một số điều của Luật Luật sư", "20/2012/QH13")]
AUCTION = [("Luật Đấu giá tài sản", "01/2016/QH14")]
LEGAL_AID = [("Luật Trợ giúp pháp lý", "11/2017/QH14")]
ADOPTION = [("Luật Nuôi con nuôi", "52/2010/QH12")]
SECURED = [("Nghị định về đăng ký biện pháp bảo đảm", "99/2022/NĐ-CP"), ("Bộ luật Dân sự", "91/2015/QH13")]

ID = ("Giấy tờ tùy thân có ảnh (thẻ Căn cước, hộ chiếu) của người yêu cầu", 0, 0)
AUTH = ("Văn bản ủy quyền (trường hợp ủy quyền thực hiện thủ tục)", 1, 0)

# Each procedure: code, name, field, levels, agencies ("communes" or identifiers), lead agency, decision
# key; time limits as (amount, unit) for in person ``t``, online ``ot`` and post ``pt`` (online and
# post default to ``t``; ``ot=None`` means not offered online); ``fee`` (amount, kind, note) and
# ``ofee`` for online; documents (name, originals, copies[, form]); legal bases; flags.
PROCEDURES: list[dict[str, object]] = [
    # --- Hộ tịch (commune) ---
    dict(code="1.001193", name="Thủ tục đăng ký khai sinh", field="Hộ tịch", levels=["commune"], at="communes",
         decision="civil", t=(1, "working_day"), fee=(0, "le_phi", "Miễn lệ phí"), online="full", five=True,
         after15=True, applicants="Công dân Việt Nam, người Việt Nam định cư ở nước ngoài",
         result="Giấy khai sinh (bản chính)",
         docs=[("Tờ khai đăng ký khai sinh", 1, 0, "Mẫu Tờ khai đăng ký khai sinh"),
               ("Giấy chứng sinh hoặc giấy tờ thay thế Giấy chứng sinh", 1, 0), ID],
         basis=CIVIL),
    dict(code="1.000894", name="Thủ tục đăng ký kết hôn", field="Hộ tịch", levels=["commune"], at="communes",
         decision="civil", t=(1, "working_day"), fee=(0, "le_phi", "Miễn lệ phí"), online="full", after15=True,
         applicants="Công dân Việt Nam", result="Giấy chứng nhận kết hôn",
         docs=[("Tờ khai đăng ký kết hôn", 1, 0, "Mẫu Tờ khai đăng ký kết hôn"),
               ("Giấy xác nhận tình trạng hôn nhân (trường hợp đăng ký ở nơi không thường trú)", 1, 0), ID],
         basis=CIVIL),
    dict(code="1.000656", name="Thủ tục đăng ký khai tử", field="Hộ tịch", levels=["commune"], at="communes",
         decision="civil", t=(1, "working_day"), fee=(0, "le_phi", "Miễn lệ phí"), online="full", five=True,
         after15=True, applicants="Công dân Việt Nam", result="Trích lục khai tử",
         docs=[("Tờ khai đăng ký khai tử", 1, 0, "Mẫu Tờ khai đăng ký khai tử"),
               ("Giấy báo tử hoặc giấy tờ thay thế Giấy báo tử", 1, 0), ID],
         basis=CIVIL),
    dict(code="1.004873", name="Thủ tục cấp Giấy xác nhận tình trạng hôn nhân", field="Hộ tịch",
         levels=["commune"], at="communes", decision="civil", t=(3, "working_day"), ot=(2, "working_day"),
         fee=(0, "le_phi", "Miễn lệ phí"), online="full", applicants="Công dân Việt Nam",
         result="Giấy xác nhận tình trạng hôn nhân",
         docs=[("Tờ khai cấp Giấy xác nhận tình trạng hôn nhân", 1, 0), ID,
               ("Bản án, quyết định ly hôn đã có hiệu lực (nếu đã ly hôn)", 0, 1)],
         basis=CIVIL),
    dict(code="1.004859", name="Thủ tục thay đổi, cải chính, bổ sung thông tin hộ tịch, xác định lại dân tộc",
         field="Hộ tịch", levels=["commune"], at="communes", decision="civil", t=(3, "working_day"),
         fee=(15000, "le_phi", "15.000 đồng/trường hợp"), online="full", applicants="Công dân Việt Nam",
         result="Trích lục thay đổi, cải chính, bổ sung thông tin hộ tịch",
         docs=[("Tờ khai đăng ký thay đổi, cải chính, bổ sung thông tin hộ tịch", 1, 0),
               ("Giấy tờ làm căn cứ thay đổi, cải chính, bổ sung", 0, 1), ID],
         basis=CIVIL),
    dict(code="1.004884", name="Thủ tục đăng ký lại khai sinh", field="Hộ tịch", levels=["commune"],
         at="communes", decision="civil", t=(5, "working_day"), fee=(0, "le_phi", "Miễn lệ phí"), online="partial",
         applicants="Công dân Việt Nam", result="Giấy khai sinh (bản chính) ghi “Đăng ký lại”",
         docs=[("Tờ khai đăng ký lại khai sinh", 1, 0),
               ("Bản sao toàn bộ hồ sơ, giấy tờ có thông tin khai sinh", 0, 1), ID],
         basis=CIVIL),
    dict(code="1.001022", name="Thủ tục đăng ký nhận cha, mẹ, con", field="Hộ tịch", levels=["commune"],
         at="communes", decision="civil", t=(3, "working_day"), fee=(0, "le_phi", "Miễn lệ phí"), online="full",
         applicants="Công dân Việt Nam", result="Trích lục đăng ký nhận cha, mẹ, con",
         docs=[("Tờ khai đăng ký nhận cha, mẹ, con", 1, 0),
               ("Văn bản của cơ quan y tế hoặc giám định xác nhận quan hệ cha, mẹ, con", 1, 0), ID],
         basis=CIVIL),
    dict(code="1.004837", name="Thủ tục đăng ký giám hộ", field="Hộ tịch", levels=["commune"], at="communes",
         decision="civil", t=(3, "working_day"), fee=(0, "le_phi", "Miễn lệ phí"), online="full",
         applicants="Công dân Việt Nam", result="Trích lục đăng ký giám hộ",
         docs=[("Tờ khai đăng ký giám hộ", 1, 0), ("Văn bản cử người giám hộ", 1, 0), ID],
         basis=CIVIL),
    dict(code="2.000635", name="Cấp bản sao Trích lục hộ tịch, bản sao Giấy khai sinh", field="Hộ tịch",
         levels=["province", "commune"], at=["communes", JUSTICE], decision="civil", t=(4, "hour"),
         ot=(4, "hour"), fee=(8000, "phi", "8.000 đồng/bản sao"), online="full", five=True, after15=True,
         applicants="Cá nhân, cơ quan, tổ chức", result="Bản sao Trích lục hộ tịch, bản sao Giấy khai sinh",
         docs=[("Tờ khai cấp bản sao Trích lục hộ tịch", 1, 0), ID],
         basis=CIVIL),
    dict(code="2.000528", name="Thủ tục đăng ký khai sinh có yếu tố nước ngoài", field="Hộ tịch",
         levels=["commune"], at="communes", decision="civil", t=(3, "working_day"),
         fee=(75000, "le_phi", "75.000 đồng/trường hợp"), online="partial",
         applicants="Công dân Việt Nam, người nước ngoài", result="Giấy khai sinh (bản chính)",
         docs=[("Tờ khai đăng ký khai sinh", 1, 0), ("Giấy chứng sinh", 1, 0),
               ("Văn bản thỏa thuận của cha, mẹ về việc chọn quốc tịch cho con", 1, 0), ID],
         basis=CIVIL),
    dict(code="2.000806", name="Thủ tục đăng ký kết hôn có yếu tố nước ngoài", field="Hộ tịch",
         levels=["commune"], at="communes", decision="civil", t=(10, "working_day"),
         fee=(1000000, "le_phi", "1.000.000 đồng/trường hợp"), online="partial",
         applicants="Công dân Việt Nam, người nước ngoài", result="Giấy chứng nhận kết hôn",
         docs=[("Tờ khai đăng ký kết hôn", 1, 0),
               ("Giấy xác nhận tình trạng hôn nhân của người nước ngoài (đã hợp pháp hóa lãnh sự, dịch)", 1, 0),
               ("Giấy xác nhận của cơ quan y tế về sức khỏe tâm thần", 1, 0), ID],
         basis=CIVIL),
    dict(code="2.002516", name="Thủ tục xác nhận thông tin hộ tịch", field="Hộ tịch",
         levels=["province", "commune"], at=["communes", JUSTICE], decision="civil", t=(3, "working_day"),
         ot=(2, "working_day"), fee=(8000, "phi", "8.000 đồng/văn bản xác nhận"), online="full",
         applicants="Cá nhân, cơ quan, tổ chức", result="Văn bản xác nhận thông tin hộ tịch",
         docs=[("Tờ khai đề nghị xác nhận thông tin hộ tịch", 1, 0), ID],
         basis=CIVIL),
    # --- Chứng thực (commune) ---
    dict(code="2.000815", name="Chứng thực bản sao từ bản chính giấy tờ, văn bản do cơ quan, tổ chức có thẩm "
         "quyền của Việt Nam; cơ quan, tổ chức có thẩm quyền của nước ngoài; cơ quan, tổ chức có thẩm quyền của "
         "Việt Nam liên kết với cơ quan, tổ chức có thẩm quyền của nước ngoài cấp hoặc chứng nhận",
         field="Chứng thực", levels=["commune"], at="communes", decision="certify", t=(4, "hour"), ot=None,
         fee=(2000, "phi", "2.000 đồng/trang; từ trang thứ ba 1.000 đồng/trang, tối đa 200.000 đồng/bản"),
         online="none", five=True, after15=True, applicants="Cá nhân, tổ chức", result="Bản sao có chứng thực",
         docs=[("Bản chính giấy tờ, văn bản làm cơ sở chứng thực", 1, 0),
               ("Bản sao cần chứng thực", 0, 1)],
         basis=CERTIFY),
    dict(code="2.000884", name="Chứng thực chữ ký trong các giấy tờ, văn bản (áp dụng cho cả trường hợp chứng "
         "thực điểm chỉ và trường hợp người yêu cầu chứng thực không thể ký, không thể điểm chỉ được)",
         field="Chứng thực", levels=["commune"], at="communes", decision="certify", t=(4, "hour"), ot=None,
         fee=(10000, "phi", "10.000 đồng/trường hợp"), online="none", after15=True,
         applicants="Cá nhân", result="Giấy tờ, văn bản được chứng thực chữ ký",
         docs=[ID, ("Giấy tờ, văn bản mà mình sẽ ký", 1, 0)],
         basis=CERTIFY),
    dict(code="2.001035", name="Chứng thực giao dịch liên quan đến tài sản là động sản, quyền sử dụng đất, nhà ở",
         field="Chứng thực", levels=["commune"], at="communes", decision="certify", t=(2, "working_day"),
         ot=None, fee=(50000, "phi", "50.000 đồng/giao dịch"), online="none",
         applicants="Cá nhân, tổ chức", result="Hợp đồng, giao dịch được chứng thực",
         docs=[("Dự thảo hợp đồng, giao dịch", 1, 0), ID,
               ("Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất", 0, 1)],
         basis=CERTIFY),
    dict(code="2.001019", name="Chứng thực di chúc", field="Chứng thực", levels=["commune"], at="communes",
         decision="certify", t=(2, "working_day"), ot=None, fee=(50000, "phi", "50.000 đồng/di chúc"),
         online="none", applicants="Cá nhân", result="Di chúc được chứng thực",
         docs=[("Dự thảo di chúc", 1, 0), ID,
               ("Giấy tờ chứng minh quyền sở hữu, quyền sử dụng tài sản (nếu di chúc liên quan)", 0, 1)],
         basis=CERTIFY),
    dict(code="2.000908", name="Thủ tục cấp bản sao từ sổ gốc", field="Chứng thực",
         levels=["province", "commune"], at=["communes", JUSTICE], decision="certify", t=(8, "hour"),
         fee=(0, "phi", "Miễn phí"), online="partial", after15=True, applicants="Cá nhân, tổ chức",
         result="Bản sao từ sổ gốc", docs=[("Văn bản đề nghị cấp bản sao từ sổ gốc", 1, 0), ID],
         basis=CERTIFY),
    dict(code="2.000913", name="Chứng thực việc sửa đổi, bổ sung, hủy bỏ giao dịch", field="Chứng thực",
         levels=["commune"], at="communes", decision="certify", t=(2, "working_day"), ot=None,
         fee=(30000, "phi", "30.000 đồng/giao dịch"), online="none", applicants="Cá nhân, tổ chức",
         result="Văn bản sửa đổi, bổ sung, hủy bỏ giao dịch được chứng thực",
         docs=[("Dự thảo văn bản sửa đổi, bổ sung, hủy bỏ giao dịch", 1, 0),
               ("Giao dịch đã được chứng thực", 1, 0), ID],
         basis=CERTIFY),
    # --- Nuôi con nuôi, hòa giải, kinh doanh (commune) ---
    dict(code="2.001263", name="Đăng ký việc nuôi con nuôi trong nước", field="Nuôi con nuôi",
         levels=["commune"], at="communes", decision="civil", t=(30, "day"),
         fee=(400000, "le_phi", "400.000 đồng/trường hợp"), online="partial",
         applicants="Công dân Việt Nam", result="Giấy chứng nhận nuôi con nuôi",
         docs=[("Đơn xin nhận con nuôi", 1, 0), ("Phiếu lý lịch tư pháp của người nhận con nuôi", 1, 0),
               ("Giấy khai sinh của người được giới thiệu làm con nuôi", 0, 1),
               ("Giấy khám sức khỏe của người được giới thiệu làm con nuôi", 1, 0)],
         basis=ADOPTION),
    dict(code="1.002211", name="Thủ tục công nhận hòa giải viên (cấp xã)", field="Hòa giải ở cơ sở",
         levels=["commune"], at="communes", decision="civil", t=(5, "working_day"), fee=(0, "", "Không có"),
         online="full", applicants="Công dân Việt Nam", result="Quyết định công nhận hòa giải viên",
         docs=[("Văn bản đề xuất của Trưởng ban công tác Mặt trận", 1, 0),
               ("Biên bản bầu hòa giải viên", 1, 0)],
         basis=[("Luật Hòa giải ở cơ sở", "35/2013/QH13")]),
    dict(code="1.001612", name="Đăng ký thành lập hộ kinh doanh",
         field="Thành lập và hoạt động doanh nghiệp (hộ kinh doanh)", levels=["commune"], at="communes",
         decision="finance", t=(3, "working_day"), ot=(2, "working_day"),
         fee=(100000, "le_phi", "Theo mức Hội đồng nhân dân tỉnh quyết định"), online="full",
         applicants="Công dân Việt Nam", result="Giấy chứng nhận đăng ký hộ kinh doanh",
         docs=[("Giấy đề nghị đăng ký hộ kinh doanh", 1, 0),
               ("Văn bản ủy quyền của thành viên hộ gia đình cho một thành viên làm chủ hộ kinh doanh", 0, 1),
               AUTH],
         basis=[("Nghị định về đăng ký doanh nghiệp", "168/2025/NĐ-CP"), ("Luật Doanh nghiệp", "59/2020/QH14")]),
    # --- Sở Tư pháp (province) ---
    dict(code="1.013835", name="Đăng ký hoạt động Văn phòng công chứng", field="Công chứng",
         levels=["province"], at=[JUSTICE], decision="justice", t=(10, "working_day"),
         fee=(1000000, "phi", "1.000.000 đồng/hồ sơ"), online="full", applicants="Công chứng viên",
         result="Giấy đăng ký hoạt động Văn phòng công chứng",
         docs=[("Đơn đề nghị đăng ký hoạt động", 1, 0),
               ("Giấy tờ chứng minh về trụ sở của Văn phòng công chứng", 0, 1),
               ("Quyết định cho phép thành lập Văn phòng công chứng", 0, 1)],
         basis=NOTARY),
    dict(code="1.013803", name="Bổ nhiệm công chứng viên", field="Công chứng", levels=["province"],
         at=[JUSTICE], decision="justice", t=(20, "working_day"), fee=(0, "", "Không có"), online="partial",
         applicants="Công dân Việt Nam", result="Quyết định bổ nhiệm công chứng viên",
         docs=[("Đơn đề nghị bổ nhiệm công chứng viên", 1, 0),
               ("Giấy chứng nhận kết quả kiểm tra tập sự hành nghề công chứng", 0, 1),
               ("Phiếu lý lịch tư pháp", 1, 0), ("Giấy chứng nhận sức khỏe", 1, 0)],
         basis=NOTARY),
    dict(code="1.013859", name="Cấp thẻ công chứng viên", field="Công chứng", levels=["province"],
         at=[JUSTICE], decision="justice", t=(5, "working_day"), ot=(3, "working_day"),
         fee=(100000, "phi", "100.000 đồng/hồ sơ"), online="full", five=True, applicants="Công chứng viên",
         result="Thẻ công chứng viên",
         docs=[("Văn bản đề nghị cấp thẻ của tổ chức hành nghề công chứng", 1, 0),
               ("Ảnh chân dung cỡ 2cm x 3cm", 1, 0)],
         basis=NOTARY),
    dict(code="1.013807", name="Đăng ký tập sự hành nghề công chứng", field="Công chứng", levels=["province"],
         at=[JUSTICE], decision="justice", t=(5, "working_day"), fee=(0, "", "Không có"), online="full",
         applicants="Công dân Việt Nam", result="Quyết định đăng ký tập sự hành nghề công chứng",
         docs=[("Giấy đề nghị đăng ký tập sự", 1, 0), ("Bằng tốt nghiệp đào tạo nghề công chứng", 0, 1),
               ("Văn bản nhận tập sự của tổ chức hành nghề công chứng", 1, 0)],
         basis=NOTARY),
    dict(code="1.002010", name="Đăng ký hoạt động của tổ chức hành nghề luật sư", field="Luật sư",
         levels=["province"], at=[JUSTICE], decision="justice", t=(10, "working_day"), ot=(7, "working_day"),
         fee=(50000, "phi", "50.000 đồng/hồ sơ"), online="full", applicants="Luật sư",
         result="Giấy đăng ký hoạt động của tổ chức hành nghề luật sư",
         docs=[("Giấy đề nghị đăng ký hoạt động", 1, 0), ("Dự thảo Điều lệ của công ty luật", 1, 0),
               ("Bản sao Chứng chỉ hành nghề luật sư, Thẻ luật sư", 0, 1),
               ("Giấy tờ chứng minh về trụ sở", 0, 1)],
         basis=LAWYER),
    dict(code="1.002153", name="Đăng ký hành nghề luật sư với tư cách cá nhân", field="Luật sư",
         levels=["province"], at=[JUSTICE], decision="justice", t=(7, "working_day"), ot=(5, "working_day"),
         fee=(0, "", "Không có"), online="full", five=True, applicants="Luật sư",
         result="Giấy đăng ký hành nghề luật sư với tư cách cá nhân",
         docs=[("Giấy đề nghị đăng ký hành nghề luật sư với tư cách cá nhân", 1, 0),
               ("Hợp đồng lao động với cơ quan, tổ chức", 0, 1), ("Bản sao Thẻ luật sư", 0, 1)],
         basis=LAWYER),
    dict(code="1.003915", name="Cấp Chứng chỉ hành nghề đấu giá", field="Đấu giá tài sản", levels=["province"],
         at=[JUSTICE], decision="justice", t=(10, "working_day"), fee=(800000, "phi", "800.000 đồng/hồ sơ"),
         online="full", applicants="Công dân Việt Nam", result="Chứng chỉ hành nghề đấu giá",
         docs=[("Đơn đề nghị cấp Chứng chỉ hành nghề đấu giá", 1, 0),
               ("Giấy chứng nhận tốt nghiệp khóa đào tạo nghề đấu giá", 0, 1),
               ("Giấy chứng nhận kết quả kiểm tra tập sự hành nghề đấu giá", 0, 1),
               ("Phiếu lý lịch tư pháp", 1, 0)],
         basis=AUCTION),
    dict(code="2.001395", name="Đăng ký hoạt động của doanh nghiệp đấu giá tài sản", field="Đấu giá tài sản",
         levels=["province"], at=[JUSTICE], decision="justice", t=(10, "working_day"),
         fee=(1000000, "phi", "1.000.000 đồng/hồ sơ"), online="full", applicants="Doanh nghiệp",
         result="Giấy đăng ký hoạt động của doanh nghiệp đấu giá tài sản",
         docs=[("Đơn đề nghị đăng ký hoạt động", 1, 0), ("Điều lệ doanh nghiệp (đối với công ty hợp danh)", 0, 1),
               ("Bản sao Chứng chỉ hành nghề đấu giá của đấu giá viên", 0, 1)],
         basis=AUCTION),
    dict(code="2.000829", name="Thủ tục yêu cầu trợ giúp pháp lý", field="Trợ giúp pháp lý",
         levels=["province"], at=[JUSTICE], decision="justice", t=(1, "working_day"), fee=(0, "", "Miễn phí"),
         online="full", five=True, applicants="Người thuộc diện được trợ giúp pháp lý",
         result="Văn bản trợ giúp pháp lý",
         docs=[("Đơn yêu cầu trợ giúp pháp lý", 1, 0),
               ("Giấy tờ chứng minh thuộc diện người được trợ giúp pháp lý", 0, 1),
               ("Giấy tờ, tài liệu có liên quan đến vụ việc", 0, 1)],
         basis=LEGAL_AID),
    dict(code="2.000587", name="Thủ tục cấp thẻ cộng tác viên trợ giúp pháp lý", field="Trợ giúp pháp lý",
         levels=["province"], at=[JUSTICE], decision="justice", t=(7, "working_day"), fee=(0, "", "Miễn phí"),
         online="partial", applicants="Công dân Việt Nam", result="Thẻ cộng tác viên trợ giúp pháp lý",
         docs=[("Giấy đề nghị làm cộng tác viên", 1, 0), ("Bản sao bằng tốt nghiệp đại học luật", 0, 1),
               ("Ảnh chân dung cỡ 2cm x 3cm", 2, 0)],
         basis=LEGAL_AID),
    dict(code="1.001122", name="Bổ nhiệm và cấp thẻ giám định viên tư pháp cấp tỉnh", field="Giám định tư pháp",
         levels=["province"], at=[JUSTICE], decision="justice", t=(30, "day"), ot=None,
         fee=(0, "", "Không có"), online="none", applicants="Công dân Việt Nam",
         result="Quyết định bổ nhiệm và thẻ giám định viên tư pháp",
         docs=[("Văn bản đề nghị bổ nhiệm giám định viên tư pháp", 1, 0), ("Sơ yếu lý lịch", 1, 0),
               ("Bản sao bằng tốt nghiệp đại học", 0, 1), ("Phiếu lý lịch tư pháp", 1, 0)],
         basis=[("Luật Giám định tư pháp", "13/2012/QH13")]),
    dict(code="1.005136", name="Cấp Giấy xác nhận có quốc tịch Việt Nam ở trong nước", field="Quốc tịch",
         levels=["province"], at=[JUSTICE], decision="justice", t=(10, "working_day"),
         fee=(100000, "le_phi", "100.000 đồng/trường hợp"), online="partial", five=True,
         applicants="Công dân Việt Nam", result="Giấy xác nhận có quốc tịch Việt Nam",
         docs=[("Tờ khai đề nghị xác nhận có quốc tịch Việt Nam", 1, 0),
               ("Giấy tờ chứng minh có quốc tịch Việt Nam", 0, 1), ("Ảnh chân dung cỡ 4cm x 6cm", 2, 0)],
         basis=[("Luật Quốc tịch Việt Nam", "24/2008/QH12")]),
    dict(code="1.003179", name="Đăng ký lại việc nuôi con nuôi có yếu tố nước ngoài", field="Nuôi con nuôi",
         levels=["province"], at=[JUSTICE], decision="justice", t=(5, "working_day"), fee=(0, "", "Miễn phí"),
         online="partial", applicants="Công dân Việt Nam, người nước ngoài",
         result="Trích lục đăng ký lại việc nuôi con nuôi",
         docs=[("Tờ khai đăng ký lại việc nuôi con nuôi", 1, 0),
               ("Bản sao giấy tờ chứng minh việc nuôi con nuôi đã đăng ký", 0, 1)],
         basis=ADOPTION),
    dict(code="1.008927", name="Đăng ký hành nghề và cấp Thẻ Thừa phát lại", field="Thừa phát lại",
         levels=["province"], at=[JUSTICE], decision="justice", t=(5, "day"), fee=(0, "", "Miễn phí"),
         online="full", applicants="Thừa phát lại", result="Thẻ Thừa phát lại",
         docs=[("Văn bản đề nghị đăng ký hành nghề của Văn phòng Thừa phát lại", 1, 0),
               ("Ảnh chân dung cỡ 2cm x 3cm", 1, 0)],
         basis=[("Nghị định về tổ chức và hoạt động của Thừa phát lại", "08/2020/NĐ-CP")]),
    dict(code="1.005464", name="Đề nghị hỗ trợ chi phí tư vấn pháp luật cho doanh nghiệp nhỏ và vừa",
         field="Hỗ trợ pháp lý cho doanh nghiệp nhỏ và vừa", levels=["province"], at=[JUSTICE],
         decision="justice", t=(10, "working_day"), fee=(0, "", "Miễn phí"), online="full",
         applicants="Doanh nghiệp nhỏ và vừa", result="Văn bản chấp thuận hỗ trợ chi phí tư vấn",
         docs=[("Đơn đề nghị hỗ trợ chi phí tư vấn pháp luật", 1, 0), ("Hợp đồng tư vấn pháp luật", 0, 1),
               ("Hóa đơn, chứng từ thanh toán chi phí tư vấn", 0, 1)],
         basis=[("Luật Hỗ trợ doanh nghiệp nhỏ và vừa", "04/2017/QH14"),
                ("Nghị định về hỗ trợ pháp lý cho doanh nghiệp nhỏ và vừa", "55/2019/NĐ-CP")]),
    dict(code="2.002192", name="Giải quyết yêu cầu bồi thường tại cơ quan trực tiếp quản lý người thi hành công "
         "vụ gây thiệt hại (cấp tỉnh)", field="Bồi thường nhà nước", levels=["province"], at=[JUSTICE],
         decision="justice", t=(45, "day"), fee=(0, "", "Miễn phí"), online="partial",
         applicants="Cá nhân, tổ chức bị thiệt hại", result="Quyết định giải quyết bồi thường",
         docs=[("Văn bản yêu cầu bồi thường", 1, 0), ("Văn bản làm căn cứ yêu cầu bồi thường", 0, 1),
               ("Tài liệu, chứng cứ chứng minh thiệt hại", 0, 1)],
         basis=[("Luật Trách nhiệm bồi thường của Nhà nước", "10/2017/QH14")]),
    # --- Sở Nông nghiệp và Môi trường (đất đai, đăng ký biện pháp bảo đảm) ---
    dict(code="1.011441", name="Đăng ký biện pháp bảo đảm bằng quyền sử dụng đất, tài sản gắn liền với đất",
         field="Đăng ký biện pháp bảo đảm", levels=["province", "commune"], at=[AGRICULTURE], decision="land",
         t=(3, "working_day"), ot=(1, "working_day"), fee=(80000, "le_phi", "80.000 đồng/hồ sơ"), online="full",
         after15=True, applicants="Cá nhân, tổ chức", result="Văn bản chứng nhận đăng ký biện pháp bảo đảm",
         docs=[("Phiếu yêu cầu đăng ký", 1, 0), ("Hợp đồng bảo đảm có công chứng, chứng thực", 1, 0),
               ("Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất", 1, 0)],
         basis=SECURED),
    dict(code="1.011442", name="Đăng ký thay đổi biện pháp bảo đảm bằng quyền sử dụng đất, tài sản gắn liền với "
         "đất", field="Đăng ký biện pháp bảo đảm", levels=["province"], at=[AGRICULTURE], decision="land",
         t=(3, "working_day"), ot=(1, "working_day"), fee=(60000, "le_phi", "60.000 đồng/hồ sơ"), online="full",
         after15=True, applicants="Cá nhân, tổ chức", result="Văn bản chứng nhận đăng ký thay đổi",
         docs=[("Phiếu yêu cầu đăng ký thay đổi", 1, 0),
               ("Văn bản sửa đổi, bổ sung hợp đồng bảo đảm", 1, 0), AUTH],
         basis=SECURED),
    dict(code="1.012753", name="Đăng ký đất đai, tài sản gắn liền với đất, cấp Giấy chứng nhận quyền sử dụng đất, "
         "quyền sở hữu tài sản gắn liền với đất lần đầu đối với tổ chức đang sử dụng đất", field="Đất đai",
         levels=["province", "commune"], at=[AGRICULTURE], decision="land", t=(20, "working_day"),
         ot=(17, "working_day"), pt=(30, "working_day"), fee=(0, "", "Miễn phí"), online="partial",
         applicants="Tổ chức, doanh nghiệp",
         result="Giấy chứng nhận quyền sử dụng đất, quyền sở hữu tài sản gắn liền với đất",
         docs=[("Đơn đăng ký đất đai, tài sản gắn liền với đất", 1, 0),
               ("Báo cáo kết quả rà soát hiện trạng sử dụng đất (Mẫu số 15d)", 1, 0),
               ("Chứng từ thực hiện nghĩa vụ tài chính (nếu có)", 0, 1)],
         basis=[("Luật Đất đai", "31/2024/QH15"),
                ("Nghị định về phân định thẩm quyền của chính quyền địa phương 02 cấp trong lĩnh vực đất đai",
                 "151/2025/NĐ-CP")]),
    # --- Sở Tài chính, Sở Xây dựng, Công an tỉnh ---
    dict(code="2.001610", name="Đăng ký thành lập doanh nghiệp tư nhân",
         field="Thành lập và hoạt động của doanh nghiệp", levels=["province"], at=[FINANCE], decision="finance",
         t=(3, "working_day"), ot=(2, "working_day"),
         fee=(100000, "phi", "Phí công bố nội dung đăng ký doanh nghiệp 100.000 đồng/lần"), online="full",
         five=True, applicants="Công dân Việt Nam, người nước ngoài",
         result="Giấy chứng nhận đăng ký doanh nghiệp",
         docs=[("Giấy đề nghị đăng ký doanh nghiệp", 1, 0),
               ("Bản sao giấy tờ pháp lý của cá nhân đối với chủ doanh nghiệp tư nhân", 0, 1), AUTH],
         basis=[("Luật Doanh nghiệp", "59/2020/QH14"), ("Nghị định về đăng ký doanh nghiệp", "168/2025/NĐ-CP")]),
    dict(code="1.002861", name="Cấp, cấp lại Giấy phép vận tải đường bộ quốc tế giữa Việt Nam và Lào",
         field="Đường bộ", levels=["province"], at=[CONSTRUCTION], decision="construction", t=(2, "working_day"),
         fee=(0, "", "Không có"), online="full", five=True, applicants="Doanh nghiệp, hợp tác xã kinh doanh vận tải",
         result="Giấy phép vận tải đường bộ quốc tế giữa Việt Nam và Lào",
         docs=[("Giấy đề nghị cấp, cấp lại Giấy phép vận tải đường bộ quốc tế giữa Việt Nam và Lào", 1, 0),
               ("Phương án kinh doanh vận tải", 1, 0)],
         basis=[("Nghị định quy định về hoạt động vận tải đường bộ", "158/2024/NĐ-CP")]),
    dict(code="1.002390", name="Thủ tục cấp giấy phép xuất nhập cảnh cho người không quốc tịch cư trú tại Việt "
         "Nam tại Phòng Quản lý xuất nhập cảnh Công an tỉnh, thành phố trực thuộc Trung ương",
         field="Quản lý xuất nhập cảnh", levels=["province"], at=[POLICE], decision="police", t=(5, "working_day"),
         fee=(200000, "le_phi", "200.000 đồng/giấy phép"), online="full", applicants="Người không quốc tịch",
         result="Giấy phép xuất nhập cảnh",
         docs=[("Tờ khai đề nghị cấp, cấp lại giấy phép xuất nhập cảnh (mẫu NC14)", 1, 0, "NC14"),
               ("Ảnh chân dung cỡ 4cm x 6cm", 2, 0),
               ("Đơn giải trình về thời gian đã tạm trú tại Việt Nam", 1, 0)],
         basis=[("Luật Nhập cảnh, xuất cảnh, quá cảnh, cư trú của người nước ngoài tại Việt Nam",
                 "47/2014/QH13"),
                ("Thông tư quy định mức thu, chế độ thu, nộp, quản lý và sử dụng phí, lệ phí trong lĩnh vực "
                 "xuất cảnh, nhập cảnh, quá cảnh, cư trú tại Việt Nam", "25/2021/TT-BTC")]),
]

# Codes not of the Ministry of Justice and where each was checked (dichvucong.gov.vn records, crawled
# June–July 2026 in chatbot-tthc/chatbot_tthc, scripts/crawler/data/raw/<ministry>/<code>.json).
VERIFIED_ELSEWHERE: dict[str, str] = {
    "1.001612": "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfb-d76d-737f-81b9-69258b07240b",
    "2.001610": "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfc-d9eb-733f-80a1-8cd36b62e5cb",
    "1.012753": "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfa-6eeb-7460-9097-1804edf38aec",
    "1.002861": "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bfe-2aa3-76c6-a679-3eabcf288d24",
    "1.002390": "https://dichvucong.gov.vn/thu-tuc-hanh-chinh/019d2bf7-6753-7792-9014-3c9ac1695596",
}
