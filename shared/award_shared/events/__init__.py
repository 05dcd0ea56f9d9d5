"""Events of the suite: the CloudEvents envelope and one schema per event type."""
