// A real OpenID provider for the single sign-on tests: oidc-provider (a certified implementation)
// on 127.0.0.1, with its own login and consent pages (devInteractions: any password signs in the
// account named). Usage: node provider.mjs PORT. It prints "ready <issuer>" once it listens.
//
// Tests speak to it on three paths of its own besides the provider's:
//   POST /test/clients   {client_id, client_secret, redirect_uris}  registers a confidential client
//   POST /test/accounts  {id, email, name, groups, email_verified}  adds or replaces an account
//   POST /test/rotate                                                  signs with a new key from now
//                                                                      on (the old one still published)
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import http from 'node:http';

import Provider from 'oidc-provider';

const port = Number(process.argv[2]);
const issuer = `http://127.0.0.1:${port}`;
const accounts = new Map();
const clients = [];
let keys = [newSigningKey()];

function newSigningKey() {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return { ...privateKey.export({ format: 'jwk' }), kid: randomUUID(), use: 'sig', alg: 'RS256' };
}

function findAccount(ctx, id) {
  const account = accounts.get(id);
  if (!account) return undefined;
  return {
    accountId: id,
    async claims() {
      return {
        sub: id,
        email: account.email,
        email_verified: account.email_verified ?? true,
        name: account.name,
        groups: account.groups ?? [],
      };
    },
  };
}

// The memory adapter keeps its state per process, so a new Provider (after a key rotation) goes on
// with the sessions and grants of the old one.
function build() {
  const provider = new Provider(issuer, {
    clients,
    jwks: { keys },
    findAccount,
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['name', 'groups'] },
    // The claims in the ID token itself, as Entra ID sends them, not only from userinfo.
    conformIdTokenClaims: false,
    features: { devInteractions: { enabled: true } },
    pkce: { required: () => true },
    cookies: { keys: ['promptvault-test-oidc-cookie-key'] },
  });
  provider.proxy = false;
  return provider;
}

let handler = build().callback();

async function body(request) {
  const chunks = [];
  for await (const chunk of request) chunks.push(chunk);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
}

const testRoutes = {
  '/test/clients': async (given) => {
    clients.push({
      client_id: given.client_id,
      client_secret: given.client_secret,
      redirect_uris: given.redirect_uris,
      grant_types: ['authorization_code'],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
    });
    handler = build().callback();
  },
  '/test/accounts': async (given) => {
    accounts.set(given.id, given);
  },
  '/test/rotate': async () => {
    keys = [newSigningKey(), ...keys];
    handler = build().callback();
    return { kid: keys[0].kid };
  },
};

const server = http.createServer(async (request, response) => {
  const route = request.method === 'POST' && testRoutes[request.url];
  if (!route) {
    handler(request, response);
    return;
  }
  try {
    const answer = (await route(await body(request))) ?? {};
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(answer));
  } catch (error) {
    response.writeHead(400, { 'content-type': 'application/json' });
    response.end(JSON.stringify({ error: String(error) }));
  }
});

server.listen(port, '127.0.0.1', () => {
  console.log(`ready ${issuer}`);
});
