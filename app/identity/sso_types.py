"""GraphQL types of single sign-on: a tenant's configuration as admins read it (never its client
secret), and where its members start a sign-in."""

from __future__ import annotations

from typing import Protocol, Self, cast

import strawberry
from starlette.requests import HTTPConnection
from strawberry.scalars import JSON
from strawberry.types import Info

from app.core.actor import Role
from app.core.ids import decode_id
from app.identity import models, service
from app.settings import Settings

strawberry.enum(models.SsoProtocol, name="SsoProtocol")


def sso_login_url(settings: Settings, connection: HTTPConnection, tenant_slug: str) -> str:
    """Where a member of the tenant starts a sign-in: on PROMPTVAULT_PUBLIC_URL, or on the address
    this request came to."""
    base = settings.public_url or str(connection.base_url).rstrip("/")
    return f"{base}/auth/sso/{tenant_slug}"


@strawberry.type(name="SsoConfig")
class SsoConfigType:
    protocol: models.SsoProtocol
    enabled: bool
    issuer: str
    client_id: str | None
    email_domains: list[str]
    default_role: Role
    role_claim: str | None
    role_mapping: JSON = strawberry.field(
        description="Claim values (groups or roles) and the roles they give, such as "
        '{"prompt-admins": "ADMIN"}; the highest applies.'
    )
    password_login_for_admins_only: bool
    login_url: str = strawberry.field(
        description="Where a member of this tenant starts a sign-in with its identity provider."
    )

    @classmethod
    def from_model(cls, config: models.SsoConfig, *, login_url: str) -> Self:
        return cls(
            protocol=config.protocol,
            enabled=config.enabled,
            issuer=config.issuer,
            client_id=config.client_id,
            email_domains=list(config.email_domains),
            default_role=config.default_role,
            role_claim=config.role_claim,
            role_mapping=cast(
                JSON, {value: Role(role).name for value, role in config.role_mapping.items()}
            ),
            password_login_for_admins_only=config.password_login_for_admins_only,
            login_url=login_url,
        )


class _Tenant(Protocol):
    id: strawberry.ID
    slug: str


async def tenant_sso(root: strawberry.Parent[_Tenant], info: Info) -> SsoConfigType | None:
    """Tenant.sso: the signed-in admin's own tenant's configuration; another tenant's is null."""
    actor = info.context.actor
    config = await service.tenant_sso(actor)
    if config is None or decode_id(root.id, "Tenant") != actor.tenant_id:
        return None
    login_url = sso_login_url(info.context.settings, info.context.request, root.slug)
    return SsoConfigType.from_model(config, login_url=login_url)
