"""`sitthi serve`: pages and API on one port with a production WSGI server (waitress)."""

from django.core.management.base import BaseCommand
from waitress import serve

from sitthi.core.models import User
from sitthi.registry.demo import DEMO_PASSWORD, DEMO_USERS
from sitthi.wsgi import application


class Command(BaseCommand):
    help = "Serve pages and the API (waitress)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host, port, threads, **options):
        base = f"http://{host}:{port}"
        self.stdout.write(self.style.SUCCESS(f"Sitthi is serving on {base}/"))
        self.stdout.write(f"  pages:    {base}/          API docs: {base}/api/docs")
        names = [u.username for u in DEMO_USERS]
        demo = User.objects.filter(username__in=names).order_by("role", "username")
        if demo.exists():
            self.stdout.write(
                f"  demo logins (password: {DEMO_PASSWORD}) — ผู้ใช้ตัวอย่าง (รหัสผ่าน {DEMO_PASSWORD}):"
            )
            for u in demo:
                bound = u.hospital or u.fund or ""
                self.stdout.write(f"    {u.username:<12} {u.get_role_display()}  {bound}")
        from sitthi.isolation import scheduler

        scheduler.start()
        self.stdout.write("  The isolation round closer runs every minute.")
        self.stdout.write("  Stop with Ctrl+C.")
        serve(application, host=host, port=port, threads=threads, ident="sitthi")
