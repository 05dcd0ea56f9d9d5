"""``award-run``: ``nameko run`` for one service of the suite — the same arguments
(``award-run --config services/intake/config.yaml award_intake.service:IntakeService``), but
quiet about what we chose knowingly: eventlet, nameko 2.14's runtime, announces its own
deprecation in nine lines at import, and setuptools its ``pkg_resources``, which nameko's
command imports (docs/design.md, "Why eventlet"). Warnings are silenced here, before nameko
imports either; logging is the ``LOGGING`` section of the service's config (award_shared.logs).
"""
import sys
import warnings

QUIET = (r"\s*Eventlet is deprecated", r"pkg_resources is deprecated as an API")


def main(argv=None):
    for message in QUIET:
        warnings.filterwarnings("ignore", message=message)
    from nameko.cli.main import main as nameko
    sys.argv = ["nameko", "run", *(sys.argv[1:] if argv is None else argv)]
    return nameko()


if __name__ == "__main__":
    sys.exit(main())
