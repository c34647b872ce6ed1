"""SAML sign-in against a real identity provider (pysaml2's IdP side, with a key made for the
test) whose metadata a tenant's admin pasted: the browser starts at /auth/sso/{tenant}, the IdP
reads our AuthnRequest and answers, and its page posts the response to our ACS. A signed
assertion signs in; a tampered, unsigned, expired, misaddressed, unsolicited or replayed one
gets a page that says what failed, is audited, and signs no one in."""

from __future__ import annotations

import re
import uuid
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from app.identity.service import SESSION_COOKIE
from app.identity.service.saml import idp_metadata_problem
from tests.support.graphql import GraphQLClient, TenantHandle
from tests.support.saml_idp import AuthnRequestSeen, TestIdentityProvider, posted

IDP_ENTITY_ID = "https://idp.example.test/saml"
REQUEST_COOKIE = "promptvault_saml_request"
UPDATE_SSO = """
mutation UpdateSso($input: SsoConfigInput!) { updateTenantSso(input: $input) { enabled } }
"""
ME = "query { me { email name role ssoSubject lastLoginAt } }"
REFUSALS = """
query { auditEvents(first: 5, action: "sso.sign_in_refused") { edges { node { diff } } } }
"""


@pytest.fixture(scope="module")
def idp(tmp_path_factory: pytest.TempPathFactory) -> TestIdentityProvider:
    return TestIdentityProvider(tmp_path_factory.mktemp("idp"), IDP_ENTITY_ID)


async def configure_saml(tenant: TenantHandle, idp: TestIdentityProvider, **changes: Any) -> None:
    given = {
        "protocol": "SAML",
        "enabled": True,
        "issuer": idp.entity_id,
        "samlMetadataXml": idp.metadata_xml,
        "emailDomains": ["example.test"],
        "roleClaim": "groups",
        "roleMapping": {"prompt-developers": "DEVELOPER"},
    }
    result = await tenant.api(UPDATE_SSO, {"input": given | changes}, token=tenant.token)
    result.ok()


@asynccontextmanager
async def https_browser(app: object) -> AsyncIterator[httpx.AsyncClient]:
    """A browser's cookie jar over https: the request-id cookie is Secure."""
    transport = httpx.ASGITransport(app=app, client=("127.0.0.1", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="https://127.0.0.1") as http:
        yield http


@dataclass
class SignInAttempt:
    """A sign-in this browser started: the request as the IdP read it, and our SP metadata."""

    http: httpx.AsyncClient
    slug: str
    request: AuthnRequestSeen
    sp_metadata: str

    @classmethod
    async def start(
        cls, http: httpx.AsyncClient, idp: TestIdentityProvider, slug: str
    ) -> SignInAttempt:
        started = await http.get(f"/auth/sso/{slug}")
        assert started.status_code in (302, 303), started.text
        metadata = await http.get(f"/auth/saml/{slug}/metadata")
        assert metadata.status_code == 200, metadata.text
        request = idp.read_request(started.headers["location"], metadata.text)
        return cls(http, slug, request, metadata.text)

    def answer(self, idp: TestIdentityProvider, email: str, **changes: Any) -> str:
        """The IdP's response to this request, as XML; `changes` alter what the IdP does."""
        given: dict[str, Any] = {
            "in_response_to": self.request.id,
            "destination": self.request.acs_url,
            "audience": self.request.issuer,
            "email": email,
            "attributes": {"groups": ["everyone", "prompt-developers"], "displayName": ["Ada"]},
        }
        return idp.response(self.sp_metadata, **(given | changes))

    async def post(self, response_xml: str) -> httpx.Response:
        return await self.http.post(f"/auth/saml/{self.slug}/acs", data=posted(response_xml))


def session_of(response: httpx.Response) -> str | None:
    return response.cookies.get(SESSION_COOKIE)


def new_email() -> str:
    return f"person-{uuid.uuid4().hex[:8]}@example.test"


async def test_a_signed_assertion_signs_in_a_new_user_with_the_role_of_their_group(
    app: object, api: GraphQLClient, tenant: TenantHandle, idp: TestIdentityProvider
) -> None:
    await configure_saml(tenant, idp)
    email = new_email()
    async with https_browser(app) as http:
        attempt = await SignInAttempt.start(http, idp, tenant.slug)
        sp_root = f"https://127.0.0.1/auth/saml/{tenant.slug}"
        assert attempt.request.issuer == f"{sp_root}/metadata"
        assert attempt.request.acs_url == f"{sp_root}/acs"
        assert f'Location="{sp_root}/acs"' in attempt.sp_metadata
        signed_in = await attempt.post(attempt.answer(idp, email))

        assert signed_in.status_code == 303, signed_in.text
        assert signed_in.headers["location"] == "/assets"
        token = session_of(signed_in)
        assert token
        assert (await http.get("/assets")).status_code == 200
    me = (await api(ME, token=token)).ok()["me"]
    assert me["email"] == email
    assert me["name"] == "Ada"
    assert me["role"] == "DEVELOPER"
    assert me["ssoSubject"] == email
    assert me["lastLoginAt"]


async def test_a_later_sign_in_finds_the_same_user_by_the_persistent_subject(
    app: object, api: GraphQLClient, tenant: TenantHandle, idp: TestIdentityProvider
) -> None:
    """An IdP that sends a persistent NameID and the email as an attribute, as ADFS and Entra ID
    can: the NameID is the subject, the attribute the email."""
    await configure_saml(tenant, idp, roleMapping={})
    email = new_email()
    claim = "http://schemas.xmlsoap.org/ws/2005/05/identity/claims/emailaddress"
    tokens = []
    async with https_browser(app) as http:
        for _ in range(2):
            attempt = await SignInAttempt.start(http, idp, tenant.slug)
            answer = attempt.answer(idp, email, email_as_name_id=False, attributes={claim: [email]})
            tokens.append(session_of(await attempt.post(answer)))
    first, second = [(await api(ME, token=token)).ok()["me"] for token in tokens]
    assert first == {**second, "lastLoginAt": first["lastLoginAt"]}
    assert first["email"] == email
    assert first["ssoSubject"] == f"subject-{email}"
    assert first["role"] == "VIEWER"  # the default role, with no mapping


def tampered(attempt: SignInAttempt, idp: TestIdentityProvider) -> str:
    answer = attempt.answer(idp, "mallory@example.test")
    return answer.replace("mallory@example.test", "admin@example.test")


def tampered_signed_response(attempt: SignInAttempt, idp: TestIdentityProvider) -> str:
    """Changed outside the assertion, whose own signature still holds: only the response's
    signature can tell."""
    answer = attempt.answer(idp, "mallory@example.test", sign_response=True)
    issued = re.search(r'<ns0:Response [^>]*IssueInstant="([^"]+)"', answer)
    assert issued
    moment = issued[1]
    second_later = moment[:-3] + f"{(int(moment[-3:-1]) + 1) % 60:02d}Z"
    return answer.replace(f'IssueInstant="{moment}"', f'IssueInstant="{second_later}"', 1)


REFUSED_ANSWERS: dict[str, tuple[Callable[[SignInAttempt, TestIdentityProvider], str], str]] = {
    "tampered": (tampered, "does not verify with the certificate"),
    "tampered signed response": (tampered_signed_response, "does not verify with the certificate"),
    "unsigned": (
        lambda attempt, idp: attempt.answer(idp, new_email(), sign_assertion=False),
        "assertion is not signed",
    ),
    "expired": (
        lambda attempt, idp: attempt.answer(idp, new_email(), minutes_ago=10),
        "has expired",
    ),
    "wrong audience": (
        lambda attempt, idp: attempt.answer(idp, new_email(), audience="https://other.test/sp"),
        "meant for another service provider",
    ),
    "wrong destination": (
        lambda attempt, idp: attempt.answer(idp, new_email(), destination="https://other.test/acs"),
        "addressed elsewhere",
    ),
    "wrong InResponseTo": (
        lambda attempt, idp: attempt.answer(idp, new_email(), in_response_to="id-not-ours"),
        "does not answer the sign-in this browser started",
    ),
    # The identity provider vouched for them, but the tenant does not admit their domain.
    "email domain not allowed": (
        lambda attempt, idp: attempt.answer(idp, "someone@elsewhere.test"),
        "elsewhere.test is not allowed",
    ),
}


async def assert_refused(
    api: GraphQLClient, tenant: TenantHandle, response: httpx.Response, reason: str
) -> None:
    assert response.status_code == 403, response.text
    assert "Single sign-on failed" in response.text
    assert reason in response.text
    assert session_of(response) is None
    audited = (await api(REFUSALS, token=tenant.token)).ok()["auditEvents"]["edges"]
    assert reason in audited[0]["node"]["diff"]["reason"]


@pytest.mark.parametrize("case", REFUSED_ANSWERS)
async def test_an_answer_that_fails_a_check_is_refused_and_audited(
    app: object, api: GraphQLClient, tenant: TenantHandle, idp: TestIdentityProvider, case: str
) -> None:
    await configure_saml(tenant, idp)
    build, reason = REFUSED_ANSWERS[case]
    async with https_browser(app) as http:
        attempt = await SignInAttempt.start(http, idp, tenant.slug)
        await assert_refused(api, tenant, await attempt.post(build(attempt, idp)), reason)


async def test_a_replayed_assertion_is_refused(
    app: object, api: GraphQLClient, tenant: TenantHandle, idp: TestIdentityProvider
) -> None:
    """Even with the browser's request cookie copied: an assertion signs in once."""
    await configure_saml(tenant, idp)
    async with https_browser(app) as http:
        attempt = await SignInAttempt.start(http, idp, tenant.slug)
        request_cookie = http.cookies[REQUEST_COOKIE]
        answer = attempt.answer(idp, new_email())
        assert session_of(await attempt.post(answer))
    async with https_browser(app) as replaying:
        replaying.cookies.set(REQUEST_COOKIE, request_cookie, domain="127.0.0.1")
        replay = SignInAttempt(replaying, tenant.slug, attempt.request, attempt.sp_metadata)
        await assert_refused(api, tenant, await replay.post(answer), "already been used")


async def test_an_answer_posted_without_the_browser_that_started_it_is_refused(
    app: object, api: GraphQLClient, tenant: TenantHandle, idp: TestIdentityProvider
) -> None:
    """Login CSRF: someone else's valid answer posted into this browser signs no one in."""
    await configure_saml(tenant, idp)
    async with https_browser(app) as http:
        attempt = await SignInAttempt.start(http, idp, tenant.slug)
        answer = attempt.answer(idp, new_email())
    async with https_browser(app) as victim:
        elsewhere = SignInAttempt(victim, tenant.slug, attempt.request, attempt.sp_metadata)
        await assert_refused(api, tenant, await elsewhere.post(answer), "no sign-in in progress")


async def test_another_tenants_acs_refuses_this_tenants_assertion(
    app: object,
    api: GraphQLClient,
    tenant: TenantHandle,
    other_tenant: TenantHandle,
    idp: TestIdentityProvider,
) -> None:
    """Both tenants trust the same IdP; an answer meant for one does not sign in at the other."""
    await configure_saml(tenant, idp)
    await configure_saml(other_tenant, idp)
    async with https_browser(app) as http:
        attempt = await SignInAttempt.start(http, idp, tenant.slug)
        answer = attempt.answer(idp, new_email())
        at_other = await SignInAttempt.start(http, idp, other_tenant.slug)
        refused = await at_other.post(answer)
        await assert_refused(api, other_tenant, refused, "does not answer the sign-in")
        # Even answering the other tenant's request, an assertion made for this tenant's SP.
        at_other = await SignInAttempt.start(http, idp, other_tenant.slug)
        made_for_this = attempt.answer(idp, new_email(), in_response_to=at_other.request.id)
        refused = await at_other.post(made_for_this)
        await assert_refused(api, other_tenant, refused, "addressed elsewhere")
        assert session_of(await attempt.post(answer))


async def test_an_identity_provider_not_configured_is_refused(
    app: object,
    api: GraphQLClient,
    tenant: TenantHandle,
    idp: TestIdentityProvider,
    tmp_path: Path,
) -> None:
    """An IdP whose key is not the one in the pasted metadata, even naming the same entity id."""
    await configure_saml(tenant, idp)
    impostor = TestIdentityProvider(tmp_path, IDP_ENTITY_ID, name="impostor")
    async with https_browser(app) as http:
        attempt = await SignInAttempt.start(http, idp, tenant.slug)
        answer = attempt.answer(impostor, new_email())
        await assert_refused(api, tenant, await attempt.post(answer), "does not verify")


async def test_our_metadata_and_acs_are_not_found_without_saml(
    app: object, tenant: TenantHandle
) -> None:
    async with https_browser(app) as http:
        assert (await http.get(f"/auth/saml/{tenant.slug}/metadata")).status_code == 404
        posted_anyway = await http.post(f"/auth/saml/{tenant.slug}/acs", data={"SAMLResponse": ""})
        assert posted_anyway.status_code == 404
        assert (await http.get("/auth/saml/no-such-tenant/metadata")).status_code == 404


async def test_only_the_acs_takes_a_post_without_a_csrf_token(
    app: object, tenant: TenantHandle, idp: TestIdentityProvider
) -> None:
    await configure_saml(tenant, idp)
    async with https_browser(app) as http:
        at_acs = await http.post(f"/auth/saml/{tenant.slug}/acs", data={"SAMLResponse": "x"})
        assert at_acs.status_code == 403
        assert "no sign-in in progress" in at_acs.text
        for path in (f"/auth/saml/{tenant.slug}/acs/more", f"/auth/saml/{tenant.slug}/metadata"):
            elsewhere = await http.post(path, data={"SAMLResponse": "x"})
            assert elsewhere.status_code == 403
            assert "This form has expired" in elsewhere.text


async def test_a_site_served_over_plain_http_is_told_that_saml_needs_https(
    app: object, tenant: TenantHandle, idp: TestIdentityProvider
) -> None:
    """Browsers drop the Secure request cookie there: the page says why, not "start again"."""
    await configure_saml(tenant, idp)
    transport = httpx.ASGITransport(app=app, client=("192.0.2.7", 50000))
    async with httpx.AsyncClient(transport=transport, base_url="http://prompts.test") as http:
        refused = await http.post(f"/auth/saml/{tenant.slug}/acs", data={"SAMLResponse": "x"})
    assert refused.status_code == 403
    assert "SAML needs https" in refused.text


def test_pasted_metadata_is_checked(idp: TestIdentityProvider) -> None:
    assert idp_metadata_problem(idp.metadata_xml, issuer=IDP_ENTITY_ID) is None
    assert "not readable SAML metadata" in (
        idp_metadata_problem("<not-metadata", issuer=IDP_ENTITY_ID) or ""
    )
    assert "the issuer must be the identity provider's entity id" in (
        idp_metadata_problem(idp.metadata_xml, issuer="https://other.test/") or ""
    )
    no_signing_key = idp.metadata_xml.replace('use="signing"', 'use="encryption"')
    assert "no signing certificate" in (
        idp_metadata_problem(no_signing_key, issuer=IDP_ENTITY_ID) or ""
    )
