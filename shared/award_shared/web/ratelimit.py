"""Who a public client is, and how often it may call: the per-client token bucket of the
public routes (contract.md: rate-limited per client), keyed by an address a client cannot
choose (docs/design.md, "Limits": ``TRUSTED_PROXIES``)."""
import ipaddress
import time

from award_shared.container import SharedExtension


def trusted_proxies(config):
    """The networks of ``TRUSTED_PROXIES`` (addresses or networks, comma-separated)."""
    setting = config.get("TRUSTED_PROXIES") or ""
    if isinstance(setting, str):
        setting = setting.split(",")
    return [ipaddress.ip_network(p.strip(), strict=False) for p in setting if str(p).strip()]


def is_within(address, networks):
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in networks)


class ClientAddress(SharedExtension):
    """Who the client is, for the rate limit: the peer address, unless the peer is a proxy
    listed in ``TRUSTED_PROXIES`` (addresses or networks, comma-separated; empty by
    default). Then ``X-Forwarded-For`` is read from the right, past every trusted proxy, as
    werkzeug's ``ProxyFix`` does: anyone else can write that header."""

    def setup(self):
        self.trusted = trusted_proxies(self.container.config)

    def _is_trusted(self, address):
        return is_within(address, self.trusted)

    def of(self, request):
        peer = request.remote_addr or "-"
        if not self._is_trusted(peer):
            return peer
        hops = [h.strip() for h in request.headers.get("X-Forwarded-For", "").split(",") if h.strip()]
        for hop in reversed(hops):
            if not self._is_trusted(hop):
                return hop[:64]
        return hops[0][:64] if hops else peer


class RateLimiter(SharedExtension):
    """A token bucket per client for the public routes (contract.md: rate-limited per client)."""

    def setup(self):
        self.per_minute = float(self.container.config.get("PUBLIC_RATE_PER_MINUTE", 60))
        self.buckets = {}

    def wait(self, client):
        """0 when ``client`` may call now (its call takes a token), else the seconds until it
        may: what a refusal's ``Retry-After`` says."""
        now = time.monotonic()
        tokens, last = self.buckets.get(client, (self.per_minute, now))
        tokens = min(self.per_minute, tokens + (now - last) * self.per_minute / 60.0)
        if tokens < 1:
            self.buckets[client] = (tokens, now)
            return (1 - tokens) * 60.0 / self.per_minute
        self.buckets[client] = (tokens - 1, now)
        if len(self.buckets) > 10000:  # forget the oldest clients rather than grow without bound
            for key in list(self.buckets)[:5000]:
                del self.buckets[key]
        return 0
