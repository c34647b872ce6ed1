"""Issue 6's figures, on one database dialect (SQLite unless --dialect postgres):
- indexing throughput: 10,000 varied assets through `reindex` (the index jobs' code, in batches:
  the real MiniLM model on the CPU, embedded Chroma), in assets per second;
- search latency p50 / p95 over those 10,000 assets: `search` over GraphQL against a real
  `promptvault serve` (one uvicorn worker), one query at a time, varied queries;
- the server's resident memory (VmRSS) with the model loaded, after the searches.

The assets are written straight into the database in bulk (seeding is not what is measured).
Traffic goes to 127.0.0.1 only; every loop is bounded in count and time.
Run: .venv/bin/python bench/search.py [--assets N] [--searches N] [--dialect sqlite|postgres]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from app.core.database import open_database  # noqa: E402
from app.identity.models import Tenant  # noqa: E402
from app.identity.service import register  # noqa: E402
from app.registry.models import Asset, AssetTag, AssetVersion  # noqa: E402
from app.registry.service import content_hash  # noqa: E402
from app.search.reindex import reindex  # noqa: E402
from app.settings import load_settings  # noqa: E402
from tests.support.databases import migrated_database  # noqa: E402
from tests.support.server import started_server  # noqa: E402

TIME_LIMIT_SECONDS = 180
SEED_BATCH = 500
SEARCH = "query($q: String!) { search(query: $q, limit: 10) { score asset { name } } }"

# What a prompt does: a title, a tag and sentences that say it in several ways.
INTENTS = {
    "summary": (
        "Summary",
        [
            "Summarise the text below in a few bullet points.",
            "Condense the document into its key takeaways for a busy reader.",
            "Write a short overview that keeps the facts and drops the detail.",
        ],
    ),
    "translation": (
        "Translation",
        [
            "Translate the text into the target language, keeping names unchanged.",
            "Render the message in natural, idiomatic wording for native readers.",
            "Localise dates, units and currency for the target market.",
        ],
    ),
    "sentiment": (
        "Sentiment",
        [
            "Decide whether the feedback is positive, negative or neutral.",
            "Judge the writer's mood and quote the phrase that shows it.",
            "Score the emotional tone from very negative to very positive.",
        ],
    ),
    "extraction": (
        "Field extraction",
        [
            "Extract the names, dates and amounts from the document as JSON.",
            "Pull every entity mentioned in the text into a structured list.",
            "Return null for any field the text does not state.",
        ],
    ),
    "sql": (
        "SQL writer",
        [
            "Write one SQL query that answers the question over the schema given.",
            "Use explicit joins and only the tables and columns listed.",
            "Never modify data: SELECT statements only.",
        ],
    ),
    "review": (
        "Code review",
        [
            "Review the code change for bugs, unclear names and missing tests.",
            "Separate blocking problems from small suggestions.",
            "Suggest a fix for every problem you report.",
        ],
    ),
    "support": (
        "Support reply",
        [
            "Write a reply to the customer that answers their question directly.",
            "Apologise once, explain the next step and when it will happen.",
            "Keep a warm, professional tone and sign with the agent's name.",
        ],
    ),
    "email": (
        "Email draft",
        [
            "Draft an email with a clear subject line and one request.",
            "Open with the purpose, then the details, then the next step.",
            "Keep it under 150 words and avoid pushy language.",
        ],
    ),
    "minutes": (
        "Meeting notes",
        [
            "Turn the meeting transcript into notes with decisions and action items.",
            "Give each action item an owner and a due date when one was said.",
            "Leave out small talk and ideas nobody agreed on.",
        ],
    ),
    "listing": (
        "Product copy",
        [
            "Write product copy that turns the specifications into benefits.",
            "Start with a one-line hook, then five short bullet points.",
            "Stay accurate: no claims the facts do not support.",
        ],
    ),
    "moderation": (
        "Moderation",
        [
            "Decide whether the post breaks the community rules.",
            "Flag harassment, hate, scams and prohibited goods.",
            "Answer allow or remove, with the rule it breaks.",
        ],
    ),
    "qa": (
        "Document Q&A",
        [
            "Answer the question using only the passages provided.",
            "Cite the section each fact comes from.",
            "Say so when the passages do not contain the answer.",
        ],
    ),
    "tests": (
        "Test writer",
        [
            "Write unit tests for the function, covering edge cases and errors.",
            "Give each test a name that says the behaviour it checks.",
            "Use the project's existing test framework.",
        ],
    ),
}
DOMAINS = [
    "banking", "insurance", "healthcare", "pharmacy", "retail", "fashion", "groceries", "travel",
    "airlines", "hotels", "real estate", "logistics", "shipping", "telecom", "energy", "utilities",
    "education", "online courses", "gaming", "streaming", "music", "news", "publishing", "legal",
    "accounting", "payroll", "recruiting", "manufacturing", "automotive", "agriculture",
    "restaurants", "fitness", "public sector", "charities", "cybersecurity", "cloud hosting",
    "developer tools", "marketplaces", "social media", "dating apps",
]  # fmt: skip
AUDIENCES = [
    "customers", "internal staff", "executives", "engineers", "analysts", "new users",
    "partners", "regulators", "students", "patients",
]  # fmt: skip
STYLES = [
    "Use plain words and short sentences.",
    "Keep a formal tone throughout.",
    "Be friendly and encouraging.",
    "Be concise: every sentence must earn its place.",
    "Match the language the user wrote in.",
    "Prefer lists over long paragraphs.",
    "Explain any term a newcomer would not know.",
]
QUERIES = [
    "give me the gist of a long report", "convert text to another language",
    "are customers happy or angry", "turn an invoice into JSON", "ask the database in English",
    "check my pull request", "reply to an upset shopper", "write to a client",
    "record what a meeting decided", "sell this product online", "block abusive comments",
    "answer from our handbook", "test my function", "banking customer complaint",
    "insurance claim question", "summarise a patient note", "translate hotel descriptions",
    "moderate marketplace listings", "SQL for logistics data", "email to regulators",
]  # fmt: skip


@dataclass(frozen=True)
class SeedAsset:
    name: str
    title: str
    description: str
    tags: list[str]
    body: str


def varied_assets(count: int) -> list[SeedAsset]:
    """`count` distinct assets, each an intent applied to a domain and audience in a style."""
    intents = list(INTENTS.items())
    assets = []
    for index in range(count):
        slug, (title, sentences) = intents[index % len(intents)]
        domain = DOMAINS[(index // len(intents)) % len(DOMAINS)]
        audience = AUDIENCES[(index // 7) % len(AUDIENCES)]
        style = STYLES[index % len(STYLES)]
        lead = sentences[index % len(sentences)]
        rest = [sentence for sentence in sentences if sentence != lead]
        body = " ".join(
            [f"You work for a company in {domain}.", lead, *rest, f"Write for {audience}.", style]
        )
        assets.append(
            SeedAsset(
                name=f"{slug}-{domain.replace(' ', '-')}-{index}",
                title=f"{title} for {domain}",
                description=f"{lead} Made for {audience} in {domain}.",
                tags=[slug, domain.replace(" ", "-")],
                body=body + "\n\n{{ input }}",
            )
        )
    return assets


async def seed(count: int) -> tuple[str, str]:
    """A tenant holding `count` assets of one version each; its slug and its admin's token."""
    settings = load_settings()
    async with open_database(settings.database_url):
        session = await register(
            tenant_name="Search bench",
            email="bench@example.com",
            password="bench-password-1",
            settings=settings,
        )
        tenant_id, owner_id = session.user.tenant_id, session.user.id
        specs = varied_assets(count)
        for start in range(0, count, SEED_BATCH):
            batch = specs[start : start + SEED_BATCH]
            assets = [
                Asset(
                    tenant_id=tenant_id,
                    name=spec.name,
                    title=spec.title,
                    description=spec.description,
                    owner_id=owner_id,
                )
                for spec in batch
            ]
            await Asset.bulk_create(assets)
            await AssetTag.bulk_create(
                [
                    AssetTag(tenant_id=tenant_id, asset_id=asset.id, tag=tag)
                    for asset, spec in zip(assets, batch, strict=True)
                    for tag in spec.tags
                ]
            )
            await AssetVersion.bulk_create(
                [
                    AssetVersion(
                        tenant_id=tenant_id,
                        asset_id=asset.id,
                        number=1,
                        body=spec.body,
                        author_id=owner_id,
                        content_hash=content_hash(spec.body, {}, {}),
                    )
                    for asset, spec in zip(assets, batch, strict=True)
                ]
            )
        tenant = await Tenant.get(id=tenant_id)
        return tenant.slug, session.token


async def index_all(slug: str) -> float:
    """Seconds to index the tenant from the database, as `promptvault reindex` does."""
    settings = load_settings()
    async with open_database(settings.database_url):
        started = time.perf_counter()
        await reindex(settings, tenant_slug=slug)
        return time.perf_counter() - started


async def search_latencies(url: str, token: str, searches: int) -> list[float]:
    latencies: list[float] = []
    deadline = time.monotonic() + TIME_LIMIT_SECONDS
    headers = {"authorization": f"Bearer {token}"}
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        for number in range(searches + 1):
            if time.monotonic() > deadline:
                break
            body = {"query": SEARCH, "variables": {"q": QUERIES[number % len(QUERIES)]}}
            started = time.perf_counter()
            response = await http.post("/graphql", json=body, headers=headers)
            elapsed = time.perf_counter() - started
            payload = response.json()
            if payload.get("errors") or len(payload["data"]["search"]) != 10:
                raise RuntimeError(f"search failed: {payload}")
            if number > 0:  # the first search loads the model
                latencies.append(elapsed)
    return latencies


def resident_megabytes(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=int, default=10_000)
    parser.add_argument("--searches", type=int, default=300)
    parser.add_argument("--dialect", choices=["sqlite", "postgres"], default="sqlite")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="promptvault-bench-"))
    os.environ.update(
        {
            "PROMPTVAULT_DATA_DIR": str(data_dir),
            "PROMPTVAULT_SECRET_KEY": "bench-secret-key-long-enough-for-hs256",
            "PROMPTVAULT_BCRYPT_ROUNDS": "4",
            "PROMPTVAULT_GRAPHQL_RATE_PER_SECOND": "1000000",
            "PROMPTVAULT_GRAPHQL_BURST": "1000000",
        }
    )
    with migrated_database(args.dialect, data_dir) as database:
        os.environ["PROMPTVAULT_DATABASE_URL"] = database.url
        slug, token = asyncio.run(seed(args.assets))
        seconds = asyncio.run(index_all(slug))
        print(
            f"{args.dialect}: indexed {args.assets:,} assets in {seconds:.1f} s = "
            f"{args.assets / seconds:.1f} assets/s (MiniLM on the CPU, embedded Chroma)"
        )
        with started_server(dict(os.environ)) as server:
            latencies = asyncio.run(search_latencies(server.url, token, args.searches))
            rss = resident_megabytes(server.process.pid)
    latencies.sort()
    p95 = latencies[max(0, int(len(latencies) * 0.95) - 1)]
    print(
        f"{args.dialect}: search over {args.assets:,} assets, {len(latencies)} queries one at a "
        f"time: p50 {statistics.median(latencies) * 1e3:.1f} ms, p95 {p95 * 1e3:.1f} ms"
    )
    print(f"{args.dialect}: server resident memory with the model loaded: {rss:.0f} MB")


if __name__ == "__main__":
    main()
