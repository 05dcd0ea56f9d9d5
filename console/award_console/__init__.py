"""The staff console (issue 35): a backend-for-frontend on port 8000 that signs people in at the
city's OpenID Connect provider (or, on a developer's machine, as clearly marked test users),
keeps their session on the server, and renders each role's work as Chinese pages from the six
services' APIs, called with the person's own access token. It keeps no award data."""
