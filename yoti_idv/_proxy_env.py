"""The proxy variables of the environment, read as httpx reads them.

``HTTP_PROXY``, ``HTTPS_PROXY`` and ``ALL_PROXY`` (any case, through
`urllib.request.getproxies`) each mount a transport through that proxy on their scheme; each
name in ``NO_PROXY`` mounts None (the client's own transport, no proxy) on its hosts, and
``NO_PROXY=*`` turns every proxy off. httpx builds the same table when it is given no
transport; given one, it reads no proxy variable at all, so a client without a transport
builds the table itself around its default one.
"""

from __future__ import annotations

import ipaddress
import urllib.request

__all__ = ["proxy_table"]


def proxy_table() -> dict[str, str | None]:
    """httpx mount patterns for the environment's proxy variables: a proxy URL, or None for no
    proxy (see the module). Empty when no proxy is set."""
    proxies = urllib.request.getproxies()
    table: dict[str, str | None] = {}
    for scheme in ("http", "https", "all"):
        if proxies.get(scheme):
            url = proxies[scheme]
            table[f"{scheme}://"] = url if "://" in url else f"http://{url}"
    if not table:
        return {}
    for host in (name.strip() for name in proxies.get("no", "").split(",")):
        # As httpx and curl read NO_PROXY: "*" is every host, ".example.com" its subdomains,
        # "example.com" the domain and its subdomains, IP addresses and "localhost" as they are.
        if host == "*":
            return {}
        if not host:
            continue
        if "://" in host:
            table[host] = None
        elif _is_ip(host, ipaddress.IPv4Address) or host.lower() == "localhost":
            table[f"all://{host}"] = None
        elif _is_ip(host, ipaddress.IPv6Address):
            table[f"all://[{host}]"] = None
        else:
            table[f"all://*{host}"] = None
    return table


def _is_ip(host: str, kind: type[ipaddress.IPv4Address | ipaddress.IPv6Address]) -> bool:
    try:
        kind(host.split("/")[0])
    except ValueError:
        return False
    return True
