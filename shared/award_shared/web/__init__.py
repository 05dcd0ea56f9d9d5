"""The web floor: HTTP — the ``api`` entrypoint and its server (http, http_protocol), bearer
tokens (auth, keys), who reads which cycle (cycle_access), per-client limits (ratelimit), the
OpenAPI document (openapi) and the public pages (pages)."""
