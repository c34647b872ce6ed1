"""GraphQL object types of identity: tenants, users, the sign-in payload, API keys."""

from __future__ import annotations

from datetime import datetime
from typing import Self
from uuid import UUID

import strawberry
from strawberry.types import Info

from app.core.actor import ApiKeyScope, Role
from app.core.errors import NotFound
from app.core.ids import encode_id
from app.core.relay import Node
from app.identity import models, service
from app.identity.sso_types import SsoConfigType, tenant_sso
from app.identity.tenant_policy import Risk, TenantPolicy

# strawberry.enum registers the domain enums themselves as the GraphQL enums.
strawberry.enum(Role, name="Role")
strawberry.enum(Risk, name="Risk")
strawberry.enum(ApiKeyScope, name="ApiKeyScope")


@strawberry.type
class RiskApprovals:
    risk: Risk
    approvals: int


@strawberry.type(name="TenantPolicy")
class TenantPolicyType:
    environments: list[str]
    protected_environments: list[str]
    approvals_required: list[RiskApprovals]
    refuse_approvals_from_author_created_accounts: bool = strawberry.field(
        description="An account created by a version's author may not approve it."
    )

    @classmethod
    def from_policy(cls, policy: TenantPolicy) -> Self:
        return cls(
            environments=policy.environments,
            protected_environments=policy.protected_environments,
            approvals_required=[
                RiskApprovals(risk=risk, approvals=count)
                for risk, count in policy.approvals_required.items()
            ],
            refuse_approvals_from_author_created_accounts=(
                policy.refuse_approvals_from_author_created_accounts
            ),
        )


@strawberry.type(name="Tenant")
class TenantType(Node):
    name: str
    slug: str
    max_users: int
    policy: TenantPolicyType
    sso: SsoConfigType | None = strawberry.field(
        resolver=tenant_sso,
        description="Single sign-on: admins only; null when not configured.",
    )
    created_at: datetime
    tenant_id: strawberry.Private[UUID]

    @classmethod
    def from_model(cls, tenant: models.Tenant) -> Self:
        return cls(
            id=encode_id("Tenant", tenant.id),
            name=tenant.name,
            slug=tenant.slug,
            max_users=tenant.max_users,
            policy=TenantPolicyType.from_policy(TenantPolicy.from_json(tenant.policy)),
            created_at=tenant.created_at,
            tenant_id=tenant.id,
        )

    @strawberry.field(description="Active users: those that maxUsers counts.")
    async def user_count(self, info: Info) -> int:
        count: int = await info.context.identity.user_count.load(self.tenant_id)
        return count


@strawberry.type(name="User")
class UserType(Node):
    email: str
    name: str | None
    role: Role
    is_active: bool
    created_at: datetime
    last_login_at: datetime | None = strawberry.field(
        description="The last sign-in, with a password or single sign-on."
    )
    sso_subject: str | None = strawberry.field(
        description="The identity provider's subject (OIDC sub, SAML NameID) for this account."
    )
    tenant_id: strawberry.Private[UUID]
    created_by_id: strawberry.Private[UUID | None]

    @classmethod
    def from_model(cls, user: models.User) -> Self:
        return cls(
            id=encode_id("User", user.id),
            email=user.email,
            name=user.name,
            role=user.role,
            is_active=user.is_active,
            created_at=user.created_at,
            last_login_at=user.last_login_at,
            sso_subject=user.sso_subject,
            tenant_id=user.tenant_id,
            created_by_id=user.created_by_id,
        )

    @strawberry.field
    async def tenant(self, info: Info) -> TenantType:
        tenant = await info.context.identity.tenant.load(self.tenant_id)
        return TenantType.from_model(tenant)

    @strawberry.field(
        description="Who added this account; null for the admin who registered the tenant and "
        "for accounts made by the CLI or single sign-on."
    )
    async def created_by(self, info: Info) -> UserType | None:
        if self.created_by_id is None:
            return None
        creator = await info.context.identity.user.load(self.created_by_id)
        return UserType.from_model(creator) if creator else None


async def load_tenant(info: Info, tenant_id: UUID) -> TenantType:
    """A superadmin's node(id) of any tenant; anyone else's of their own."""
    tenant = await info.context.identity.tenant.load(tenant_id)
    if tenant is None:
        raise NotFound("Tenant not found")
    return TenantType.from_model(tenant)


async def load_user(info: Info, user_id: UUID) -> UserType:
    user = await info.context.identity.user.load(user_id)
    if user is None:
        raise NotFound("User not found")
    return UserType.from_model(user)


@strawberry.type
class AuthPayload:
    token: str
    user: UserType

    @classmethod
    def signed_in(cls, info: Info, session: service.AuthSession) -> Self:
        """The payload, read as the new session: `user { tenant }` and the like resolve for the
        user who just signed in, whoever (if anyone) sent the request."""
        info.context.signed_in_actor = session.actor
        info.context.auth_error = None
        info.context.clear_loaders()
        return cls(token=session.token, user=UserType.from_model(session.user))


@strawberry.type(name="ApiKey")
class ApiKeyType(Node):
    name: str
    prefix: str
    scopes: list[ApiKeyScope]
    last_used_at: datetime | None
    revoked_at: datetime | None
    created_at: datetime

    @classmethod
    def from_model(cls, api_key: models.ApiKey) -> Self:
        return cls(
            id=encode_id("ApiKey", api_key.id),
            name=api_key.name,
            prefix=api_key.prefix,
            scopes=[ApiKeyScope(scope) for scope in api_key.scopes],
            last_used_at=api_key.last_used_at,
            revoked_at=api_key.revoked_at,
            created_at=api_key.created_at,
        )


@strawberry.type(name="CreatedApiKey")
class CreatedApiKeyType:
    api_key: ApiKeyType
    secret: str = strawberry.field(description="Shown once; only a hash is stored.")

    @classmethod
    def from_created(cls, created: service.CreatedApiKey) -> Self:
        return cls(api_key=ApiKeyType.from_model(created.api_key), secret=created.secret)
