"""What revocation's workers get from config beside the kit's: the recovery deadline. (The
evidence is the kit's ``Documents`` store, named in ``service.py``.)"""
from award_shared import Setting

DEFAULT_RECOVERY_DUE_DAYS = 30


def RecoveryDueDays():  # noqa: N802 - declared on the service class like the kit's providers
    """``RECOVERY_DUE_DAYS``: days after the decision by which everything should be back."""
    return Setting(lambda config: int(config.get("RECOVERY_DUE_DAYS") or DEFAULT_RECOVERY_DUE_DAYS))
