# eventlet must patch the standard library before anything else imports it: nameko's
# `nameko run` / `nameko test` do this; plain pytest (the README's command) does not.
import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

import eventlet  # noqa: E402

eventlet.monkey_patch()

# award_testing.nameko replaces nameko's own plugin, switched off in pytest.ini
pytest_plugins = ["award_testing.nameko", "award_testing.plugin"]

import pytest  # noqa: E402
from cryptography.fernet import Fernet  # noqa: E402

#: the Fernet key feed's webhook secrets are encrypted with in the tests (WEBHOOK_SECRET_KEYS)
WEBHOOK_TEST_KEY = Fernet.generate_key().decode()


@pytest.fixture
def service_factory(service_factory):
    """award_testing's ``service_factory``, giving feed the key of its webhook secrets at rest
    (feed does not start without ``WEBHOOK_SECRET_KEYS``) unless the test's ``extra`` names one."""
    def start(service_cls, **kw):
        if service_cls.name == "feed":
            kw["extra"] = {"WEBHOOK_SECRET_KEYS": WEBHOOK_TEST_KEY, **(kw.get("extra") or {})}
        return service_factory(service_cls, **kw)
    return start
