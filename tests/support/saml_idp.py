"""A real SAML identity provider for tests: pysaml2's own IdP side (saml2.server.Server) with a
key and self-signed certificate made for the test. It reads our AuthnRequest as an IdP does and
answers it with a Response whose assertion it signs (or not, or with what a test changes)."""

from __future__ import annotations

import base64
import os
import time
import warnings
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from unittest.mock import patch
from urllib.parse import parse_qs, urlsplit

import pytest
import saml2.assertion
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.oid import NameOID
from saml2 import BINDING_HTTP_REDIRECT, saml
from saml2.config import IdPConfig
from saml2.metadata import create_metadata_string
from saml2.saml import NAMEID_FORMAT_EMAILADDRESS, NAMEID_FORMAT_PERSISTENT, NameID
from saml2.time_util import instant

from app.identity.service.saml import XMLSEC_BINARY

# pysaml2's IdP side (not the SP side the server uses) touches a cipher mode that cryptography
# has moved, which warns on import; the suite turns warnings into errors.
with warnings.catch_warnings():
    warnings.simplefilter("ignore", CryptographyDeprecationWarning)
    from saml2.server import Server

SIGN_ALG = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256"
DIGEST_ALG = "http://www.w3.org/2001/04/xmlenc#sha256"
ASSERTION_MINUTES = 5


def require_xmlsec1() -> None:
    """Skips without the xmlsec1 program on a developer's machine; fails in CI, where it is
    required (.ci/run installs it)."""
    if XMLSEC_BINARY is not None:
        return
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("xmlsec1 is missing, and CI needs the SAML tests (apt-get install xmlsec1)")
    pytest.skip("xmlsec1 is missing: apt-get install xmlsec1 to run the SAML tests")


def write_key_and_certificate(directory: Path, name: str) -> tuple[Path, Path]:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
        .sign(key, hashes.SHA256())
    )
    key_file, cert_file = directory / f"{name}.key", directory / f"{name}.crt"
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    cert_file.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    return key_file, cert_file


@dataclass(frozen=True)
class AuthnRequestSeen:
    """What the IdP read from our AuthnRequest."""

    id: str
    issuer: str
    acs_url: str


class TestIdentityProvider:
    __test__ = False  # not a test class, despite its name

    def __init__(self, directory: Path, entity_id: str, *, name: str = "idp") -> None:
        require_xmlsec1()
        self.entity_id = entity_id
        self.sso_url = f"{entity_id}/sso"
        self.key_file, self.cert_file = write_key_and_certificate(directory, name)
        self.metadata_xml = create_metadata_string(
            None, self._config([]), sign=False, valid=None
        ).decode()

    def _config(
        self, sp_metadata: list[str], lifetime_minutes: int = ASSERTION_MINUTES
    ) -> IdPConfig:
        config = IdPConfig()
        config.load(
            {
                "entityid": self.entity_id,
                "key_file": str(self.key_file),
                "cert_file": str(self.cert_file),
                "xmlsec_binary": XMLSEC_BINARY,
                "metadata": {"inline": sp_metadata} if sp_metadata else {},
                "service": {
                    "idp": {
                        "endpoints": {
                            "single_sign_on_service": [(self.sso_url, BINDING_HTTP_REDIRECT)]
                        },
                        "policy": {
                            "default": {
                                "lifetime": {"minutes": lifetime_minutes},
                                "attribute_restrictions": None,
                                "sign_alg": SIGN_ALG,
                                "digest_alg": DIGEST_ALG,
                            }
                        },
                    }
                },
            }
        )
        return config

    def read_request(self, location: str, sp_metadata: str) -> AuthnRequestSeen:
        """The AuthnRequest in the address our start redirected the browser to."""
        assert location.startswith(self.sso_url), location
        [saml_request] = parse_qs(urlsplit(location).query)["SAMLRequest"]
        server = Server(config=self._config([sp_metadata]))
        message = server.parse_authn_request(saml_request, BINDING_HTTP_REDIRECT).message
        return AuthnRequestSeen(
            id=message.id,
            issuer=message.issuer.text,
            acs_url=message.assertion_consumer_service_url,
        )

    def response(
        self,
        sp_metadata: str,
        *,
        in_response_to: str,
        destination: str,
        audience: str,
        email: str,
        attributes: dict[str, list[str]] | None = None,
        email_as_name_id: bool = True,
        sign_assertion: bool = True,
        sign_response: bool = False,
        minutes_ago: int = 0,
    ) -> str:
        """A Response to our request, as XML text (`posted` encodes it for the form). One made
        `minutes_ago` (valid for ASSERTION_MINUTES from then) is what an IdP whose clock is that
        far behind makes, or an answer kept that long."""
        server = Server(config=self._config([sp_metadata], ASSERTION_MINUTES - minutes_ago))
        name_id = (
            NameID(format=NAMEID_FORMAT_EMAILADDRESS, text=email)
            if email_as_name_id
            else NameID(format=NAMEID_FORMAT_PERSISTENT, text=f"subject-{email}")
        )
        issued = time.time() - minutes_ago * 60
        with patch.object(saml2.assertion, "instant", lambda: instant(time_stamp=issued)):
            response = server.create_authn_response(
                identity=attributes or {},
                in_response_to=in_response_to,
                destination=destination,
                sp_entity_id=audience,
                name_id=name_id,
                sign_assertion=sign_assertion,
                sign_response=sign_response,
                authn={"class_ref": saml.AUTHN_PASSWORD_PROTECTED},
            )
        return str(response)


def posted(response_xml: str) -> dict[str, str]:
    """The form the IdP's page posts to the ACS (HTTP-POST binding)."""
    return {"SAMLResponse": base64.b64encode(response_xml.encode()).decode()}
