"""Strict rendering: renderPrompt fills `{{ variable }}` placeholders of the active version, and a
missing, unknown or ill-typed variable is refused, naming it."""

import threading
from typing import Any

from promptvault_sdk import Prompt, RenderError
from promptvault_sdk.rendering import Template

from app.registry.rendering import render as render_offline
from tests.support.graphql import Result, TenantHandle
from tests.support.realtime import api_key
from tests.support.registry import ACTIVATE, approve_versions
from tests.support.typed_prompts import add_version, live_prompt, render

GREETING = {
    "type": "object",
    "properties": {
        "name": {"type": "string"},
        "count": {"type": "integer"},
        "tone": {"type": "string", "default": "warm"},
    },
    "required": ["name"],
}


def _refusal(result: Result, variable: str) -> str:
    assert result.code == "BAD_USER_INPUT", result.errors
    error = result.errors[0]
    assert error["extensions"]["variable"] == variable
    assert f"'{variable}'" in error["message"]
    return str(error["message"])


async def test_placeholders_are_filled_with_strings_as_they_are_and_other_values_as_json(
    tenant: TenantHandle,
) -> None:
    body = "Hi {{name}}, {{ count }} new {{  tone }} notes; flags {{flags}}"
    schema = {**GREETING, "properties": {**GREETING["properties"], "flags": {"type": "array"}}}
    prompt = await live_prompt(tenant, body, variables=schema)

    result = await render(tenant, prompt.name, {"name": "Ada", "count": 3, "flags": [True, None]})

    rendered = result.ok()["renderPrompt"]
    assert rendered["text"] == "Hi Ada, 3 new warm notes; flags [true, null]"
    assert rendered["name"] == prompt.name
    assert rendered["environment"] == "staging"
    assert rendered["version"]["number"] == 1


async def test_a_missing_variable_is_refused_naming_it(tenant: TenantHandle) -> None:
    prompt = await live_prompt(tenant, "Hi {{ name }}, {{ count }} notes", variables=GREETING)

    required = await render(tenant, prompt.name, {"count": 2})
    used = await render(tenant, prompt.name, {"name": "Ada"})

    assert "missing variable 'name'" in _refusal(required, "name")
    assert "missing variable 'count'" in _refusal(used, "count")


async def test_an_unknown_variable_is_refused_naming_it(tenant: TenantHandle) -> None:
    prompt = await live_prompt(tenant, "Hi {{ name }}", variables=GREETING)

    result = await render(tenant, prompt.name, {"name": "Ada", "nmae": "Ada"})

    assert "unknown variable 'nmae'" in _refusal(result, "nmae")


async def test_an_ill_typed_variable_is_refused_naming_it(tenant: TenantHandle) -> None:
    prompt = await live_prompt(tenant, "Hi {{ name }}, {{ count }} notes", variables=GREETING)

    result = await render(tenant, prompt.name, {"name": "Ada", "count": "three"})

    assert "'three' is not of type 'integer'" in _refusal(result, "count")


async def test_a_version_without_declared_properties_takes_the_variables_its_body_uses(
    tenant: TenantHandle,
) -> None:
    prompt = await live_prompt(tenant, "Summarise {{ topic }}")

    assert (await render(tenant, prompt.name, {"topic": "tides"})).ok()["renderPrompt"][
        "text"
    ] == "Summarise tides"
    _refusal(await render(tenant, prompt.name, {}), "topic")
    _refusal(await render(tenant, prompt.name, {"topic": "tides", "extra": 1}), "extra")


async def test_an_escaped_placeholder_is_text(tenant: TenantHandle) -> None:
    body = "Write \\{{ name }} where the name goes, e.g. for {{ name }}; keep {{ not a tag }}"
    prompt = await live_prompt(tenant, body, variables=GREETING)

    result = await render(tenant, prompt.name, {"name": "Ada"})

    assert result.ok()["renderPrompt"]["text"] == (
        "Write {{ name }} where the name goes, e.g. for Ada; keep {{ not a tag }}"
    )


async def test_render_serves_the_active_version_of_the_environment(tenant: TenantHandle) -> None:
    prompt = await live_prompt(tenant, "Staging says {{ name }}", variables=GREETING)
    second = await add_version(tenant, prompt.id, "Production says {{ name }}", GREETING)
    second_id = second.ok()["createVersion"]["id"]
    await approve_versions(tenant, second_id)
    activated = await tenant.gql(ACTIVATE, {"versionId": second_id, "environment": "production"})
    activated.ok()

    staging = await render(tenant, prompt.name, {"name": "Ada"})
    production = await render(tenant, prompt.name, {"name": "Ada"}, environment="production")

    assert staging.ok()["renderPrompt"]["text"] == "Staging says Ada"
    assert production.ok()["renderPrompt"]["text"] == "Production says Ada"
    assert production.ok()["renderPrompt"]["version"]["number"] == 2


async def test_an_inactive_or_unknown_prompt_is_not_found(tenant: TenantHandle) -> None:
    prompt = await live_prompt(tenant, "Hi {{ name }}", variables=GREETING)

    assert (await render(tenant, prompt.name, {"name": "A"}, environment="development")).code == (
        "NOT_FOUND"
    )
    assert (await render(tenant, "no-such-prompt")).code == "NOT_FOUND"


async def test_another_tenants_prompt_is_not_found(
    tenant: TenantHandle, other_tenant: TenantHandle
) -> None:
    prompt = await live_prompt(other_tenant, "Hi {{ name }}", variables=GREETING)

    assert (await render(tenant, prompt.name, {"name": "Ada"})).code == "NOT_FOUND"


async def test_a_runtime_key_renders_and_a_key_without_the_scope_may_not(
    tenant: TenantHandle,
) -> None:
    prompt = await live_prompt(tenant, "Hi {{ name }}", variables=GREETING)
    _, runtime = await api_key(tenant, "RUNTIME_READ")
    _, gate = await api_key(tenant, "GATE_READ")

    allowed = await render(tenant, prompt.name, {"name": "Ada"}, token=runtime)
    refused = await render(tenant, prompt.name, {"name": "Ada"}, token=gate)

    assert allowed.ok()["renderPrompt"]["text"] == "Hi Ada"
    assert refused.code == "FORBIDDEN"


async def test_a_variables_schema_that_is_not_json_schema_or_refers_outside_is_refused(
    tenant: TenantHandle,
) -> None:
    prompt = await live_prompt(tenant, "Hi {{ name }}", variables=GREETING)

    not_a_type = {"properties": {"name": {"type": "text"}}}
    elsewhere = {"properties": {"name": {"$ref": "https://example.com/name.json"}}}

    for schema in (not_a_type, elsewhere):
        result = await add_version(tenant, prompt.id, "Hi", schema)
        assert result.code == "BAD_USER_INPUT"
        assert result.errors[0]["extensions"]["field"] == "variables"


async def test_a_schema_may_refer_within_itself(tenant: TenantHandle) -> None:
    schema = {
        "$defs": {"name": {"type": "string", "minLength": 2}},
        "properties": {"name": {"$ref": "#/$defs/name"}},
    }
    prompt = await live_prompt(tenant, "Hi {{ name }}", variables=schema)

    assert (await render(tenant, prompt.name, {"name": "Ada"})).ok()["renderPrompt"]["text"] == (
        "Hi Ada"
    )
    assert "too short" in _refusal(await render(tenant, prompt.name, {"name": "A"}), "name")


def test_the_sdk_renders_offline_as_the_server_does() -> None:
    greeting = Template(name="greeting", body="Hi {{ name }}! {{> sign-off }}", variables=GREETING)
    sign_off = Template(name="sign-off", body="Yours, {{ team }} team", variables={})

    text = render_offline(greeting, {"name": "Ada", "team": "docs"}, {"sign-off": sign_off})

    assert text == "Hi Ada! Yours, docs team"


async def test_a_pattern_that_needs_backtracking_is_refused_naming_it(
    tenant: TenantHandle,
) -> None:
    prompt = await live_prompt(tenant, "Hi {{ name }}", variables=GREETING)
    backreference = {"properties": {"name": {"type": "string", "pattern": "^(a)\\1$"}}}
    lookahead = {"patternProperties": {"^(?=n)": {"type": "string"}}}
    unevaluated = {"patternProperties": {"^n": {}}, "unevaluatedProperties": False}

    for schema in (backreference, lookahead, unevaluated):
        result = await add_version(tenant, prompt.id, "Hi", schema)
        assert result.code == "BAD_USER_INPUT", result.errors
        assert result.errors[0]["extensions"]["field"] == "variables"
    assert (
        "pattern '^(a)\\1$' is not supported"
        in (await add_version(tenant, prompt.id, "Hi", backreference)).errors[0]["message"]
    )


async def test_patterns_match_property_names_too(tenant: TenantHandle) -> None:
    schema = {
        "properties": {
            "tags": {
                "type": "object",
                "patternProperties": {"^(a+)+$": {"type": "integer"}},
                "additionalProperties": False,
            }
        }
    }
    prompt = await live_prompt(tenant, "Tags {{ tags }}", variables=schema)

    matched = await render(tenant, prompt.name, {"tags": {"aaa": 1}})
    unmatched = await render(tenant, prompt.name, {"tags": {"a" * 40 + "!": 1}})
    mistyped = await render(tenant, prompt.name, {"tags": {"aaa": "one"}})

    assert matched.ok()["renderPrompt"]["text"] == 'Tags {"aaa": 1}'
    assert "not allowed" in _refusal(unmatched, "tags")
    assert "not of type 'integer'" in _refusal(mistyped, "tags")


def _rendered_within(seconds: float, prompt: Prompt, **variables: Any) -> str:
    """What the SDK's Prompt.render gave (its text or its error), failing if it took longer."""
    outcome: list[str] = []

    def run() -> None:
        try:
            outcome.append(prompt.render(**variables))
        except RenderError as error:
            outcome.append(f"RenderError: {error}")

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(seconds)
    assert outcome, f"Prompt.render took over {seconds} s"
    return outcome[0]


def test_the_sdk_checks_costly_schemas_in_bounded_time() -> None:
    def prompt(body: str, properties: dict[str, Any]) -> Prompt:
        return Prompt(
            name="p",
            environment="production",
            version=1,
            version_id="v",
            body=body,
            variables={"type": "object", "properties": properties},
        )

    pattern = prompt("Say {{ word }}", {"word": {"type": "string", "pattern": "^(a+)+$"}})
    unique = prompt("Use {{ xs }}", {"xs": {"type": "array", "uniqueItems": True}})
    every_item = {"allOf": [{"type": "integer", "minimum": 0}] * 300}
    costly = prompt("Sum {{ xs }}", {"xs": {"type": "array", "items": every_item}})

    assert "does not match" in _rendered_within(5, pattern, word="a" * 32 + "!")
    assert _rendered_within(5, unique, xs=[{"k": index} for index in range(6_000)]).startswith(
        'Use [{"k": 0}'
    )
    assert "repeats an earlier item" in _rendered_within(5, unique, xs=[{"k": 1}, {"k": 1.0}])
    assert "too long to check" in _rendered_within(5, costly, xs=list(range(10_000)))


def _nested(depth: int, leaf: Any, wrap: Any) -> Any:
    for _ in range(depth):
        leaf = wrap(leaf)
    return leaf


async def test_a_schema_or_a_value_nested_too_deep_is_refused(tenant: TenantHandle) -> None:
    prompt = await live_prompt(tenant, "Hi {{ name }}", variables=GREETING)
    deep_schema = {
        "properties": {
            "xs": _nested(400, {"type": "string"}, lambda inner: {"type": "array", "items": inner})
        }
    }
    tree = {"anyOf": [{"type": "string"}, {"type": "array", "items": {"$ref": "#/$defs/tree"}}]}
    recursive = {"$defs": {"tree": tree}, "properties": {"xs": {"$ref": "#/$defs/tree"}}}
    nested = await live_prompt(tenant, "Tree {{ xs }}", variables=recursive)

    refused = await add_version(tenant, prompt.id, "Hi", deep_schema)
    shallow = await render(tenant, nested.name, {"xs": _nested(10, "x", lambda inner: [inner])})
    deep = await render(tenant, nested.name, {"xs": _nested(100, "x", lambda inner: [inner])})

    assert refused.code == "BAD_USER_INPUT", refused.errors
    assert "nests deeper than 64 levels" in refused.errors[0]["message"]
    assert shallow.ok()["renderPrompt"]["text"].startswith("Tree [[[")
    assert "nests deeper than 64 levels" in _refusal(deep, "xs")
