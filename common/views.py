from datetime import timedelta

from django.contrib.auth.decorators import login_not_required
from django.db import DatabaseError
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from common.models import Heartbeat

# Beat sends a heartbeat every minute; three quiet minutes means something stopped.
HEARTBEAT_STALE_AFTER = timedelta(minutes=3)


@login_not_required
@never_cache
@require_GET
def healthz(request):
    """For load balancers and operators: is the database reachable, is the worker alive?

    Answers 503 only when the database is down; a stale worker is reported but
    does not take the web process out of rotation, since pages still work.
    """
    try:
        beat = Heartbeat.objects.filter(name="worker").first()
    except DatabaseError:
        return JsonResponse({"database": "unreachable"}, status=503)
    worker = "never seen"
    if beat:
        age = timezone.now() - beat.seen_at
        worker = "ok" if age <= HEARTBEAT_STALE_AFTER else f"quiet for {int(age.total_seconds())}s"
    return JsonResponse({"database": "ok", "worker": worker})
