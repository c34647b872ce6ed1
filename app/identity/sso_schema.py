"""The GraphQL input and mutation of single sign-on, merged into the schema by app/api/schema.py;
Tenant.sso reads the configuration."""

from __future__ import annotations

import strawberry
from strawberry.scalars import JSON
from strawberry.types import Info

from app.core.actor import Role
from app.core.field_permissions import IsAuthenticated
from app.identity import models, service
from app.identity.sso_types import SsoConfigType, sso_login_url


@strawberry.input
class SsoConfigInput:
    protocol: models.SsoProtocol = models.SsoProtocol.OIDC
    enabled: bool
    issuer: str
    client_id: str | None = None
    client_secret: str | None = strawberry.field(
        default=None, description="Kept sealed and never returned; left out, the stored one stays."
    )
    saml_metadata_xml: str | None = None
    email_domains: list[str] = strawberry.field(default_factory=list)
    default_role: Role = Role.VIEWER
    role_claim: str | None = None
    role_mapping: JSON | None = None
    password_login_for_admins_only: bool | None = False


@strawberry.type
class SsoMutation:
    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Admins only.")
    async def update_tenant_sso(self, info: Info, input: SsoConfigInput) -> SsoConfigType:
        actor = info.context.actor
        config = await service.update_tenant_sso(
            actor,
            service.SsoConfigChange(
                protocol=input.protocol,
                enabled=input.enabled,
                issuer=input.issuer,
                client_id=input.client_id,
                client_secret=input.client_secret,
                saml_metadata_xml=input.saml_metadata_xml,
                email_domains=input.email_domains,
                default_role=input.default_role,
                role_claim=input.role_claim,
                role_mapping=input.role_mapping,
                password_login_for_admins_only=bool(input.password_login_for_admins_only),
            ),
            settings=info.context.settings,
        )
        tenant = await service.current_tenant(actor)
        login_url = sso_login_url(info.context.settings, info.context.request, tenant.slug)
        return SsoConfigType.from_model(config, login_url=login_url)
