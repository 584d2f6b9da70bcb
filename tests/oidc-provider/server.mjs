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
//
// Later stdin lines are test commands, each a JSON object answered by one line:
//   {"command": "rotate-signing-key"}   signs from now on with a new RSA key, the only one its JWKS then publishes
//                                       (sessions and grants are kept) -> "rotated <new kid>"
//   {"command": "tamper-next-id-token"} alters the payload of the next id_token the token endpoint hands out, keeping
//                                       its signature, as a man in the middle would -> "tampering next id_token"
import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';
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

const lines = createInterface({ input: process.stdin });
if (redirectUris.length === 0) {
  console.log(`listening ${issuer}`);
  const line = await new Promise((resolve) => lines.once('line', resolve));
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

function signingKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomBytes(8).toString('hex'), use: 'sig', alg: 'RS256' };
}

// The provider's sub is its account id; the development login form submits the typed login as the account id.
// Turn it into the stable id here and remember which login it stands for.
const logins = new Map();
const cookieKeys = [randomBytes(32).toString('hex')];

// A provider instance signing with this key. Sessions, grants and codes live in the memory adapter's module-wide
// storage, so a new instance (a key rotation) carries on where the previous one stopped.
function createProvider(key) {
  const provider = new Provider(issuer, {
    jwks: { keys: [key] },
    clients: [{
      client_id: clientId,
      client_secret: clientSecret,
      redirect_uris: redirectUris,
      post_logout_redirect_uris: postLogoutRedirectUris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      // ASP.NET Core's OpenID Connect handler posts the secret in the form body.
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
    cookies: { keys: cookieKeys },
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
  return provider;
}

let callback = createProvider(signingKey()).callback();
let tamperNextIdToken = false;

// Changes the id_token's payload in the token response (the sub becomes another account's), so its signature no longer matches.
function tamperIdToken(res) {
  const end = res.end.bind(res);
  res.end = (chunk, ...rest) => {
    const body = JSON.parse(Buffer.from(chunk).toString('utf8'));
    if (typeof body.id_token === 'string') {
      const [header, payload, signature] = body.id_token.split('.');
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
      claims.sub = subjectOf('mallory@example.com');
      body.id_token = [header, Buffer.from(JSON.stringify(claims)).toString('base64url'), signature].join('.');
    }
    const tampered = JSON.stringify(body);
    if (!res.headersSent) res.setHeader('content-length', Buffer.byteLength(tampered));
    return end(tampered, ...rest);
  };
}

handler = (req, res) => {
  if (tamperNextIdToken && req.method === 'POST' && req.url.startsWith('/token')) {
    tamperNextIdToken = false;
    tamperIdToken(res);
  }
  return callback(req, res);
};

lines.on('line', (line) => {
  const { command } = JSON.parse(line);
  if (command === 'rotate-signing-key') {
    const key = signingKey();
    callback = createProvider(key).callback();
    console.log(`rotated ${key.kid}`);
  } else if (command === 'tamper-next-id-token') {
    tamperNextIdToken = true;
    console.log('tampering next id_token');
  } else {
    console.error(`unknown command ${line}`);
  }
});
console.log(`ready ${issuer}`);

const stop = () => server.close(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
