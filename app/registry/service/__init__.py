"""The registry's logic, one module per concept: assets, versions (and their references),
activations, rollouts (canaries), resolution (which version serves a request, and rendering it as
it serves), cloning, the checks on what users type (validation) and the platform's figures
(counts). Callers import from here."""

from app.registry.service.activations import (
    activate_version,
    activation_history,
    current_activations_of,
    get_activation,
    rollback,
)
from app.registry.service.assets import (
    AssetQuery,
    archive_asset,
    create_asset,
    get_asset,
    list_assets,
    lock_asset,
    restrict_asset,
    tags_of,
    update_asset,
)
from app.registry.service.cloning import clone_asset
from app.registry.service.counts import RegistryFigures, registry_figures
from app.registry.service.references import dependents
from app.registry.service.resolution import (
    Draft,
    LiveVersions,
    RenderedPrompt,
    RenderedTrial,
    ResolvedPrompt,
    check_draft,
    enhancement_prompt,
    live_versions,
    render_prompt,
    render_trial,
    resolve_prompt,
    template_of,
)
from app.registry.service.rollouts import (
    GUARD_JOB,
    RolloutRequest,
    promote_rollout,
    roll_back_canary,
    running_canary,
    serving_version_id,
    start_rollout,
)
from app.registry.service.validation import model_config as check_model_config
from app.registry.service.versions import (
    VersionDiff,
    content_hash,
    create_version,
    diff_versions,
    get_version,
    latest_versions,
    list_versions,
)

__all__ = [
    "GUARD_JOB",
    "AssetQuery",
    "Draft",
    "LiveVersions",
    "RegistryFigures",
    "RenderedPrompt",
    "RenderedTrial",
    "ResolvedPrompt",
    "RolloutRequest",
    "VersionDiff",
    "activate_version",
    "activation_history",
    "archive_asset",
    "check_draft",
    "check_model_config",
    "clone_asset",
    "content_hash",
    "create_asset",
    "create_version",
    "current_activations_of",
    "dependents",
    "enhancement_prompt",
    "diff_versions",
    "get_activation",
    "get_asset",
    "get_version",
    "latest_versions",
    "list_assets",
    "list_versions",
    "live_versions",
    "lock_asset",
    "promote_rollout",
    "registry_figures",
    "render_prompt",
    "render_trial",
    "resolve_prompt",
    "restrict_asset",
    "roll_back_canary",
    "rollback",
    "running_canary",
    "serving_version_id",
    "start_rollout",
    "tags_of",
    "template_of",
    "update_asset",
]
