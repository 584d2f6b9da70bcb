// A real OpenID provider (panva/oidc-provider, OpenID certified) on loopback, for the portal's browser tests.
//
//   node server.mjs [--port 0] [--client-id customer-portal] [--client-secret s] \
//                   [--redirect-uri http://127.0.0.1:5080/signin-oidc] [--post-logout-redirect-uri http://127.0.0.1:5080/signed-out]
//
// Every option can also come from the environment (OIDC_PORT, OIDC_CLIENT_ID, OIDC_CLIENT_SECRET, OIDC_REDIRECT_URIS,
// OIDC_POST_LOGOUT_REDIRECT_URIS; lists separated by spaces or commas). Without a redirect URI, the server listens,
// prints "listening <issuer>" and reads one JSON line from stdin with the client's
// {"redirectUris": [...], "postLogoutRedirectUris": [...]} before it starts answering: so a test can start the provider
// first, give its issuer to the relying party, and register the relying party's redirect URI once that one listens.
//
// The development login form accepts any login and password; the account is the login (an email address):
// sub = "oidc-" + 16 hex of its SHA-256, email = login, email_verified = true, name from the local part.
// Logins starting with "staff" also carry Keycloak-style realm_access.roles ["csr", "admin"], so tests can show the
// portal never takes roles from the provider.
// When ready it prints "ready <issuer>".
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';

import Provider from 'oidc-provider';

const { values: args } = parseArgs({
  options: {
    port: { type: 'string' },
    'client-id': { type: 'string' },
    'client-secret': { type: 'string' },
    'redirect-uri': { type: 'string', multiple: true },
    'post-logout-redirect-uri': { type: 'string', multiple: true },
  },
});

const list = (value) => (value ?? '').split(/[\s,]+/).filter(Boolean);
const port = Number(args.port ?? process.env.OIDC_PORT ?? 0);
const clientId = args['client-id'] ?? process.env.OIDC_CLIENT_ID ?? 'customer-portal';
const clientSecret = args['client-secret'] ?? process.env.OIDC_CLIENT_SECRET ?? 'test-portal-secret';
let redirectUris = args['redirect-uri'] ?? list(process.env.OIDC_REDIRECT_URIS);
let postLogoutRedirectUris = args['post-logout-redirect-uri'] ?? list(process.env.OIDC_POST_LOGOUT_REDIRECT_URIS);

let handler = (_req, res) => {
  res.writeHead(503, { 'content-type': 'text/plain' }).end('The provider is waiting for its client configuration.');
};
const server = createServer((req, res) => handler(req, res));
await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
const issuer = `http://127.0.0.1:${server.address().port}`;

if (redirectUris.length === 0) {
  console.log(`listening ${issuer}`);
  const lines = createInterface({ input: process.stdin });
  const line = await new Promise((resolve) => lines.once('line', resolve));
  lines.close();
  const client = JSON.parse(line);
  redirectUris = client.redirectUris ?? [];
  postLogoutRedirectUris = client.postLogoutRedirectUris ?? [];
}

function subjectOf(login) {
  return `oidc-${createHash('sha256').update(login.trim().toLowerCase()).digest('hex').slice(0, 16)}`;
}

function nameOf(login) {
  const local = login.split('@')[0];
  return local.split(/[._-]+/).filter(Boolean).map((w) => w[0].toUpperCase() + w.slice(1)).join(' ') || login;
}

const provider = new Provider(issuer, {
  clients: [{
    client_id: clientId,
    client_secret: clientSecret,
    redirect_uris: redirectUris,
    post_logout_redirect_uris: postLogoutRedirectUris,
    grant_types: ['authorization_code'],
    response_types: ['code'],
    // The ASP.NET Core OAuth handler posts the secret in the form body.
    token_endpoint_auth_method: 'client_secret_post',
  }],
  pkce: { required: () => true },
  scopes: ['openid', 'email', 'profile'],
  claims: {
    openid: ['sub', 'realm_access'],
    email: ['email', 'email_verified'],
    profile: ['name', 'given_name', 'family_name'],
  },
  // The default (true): scope-requested claims such as email are in userinfo, not in the id_token, so the
  // relying party must fetch them there, as with many providers.
  conformIdTokenClaims: true,
  features: {
    devInteractions: { enabled: true },
    rpInitiatedLogout: { enabled: true },
  },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  async findAccount(_ctx, sub) {
    const login = logins.get(sub);
    if (login === undefined) return undefined;
    return {
      accountId: sub,
      async claims() {
        const claims = {
          sub,
          email: login,
          email_verified: true,
          name: nameOf(login),
        };
        if (login.toLowerCase().startsWith('staff')) claims.realm_access = { roles: ['csr', 'admin'] };
        return claims;
      },
    };
  },
});
// The provider's sub is its account id; the development login form submits the typed login as the account id.
// Turn it into the stable id here and remember which login it stands for.
const logins = new Map();
const interactionResult = provider.interactionResult.bind(provider);
provider.interactionResult = (req, res, result, options) => {
  if (typeof result?.login?.accountId === 'string') {
    const login = result.login.accountId.trim();
    const sub = subjectOf(login);
    logins.set(sub, login);
    return interactionResult(req, res, { ...result, login: { ...result.login, accountId: sub } }, options);
  }
  return interactionResult(req, res, result, options);
};
provider.on('server_error', (_ctx, error) => console.error(`server_error ${error.stack}`));

const callback = provider.callback();
handler = (req, res) => callback(req, res);
console.log(`ready ${issuer}`);

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
