"""Feed: the public events of the award over HTTP, readable from any point (issue 36)."""
