from sitthi.core.actor import Actor
from sitthi.web.declared import tasks_for


def actor(request):
    """Who is asking, and the URL names of the tasks its home page lists (``menu_urls``): the
    menu shows a shared link (the rights check) only to the roles whose tasks include it, so a
    link a role cannot open is not shown to it."""
    who = Actor.of(getattr(request, "user", None))
    from sitthi.core.tokens import TOKEN_ROLES

    return {
        "actor": who,
        "menu_urls": {url for url, _, _ in tasks_for(who.role)},
        "can_make_tokens": who.role in TOKEN_ROLES,
    }
