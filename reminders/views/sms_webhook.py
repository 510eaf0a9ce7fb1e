"""Twilio's inbound-text webhook: POST /sms/inbound/twilio/.

Twilio signs each request (X-Twilio-Signature) over the URL it was given and
the form fields. Behind a TLS-terminating proxy this app sees http:// and an
inner host, so the signature is checked against settings.PUBLIC_URL plus the
path, the address Twilio was configured with. A request that fails the check
gets 403 and changes nothing.
"""

from xml.sax.saxutils import escape

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse, HttpResponseForbidden
from django.template.loader import render_to_string
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from reminders.messages.reminders import reminders_page_url
from reminders.services.sms_inbound import sms_inbound_receive
from reminders.sms_inbound import HELP, SKIP, STOP, signature_valid


def _twiml(reply: str = "", *, status: int = 200) -> HttpResponse:
    message = f"<Message>{escape(reply)}</Message>" if reply else ""
    body = f'<?xml version="1.0" encoding="UTF-8"?><Response>{message}</Response>'
    return HttpResponse(body, content_type="text/xml; charset=utf-8", status=status)


def _reply(name: str, *, discreet: bool) -> str:
    text = render_to_string(
        f"reminders/sms_replies/{name}.txt",
        {"reminders_url": reminders_page_url(), "discreet": discreet},
    )
    return " ".join(text.split())


@csrf_exempt
@login_not_required
@require_POST
def twilio_inbound(request):
    if not signature_valid(
        url=settings.PUBLIC_URL + request.get_full_path(),
        params=[(name, value) for name, values in request.POST.lists() for value in values],
        signature=request.headers.get("X-Twilio-Signature", ""),
        token=settings.TWILIO_AUTH_TOKEN,
    ):
        return HttpResponseForbidden("Signature did not match.")
    message_id = request.POST.get("MessageSid") or request.POST.get("SmsSid")
    from_number = request.POST.get("From", "").strip()
    if not message_id or not from_number:
        return _twiml(status=400)
    received = sms_inbound_receive(
        provider_message_id=message_id,
        from_number=from_number,
        body=request.POST.get("Body", ""),
        now=timezone.now(),
    )
    if received.duplicate:
        return _twiml()
    if received.action == HELP:
        return _twiml(_reply("help", discreet=received.discreet))
    if received.action == STOP:
        # Twilio confirms a bare keyword itself; a sentence it did not recognise
        # gets our confirmation, with the one word that undoes it.
        return _twiml("" if received.keyword else _reply("stopped", discreet=received.discreet))
    if received.action == SKIP and not received.opted_out:
        return _twiml(
            _reply(
                "not_this_time" if received.not_this_time else "nothing_to_skip",
                discreet=received.discreet,
            )
        )
    if received.action == "" and not received.opted_out:
        # Someone may write as if a person were reading: say kindly that none is.
        return _twiml(_reply("unread", discreet=received.discreet))
    return _twiml()  # START: Twilio confirms it
