"""Where a webhook may be sent (issue 36, item 2): SSRF refused. Not a rule of the Measures.

A URL is ``https``, or ``http`` to a loopback address when development allows it; it has a
host and no credentials; EVERY address its host resolves to is public — private (RFC 1918,
fc00::/7), loopback, link-local (169.254/16: cloud metadata), shared (100.64/10), multicast,
reserved and unspecified addresses are refused unless a network of ``allowed`` holds them.
The check runs when a subscription is registered and again before every delivery (a name may
resolve elsewhere later)."""
import ipaddress
from urllib.parse import urlsplit


class Refused(ValueError):
    """(message in Chinese, message in English)."""

    def __init__(self, message, message_en):
        super().__init__(message_en)
        self.message = message
        self.message_en = message_en


def networks(text):
    """``WEBHOOK_ALLOWED_NETWORKS``: CIDRs, comma-separated (empty: none)."""
    return tuple(ipaddress.ip_network(part.strip(), strict=False) for part in (text or "").split(",") if part.strip())


def public(address):
    """True if ``address`` (an ip_address) is routable on the internet."""
    if getattr(address, "ipv4_mapped", None):
        address = address.ipv4_mapped
    return not (address.is_private or address.is_loopback or address.is_link_local or address.is_multicast
                or address.is_reserved or address.is_unspecified or address in ipaddress.ip_network("100.64.0.0/10"))


def parse(url):
    """(scheme, host, port) of a webhook URL, or Refused."""
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        raise Refused("URL 无法解析", "the URL cannot be parsed") from None
    if parts.scheme not in ("https", "http"):
        raise Refused("只允许 https 地址", "only https URLs are allowed")
    if not parts.hostname:
        raise Refused("URL 缺少主机名", "the URL has no host")
    if parts.username or parts.password:
        raise Refused("URL 不得包含用户名或密码", "the URL must not carry credentials")
    return parts.scheme, parts.hostname, port or (443 if parts.scheme == "https" else 80)


def check(url, resolve, allowed=(), http_loopback=False):
    """The addresses ``url`` may be sent to, or Refused naming why. ``resolve(host, port)``
    gives the host's addresses as text (the caller's DNS); ``allowed``: networks allowed
    although not public; ``http_loopback``: development sends ``http`` to loopback."""
    scheme, host, port = parse(url)
    try:
        addresses = [ipaddress.ip_address(a.split("%")[0]) for a in resolve(host, port)]
    except (OSError, ValueError):
        raise Refused(f"无法解析主机名 {host}", f"the host {host} does not resolve") from None
    if not addresses:
        raise Refused(f"无法解析主机名 {host}", f"the host {host} does not resolve")
    for address in addresses:
        loopback_dev = http_loopback and address.is_loopback
        if scheme == "http" and not loopback_dev:
            raise Refused("只允许 https 地址（开发环境中 http 仅限本机）",
                          "only https URLs are allowed (http only to loopback in development)")
        if not (public(address) or loopback_dev or any(address in net for net in allowed)):
            raise Refused(f"不允许向内部地址 {address} 发送（SSRF）",
                          f"the address {address} is not public: refused (SSRF)")
    return addresses
