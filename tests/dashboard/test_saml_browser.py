"""The whole SAML sign-in in chromium, across two sites as in production: the identity provider's
page (a real HTTP server on localhost, answering with pysaml2's IdP side) posts the response
to our ACS on 127.0.0.1, another site. The request-id cookie must reach the ACS on that
cross-site POST (SameSite=None), and the session cookie set by its answer must hold."""

from __future__ import annotations

import html
from collections.abc import AsyncIterator, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import urlsplit

import httpx
import pytest
from playwright.async_api import Browser, expect

from tests.dashboard.browser import browser_context, launched_chromium, require_chromium
from tests.support.graphql import GraphQLClient, TenantHandle
from tests.support.http_thread import serving_in_thread
from tests.support.saml_idp import TestIdentityProvider, posted

UPDATE_SSO = """
mutation UpdateSso($input: SsoConfigInput!) { updateTenantSso(input: $input) { enabled } }
"""
EMAIL = "grace@example.test"


class IdentityProviderPages(ThreadingHTTPServer):
    """The IdP's sign-in page: it reads our AuthnRequest and shows the form that posts its
    signed answer to the ACS the request names, as an IdP does once someone has signed in."""

    idp: TestIdentityProvider
    sp_metadata: str


class SignInPage(BaseHTTPRequestHandler):
    server: IdentityProviderPages

    def do_GET(self) -> None:
        idp, metadata = self.server.idp, self.server.sp_metadata
        request = idp.read_request(f"{idp.sso_url}?{urlsplit(self.path).query}", metadata)
        answer = idp.response(
            metadata,
            in_response_to=request.id,
            destination=request.acs_url,
            audience=request.issuer,
            email=EMAIL,
            attributes={"groups": ["prompt-admins"]},
        )
        page = (
            f'<form method="post" action="{html.escape(request.acs_url)}">'
            f'<input type="hidden" name="SAMLResponse" value="{posted(answer)["SAMLResponse"]}">'
            "<button>Continue to Promptvault</button></form>"
        )
        body = page.encode()
        self.send_response(200)
        self.send_header("content-type", "text/html")
        self.send_header("content-length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def idp_pages(tmp_path_factory: pytest.TempPathFactory) -> Iterator[IdentityProviderPages]:
    pages = IdentityProviderPages(("127.0.0.1", 0), SignInPage)
    directory: Path = tmp_path_factory.mktemp("idp-pages")
    pages.idp = TestIdentityProvider(directory, f"http://localhost:{pages.server_port}/saml")
    with serving_in_thread(pages):
        yield pages


@pytest.fixture(scope="module")
async def chromium() -> AsyncIterator[Browser]:
    require_chromium()
    async with launched_chromium() as browser:
        yield browser


async def test_a_person_signs_in_through_the_identity_providers_page(
    chromium: Browser, live_server: str, idp_pages: IdentityProviderPages
) -> None:
    assert urlsplit(live_server).hostname == "127.0.0.1"  # another site than localhost
    async with GraphQLClient.for_url(live_server) as remote:
        tenant = await TenantHandle.register(remote)
        given = {
            "protocol": "SAML",
            "enabled": True,
            "issuer": idp_pages.idp.entity_id,
            "samlMetadataXml": idp_pages.idp.metadata_xml,
            "emailDomains": ["example.test"],
            "roleClaim": "groups",
            "roleMapping": {"prompt-admins": "ADMIN"},
        }
        (await remote(UPDATE_SSO, {"input": given}, token=tenant.token)).ok()
    idp_pages.sp_metadata = httpx.get(f"{live_server}/auth/saml/{tenant.slug}/metadata").text

    async with browser_context(chromium, live_server) as context:
        page = await context.new_page()
        await page.goto(f"/auth/sso/{tenant.slug}")
        assert page.url.startswith(idp_pages.idp.sso_url)
        await page.get_by_role("button", name="Continue to Promptvault").click()
        await page.wait_for_url(f"{live_server}/assets")
        # Signed in as the IdP said, with the role its group maps to.
        await expect(page.locator(".who")).to_contain_text(f"{EMAIL} · admin")
