"""The GraphQL inputs and operations of identity: sign-in, users, tenants and API keys, merged
into the schema by app/api/schema.py."""

from __future__ import annotations

import strawberry
from strawberry.types import Info

from app.core.actor import ApiKeyScope, Role
from app.core.field_permissions import IsAuthenticated
from app.core.ids import decode_id
from app.core.relay import Connection
from app.identity import service
from app.identity.types import ApiKeyType, AuthPayload, CreatedApiKeyType, TenantType, UserType


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


@strawberry.input
class CreateTenantInput:
    name: str
    slug: str | None = None
    max_users: int | None = None
    admin_email: str
    admin_password: str


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

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="Superadmins only. `query` keeps tenants whose name or slug contains it.",
    )
    async def tenants(
        self,
        info: Info,
        first: int | None = 20,
        after: str | None = None,
        query: str | None = None,
    ) -> Connection[TenantType]:
        page = await service.list_tenants(info.context.actor, first=first, after=after, query=query)
        return Connection.from_page(page, TenantType.from_model)

    @strawberry.field(
        permission_classes=[IsAuthenticated],
        description="Superadmins only: users of every tenant, by email. `query` keeps those whose "
        "email or name contains it, `tenantId` those of one tenant.",
    )
    async def platform_users(
        self,
        info: Info,
        first: int | None = 20,
        after: str | None = None,
        query: str | None = None,
        tenant_id: strawberry.ID | None = None,
    ) -> Connection[UserType]:
        page = await service.list_platform_users(
            info.context.actor,
            first=first,
            after=after,
            query=query,
            tenant_id=decode_id(tenant_id, "Tenant") if tenant_id else None,
        )
        return Connection.from_page(page, UserType.from_model)

    @strawberry.field(permission_classes=[IsAuthenticated], description="Admins only.")
    async def api_keys(self, info: Info) -> list[ApiKeyType]:
        return [
            ApiKeyType.from_model(key) for key in await service.list_api_keys(info.context.actor)
        ]


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

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Admins, in their tenant; superadmins, in any tenant.",
    )
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

    @strawberry.mutation(
        permission_classes=[IsAuthenticated],
        description="Superadmins only: a tenant and its first admin, who signs in with the "
        "password given.",
    )
    async def create_tenant(self, info: Info, input: CreateTenantInput) -> TenantType:
        tenant = await service.create_tenant_with_admin(
            info.context.actor,
            name=input.name,
            slug=input.slug,
            max_users=input.max_users,
            admin_email=input.admin_email,
            admin_password=input.admin_password,
            settings=info.context.settings,
        )
        return TenantType.from_model(tenant)

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Admins only.")
    async def create_api_key(
        self, info: Info, name: str, scopes: list[ApiKeyScope]
    ) -> CreatedApiKeyType:
        created = await service.create_api_key(info.context.actor, name=name, scopes=scopes)
        return CreatedApiKeyType.from_created(created)

    @strawberry.mutation(permission_classes=[IsAuthenticated], description="Admins only.")
    async def revoke_api_key(self, info: Info, id: strawberry.ID) -> ApiKeyType:
        revoked = await service.revoke_api_key(info.context.actor, id=decode_id(id, "ApiKey"))
        return ApiKeyType.from_model(revoked)
