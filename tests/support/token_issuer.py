"""An OpenID provider's back end whose ID tokens the test writes: a real HTTP server on 127.0.0.1,
in a thread of its own, serving a discovery document, a JWKS and a token endpoint. The token
endpoint answers whatever ID token the test mints for the sign-in under way (tampered, for another
audience, expired, with another nonce, ...), signed with the issuer's test key (RS256, pyjwt)
unless told otherwise. The tests of the ID token's checks, and bench/sso.py, use it: the browser
half of a sign-in (the provider's pages) is tests/support/oidc_provider.py's job."""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

CLIENT_ID = "promptvault-test-client"
CLIENT_SECRET = "test-client-secret"


def new_key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@dataclass
class TokenIssuer:
    url: str = ""
    key: rsa.RSAPrivateKey = field(default_factory=new_key)
    kid: str = "test-key-1"
    # Makes the ID token the token endpoint answers, from the form it was sent.
    mint: Callable[[dict[str, str]], str] | None = None
    token_requests: list[dict[str, str]] = field(default_factory=list)
    authorizations: list[str] = field(default_factory=list)

    def claims(self, *, nonce: str, subject: str, email: str) -> dict[str, Any]:
        """An ID token's claims as a provider sends them for our client."""
        now = int(time.time())
        return {
            "iss": self.url,
            "aud": CLIENT_ID,
            "sub": subject,
            "email": email,
            "email_verified": True,
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
        }

    def sign(self, claims: dict[str, Any], *, key: rsa.RSAPrivateKey | None = None) -> str:
        return jwt.encode(claims, key or self.key, algorithm="RS256", headers={"kid": self.kid})

    def document(self) -> dict[str, Any]:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "jwks_uri": f"{self.url}/jwks",
            "id_token_signing_alg_values_supported": ["RS256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic"],
        }

    def jwks(self) -> dict[str, Any]:
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [{**public, "kid": self.kid, "use": "sig", "alg": "RS256"}]}


def tampered(token: str) -> str:
    """The token with one claim changed after signing (its signature kept)."""
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["email"] = "someone-else@example.com"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).rstrip(b"=").decode()
    return f"{header}.{forged}.{signature}"


def _handler(issuer: TokenIssuer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _answer(self, status: int, body: dict[str, Any]) -> None:
            encoded = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("content-type", "application/json")
            self.send_header("content-length", str(len(encoded)))
            self.end_headers()
            self.wfile.write(encoded)

        def do_GET(self) -> None:
            if self.path == "/.well-known/openid-configuration":
                self._answer(200, issuer.document())
            elif self.path == "/jwks":
                self._answer(200, issuer.jwks())
            else:
                self._answer(404, {"error": "not_found"})

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            issuer.token_requests.append(form)
            expected = base64.b64encode(f"{CLIENT_ID}:{CLIENT_SECRET}".encode()).decode()
            if self.path != "/token" or self.headers.get("authorization") != f"Basic {expected}":
                self._answer(401, {"error": "invalid_client"})
            elif issuer.mint is None:
                self._answer(400, {"error": "invalid_grant"})
            else:
                self._answer(200, {"id_token": issuer.mint(form), "token_type": "Bearer"})

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def running_token_issuer() -> Iterator[TokenIssuer]:
    issuer = TokenIssuer()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(issuer))
    issuer.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield issuer
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
