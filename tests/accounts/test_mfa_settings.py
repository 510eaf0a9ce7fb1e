"""Passkeys on plain http are for development and tests only, never production."""

from tests.test_deploy_check import manage, production_env  # noqa: F401 (a fixture)

SHOW = "from django.conf import settings; print(settings.MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN)"


def test_production_accepts_passkeys_only_from_https(production_env):  # noqa: F811
    result = manage(production_env, "shell", "-c", SHOW)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"


def test_development_accepts_them_from_http_on_this_machine(production_env):  # noqa: F811
    result = manage({**production_env, "STEPWISE_ENV": "development"}, "shell", "-c", SHOW)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "True"
