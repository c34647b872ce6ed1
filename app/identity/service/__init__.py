"""Identity's logic, one module per concept: tenants, users, sessions (registration, sign-in, the
actor behind a session token), API keys, bearer authentication, the session cookie, password
hashing, session tokens, the sign-in throttle and the end of a single sign-on. The functions
other folders call are re-exported here."""

from app.identity.service.api_keys import (
    LAST_USED_RESOLUTION,
    CreatedApiKey,
    authenticate_api_key,
    create_api_key,
    list_api_keys,
    live_api_keys,
    looks_like_api_key,
    revoke_api_key,
)
from app.identity.service.bearer import authenticate_bearer, bearer_token
from app.identity.service.platform import (
    PeopleFigures,
    create_tenant_with_admin,
    list_platform_users,
    people_figures,
    user_counts,
)
from app.identity.service.session_cookie import SESSION_COOKIE, session_token
from app.identity.service.sessions import (
    AuthSession,
    SsoRequired,
    actor_for,
    authenticate,
    live_sessions,
    login,
    logout,
    register,
)
from app.identity.service.sso_config import SsoConfigChange, tenant_sso, update_tenant_sso
from app.identity.service.sso_sign_in import (
    IdpIdentity,
    SsoRefused,
    sign_in_with_identity_provider,
    sso_config_of,
)
from app.identity.service.tenants import (
    create_tenant,
    current_tenant,
    list_tenants,
    set_tenant_max_users,
    slugify,
)
from app.identity.service.throttle import pruning_login_failures
from app.identity.service.users import (
    create_admin,
    create_user,
    creator_of,
    current_user,
    deactivate_user,
    list_users,
    update_user_role,
)

__all__ = [
    "LAST_USED_RESOLUTION",
    "SESSION_COOKIE",
    "AuthSession",
    "CreatedApiKey",
    "PeopleFigures",
    "IdpIdentity",
    "SsoConfigChange",
    "SsoRefused",
    "SsoRequired",
    "actor_for",
    "authenticate",
    "authenticate_api_key",
    "authenticate_bearer",
    "bearer_token",
    "create_admin",
    "create_api_key",
    "create_tenant",
    "create_tenant_with_admin",
    "create_user",
    "creator_of",
    "current_tenant",
    "current_user",
    "deactivate_user",
    "list_api_keys",
    "list_platform_users",
    "list_tenants",
    "list_users",
    "live_api_keys",
    "live_sessions",
    "login",
    "logout",
    "people_figures",
    "looks_like_api_key",
    "pruning_login_failures",
    "register",
    "revoke_api_key",
    "session_token",
    "set_tenant_max_users",
    "sign_in_with_identity_provider",
    "slugify",
    "sso_config_of",
    "tenant_sso",
    "update_tenant_sso",
    "update_user_role",
    "user_counts",
]
