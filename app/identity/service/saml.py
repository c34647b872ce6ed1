"""SAML 2.0 sign-in for a tenant whose single sign-on speaks SAML: we are the tenant's service
provider (SP), and its identity provider (IdP) is the one the metadata an admin pasted describes.
pysaml2 reads and writes the XML and checks signatures with the xmlsec1 binary; our choices are
here: only signed assertions are taken, a response must answer the request that this browser
started (InResponseTo), and an assertion signs in once (replays are refused)."""

from __future__ import annotations

import asyncio
import calendar
import shutil
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

import jwt
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import create_metadata_string
from saml2.response import AuthnResponse, StatusError, UnsolicitedResponse
from saml2.saml import NAMEID_FORMAT_EMAILADDRESS, Assertion
from saml2.sigver import SignatureError
from saml2.time_util import str_to_time
from saml2.validate import ResponseLifetimeExceed, ToEarly
from tortoise.exceptions import IntegrityError

from app.identity.models import SamlAssertionSeen, SsoConfig
from app.identity.service.sso_sign_in import IdpIdentity, SsoRefused

XMLSEC_BINARY = shutil.which("xmlsec1")
# How far our clock and the identity provider's may disagree on an assertion's time conditions.
CLOCK_SKEW_SECONDS = 60
# How long a person has at the identity provider between starting a sign-in and coming back.
REQUEST_TTL_SECONDS = 600
REQUEST_AUDIENCE = "promptvault:saml-request"

# Where identity providers put a person's email and name: plain names, the OIDs of the LDAP
# attributes, and the claim types that ADFS and Entra ID send.
EMAIL_ATTRIBUTES = (
    "email",
    "mail",
    "emailaddress",
    "urn:oid:0.9.2342.19200300.100.1.3",
    "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress",
)
NAME_ATTRIBUTES = (
    "displayName",
    "name",
    "cn",
    "urn:oid:2.16.840.1.113730.3.1.241",
    "http://schemas.microsoft.com/identity/claims/displayname",
    "http://schemas.xmlsoap.org/claims/CommonName",
)


@dataclass(frozen=True)
class ServiceProvider:
    """Our side of one tenant's SAML: its entity id is the address of its metadata."""

    tenant_slug: str
    entity_id: str
    acs_url: str

    @classmethod
    def of(cls, base_url: str, tenant_slug: str) -> ServiceProvider:
        root = f"{base_url.rstrip('/')}/auth/saml/{tenant_slug}"
        return cls(tenant_slug, f"{root}/metadata", f"{root}/acs")


def _saml_config(sp: ServiceProvider, idp_metadata_xml: str | None) -> SPConfig:
    if XMLSEC_BINARY is None:
        raise SsoRefused(
            "SAML sign-in needs the xmlsec1 program on the server, and it is not installed; "
            "ask the server's operator"
        )
    config = SPConfig()
    config.load(
        {
            "entityid": sp.entity_id,
            "xmlsec_binary": XMLSEC_BINARY,
            "metadata": {"inline": [idp_metadata_xml]} if idp_metadata_xml else {},
            "accepted_time_diff": CLOCK_SKEW_SECONDS,
            # Claim types such as ADFS's and Entra ID's URIs are kept under their own names.
            "allow_unknown_attributes": True,
            "service": {
                "sp": {
                    "endpoints": {"assertion_consumer_service": [(sp.acs_url, BINDING_HTTP_POST)]},
                    # The assertion is what vouches for the person, and ADFS and Entra ID sign
                    # it alone by default; a signed response is checked too when it is signed.
                    "want_assertions_signed": True,
                    "want_response_signed": False,
                    "authn_requests_signed": False,
                    "allow_unsolicited": False,
                }
            },
        }
    )
    return config


# The IdP's metadata read as any service provider reads it, for checking what was pasted.
METADATA_READER = ServiceProvider("", "urn:promptvault:metadata-check", "urn:promptvault:check")


def service_provider_metadata(sp: ServiceProvider) -> str:
    """Our SP metadata for this tenant, to give the identity provider."""
    config = _saml_config(sp, None)
    # Without the program, pysaml2 lists no algorithms in the metadata (and runs nothing):
    # xmlsec1's list would offer md5 and sha1 to identity providers.
    config.xmlsec_binary = None
    return str(create_metadata_string(None, config, sign=False).decode())


def idp_metadata_problem(metadata_xml: str, *, issuer: str) -> str | None:
    """What is wrong with an identity provider's metadata pasted into a tenant's configuration,
    in words an admin can act on; None when sign-in can use it. `issuer` is the configuration's
    issuer, which must be the IdP's entity id."""
    try:
        metadata = _saml_config(METADATA_READER, metadata_xml).metadata
    except SsoRefused as refusal:
        return refusal.reason
    except Exception as error:  # pysaml2 raises exceptions of many kinds for bad metadata
        return f"samlMetadataXml is not readable SAML metadata ({error})"
    providers = list(metadata.identity_providers())
    if not providers:
        return "samlMetadataXml describes no identity provider (no IDPSSODescriptor)"
    if issuer not in providers:
        return (
            f"samlMetadataXml describes the identity provider {', '.join(providers)}, but the "
            f"issuer is {issuer}; the issuer must be the identity provider's entity id"
        )
    if not metadata.single_sign_on_service(issuer, BINDING_HTTP_REDIRECT):
        return "samlMetadataXml has no SingleSignOnService with the HTTP-Redirect binding"
    if not metadata.certs(issuer, "idpsso", "signing"):
        return "samlMetadataXml has no signing certificate for the identity provider"
    return None


def _client(config: SsoConfig, sp: ServiceProvider) -> Saml2Client:
    problem = (
        idp_metadata_problem(config.saml_metadata_xml, issuer=config.issuer)
        if config.saml_metadata_xml
        else "there is no identity provider metadata"
    )
    if problem is not None:
        raise SsoRefused(f"this organisation's SAML configuration is incomplete: {problem}")
    return Saml2Client(_saml_config(sp, config.saml_metadata_xml))


def authentication_request(config: SsoConfig, sp: ServiceProvider) -> tuple[str, str]:
    """An AuthnRequest to the tenant's identity provider over the HTTP-Redirect binding: its id,
    and the address that carries it, where the browser goes."""
    request_id, info = _client(config, sp).prepare_for_authenticate(
        entityid=config.issuer, binding=BINDING_HTTP_REDIRECT
    )
    return str(request_id), str(dict(info["headers"])["Location"])


def sealed_request_id(sp: ServiceProvider, request_id: str, secret: str) -> str:
    """The request id, signed for this tenant with an expiry, for the browser to keep: whichever
    process receives the response can then check it without any shared memory."""
    expires = datetime.now(UTC) + timedelta(seconds=REQUEST_TTL_SECONDS)
    claims = {"aud": REQUEST_AUDIENCE, "tenant": sp.tenant_slug, "id": request_id, "exp": expires}
    return jwt.encode(claims, secret, algorithm="HS256")


def unsealed_request_id(sp: ServiceProvider, sealed: str | None, secret: str) -> str | None:
    """The request id this browser started for this tenant, unless missing, altered or expired."""
    if not sealed:
        return None
    try:
        claims = jwt.decode(sealed, secret, algorithms=["HS256"], audience=REQUEST_AUDIENCE)
    except jwt.PyJWTError:
        return None
    return str(claims["id"]) if claims.get("tenant") == sp.tenant_slug else None


def _parsed(client: Saml2Client, sp: ServiceProvider, saml_response: str, request_id: str) -> Any:
    """pysaml2's reading of the response, with each check that fails said in words. Runs in a
    thread: signatures are checked by the xmlsec1 program."""
    try:
        response = client.parse_authn_request_response(
            saml_response, BINDING_HTTP_POST, outstanding={request_id: ""}
        )
    except SignatureError as error:
        if "missing" in str(error).lower():
            raise SsoRefused(
                "the identity provider's assertion is not signed; it must sign its assertions"
            ) from error
        raise SsoRefused(
            "the signature of the identity provider's response does not verify with the "
            "certificate in its metadata: the response was altered, or the identity provider "
            "signs with another certificate (an admin can paste its current metadata)"
        ) from error
    except UnsolicitedResponse as error:
        raise SsoRefused(
            "the response does not answer the sign-in this browser started (InResponseTo); "
            "start again"
        ) from error
    except ResponseLifetimeExceed as error:
        raise SsoRefused(
            "the identity provider's assertion has expired (NotOnOrAfter); start again, and if "
            "it happens again check the clocks of the identity provider and this server"
        ) from error
    except ToEarly as error:
        raise SsoRefused(
            "the identity provider's assertion is not valid yet (NotBefore); check the clocks "
            "of the identity provider and this server"
        ) from error
    except StatusError as error:
        raise SsoRefused(f"the identity provider did not sign you in: {error}") from error
    except Exception as error:  # pysaml2 raises bare Exception for a wrong audience, among others
        if "AudienceRestrictions" in str(error):
            raise SsoRefused(
                f"the assertion is meant for another service provider, not {sp.entity_id}"
            ) from error
        raise SsoRefused(f"the identity provider's response is not valid SAML: {error}") from error
    # pysaml2 answers a response it could not verify (sent to another ACS URL, or issued a day
    # away from now) with None or with no assertion, rather than an error.
    if response is None or response.assertion is None:
        destination = response.response.destination if response is not None else None
        if destination != sp.acs_url:
            raise SsoRefused(
                f"the identity provider's response is addressed elsewhere, not to {sp.acs_url} "
                "(its Destination)"
            )
        raise SsoRefused(
            "the identity provider's response could not be checked: it holds no assertion, or "
            "was issued at a time far from now"
        )
    return response


def _attributes(assertion: Assertion) -> dict[str, tuple[str, ...]]:
    """Every attribute's values, under its name and under its friendly name."""
    values: dict[str, tuple[str, ...]] = {}
    for statement in assertion.attribute_statement:
        for attribute in statement.attribute:
            texts = tuple(
                value.text.strip() for value in attribute.attribute_value if value.text is not None
            )
            for name in (attribute.name, attribute.friendly_name):
                if name:
                    values[name] = values.get(name, ()) + texts
    return values


def _first(attributes: dict[str, tuple[str, ...]], names: tuple[str, ...]) -> str | None:
    for name in names:
        if found := [value for value in attributes.get(name, ()) if value]:
            return found[0]
    return None


def _identity(config: SsoConfig, response: AuthnResponse) -> IdpIdentity:
    name_id = response.assertion.subject.name_id
    subject = (name_id.text or "").strip() if name_id is not None else ""
    attributes = _attributes(response.assertion)
    email = _first(attributes, EMAIL_ATTRIBUTES)
    if email is None and name_id is not None and name_id.format == NAMEID_FORMAT_EMAILADDRESS:
        email = subject
    claim_values = attributes.get(config.role_claim, ()) if config.role_claim else ()
    return IdpIdentity(
        subject=subject,
        email=email or "",
        name=_first(attributes, NAME_ATTRIBUTES),
        claim_values=claim_values,
    )


def _valid_until(assertion: Assertion) -> datetime:
    """The latest time at which the assertion could still be taken: after it, a replay fails the
    time conditions, and its id need not be kept."""
    times = [assertion.conditions.not_on_or_after] if assertion.conditions else []
    for confirmation in assertion.subject.subject_confirmation:
        if confirmation.subject_confirmation_data is not None:
            times.append(confirmation.subject_confirmation_data.not_on_or_after)
    stamps = [
        datetime.fromtimestamp(calendar.timegm(str_to_time(value)), UTC)
        for value in times
        if value is not None
    ]
    latest = max(stamps, default=datetime.now(UTC) + timedelta(seconds=REQUEST_TTL_SECONDS))
    return latest + timedelta(seconds=CLOCK_SKEW_SECONDS)


async def _remember_assertion(config: SsoConfig, assertion: Assertion) -> None:
    """Keeps the assertion's id until it expires; an id kept already is a replay."""
    await SamlAssertionSeen.filter(
        tenant_id=config.tenant_id, expires_at__lt=datetime.now(UTC)
    ).delete()
    try:
        await SamlAssertionSeen.create(
            tenant_id=config.tenant_id,
            assertion_id=assertion.id,
            expires_at=_valid_until(assertion),
        )
    except IntegrityError as error:
        raise SsoRefused(
            "this assertion has already been used to sign in (a replay); start again"
        ) from error


def _keeps_secure_cookies(url: str) -> bool:
    """Browsers keep a Secure cookie (the request id's) only from https sites, and localhost."""
    parts = urlsplit(url)
    return parts.scheme == "https" or parts.hostname in ("localhost", "127.0.0.1", "::1")


async def verified_identity(
    config: SsoConfig, sp: ServiceProvider, saml_response: str | None, request_id: str | None
) -> IdpIdentity:
    """Who the identity provider's response says signed in, once every check passed: signature,
    audience, destination, time conditions, InResponseTo (`request_id`, the one this browser
    started), issuer, and an assertion not used before. SsoRefused says which check failed."""
    if request_id is None:
        if not _keeps_secure_cookies(sp.acs_url):
            raise SsoRefused(
                "this site is served over http, where browsers do not keep the cookie that "
                "ties the identity provider's answer to this browser; SAML needs https (ask "
                "the server's operator, and see PROMPTVAULT_PUBLIC_URL)"
            )
        raise SsoRefused(
            "this browser has no sign-in in progress here (it was started in another browser, "
            f"or more than {REQUEST_TTL_SECONDS // 60} minutes ago); start again"
        )
    if not saml_response:
        raise SsoRefused("the identity provider sent no SAMLResponse")
    client = _client(config, sp)
    response = await asyncio.to_thread(_parsed, client, sp, saml_response, request_id)
    if response.issuer() != config.issuer:
        raise SsoRefused(
            f"the response comes from {response.issuer() or 'an unnamed issuer'}, not from "
            f"this organisation's identity provider {config.issuer}"
        )
    await _remember_assertion(config, response.assertion)
    return _identity(config, response)
