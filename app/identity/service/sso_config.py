"""A tenant's single sign-on configuration: admins read and change it. The OIDC client secret is
sealed (core/secret_box.py), kept when a change leaves it out, and never returned or audited."""

from __future__ import annotations

import ipaddress
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

from app.core.actor import Actor, Role
from app.core.audit import changes, record_audit
from app.core.errors import BadUserInput
from app.core.outbound import check_destination
from app.core.permissions import Permission, require
from app.core.secret_box import seal
from app.core.transactions import atomic
from app.core.validation import optional_text
from app.identity.models import SsoConfig, SsoProtocol
from app.identity.service.oidc_provider import HOW_TO_ALLOW_PRIVATE
from app.identity.service.saml import idp_metadata_problem
from app.settings import Settings

MAX_URL_CHARS = 2000
MAX_CLIENT_ID_CHARS = 500
MAX_SECRET_CHARS = 2000
MAX_CLAIM_CHARS = 200
MAX_DOMAINS = 100
MAX_MAPPINGS = 200
MAX_METADATA_CHARS = 1_000_000
DOMAIN_PATTERN = re.compile(r"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$")


@dataclass(frozen=True)
class SsoConfigChange:
    """What updateTenantSso sets; `client_secret` None keeps the one stored."""

    protocol: SsoProtocol
    enabled: bool
    issuer: str
    client_id: str | None
    client_secret: str | None
    saml_metadata_xml: str | None
    email_domains: list[str]
    default_role: Role
    role_claim: str | None
    role_mapping: Any
    password_login_for_admins_only: bool


def _domains(given: list[str]) -> list[str]:
    if len(given) > MAX_DOMAINS:
        raise BadUserInput(f"at most {MAX_DOMAINS} email domains", field="emailDomains")
    domains = []
    for value in given:
        domain = value.strip().lower().removeprefix("@").rstrip(".")
        if not DOMAIN_PATTERN.match(domain):
            raise BadUserInput(
                f"'{value}' is not an email domain such as example.com", field="emailDomains"
            )
        domains.append(domain)
    return sorted(set(domains))


def _role_mapping(given: Any) -> dict[str, str]:
    """Claim values (groups, roles) to our roles, such as {"prompt-admins": "ADMIN"}; the roles
    are read in either case and kept as stored roles."""
    if given is None:
        return {}
    if not isinstance(given, dict) or len(given) > MAX_MAPPINGS:
        raise BadUserInput(
            f"roleMapping must be an object of at most {MAX_MAPPINGS} claim values and roles",
            field="roleMapping",
        )
    mapping = {}
    for value, role in given.items():
        if not value.strip() or len(value) > MAX_CLAIM_CHARS:
            raise BadUserInput(
                "roleMapping has an empty or too long claim value", field="roleMapping"
            )
        try:
            mapping[value] = Role(str(role).lower()).value
        except ValueError as error:
            names = ", ".join(role.name for role in Role)
            raise BadUserInput(
                f"roleMapping maps '{value}' to '{role}', which is not a role ({names})",
                field="roleMapping",
            ) from error
    return mapping


def _on_loopback(url: str) -> bool:
    try:
        host = urlsplit(url).hostname or ""
        return host == "localhost" or ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


async def _checked_issuer(given: SsoConfigChange, settings: Settings) -> str:
    issuer = optional_text(given.issuer, field="issuer", max_chars=MAX_URL_CHARS)
    if issuer is None:
        raise BadUserInput("issuer must not be empty", field="issuer")
    if given.protocol == SsoProtocol.SAML:
        return issuer  # the IdP's entity id, any URI; the SAML side reads its metadata
    if not issuer.startswith("https://") and not (
        settings.webhook_allow_private and issuer.startswith("http://") and _on_loopback(issuer)
    ):
        raise BadUserInput(
            "issuer must be an https URL (http only on this host, where "
            "PROMPTVAULT_WEBHOOK_ALLOW_PRIVATE=true allows it)",
            field="issuer",
        )
    await check_destination(
        issuer,
        allow_private=settings.webhook_allow_private,
        field="issuer",
        how_to_allow=HOW_TO_ALLOW_PRIVATE,
    )
    return issuer.rstrip("/")


def _snapshot(config: SsoConfig | None) -> dict[str, Any]:
    """What the audit trail shows of a configuration: everything but the secret and the
    metadata's text, whose presence alone is shown."""
    if config is None:
        return {}
    return {
        "protocol": config.protocol.value,
        "enabled": config.enabled,
        "issuer": config.issuer,
        "client_id": config.client_id,
        "email_domains": config.email_domains,
        "default_role": config.default_role.value,
        "role_claim": config.role_claim,
        "role_mapping": config.role_mapping,
        "password_login_for_admins_only": config.password_login_for_admins_only,
        "saml_metadata": config.saml_metadata_xml is not None,
    }


async def tenant_sso(actor: Actor) -> SsoConfig | None:
    require(actor, Permission.MANAGE_USERS)
    return await SsoConfig.scoped(actor).first()


async def update_tenant_sso(
    actor: Actor, given: SsoConfigChange, *, settings: Settings
) -> SsoConfig:
    require(actor, Permission.MANAGE_USERS)
    issuer = await _checked_issuer(given, settings)
    client_id = optional_text(given.client_id, field="clientId", max_chars=MAX_CLIENT_ID_CHARS)
    secret = optional_text(given.client_secret, field="clientSecret", max_chars=MAX_SECRET_CHARS)
    metadata = optional_text(
        given.saml_metadata_xml, field="samlMetadataXml", max_chars=MAX_METADATA_CHARS
    )
    if given.protocol == SsoProtocol.OIDC and given.enabled and client_id is None:
        raise BadUserInput("clientId is needed for OpenID Connect", field="clientId")
    if given.protocol == SsoProtocol.SAML and given.enabled and metadata is None:
        raise BadUserInput("samlMetadataXml is needed for SAML", field="samlMetadataXml")
    if given.protocol == SsoProtocol.SAML and metadata is not None:
        problem = idp_metadata_problem(metadata, issuer=issuer)
        if problem is not None:
            raise BadUserInput(problem, field="samlMetadataXml")
    values = {
        "protocol": given.protocol,
        "enabled": given.enabled,
        "issuer": issuer,
        "client_id": client_id,
        "saml_metadata_xml": metadata,
        "email_domains": _domains(given.email_domains),
        "default_role": given.default_role,
        "role_claim": optional_text(given.role_claim, field="roleClaim", max_chars=MAX_CLAIM_CHARS),
        "role_mapping": _role_mapping(given.role_mapping),
        "password_login_for_admins_only": given.password_login_for_admins_only,
    }
    async with atomic():
        config = await SsoConfig.scoped(actor).select_for_update().first()
        before = _snapshot(config)
        if config is None:
            config = SsoConfig(tenant_id=actor.tenant_id)
        config.update_from_dict(values)
        if secret is not None:
            config.client_secret_ciphertext = seal(secret, secret_key=settings.secret_key)
        await config.save()
        diff = changes(before, _snapshot(config))
        diff["client_secret_changed"] = secret is not None
        await record_audit(
            actor, "tenant.sso_update", target_type="SsoConfig", target_id=config.id, diff=diff
        )
        return config
