"""``award-run``: ``nameko run`` for one service of the suite — the same arguments
(``award-run --config services/intake/config.yaml award_intake.service:IntakeService``), but
quiet about what we chose knowingly: eventlet, nameko 2.14's runtime, announces its own
deprecation in nine lines at import, and setuptools its ``pkg_resources``, which nameko's
command imports (docs/design.md, "Why eventlet"). Warnings are silenced here, before nameko
imports either; logging is the ``LOGGING`` section of the service's config (award_shared.logs).
"""
import sys

import award_shared  # noqa: F401 - its warning filters, before nameko imports eventlet


def main(argv=None):
    from award_shared.container import run_command
    sys.argv = ["nameko", "run", *(sys.argv[1:] if argv is None else argv)]
    return run_command()


if __name__ == "__main__":
    sys.exit(main())
