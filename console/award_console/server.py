"""``award-console``: serve the console (eventlet's WSGI server, the one the services' stack
already brings) at ``CONSOLE_HTTP_ADDRESS`` (default 0.0.0.0:8000)."""
import eventlet

eventlet.monkey_patch()

import logging  # noqa: E402
import sys  # noqa: E402

from eventlet import wsgi  # noqa: E402

from award_console.app import Console  # noqa: E402
from award_console.config import Settings  # noqa: E402


def main(argv=None):
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    try:
        settings = Settings.from_env()
    except ValueError as error:
        print(f"award-console: {error}", file=sys.stderr)
        return 2
    host, _, port = settings.address.rpartition(":")
    listener = eventlet.listen((host or "0.0.0.0", int(port)))
    mode = f"provider {settings.issuer}" if settings.issuer else "development sign-in (test users)"
    logging.getLogger("award_console").info("console at %s (%s)", settings.public_url, mode)
    wsgi.server(listener, Console(settings), log_output=False, max_size=1000,
                socket_timeout=60, keepalive=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
