"""`sitthi serve`: pages and API on one port with a production WSGI server (waitress), with
the background jobs the apps declare (``AppConfig.background_jobs``) running beside it."""

from django.core.management.base import BaseCommand
from django.utils.module_loading import import_string
from waitress import serve

from sitthi.core.models import User
from sitthi.web.declared import background_jobs, demo_accounts
from sitthi.wsgi import application


def every(seconds: int) -> str:
    if seconds == 60:
        return "every minute"
    if seconds % 60 == 0:
        return f"every {seconds // 60} minutes"
    return f"every {seconds} seconds"


class Command(BaseCommand):
    help = "Serve pages and the API (waitress)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)
        parser.add_argument(
            "--production",
            action="store_true",
            help="collectstatic, then gunicorn with several workers (SITTHI_ENV=production)",
        )
        parser.add_argument(
            "--workers", type=int, default=None, help="gunicorn workers (2 x cores + 1, at most 12)"
        )

    def handle(self, *args, host, port, threads, production, workers, **options):
        if production:
            from sitthi.core.server import serve_production

            return serve_production(host, port, workers, self.stdout)
        self.announce(host, port)
        self.start_jobs()
        self.stdout.write(
            "  Background jobs (claims files, allocation runs, the isolation round close) run in"
            " `sitthi worker`."
        )
        self.stdout.write("  Stop with Ctrl+C.")
        serve(application, host=host, port=port, threads=threads, ident="sitthi")

    def announce(self, host, port):
        base = f"http://{host}:{port}"
        self.stdout.write(self.style.SUCCESS(f"Sitthi is serving on {base}/"))
        self.stdout.write(f"  pages:    {base}/          API docs: {base}/api/docs")
        for names, password in demo_accounts():
            demo = User.objects.filter(username__in=names).order_by("role", "username")
            if demo.exists():
                self.stdout.write(
                    f"  demo logins (password: {password}) — ผู้ใช้ตัวอย่าง (รหัสผ่าน {password}):"
                )
                for u in demo:
                    bound = u.hospital or u.fund or ""
                    self.stdout.write(f"    {u.username:<12} {u.get_role_display()}  {bound}")

    def start_jobs(self):
        started = []
        for job in background_jobs():
            started.append(import_string(job.start)(every_seconds=job.every_seconds))
            self.stdout.write(f"  The {job.name} runs {every(job.every_seconds)}.")
        return started
