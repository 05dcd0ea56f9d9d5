"""Command-line tools of the award suite (award-token, award-topology, award-schemas)."""
