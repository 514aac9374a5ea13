"""``python -m sitthi demo-guide``: what to type to try the demo, printed last by ``make run``
(after every demo load, so it shows on every start, not only the first): the demo logins, a
showcase person's citizen ID with the birth date the public self-check asks for, and an
assistance request number with the citizen ID the public status page asks for."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from sitthi.rules.kernel import thaitime


def guide_lines(base_url: str = "http://127.0.0.1:8000") -> list[str]:
    from sitthi.assistance.models import Request
    from sitthi.core.models import User
    from sitthi.registry import demo
    from sitthi.registry.models import Person

    lines = ["", "Try the demo / ทดลองใช้ระบบ", ""]
    users = {
        u.username: u
        for u in User.objects.select_related("hospital", "fund").filter(
            username__in=[spec.username for spec in demo.DEMO_USERS]
        )
    }
    lines.append(f"Logins / บัญชีทดลอง ({base_url}/accounts/login/), password {demo.DEMO_PASSWORD}")
    lines.append("  (unless you changed it / หากยังไม่ได้เปลี่ยนรหัสผ่าน):")
    for spec in demo.DEMO_USERS:
        user = users.get(spec.username)
        if user is None:
            continue
        bound = (
            f" · {user.hospital.hcode} {user.hospital.name_th}"
            if user.hospital
            else f" · {user.fund.code}"
            if user.fund
            else ""
        )
        lines.append(f"  {user.username:<13} {user.role}{bound}")
    person = Person.objects.filter(citizen_id=demo.CID_UC).first()
    if person is not None:
        born = person.birth_date
        lines += [
            "",
            f"Check your own rights / ตรวจสอบสิทธิด้วยตนเอง: {base_url}/my-rights/",
            f"  citizen ID / เลขประจำตัวประชาชน  {person.citizen_id}",
            f"  birth date / วันเกิด            {thaitime.form_value(born)}"
            f"  ({thaitime.be_date(born)}; or type {born.isoformat()})",
        ]
    req = Request.objects.order_by("received_on", "id").first()
    if req is not None:
        lines += [
            "",
            f"Assistance request status / ติดตามคำร้องขอรับเงินช่วยเหลือเบื้องต้น:"
            f" {base_url}/assistance/status/",
            f"  request number / เลขที่คำร้อง      {req.number}",
            f"  citizen ID / เลขประจำตัวประชาชน  {req.harmed_cid}"
            " (the harmed person's; the requester's works too)",
        ]
    lines.append("")
    return lines


class Command(BaseCommand):
    help = (
        "Print the demo logins, a showcase citizen ID with its birth date for the public "
        "self-check, and an assistance request number with the citizen ID for its status page."
    )

    def add_arguments(self, parser):
        parser.add_argument("--port", type=int, default=8000)

    def handle(self, *args, port: int = 8000, **options):
        for line in guide_lines(f"http://127.0.0.1:{port}"):
            self.stdout.write(line)
