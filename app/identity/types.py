"""GraphQL types, queries and mutations of identity: tenants, users, sign-in."""

from __future__ import annotations

from datetime import datetime
from typing import Self
from uuid import UUID

import strawberry
from strawberry.types import Info

from app.core.actor import Role
from app.core.errors import NotFound
from app.core.field_permissions import IsAuthenticated
from app.core.ids import decode_id, encode_id
from app.core.relay import Connection, Node
from app.governance.policy import Risk
from app.governance.policy import TenantPolicy as TenantPolicyValue
from app.identity import models, service

# strawberry.enum registers the domain enums themselves as the GraphQL enums.
strawberry.enum(Role, name="Role")
strawberry.enum(Risk, name="Risk")


@strawberry.type
class RiskApprovals:
    risk: Risk
    approvals: int


@strawberry.type
class TenantPolicy:
    environments: list[str]
    protected_environments: list[str]
    approvals_required: list[RiskApprovals]
    refuse_approvals_from_author_created_accounts: bool = strawberry.field(
        description="An account created by a version's author may not approve it."
    )

    @classmethod
    def from_policy(cls, policy: TenantPolicyValue) -> Self:
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
    policy: TenantPolicy

    @classmethod
    def from_model(cls, tenant: models.Tenant) -> Self:
        return cls(
            id=encode_id("Tenant", tenant.id),
            name=tenant.name,
            slug=tenant.slug,
            max_users=tenant.max_users,
            policy=TenantPolicy.from_policy(TenantPolicyValue.from_json(tenant.policy)),
        )


@strawberry.type(name="User")
class UserType(Node):
    email: str
    name: str | None
    role: Role
    is_active: bool
    created_at: datetime
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


@strawberry.input
class RegisterInput:
    tenant_name: str
    email: str
    password: str


@strawberry.input
class LoginInput:
    tenant: str
    email: str
    password: str


@strawberry.input
class CreateUserInput:
    email: str
    password: str
    role: Role
    name: str | None = None


@strawberry.type
class IdentityQuery:
    @strawberry.field(permission_classes=[IsAuthenticated])
    async def me(self, info: Info) -> UserType:
        return UserType.from_model(await service.current_user(info.context.actor))

    @strawberry.field(permission_classes=[IsAuthenticated])
    async def tenant(self, info: Info) -> TenantType:
        return TenantType.from_model(await service.current_tenant(info.context.actor))

    @strawberry.field(permission_classes=[IsAuthenticated])
    async def users(self, info: Info) -> list[UserType]:
        return [UserType.from_model(user) for user in await service.list_users(info.context.actor)]

    @strawberry.field(permission_classes=[IsAuthenticated], description="Superadmins only.")
    async def tenants(
        self, info: Info, first: int | None = 20, after: str | None = None
    ) -> Connection[TenantType]:
        page = await service.list_tenants(info.context.actor, first=first, after=after)
        return Connection.from_page(page, TenantType.from_model)


@strawberry.type
class IdentityMutation:
    @strawberry.mutation
    async def register(self, info: Info, input: RegisterInput) -> AuthPayload:
        session = await service.register(
            tenant_name=input.tenant_name,
            email=input.email,
            password=input.password,
            settings=info.context.settings,
            ip=info.context.client_ip,
        )
        return AuthPayload.signed_in(info, session)

    @strawberry.mutation
    async def login(self, info: Info, input: LoginInput) -> AuthPayload:
        session = await service.login(
            tenant_slug=input.tenant,
            email=input.email,
            password=input.password,
            settings=info.context.settings,
            ip=info.context.client_ip,
        )
        return AuthPayload.signed_in(info, session)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def logout(self, info: Info) -> bool:
        await service.logout(info.context.actor)
        return True

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def create_user(self, info: Info, input: CreateUserInput) -> UserType:
        user = await service.create_user(
            info.context.actor,
            email=input.email,
            password=input.password,
            role=input.role,
            name=input.name,
            settings=info.context.settings,
        )
        return UserType.from_model(user)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def update_user_role(self, info: Info, user_id: strawberry.ID, role: Role) -> UserType:
        user = await service.update_user_role(
            info.context.actor, user_id=decode_id(user_id, "User"), role=role
        )
        return UserType.from_model(user)

    @strawberry.mutation(permission_classes=[IsAuthenticated])
    async def deactivate_user(self, info: Info, user_id: strawberry.ID) -> UserType:
        user = await service.deactivate_user(info.context.actor, user_id=decode_id(user_id, "User"))
        return UserType.from_model(user)

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Superadmins only.")
    async def set_tenant_max_users(
        self, info: Info, tenant_id: strawberry.ID, max_users: int
    ) -> TenantType:
        tenant = await service.set_tenant_max_users(
            info.context.actor, tenant_id=decode_id(tenant_id, "Tenant"), max_users=max_users
        )
        return TenantType.from_model(tenant)
