# eventlet must patch the standard library before anything else imports it: nameko's
# `nameko run` / `nameko test` do this; plain pytest (the README's command) does not.
import warnings

warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")

import eventlet  # noqa: E402

eventlet.monkey_patch()

# award_testing.nameko replaces nameko's own plugin, switched off in pytest.ini
pytest_plugins = ["award_testing.nameko", "award_testing.plugin"]
