"""What revocation's workers get from config beside the kit's: the recovery deadline. (The
evidence is the kit's ``Documents`` store, named in ``service.py``.) Each is built once, when
the service starts, by a kit ``Setting`` on the service class."""
DEFAULT_RECOVERY_DUE_DAYS = 30


def recovery_due_days(config):
    """``RECOVERY_DUE_DAYS``: days after the decision by which everything should be back."""
    return int(config.get("RECOVERY_DUE_DAYS") or DEFAULT_RECOVERY_DUE_DAYS)
