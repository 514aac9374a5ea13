from sitthi.core.actor import Actor
from sitthi.registry.services import CHECKERS


def actor(request):
    """Who is asking, and whether the menu may offer the rights check (only to the roles that
    may open it: a link a role cannot open is not shown to it)."""
    who = Actor.of(getattr(request, "user", None))
    return {"actor": who, "can_check_rights": who.role in CHECKERS}
