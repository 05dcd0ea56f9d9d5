"""What intake's workers get from its config: the rule sets and the person_key secret (its
document store is the kit's ``Documents``), each a kit ``Setting``: nothing reads the disk or
the environment before the service starts."""
import os

from award_rules.identifiers import person_key
from award_rules.ruleset import RuleSetLibrary
from award_shared import errors

RULESET_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rulesets")


def rule_sets(config):
    """The rule sets intake knows: the packaged ones plus ``RULESET_DIRS`` (Art. 31)."""
    extra = str(config.get("RULESET_DIRS") or "")
    return RuleSetLibrary.from_dirs([RULESET_DIR] + [d for d in extra.split(os.pathsep) if d])




class NotConfigured(errors.ApiError):
    status = 503
    code = "not_configured"


class PersonKeyer:
    """resident ID number → person_key, with the secret of ``PERSON_KEY_SECRET``."""

    def __init__(self, secret):
        self._secret = secret

    def __call__(self, resident_id):
        if not self._secret:
            raise NotConfigured("系统未配置 PERSON_KEY_SECRET，暂不能受理个人申报",
                                "PERSON_KEY_SECRET is not configured: individuals cannot be recorded")
        return person_key(resident_id, self._secret)


def person_keys(config):
    """resident ID number → person_key with ``PERSON_KEY_SECRET`` (503 while it is not set)."""
    return PersonKeyer(str(config.get("PERSON_KEY_SECRET") or ""))
