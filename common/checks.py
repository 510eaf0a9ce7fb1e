"""`manage.py check --deploy`: the keys production runs on are neither public nor weak.

Production settings already refuse to start with a bad first key (config/env.py);
this also catches development settings about to be shipped, and a public older key
left behind a fresh one after the rotation it was listed for.
"""

from django.conf import settings
from django.core.checks import Error, Tags, register

from config.keys import NAMES, keys_problem


@register(Tags.security, deploy=True)
def keys_are_private(app_configs, **kwargs) -> list[Error]:
    errors = []
    for name in NAMES:
        value = getattr(settings, name, None) or []
        values = [value] if isinstance(value, str) else list(value)
        # The first key signs or encrypts; the others only read what they once wrote.
        if problem := keys_problem(name, values[:1], older_may_be_public=False):
            errors.append(Error(problem, id="common.E001"))
        elif problem := keys_problem(name, values, older_may_be_public=False):
            hint = "Run `manage.py rotate_encryption_keys`, then remove that key from the list."
            errors.append(Error(problem, hint=hint, id="common.E002"))
    return errors
