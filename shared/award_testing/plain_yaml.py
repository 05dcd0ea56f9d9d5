"""YAML read as written, whatever else the test process has loaded.

nameko's YAML loader, which ``award_shared.config`` sets up for a service's ``config.yaml``,
changes ``yaml.SafeLoader`` globally: from then on ``${VAR:default}`` is read as an
environment variable, so ``${OTEL_TRACES_EXPORTER:-none}`` comes back as ``-none``. A test
that checks what docker compose will see reads compose's file through :func:`load`, which
drops that resolver, so its answer does not depend on which tests ran before it."""
import yaml


class _AsWritten(yaml.SafeLoader):
    pass


def load(stream):
    _AsWritten.yaml_implicit_resolvers = {
        first: [(tag, pattern) for tag, pattern in pairs if tag != "!env_var"]
        for first, pairs in yaml.SafeLoader.yaml_implicit_resolvers.items()}
    return yaml.load(stream, Loader=_AsWritten)
