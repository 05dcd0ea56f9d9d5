// The real OpenID Connect provider the tests sign in through: the certified `oidc-provider`
// package (pinned in package.json / package-lock.json; `scripts/install --test` installs it),
// run by award_testing.oidc. Not for production: it keeps everything in memory and uses the
// package's development interactions (a login form that takes any password).
//
//   node provider.mjs CONFIG.json
//
// CONFIG.json: {"port": 0, "issuer": "http://127.0.0.1:PORT", "jwks": {"keys": [private JWKs]},
//               "users": "users.json", "clients": [client metadata], "resources": ["urn:..."]}
// users.json (read again for every token, so a role changed there shows in the next token):
//   {"<login>": {"name": "...", "groups": ["award-office"], "district": "...", "claims": {...}}}
//   ("claims": any other claims of that user, e.g. what a public-facing SSO says of an applicant)
// "scopes": the scopes besides openid/profile/award a client may be allowed (the tools' clients,
// client-credentials grant: RFC 9068 puts them in the token's "scope", which the suite maps to roles)
// "clientClaims": {"<client_id>": {claims}}: what a client's own tokens (client credentials) say
// besides (award-demo's district coordinators: their district, as a Keycloak hardcoded-claim mapper)
// Access tokens are JWTs for one resource (its indicator is the audience) and carry the
// user's groups in realm_access.roles (Keycloak's shape), district and name.
import { readFileSync } from 'node:fs';
import Provider from 'oidc-provider';

const config = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const users = () => JSON.parse(readFileSync(config.users, 'utf8'));

function claimsOf(accountId) {
  const user = users()[accountId];
  if (!user) return undefined;
  const claims = { sub: accountId, name: user.name, realm_access: { roles: user.groups } };
  if (user.district) claims.award_district = user.district;
  Object.assign(claims, user.claims || {});
  return claims;
}

const provider = new Provider(config.issuer, {
  clients: config.clients,
  jwks: config.jwks,
  cookies: { keys: ['award-test-cookie-key'] },
  scopes: ['openid', 'profile', 'award', ...(config.scopes || [])],
  claims: { openid: ['sub'], profile: ['name'] },
  ttl: { AccessToken: 600, AuthorizationCode: 60, IdToken: 600, Interaction: 600, Session: 600, Grant: 600 },
  // refresh tokens for a client allowed the refresh_token grant (the console), as Keycloak
  // gives its confidential clients in the standard flow, without offline_access; they end
  // with the grant (and at RP-initiated logout, with the person's session at the provider)
  issueRefreshToken: async (ctx, client) => client.grantTypeAllowed('refresh_token'),
  features: {
    devInteractions: { enabled: true },
    revocation: { enabled: true },
    clientCredentials: { enabled: true },
    resourceIndicators: {
      enabled: true,
      defaultResource: () => config.resources[0],
      useGrantedResource: () => true,
      getResourceServerInfo: (ctx, indicator) => {
        if (!config.resources.includes(indicator)) throw new Error(`unknown resource ${indicator}`);
        return { scope: ['award', ...(config.scopes || [])].join(' '), audience: indicator, accessTokenTTL: 600,
                 accessTokenFormat: 'jwt', jwt: { sign: { alg: 'RS256' } } };
      },
    },
  },
  async findAccount(ctx, id) {
    if (!users()[id]) return undefined;
    return { accountId: id, async claims() { return claimsOf(id); } };
  },
  async extraTokenClaims(ctx, token) {
    if (!token.accountId) return (config.clientClaims || {})[token.clientId];
    const { sub, ...claims } = claimsOf(token.accountId) || {};
    return claims;
  },
});
provider.on('server_error', (ctx, err) => console.error('server_error', err));
// a refused request's reason (its cause: e.g. why an id_token_hint did not validate) in the log
for (const event of ['end_session.error', 'grant.error', 'authorization.error']) {
  provider.on(event, (ctx, err) => console.error(event, err.error_description || err.message, err.cause?.message || ''));
}

const server = provider.listen(config.port, '127.0.0.1', () => {
  console.log(`listening ${server.address().port}`);
});
process.on('SIGTERM', () => server.close(() => process.exit(0)));
