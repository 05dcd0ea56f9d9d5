"""Shared kit of the Jinan Mayor's Quality Award suite (济南市市长质量奖)."""
import warnings

#: notices of what we chose knowingly (docs/design.md, "Why eventlet, and the log"): eventlet,
#: nameko 2.14's runtime, announces its deprecation in nine lines at import; setuptools warns
#: that ``pkg_resources``, which nameko's command imports, will go. Filtered when the kit is
#: first imported: a command or module that may import nameko first imports the kit.
QUIET = (r"\s*Eventlet is deprecated", r"pkg_resources is deprecated as an API")
for _message in QUIET:
    warnings.filterwarnings("ignore", message=_message)
