"""The GraphQL schema: each domain's Query, Mutation and Subscription merged once, with the
extensions that keep it safe (depth, aliases, what an operation may ask, error codes) and fast
(parser and validation caches)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, cast

import strawberry
from graphql import (
    ASTValidationRule,
    ConstValueNode,
    GraphQLArgument,
    GraphQLDefaultInput,
    GraphQLInputField,
    GraphQLInputObjectType,
    GraphQLObjectType,
)
from graphql.error import GraphQLError
from strawberry.extensions import AddValidationRules
from strawberry.extensions.max_aliases import create_validator as alias_limit_rule
from strawberry.extensions.query_depth_limiter import create_validator as depth_limit_rule
from strawberry.printer.ast_from_value import ast_from_value
from strawberry.types import ExecutionContext, Info

from app.access.schema import AccessMutation
from app.api.errors import ErrorCodes, log_unexpected_errors
from app.api.key_reach import ApiKeyReach
from app.api.nul_bytes import RefuseNulBytes
from app.api.operation_limits import OperationLimits
from app.api.platform import PlatformQuery
from app.core.errors import NotFound
from app.core.field_permissions import IsAuthenticated
from app.core.ids import split_id
from app.core.relay import Node
from app.governance.schema import GovernanceMutation, GovernanceQuery
from app.governance.types import load_change_request
from app.identity.schema import IdentityMutation, IdentityQuery
from app.identity.sso_schema import SsoMutation
from app.identity.types import load_tenant, load_user
from app.jobs.schema import JobQuery
from app.providers.schema import ProviderMutation, ProviderQuery
from app.providers.types import load_connection, load_run
from app.realtime.schema import RealtimeSubscription
from app.registry.schema import AssetAccessMutation, RegistryMutation, RegistryQuery
from app.registry.service import get_activation
from app.registry.types import (
    ActivationType,
    AssetType,
    AssetVersionType,
    load_asset,
    load_version,
)
from app.search.schema import SearchQuery
from app.settings import Settings
from app.telemetry.schema import TelemetryMutation, TelemetryQuery
from app.webhooks.schema import WebhookMutation, WebhookQuery


async def _load_activation(info: Info, id: Any) -> ActivationType:
    return ActivationType.from_model(await get_activation(info.context.actor, id))


NODE_LOADERS = {
    "Asset": load_asset,
    "AssetVersion": load_version,
    "User": load_user,
    "Tenant": load_tenant,
    "Activation": _load_activation,
    "ChangeRequest": load_change_request,
    "ProviderConnection": load_connection,
    "PromptRun": load_run,
}


@strawberry.type
class NodeQuery:
    @strawberry.field(permission_classes=[IsAuthenticated])
    async def node(self, info: Info, id: strawberry.ID) -> Node | None:
        type_name, uuid = split_id(id)
        if type_name not in NODE_LOADERS:
            raise NotFound(f"no object with id '{id}'")
        node: Node = await NODE_LOADERS[type_name](info, uuid)
        return node


@strawberry.type
class Query(
    IdentityQuery,
    RegistryQuery,
    GovernanceQuery,
    WebhookQuery,
    TelemetryQuery,
    JobQuery,
    SearchQuery,
    ProviderQuery,
    PlatformQuery,
    NodeQuery,
):
    pass


@strawberry.type
class Mutation(
    IdentityMutation,
    RegistryMutation,
    GovernanceMutation,
    AccessMutation,
    AssetAccessMutation,
    WebhookMutation,
    TelemetryMutation,
    ProviderMutation,
    SsoMutation,
):
    pass


@strawberry.type
class Subscription(RealtimeSubscription):
    pass


class PromptvaultSchema(strawberry.Schema):
    def process_errors(
        self, errors: list[GraphQLError], execution_context: ExecutionContext | None = None
    ) -> None:
        log_unexpected_errors(errors)


def build_schema(settings: Settings) -> strawberry.Schema:
    # The rule classes are made once: the validation cache keys on them, so rules made anew per
    # request (as QueryDepthLimiter does) would make every request miss the cache.
    limits: list[type[ASTValidationRule]] = [
        depth_limit_rule(settings.max_query_depth, None, None),
        alias_limit_rule(settings.max_aliases),
    ]
    schema = PromptvaultSchema(
        query=Query,
        mutation=Mutation,
        subscription=Subscription,
        types=[AssetType, AssetVersionType, ActivationType],
        extensions=[
            lambda: AddValidationRules(limits),
            lambda: OperationLimits(settings),
            RefuseNulBytes,
            ErrorCodes,
            ApiKeyReach,
        ],
    )
    _keep_structured_defaults_as_literals(schema)
    return schema


def _keep_structured_defaults_as_literals(schema: strawberry.Schema) -> None:
    """graphql-core's introspection cannot turn an object default of a JSON argument or input field
    (renderPrompt's `variables: JSON! = {}`, RunPromptInput's) back into a literal, and failed
    GraphiQL's documentation on it; strawberry's printer can, so each such default is kept as the
    literal it prints."""
    for value in _arguments_and_input_fields(schema):
        if isinstance(value.default_value, dict | list):
            literal = ast_from_value(value.default_value, value.type)
            value.default = GraphQLDefaultInput(literal=cast(ConstValueNode, literal))


def _arguments_and_input_fields(
    schema: strawberry.Schema,
) -> Iterator[GraphQLArgument | GraphQLInputField]:
    for type_ in schema._schema.type_map.values():
        if isinstance(type_, GraphQLObjectType):
            for field in type_.fields.values():
                yield from field.args.values()
        elif isinstance(type_, GraphQLInputObjectType):
            yield from type_.fields.values()
