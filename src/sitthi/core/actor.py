"""Who is asking. Services take an Actor and decide what it may see; pages and the API
build it from the request the same way, so they cannot differ."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import SitthiError
from .models import Role, User

PUBLIC = "public"


@dataclass(frozen=True)
class Actor:
    role: str
    user: User | None = None
    hospital_code: str | None = None
    fund_code: str | None = None

    @classmethod
    def of(cls, user: User | None) -> Actor:
        if user is None or not user.is_authenticated:
            return cls(role=PUBLIC)
        role = Role.ADMIN.value if user.is_superuser else user.role
        return cls(role=role, user=user, hospital_code=user.hospital_id, fund_code=user.fund_id)

    @property
    def is_public(self) -> bool:
        return self.role == PUBLIC

    def require(self, *roles: str) -> None:
        """Refuse unless the actor has one of ``roles`` (401 for the public, 403 otherwise)."""
        if self.role in roles:
            return
        if self.is_public:
            raise SitthiError.one("AUTH_REQUIRED")
        raise SitthiError.one("ROLE_FORBIDDEN")

    def require_hospital(self, hcode: str) -> None:
        """A hospital officer acts only for its own hospital; other roles are not bound."""
        if self.role == Role.HOSPITAL and hcode != self.hospital_code:
            raise SitthiError.one("HOSPITAL_SCOPE", "hospital", own=self.hospital_code)
