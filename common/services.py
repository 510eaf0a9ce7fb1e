from datetime import datetime

from common.models import Heartbeat


def heartbeat_record(*, name: str, now: datetime) -> Heartbeat:
    beat, _ = Heartbeat.objects.update_or_create(name=name, defaults={"seen_at": now})
    return beat
