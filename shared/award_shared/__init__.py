"""Shared kit of the Jinan Mayor's Quality Award suite (济南市市长质量奖)."""
import warnings

# eventlet is nameko 2.14's runtime, a choice we made knowingly; its deprecation notice is noise
warnings.filterwarnings("ignore", message=r"\s*Eventlet is deprecated")
