"""Thai translations of the interface, kept as a reviewed table (English → Thai).

`python scripts/th_messages.py` writes them into src/sitthi/locale/th/LC_MESSAGES/django.po
(after `sitthi makemessages -l th` has added new English strings) and lists any string
still without a Thai translation. A test fails while any string is untranslated.
"""

from pathlib import Path

from babel.messages.pofile import read_po, write_po

TH = {
    "Hospital claims officer": "เจ้าหน้าที่เรียกเก็บของหน่วยบริการ",
    "NHSO clearing-house officer": "เจ้าหน้าที่ สปสช. (ศูนย์กลางข้อมูลเรียกเก็บ)",
    "Fund officer": "เจ้าหน้าที่กองทุน",
    "EMS coordination centre": "ศูนย์ประสานคุ้มครองสิทธิผู้ป่วยฉุกเฉินวิกฤต",
    "Administrator": "ผู้ดูแลระบบ",
    "role": "บทบาท",
    "hospital": "หน่วยบริการ",
    "fund": "กองทุน",
    "A hospital officer must be bound to a hospital.": "เจ้าหน้าที่หน่วยบริการต้องผูกกับหน่วยบริการหนึ่งแห่ง",
    "A fund officer must be bound to a fund.": "เจ้าหน้าที่กองทุนต้องผูกกับกองทุนหนึ่งกองทุน",
    "Only hospital officers are bound to a hospital.": "ผูกกับหน่วยบริการได้เฉพาะเจ้าหน้าที่หน่วยบริการ",
    "Only fund officers are bound to a fund.": "ผูกกับกองทุนได้เฉพาะเจ้าหน้าที่กองทุน",
    "name": "ชื่อ",
    "A hospital code is 5 digits.": "รหัสหน่วยบริการเป็นตัวเลข 5 หลัก",
    "A province code is 2 digits.": "รหัสจังหวัดเป็นตัวเลข 2 หลัก",
    "Bangkok perimeter (ปริมณฑล)": "ปริมณฑล",
    "Universal Coverage (NHSO)": "หลักประกันสุขภาพแห่งชาติ (สปสช.)",
    "Social Security": "ประกันสังคม",
    "Civil Servant Medical Benefit Scheme": "สวัสดิการรักษาพยาบาลข้าราชการ",
    "Other public scheme": "สิทธิอื่นของรัฐ",
    "fund owner": "เจ้าของกองทุน",
    "agency's own hospital": "โรงพยาบาลในสังกัดของหน่วยงาน",
    "public": "รัฐ",
    "private": "เอกชน",
    "1: large Bangkok state hospital, all specialties": "กลุ่ม 1: รพ.รัฐขนาดใหญ่ใน กทม. รับได้ทุกสาขา",
    "2: Bangkok state hospital, specific specialties": "กลุ่ม 2: รพ.รัฐใน กทม. รับเฉพาะด้าน",
    "3: general hospital in the Bangkok perimeter": "กลุ่ม 3: รพท. ในเขตปริมณฑล",
    "hospital code": "รหัสหน่วยบริการ",
    "Ministry of Public Health": "สังกัดกระทรวงสาธารณสุข",
    "The affiliation when the hospital is not under MOPH.": "หน่วยงานต้นสังกัด เมื่อไม่ได้สังกัดกระทรวงสาธารณสุข",
    "temporary unit (field hospital, hospitel)": "หน่วยบริการชั่วคราว (โรงพยาบาลสนาม ฮอสปิเทล)",
    "A private hospital has no MOPH or agency affiliation.": "โรงพยาบาลเอกชนไม่มีสังกัดกระทรวงสาธารณสุขหรือหน่วยงานรัฐ",
    "A public hospital is under MOPH or another agency.": "โรงพยาบาลรัฐต้องสังกัดกระทรวงสาธารณสุขหรือหน่วยงานอื่น",
    "A MOPH hospital has no other agency.": "โรงพยาบาลสังกัดกระทรวงสาธารณสุขไม่มีหน่วยงานต้นสังกัดอื่น",
    "Only state hospitals take patients back.": "เฉพาะโรงพยาบาลรัฐที่รับย้ายผู้ป่วยกลับ",
    "Groups 1 and 2 are Bangkok hospitals.": "กลุ่ม 1 และ 2 เป็นโรงพยาบาลในกรุงเทพมหานคร",
    "Group 3 is in the Bangkok perimeter.": "กลุ่ม 3 อยู่ในเขตปริมณฑล",
    "from": "ตั้งแต่",
    "until (inclusive)": "ถึง (รวมวันนั้น)",
    "The end date is before the start date.": "วันที่สิ้นสุดอยู่ก่อนวันที่เริ่มต้น",
    "male": "ชาย",
    "female": "หญิง",
    "A CSMBS right must name the employing agency.": "สิทธิข้าราชการต้องระบุหน่วยงานต้นสังกัด",
    "These dates overlap another right of this person: %(other)s": "ช่วงวันที่ทับซ้อนกับสิทธิอื่นของบุคคลนี้: %(other)s",
    "Fund": "กองทุน/สิทธิ",
    "Main registered unit": "หน่วยบริการประจำ",
    "Employing agency": "หน่วยงานต้นสังกัด",
    "Agency's own hospital": "โรงพยาบาลในสังกัดของหน่วยงาน",
    "none": "ไม่มี",
    "In force": "มีผล",
    "no end date": "ไม่มีวันสิ้นสุด",
    "Check my own rights": "ตรวจสอบสิทธิของฉัน",
    "Enter your citizen ID and your birth date. We show which fund covers you today and your main registered unit, and nothing else.": "กรอกเลขประจำตัวประชาชนและวันเกิดของท่าน ระบบจะแสดงสิทธิที่ท่านมีในวันนี้และหน่วยบริการประจำเท่านั้น",
    "Citizen ID (13 digits)": "เลขประจำตัวประชาชน (13 หลัก)",
    "Birth date": "วันเกิด",
    "Check": "ตรวจสอบ",
    "Your rights today, %(d)s": "สิทธิของท่าน ณ วันนี้ %(d)s",
    "No right is in force today. Ask at a hospital or an NHSO office.": "วันนี้ไม่พบสิทธิที่มีผล กรุณาสอบถามที่โรงพยาบาลหรือสำนักงาน สปสช.",
    "Rights check": "ตรวจสอบสิทธิ",
    "Check a person's rights": "ตรวจสอบสิทธิผู้ป่วย",
    "On the date": "ณ วันที่",
    "At hospital (5-digit code)": "ที่หน่วยบริการ (รหัส 5 หลัก)",
    "Rights on %(d)s": "สิทธิ ณ วันที่ %(d)s",
    "No right is in force on this date.": "ไม่มีสิทธิที่มีผลในวันที่นี้",
    "At %(h)s %(n)s": "ที่ %(h)s %(n)s",
    "No fund to compare: the person has no right on this date.": "ไม่มีกองทุนให้เทียบ เพราะไม่มีสิทธิในวันที่นี้",
    "Inside the %(f)s contract network (contract from %(from)s). The fund's normal system applies.": "เป็นคู่สัญญาของกองทุน %(f)s (สัญญาตั้งแต่ %(from)s) ใช้ระบบปกติของกองทุน",
    "Outside the %(f)s contract network on this date.": "ไม่ได้เป็นคู่สัญญาของกองทุน %(f)s ในวันที่นี้",
    "Recorded as check": "บันทึกเป็นรายการตรวจสอบ",
    "When": "เวลา",
    "Checked by": "ผู้ตรวจสอบ",
    "Hospital": "หน่วยบริการ",
    "Citizen ID": "เลขประจำตัวประชาชน",
    "At hospital": "ที่หน่วยบริการ",
    "In network": "เป็นคู่สัญญา",
    "yes": "ใช่",
    "no": "ไม่ใช่",
    "All checks": "รายการตรวจสอบทั้งหมด",
    "Rights checks": "ประวัติการตรวจสอบสิทธิ",
    "Hospital code": "รหัสหน่วยบริการ",
    "Filter": "กรอง",
    "No checks yet.": "ยังไม่มีการตรวจสอบ",
    "page %(n)s of %(total)s": "หน้า %(n)s จาก %(total)s",
    "Log in": "เข้าสู่ระบบ",
    "The username or password is not correct.": "ชื่อผู้ใช้หรือรหัสผ่านไม่ถูกต้อง",
    "Username": "ชื่อผู้ใช้",
    "Password": "รหัสผ่าน",
    "Sitthi": "สิทธิ",
    "Checks": "ประวัติการตรวจสอบ",
    "API tokens": "โทเคน API",
    "Administration": "ผู้ดูแลระบบ",
    "Log out": "ออกจากระบบ",
    "Sitthi — the clearing house for Thailand's public health coverage funds. Dates are shown in the Buddhist Era; times in Bangkok time.": "สิทธิ — ศูนย์กลางข้อมูลเรียกเก็บค่าบริการของกองทุนหลักประกันสุขภาพภาครัฐ วันที่แสดงเป็นพุทธศักราช เวลาเป็นเวลาประเทศไทย",
    "Error codes": "รหัสข้อผิดพลาด",
    "The same codes are used on pages, in the API and in file reports. Families follow e-Claim: corrective (data to fix), deny (not payable), verify (needs checking); request is about the call itself.": "ใช้รหัสเดียวกันทั้งบนหน้าเว็บ ใน API และในรายงานผลการตรวจไฟล์ กลุ่มรหัสตาม e-Claim: corrective (ข้อมูลต้องแก้ไข) deny (ไม่จ่าย) verify (ต้องตรวจสอบ) ส่วน request คือปัญหาของคำขอเอง",
    "Code": "รหัส",
    "Family": "กลุ่ม",
    "Sitthi: one place for health-coverage rights and claims": "สิทธิ: ที่เดียวสำหรับสิทธิและการเรียกเก็บค่ารักษาพยาบาล",
    "Hospitals check a person's rights here, send claims, and follow them to payment by the UC, Social Security and Civil Servant funds.": "หน่วยบริการตรวจสอบสิทธิผู้ป่วย ส่งเรียกเก็บ และติดตามจนได้รับเงินจากกองทุนหลักประกันสุขภาพแห่งชาติ ประกันสังคม และสวัสดิการรักษาพยาบาลข้าราชการ",
    "What you can do as %(role)s": "สิ่งที่ %(role)s ทำได้",
    "What you can do here": "สิ่งที่ทำได้ที่นี่",
    "Not allowed": "ไม่อนุญาต",
    "This request cannot be answered": "ไม่สามารถดำเนินการตามคำขอนี้ได้",
    "Back to the home page": "กลับหน้าแรก",
    "Tokens let your hospital information system call the API as %(h)s. Send <code>Authorization: Bearer &lt;token&gt;</code>.": "โทเคนให้ระบบสารสนเทศของโรงพยาบาล (HIS) เรียกใช้ API ในนามของ %(h)s โดยส่ง <code>Authorization: Bearer &lt;token&gt;</code>",
    "Copy this token now. It will not be shown again:": "คัดลอกโทเคนนี้ไว้ทันที ระบบจะไม่แสดงอีก:",
    "Name": "ชื่อ",
    "Make a token": "สร้างโทเคน",
    "Starts with": "ขึ้นต้นด้วย",
    "Made": "สร้างเมื่อ",
    "Last used": "ใช้ล่าสุด",
    "State": "สถานะ",
    "revoked": "เพิกถอนแล้ว",
    "active": "ใช้งานได้",
    "Revoke": "เพิกถอน",
    "No tokens yet.": "ยังไม่มีโทเคน",
    "Fund and main unit on a date; is a hospital in the fund's network?": "สิทธิและหน่วยบริการประจำ ณ วันที่ระบุ และหน่วยบริการเป็นคู่สัญญาของกองทุนหรือไม่",
    "The checks made, newest first.": "รายการตรวจสอบสิทธิที่ทำไว้ ล่าสุดก่อน",
    "Tokens for your hospital information system.": "โทเคนสำหรับระบบสารสนเทศของโรงพยาบาล",
    "API documentation": "เอกสาร API",
    "The JSON API for hospital systems.": "API แบบ JSON สำหรับระบบของโรงพยาบาล",
    "Every error code with its Thai and English message.": "รหัสข้อผิดพลาดทั้งหมด พร้อมข้อความภาษาไทยและอังกฤษ",
    "Reference data, accounts and the audit log.": "ข้อมูลอ้างอิง บัญชีผู้ใช้ และบันทึกการเปลี่ยนแปลง",
    "With your citizen ID and birth date.": "ด้วยเลขประจำตัวประชาชนและวันเกิด",
    "For hospital, NHSO, fund and EMS staff.": "สำหรับเจ้าหน้าที่หน่วยบริการ สปสช. กองทุน และศูนย์ประสานฯ",
    "Token %(name)s revoked.": "เพิกถอนโทเคน %(name)s แล้ว",
    "web page": "หน้าเว็บ",
    "Rule parameters": "ค่าพารามิเตอร์ตามกฎ",
    "Rates, deadlines and windows with their dates and sources.": "อัตราจ่าย กำหนดเวลา และช่วงความคุ้มครอง พร้อมวันที่มีผลและแหล่งที่มา",
    "Every rate, deadline and window the system applies, with the dates it is in force and the clause it comes from. A claim is judged by the values in force on its service date. Parameter set version:": "อัตรา กำหนดเวลา และช่วงเวลาทุกค่าที่ระบบใช้ พร้อมวันที่มีผลและข้อที่เป็นที่มา การเรียกเก็บแต่ละรายการพิจารณาตามค่าที่มีผลในวันรับบริการ รุ่นของชุดพารามิเตอร์:",
    "From": "ตั้งแต่",
    "Until (inclusive)": "ถึง (รวมวันนั้น)",
    "Value": "ค่า",
    "Source": "แหล่งที่มา",
    "Download": "ดาวน์โหลด",
}

PO = Path(__file__).resolve().parent.parent / "src/sitthi/locale/th/LC_MESSAGES/django.po"


def main() -> int:
    with open(PO, "rb") as f:
        catalog = read_po(f, locale="th")
    catalog.fuzzy = False
    missing = []
    for message in catalog:
        if not message.id:
            continue
        if message.id in TH:
            message.string = TH[message.id]
            message.flags.discard("fuzzy")
        else:
            missing.append(message.id)
    with open(PO, "wb") as f:
        write_po(f, catalog, width=0, omit_header=False)
    for m in missing:
        print("untranslated:", m)
    return 1 if missing else 0


if __name__ == "__main__":
    raise SystemExit(main())
