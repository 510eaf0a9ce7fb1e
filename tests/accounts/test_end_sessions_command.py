"""An operator signs one person, or everyone, out everywhere (manage.py end_sessions)."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from tests.accounts.sessions_support import device, sign_in, signed_in

pytestmark = pytest.mark.django_db


def _end(*args) -> str:
    out = StringIO()
    call_command("end_sessions", *args, stdout=out)
    return out.getvalue()


def test_one_person_is_signed_out_everywhere_and_no_one_else(alice, bob):
    laptop, phone, bobs = device(), device(), device()
    sign_in(laptop, alice)
    sign_in(phone, alice)
    sign_in(bobs, bob)

    assert _end("--email", alice.email.upper()) == "Ended 2 sessions.\n"

    assert not signed_in(laptop) and not signed_in(phone)
    assert signed_in(bobs)


def test_everyone_is_signed_out(alice, bob):
    browsers = [device(), device()]
    sign_in(browsers[0], alice)
    sign_in(browsers[1], bob)

    assert _end("--everyone") == "Ended 2 sessions.\n"

    assert not any(signed_in(browser) for browser in browsers)


def test_an_unknown_address_says_so_and_ends_nothing(alice):
    laptop = device()
    sign_in(laptop, alice)

    with pytest.raises(CommandError, match="No account signs in as nobody@example.org"):
        _end("--email", "nobody@example.org")
    assert signed_in(laptop)
