"""What intake's workers get from its config: the rule sets and the person_key secret (its
document store is the kit's ``Documents``). Nothing reads the disk or the environment before
``setup``. The kit is imported before nameko: its first import files nameko's notices away."""
import os

from award_rules.identifiers import person_key
from award_rules.ruleset import RuleSetLibrary
from award_shared import errors

from nameko.extensions import DependencyProvider  # after the kit, whose first import sets its warning filters

RULESET_DIR = os.path.join(os.path.dirname(os.path.abspath(__file__)), "rulesets")


class RuleSets(DependencyProvider):
    """The rule sets intake knows: the packaged ones plus ``RULESET_DIRS`` (Art. 31)."""

    def setup(self):
        extra = str(self.container.config.get("RULESET_DIRS") or "")
        dirs = [RULESET_DIR] + [d for d in extra.split(os.pathsep) if d]
        self.library = RuleSetLibrary.from_dirs(dirs)

    def get_dependency(self, worker_ctx):
        return self.library


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


class PersonKeys(DependencyProvider):
    def setup(self):
        self.keyer = PersonKeyer(str(self.container.config.get("PERSON_KEY_SECRET") or ""))

    def get_dependency(self, worker_ctx):
        return self.keyer
