from sitthi.core.actor import Actor


def actor(request):
    return {"actor": Actor.of(getattr(request, "user", None))}
