"""Every setting, typed, read from the environment once."""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from app.core.database import dialect_of

DEFAULT_ENVIRONMENTS = ("development", "staging", "production")


class SettingsError(RuntimeError):
    pass


@dataclass(frozen=True)
class Settings:
    env: str
    data_dir: Path
    database_url: str
    secret_key: str
    host: str
    port: int
    workers: int
    token_ttl_seconds: int
    bcrypt_rounds: int
    max_request_bytes: int
    max_query_depth: int
    max_aliases: int
    run_worker: bool = True
    webhook_allow_private: bool = False
    # What one GraphQL operation may ask (app/api/operation_limits.py): tokens in its document;
    # fields once its fragments are expanded; its cost, the fields resolved with each page size
    # multiplying what the page selects; the size of its answer in bytes. A user (or API key)
    # holds at most max_subscriptions_per_user subscriptions in a server process.
    max_query_tokens: int = 3_000
    max_query_fields: int = 300
    max_query_cost: int = 25_000
    max_response_bytes: int = 32 * 1024 * 1024
    max_subscriptions_per_user: int = 50
    # The job queue (app/jobs/queue.py): a failed job waits base * 2^(attempts-1) seconds; a
    # running job whose lock is older than the visibility timeout is taken to have lost its worker.
    job_backoff_seconds: float = 2.0
    job_visibility_seconds: float = 60.0
    # A worker runs up to job_concurrency jobs at once, taking a new one as each ends; a tenant
    # has at most job_tenant_concurrency jobs running across all workers, so that its slow jobs
    # cannot take every slot. A webhook delivery ends after webhook_timeout_seconds whatever
    # its receiver does.
    job_concurrency: int = 10
    job_tenant_concurrency: int = 5
    webhook_timeout_seconds: float = 10.0
    # Login throttling (app/identity/throttle.py), per account and per client address.
    login_window_seconds: int = 900
    login_slow_after: int = 3
    login_lock_after: int = 10
    login_lockout_seconds: int = 900
    login_max_delay_seconds: float = 2.0
    # Sign-ins and registrations from one client address, successful or not, per minute; and
    # the reverse proxies whose X-Forwarded-For and X-Forwarded-Proto are believed (addresses or
    # networks): from anyone else the headers are ignored.
    sign_ins_per_minute: int = 30
    trusted_proxies: tuple[str, ...] = ()
    # The runtime read (app/runtime): a cached prompt is dropped at once by an activation or
    # rollout event, and read again after runtime_cache_seconds whatever happens (which bounds
    # changes that send no event, such as archiving); a process keeps at most runtime_cache_size
    # prompts. Verified API keys are re-checked every api_key_recheck_seconds: a revoked key
    # stops working within that bound.
    runtime_cache_seconds: float = 60.0
    runtime_cache_size: int = 10_000
    api_key_recheck_seconds: float = 5.0
    # Per-tenant rate limits, per process (token buckets), unless the tenant's limits say
    # otherwise: "runtime_rate_per_second", "runtime_burst", "graphql_rate_per_second",
    # "graphql_burst".
    runtime_rate_per_second: float = 500.0
    runtime_burst: int = 1000
    graphql_rate_per_second: float = 100.0
    graphql_burst: int = 200
    # GET /ready: how long the database has to answer a trivial query.
    ready_timeout_seconds: float = 2.0
    # Live updates (app/realtime): SSE keepalive comments, how long SSE clients can resume, how
    # often the credentials behind open subscriptions are re-checked, and the other origins
    # whose pages may open a websocket (same-origin pages always may).
    sse_heartbeat_seconds: float = 15.0
    stream_retention_seconds: int = 24 * 3600
    # How long an execution-log batch's Idempotency-Key is remembered
    # (telemetry/service/batch_keys.py).
    batch_key_retention_seconds: int = 24 * 3600
    subscription_recheck_seconds: float = 5.0
    allowed_origins: tuple[str, ...] = ()
    # Execution logs (app/telemetry): inputs, output and error longer than this many characters
    # are truncated, unless the tenant's limits say otherwise ("max_log_payload_chars").
    max_log_payload_chars: int = 16_384
    # Canary rollouts (app/telemetry/rollout_guard.py): how often a running canary is judged.
    rollout_guard_seconds: float = 30.0
    # The dashboard's session cookie is marked Secure when the site is served over https.
    https: bool = False
    # The site's address as browsers reach it (https://prompts.example.com), for the addresses
    # given to identity providers (single sign-on's redirect URI); unset, each request's own.
    public_url: str | None = None
    # Search (app/search): embedded Chroma under chroma_path, or the Chroma server at chroma_url;
    # vectors from the local MiniLM model ("minilm") or an OpenAI-compatible /v1/embeddings
    # endpoint at embeddings_url ("openai").
    chroma_path: Path = Path("data/chroma")
    chroma_url: str | None = None
    embedder: str = "minilm"
    embeddings_url: str | None = None
    embeddings_model: str = "all-minilm"
    embeddings_api_key: str | None = None
    # The model loads in the background when the server starts (about 5 s), unless search_warm_up
    # is off; meanwhile a search waits search_wait_seconds at most, then asks to try again.
    search_warm_up: bool = True
    search_wait_seconds: float = 3.0
    # Model providers (app/providers): each call to a provider may wait this long for each
    # answer (and each piece of a streamed one), and is retried this many times on a time-out,
    # a lost connection, 429 or 5xx, with the provider client's backoff (its Retry-After first).
    provider_timeout_seconds: float = 60.0
    provider_max_retries: int = 2
    # Prompt runs: a tenant has at most runs_per_tenant runs going at once (runPrompt beyond is
    # RATE_LIMITED); a worker holds up to run_concurrency runs at once in a lane of their own, so
    # that runs, which wait on a model for seconds or minutes, never take the slots of other
    # jobs. enhanceVersion waits at most enhance_timeout_seconds for the model's rewrite.
    runs_per_tenant: int = 4
    run_concurrency: int = 50
    enhance_timeout_seconds: float = 120.0

    @property
    def is_production(self) -> bool:
        return self.env == "production"

    @property
    def dialect(self) -> str:
        return dialect_of(self.database_url)


def _secret_key(env: str, data_dir: Path) -> str:
    configured = os.environ.get("PROMPTVAULT_SECRET_KEY")
    if configured:
        if len(configured) < 32:
            raise SettingsError("PROMPTVAULT_SECRET_KEY must be at least 32 characters")
        return configured
    if env == "production":
        raise SettingsError("PROMPTVAULT_SECRET_KEY is required when PROMPTVAULT_ENV=production")
    # Development: one random key per data directory, so tokens survive restarts.
    key_file = data_dir / "secret_key"
    if not key_file.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        key_file.write_text(secrets.token_urlsafe(48))
        key_file.chmod(0o600)
    return key_file.read_text().strip()


def _flag(name: str, *, default: bool) -> bool:
    value = os.environ.get(name)
    return default if value is None else value.strip().lower() in ("1", "true", "yes", "on")


def _list(name: str) -> tuple[str, ...]:
    return tuple(item.strip() for item in os.environ.get(name, "").split(",") if item.strip())


EMBEDDERS = ("minilm", "openai")


def _embedder() -> tuple[str, str | None]:
    embedder = os.environ.get("PROMPTVAULT_EMBEDDER", "minilm").strip().lower()
    if embedder not in EMBEDDERS:
        raise SettingsError(f"PROMPTVAULT_EMBEDDER must be one of {', '.join(EMBEDDERS)}")
    url = os.environ.get("PROMPTVAULT_EMBEDDINGS_URL") or None
    if embedder == "openai" and url is None:
        raise SettingsError("PROMPTVAULT_EMBEDDER=openai needs PROMPTVAULT_EMBEDDINGS_URL")
    return embedder, url


def load_settings() -> Settings:
    env = os.environ.get("PROMPTVAULT_ENV", "development")
    data_dir = Path(os.environ.get("PROMPTVAULT_DATA_DIR", "./data")).resolve()
    database_url = os.environ.get(
        "PROMPTVAULT_DATABASE_URL", f"sqlite://{data_dir / 'promptvault.db'}"
    )
    embedder, embeddings_url = _embedder()
    return Settings(
        env=env,
        data_dir=data_dir,
        database_url=database_url,
        secret_key=_secret_key(env, data_dir),
        host=os.environ.get("PROMPTVAULT_HOST", "127.0.0.1"),
        port=int(os.environ.get("PROMPTVAULT_PORT", "8000")),
        workers=int(os.environ.get("PROMPTVAULT_WORKERS", "1")),
        token_ttl_seconds=int(os.environ.get("PROMPTVAULT_TOKEN_TTL_SECONDS", str(12 * 3600))),
        bcrypt_rounds=int(os.environ.get("PROMPTVAULT_BCRYPT_ROUNDS", "12")),
        max_request_bytes=int(os.environ.get("PROMPTVAULT_MAX_REQUEST_BYTES", str(1024 * 1024))),
        max_query_depth=int(os.environ.get("PROMPTVAULT_MAX_QUERY_DEPTH", "12")),
        max_aliases=int(os.environ.get("PROMPTVAULT_MAX_ALIASES", "30")),
        max_query_tokens=int(os.environ.get("PROMPTVAULT_MAX_QUERY_TOKENS", "3000")),
        max_query_fields=int(os.environ.get("PROMPTVAULT_MAX_QUERY_FIELDS", "300")),
        max_query_cost=int(os.environ.get("PROMPTVAULT_MAX_QUERY_COST", "25000")),
        max_response_bytes=int(
            os.environ.get("PROMPTVAULT_MAX_RESPONSE_BYTES", str(32 * 1024 * 1024))
        ),
        max_subscriptions_per_user=int(
            os.environ.get("PROMPTVAULT_MAX_SUBSCRIPTIONS_PER_USER", "50")
        ),
        run_worker=_flag("PROMPTVAULT_RUN_WORKER", default=True),
        webhook_allow_private=_flag("PROMPTVAULT_WEBHOOK_ALLOW_PRIVATE", default=False),
        job_backoff_seconds=float(os.environ.get("PROMPTVAULT_JOB_BACKOFF_SECONDS", "2")),
        job_visibility_seconds=float(os.environ.get("PROMPTVAULT_JOB_VISIBILITY_SECONDS", "60")),
        job_concurrency=int(os.environ.get("PROMPTVAULT_JOB_CONCURRENCY", "10")),
        job_tenant_concurrency=int(os.environ.get("PROMPTVAULT_JOB_TENANT_CONCURRENCY", "5")),
        webhook_timeout_seconds=float(os.environ.get("PROMPTVAULT_WEBHOOK_TIMEOUT_SECONDS", "10")),
        login_window_seconds=int(os.environ.get("PROMPTVAULT_LOGIN_WINDOW_SECONDS", "900")),
        login_slow_after=int(os.environ.get("PROMPTVAULT_LOGIN_SLOW_AFTER", "3")),
        login_lock_after=int(os.environ.get("PROMPTVAULT_LOGIN_LOCK_AFTER", "10")),
        login_lockout_seconds=int(os.environ.get("PROMPTVAULT_LOGIN_LOCKOUT_SECONDS", "900")),
        login_max_delay_seconds=float(os.environ.get("PROMPTVAULT_LOGIN_MAX_DELAY_SECONDS", "2")),
        sign_ins_per_minute=int(os.environ.get("PROMPTVAULT_SIGN_INS_PER_MINUTE", "30")),
        trusted_proxies=_list("PROMPTVAULT_TRUSTED_PROXIES"),
        runtime_cache_seconds=float(os.environ.get("PROMPTVAULT_RUNTIME_CACHE_SECONDS", "60")),
        runtime_cache_size=int(os.environ.get("PROMPTVAULT_RUNTIME_CACHE_SIZE", "10000")),
        api_key_recheck_seconds=float(os.environ.get("PROMPTVAULT_API_KEY_RECHECK_SECONDS", "5")),
        runtime_rate_per_second=float(os.environ.get("PROMPTVAULT_RUNTIME_RATE_PER_SECOND", "500")),
        runtime_burst=int(os.environ.get("PROMPTVAULT_RUNTIME_BURST", "1000")),
        graphql_rate_per_second=float(os.environ.get("PROMPTVAULT_GRAPHQL_RATE_PER_SECOND", "100")),
        graphql_burst=int(os.environ.get("PROMPTVAULT_GRAPHQL_BURST", "200")),
        ready_timeout_seconds=float(os.environ.get("PROMPTVAULT_READY_TIMEOUT_SECONDS", "2")),
        sse_heartbeat_seconds=float(os.environ.get("PROMPTVAULT_SSE_HEARTBEAT_SECONDS", "15")),
        stream_retention_seconds=int(
            os.environ.get("PROMPTVAULT_STREAM_RETENTION_SECONDS", str(24 * 3600))
        ),
        batch_key_retention_seconds=int(
            os.environ.get("PROMPTVAULT_BATCH_KEY_RETENTION_SECONDS", str(24 * 3600))
        ),
        subscription_recheck_seconds=float(
            os.environ.get("PROMPTVAULT_SUBSCRIPTION_RECHECK_SECONDS", "5")
        ),
        allowed_origins=_list("PROMPTVAULT_ALLOWED_ORIGINS"),
        max_log_payload_chars=int(os.environ.get("PROMPTVAULT_MAX_LOG_PAYLOAD_CHARS", "16384")),
        rollout_guard_seconds=float(os.environ.get("PROMPTVAULT_ROLLOUT_GUARD_SECONDS", "30")),
        https=_flag("PROMPTVAULT_HTTPS", default=False),
        public_url=(os.environ.get("PROMPTVAULT_PUBLIC_URL") or "").rstrip("/") or None,
        chroma_path=Path(os.environ.get("PROMPTVAULT_CHROMA_PATH", data_dir / "chroma")).resolve(),
        chroma_url=os.environ.get("PROMPTVAULT_CHROMA_URL") or None,
        embedder=embedder,
        embeddings_url=embeddings_url,
        embeddings_model=os.environ.get("PROMPTVAULT_EMBEDDINGS_MODEL", "all-minilm"),
        embeddings_api_key=os.environ.get("PROMPTVAULT_EMBEDDINGS_API_KEY") or None,
        search_warm_up=_flag("PROMPTVAULT_SEARCH_WARM_UP", default=True),
        search_wait_seconds=float(os.environ.get("PROMPTVAULT_SEARCH_WAIT_SECONDS", "3")),
        provider_timeout_seconds=float(
            os.environ.get("PROMPTVAULT_PROVIDER_TIMEOUT_SECONDS", "60")
        ),
        provider_max_retries=int(os.environ.get("PROMPTVAULT_PROVIDER_MAX_RETRIES", "2")),
        runs_per_tenant=int(os.environ.get("PROMPTVAULT_RUNS_PER_TENANT", "4")),
        run_concurrency=int(os.environ.get("PROMPTVAULT_RUN_CONCURRENCY", "50")),
        enhance_timeout_seconds=float(os.environ.get("PROMPTVAULT_ENHANCE_TIMEOUT_SECONDS", "120")),
    )


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
