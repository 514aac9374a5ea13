"""What the shared pages remember per person: when they last opened a list (``Seen``), so
that the home page can count what is new since."""

from django.conf import settings
from django.db import models


class Seen(models.Model):
    """The Bangkok day ``user`` last opened the list ``what`` from the home page."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    what = models.CharField(max_length=40)
    on = models.DateField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "what"], name="web_seen_once")]

    def __str__(self) -> str:
        return f"{self.user_id} {self.what} {self.on}"


def last_seen(user, what: str):
    """The day ``user`` last opened ``what``, or None."""
    row = Seen.objects.filter(user=user, what=what).first()
    return row.on if row else None


def mark_seen(user, what: str, on) -> None:
    Seen.objects.update_or_create(user=user, what=what, defaults={"on": on})
