"""The demo tenant that `make run` seeds: realistic assets, several versions, one live."""

from __future__ import annotations

import secrets
from dataclasses import dataclass

from app.access.service import policy_of
from app.core.actor import Actor, Role
from app.governance import service as governance
from app.governance.models import ReviewDecision
from app.identity import service as identity
from app.identity.models import Tenant
from app.identity.tenant_policy import TenantPolicy
from app.registry.models import AssetKind
from app.registry.service import activate_version, create_asset, create_version
from app.settings import Settings

DEMO_SLUG = "demo"
DEMO_EMAIL = "admin@demo.example"


@dataclass(frozen=True)
class DemoLogin:
    tenant: str
    email: str
    password: str


@dataclass(frozen=True)
class DemoAsset:
    name: str
    kind: AssetKind
    title: str
    description: str
    category: str
    tags: list[str]
    bodies: list[str]
    live: dict[str, int]  # environment -> version number
    enhancement: bool = False


DEMO_ASSETS = [
    DemoAsset(
        name="support-reply",
        kind=AssetKind.PROMPT,
        title="Customer support reply",
        description="Drafts a friendly, accurate reply to a customer's support ticket.",
        category="support",
        tags=["support", "email"],
        bodies=[
            "You are a support agent. Reply to the customer:\n\n{{ ticket }}",
            "You are a friendly support agent for {{ product }}.\nReply to the customer's "
            "ticket below. Be concise and thank them.\n\nTicket:\n{{ ticket }}",
            "You are a friendly support agent for {{ product }}.\nReply to the customer's "
            "ticket below in at most 120 words. Thank them, answer every question they ask, "
            "and never promise refunds.\n\nTicket:\n{{ ticket }}",
        ],
        live={"production": 2, "staging": 3},
    ),
    DemoAsset(
        name="ticket-summary",
        kind=AssetKind.PROMPT,
        title="Summarize a support ticket",
        description="Writes a three-line summary of a ticket thread for the on-call engineer.",
        category="support",
        tags=["summarization", "support"],
        bodies=[
            "Summarize this ticket thread:\n\n{{ thread }}",
            "Summarize the ticket thread below in three lines: the problem, what was tried, "
            "and what the customer is waiting for.\n\n{{ thread }}",
        ],
        live={"production": 2},
    ),
    DemoAsset(
        name="refund-policy",
        kind=AssetKind.CONTEXT_PACK,
        title="Refund policy",
        description="The refund rules that support replies must follow.",
        category="policy",
        tags=["policy", "support"],
        bodies=[
            "Refunds are possible within 30 days of purchase for annual plans. Monthly plans "
            "are not refunded; cancel before the next billing date instead.",
        ],
        live={"production": 1},
    ),
    DemoAsset(
        name="sql-explainer",
        kind=AssetKind.SKILL,
        title="Explain a SQL query",
        description="Explains what a SQL query does, step by step, for analysts.",
        category="analytics",
        tags=["sql", "education"],
        bodies=["Explain, step by step and in plain English, what this query does:\n\n{{ sql }}"],
        live={},
    ),
    # The tenant's default enhancement prompt (enhanceVersion): active in production.
    DemoAsset(
        name="prompt-enhancer",
        kind=AssetKind.PROMPT,
        title="Enhance a prompt",
        description="Rewrites a prompt for clarity and structure, following the instructions.",
        category="authoring",
        tags=["enhancement", "authoring"],
        bodies=[
            "You improve prompts that other people wrote. Rewrite the prompt below for clarity "
            "and structure, following these instructions: {{ instructions }}\n\n"
            "Keep every variable (\\{{ name }} placeholders and \\{{> asset }} "
            "includes) exactly as written, and keep its language. If it is a chat transcript "
            "([system], [user], ... above each message; [placeholder: name] for a list of "
            "messages), answer a transcript in the same form. Answer with the rewritten prompt "
            "only, without comments or code fences.\n\nThe prompt ({{ format }}):\n\n"
            "{{ prompt }}",
        ],
        live={"production": 1},
        enhancement=True,
    ),
]


async def _seed_asset(admin: Actor, reviewer: Actor, policy: TenantPolicy, demo: DemoAsset) -> None:
    asset = await create_asset(
        admin,
        name=demo.name,
        kind=demo.kind,
        title=demo.title,
        description=demo.description,
        category=demo.category,
        tags=demo.tags,
        enhancement=demo.enhancement,
    )
    numbered = {}
    for number, body in enumerate(demo.bodies, start=1):
        version = await create_version(
            admin, asset_id=asset.id, body=body, message=f"Version {number}"
        )
        numbered[number] = version
    # What goes live in a protected environment is reviewed first, as the policy requires.
    for number in sorted({n for env, n in demo.live.items() if policy.is_protected(env)}):
        await governance.submit_version(admin, version_id=numbered[number].id)
        await governance.review_version(
            reviewer,
            version_id=numbered[number].id,
            decision=ReviewDecision.APPROVE,
            comment="Clear and safe to ship.",
        )
    for environment, number in demo.live.items():
        await activate_version(admin, version_id=numbered[number].id, environment=environment)


async def seed_demo(settings: Settings) -> DemoLogin | None:
    """Create the demo tenant; None when it exists already (its password was printed then)."""
    if await Tenant.filter(slug=DEMO_SLUG).exists():
        return None
    password = secrets.token_urlsafe(12)
    session = await identity.register(
        tenant_name="Demo", email=DEMO_EMAIL, password=password, settings=settings
    )
    admin = identity.actor_for(session.user)
    users = {}
    for email, role in [
        ("dev@demo.example", Role.DEVELOPER),
        ("reviewer@demo.example", Role.REVIEWER),
    ]:
        users[role] = await identity.create_user(
            admin,
            email=email,
            password=secrets.token_urlsafe(12),
            role=role,
            name=None,
            settings=settings,
        )
    reviewer = identity.actor_for(users[Role.REVIEWER])
    policy = await policy_of(admin)
    for demo in DEMO_ASSETS:
        await _seed_asset(admin, reviewer, policy, demo)
    return DemoLogin(tenant=DEMO_SLUG, email=DEMO_EMAIL, password=password)
