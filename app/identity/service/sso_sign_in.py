"""The end of every single sign-on, OIDC or SAML alike: the identity provider has vouched for
someone; here they become a user of the tenant (created just in time when their email's domain is
allowed), get the role the configuration maps their claims to, and a session. Each sign-in, and
each refusal with its reason, is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from app.core.actor import Actor, Role
from app.core.audit import changes, record_audit
from app.core.errors import PromptvaultError
from app.core.transactions import atomic
from app.identity.models import NO_PASSWORD, SsoConfig, Tenant, User
from app.identity.service.sessions import actor_for, start_session
from app.identity.service.tenants import lock_tenant
from app.identity.service.users import EMAIL_PATTERN
from app.settings import Settings, get_settings

SSO_TURNED_OFF = (
    "single sign-on is turned off for this organisation; an admin can turn it on, "
    "or sign in with your password"
)
# The highest mapped role wins when a person's claims map to several.
ROLE_RANK = {Role.VIEWER: 0, Role.REVIEWER: 1, Role.DEVELOPER: 2, Role.ADMIN: 3}


@dataclass(frozen=True)
class IdpIdentity:
    """Who the identity provider says signed in."""

    subject: str  # OIDC sub, SAML NameID
    email: str
    name: str | None
    # The values of the configuration's role_claim (groups or roles), if any.
    claim_values: tuple[str, ...] = ()


class SsoRefused(PromptvaultError):
    """A single sign-on that does not sign anyone in; `reason` says what failed, in words a
    person can act on."""

    code = "FORBIDDEN"

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def mapped_role(config: SsoConfig, claim_values: tuple[str, ...]) -> Role | None:
    """The highest of the roles that the configuration's mapping gives these claim values, if
    any maps."""
    roles = [
        Role(config.role_mapping[value]) for value in claim_values if value in config.role_mapping
    ]
    return max(roles, key=ROLE_RANK.__getitem__) if roles else None


def _email_of(identity: IdpIdentity) -> str:
    email = identity.email.strip().lower()
    if len(email) > 254 or not EMAIL_PATTERN.match(email):
        raise SsoRefused(
            "your identity provider did not send a usable email address; ask its administrator "
            "to release the email claim to this application"
        )
    return email


def _check_domain(config: SsoConfig, email: str, *, creating: bool) -> None:
    """A listed domain admits anyone the provider vouches for; with no domain listed, only the
    tenant's existing accounts may sign in (nobody is created just in time)."""
    domain = email.rsplit("@", 1)[1]
    if config.email_domains and domain not in config.email_domains:
        raise SsoRefused(
            f"the email domain {domain} is not allowed to sign in to this organisation; "
            "an admin can add it to the single sign-on configuration"
        )
    if creating and not config.email_domains:
        raise SsoRefused(
            f"there is no account for {email} here and this organisation allows no email domain "
            "to create one at sign-in; ask an admin to add you or your domain"
        )


async def _find_user(config: SsoConfig, identity: IdpIdentity, email: str) -> User | None:
    by_subject = await User.filter(tenant_id=config.tenant_id, sso_subject=identity.subject).first()
    if by_subject is not None:
        return by_subject
    user = await User.filter(tenant_id=config.tenant_id, email=email).first()
    if user is not None and user.sso_subject not in (None, identity.subject):
        raise SsoRefused(
            f"the account {email} is linked to another identity at your identity provider; "
            "ask an admin to check the account"
        )
    return user


async def _create_user(
    config: SsoConfig, identity: IdpIdentity, email: str, role: Role, ip: str | None
) -> User:
    """Call under the tenant's lock."""
    tenant = await Tenant.get(id=config.tenant_id)
    if await User.filter(tenant_id=tenant.id, is_active=True).count() >= tenant.max_users:
        raise SsoRefused(
            f"this organisation has reached its limit of {tenant.max_users} users, so no "
            "account can be created for you; ask an admin"
        )
    user = await User.create(
        tenant_id=tenant.id,
        email=email,
        name=(identity.name or "").strip()[:120] or None,
        role=role,
        password_hash=NO_PASSWORD,
        sso_subject=identity.subject,
    )
    await record_audit(
        Actor.system(tenant.id).with_ip(ip),
        "user.create",
        target_type="User",
        target_id=user.id,
        diff={"after": {"email": email, "role": role.value, "superadmin": False, "sso": True}},
    )
    return user


async def _update_role(user: User, role: Role | None, ip: str | None) -> None:
    """The mapped role, when a mapping applies; but never the tenant's last active admin
    demoted by a claim, so that someone can always repair the configuration."""
    if role is None or role == user.role:
        return
    if user.role == Role.ADMIN:
        await lock_tenant(user.tenant_id)
        others = User.filter(tenant_id=user.tenant_id, role=Role.ADMIN, is_active=True)
        if not await others.exclude(id=user.id).exists():
            return
    before = user.role
    user.role = role
    await record_audit(
        Actor.system(user.tenant_id).with_ip(ip),
        "user.update_role",
        target_type="User",
        target_id=user.id,
        diff=changes({"role": before.value}, {"role": role.value}),
    )


async def _sign_in(
    config: SsoConfig, identity: IdpIdentity, ip: str | None, settings: Settings
) -> tuple[User, str]:
    if not config.enabled:
        raise SsoRefused(SSO_TURNED_OFF)
    if not identity.subject:
        raise SsoRefused("your identity provider did not say who you are (no subject)")
    email = _email_of(identity)
    role = mapped_role(config, identity.claim_values)
    async with atomic():
        user = await _find_user(config, identity, email)
        if user is None:
            # Under the tenant's lock, as every addition of a user: two first sign-ins of the
            # same person at once make one account, and max_users holds.
            await lock_tenant(config.tenant_id)
            user = await _find_user(config, identity, email)
        _check_domain(config, email, creating=user is None)
        created = user is None
        if user is None:
            user = await _create_user(config, identity, email, role or config.default_role, ip)
        elif not user.is_active:
            raise SsoRefused(
                f"the account {user.email} is deactivated in this organisation; ask an admin"
            )
        else:
            await _update_role(user, role, ip)
        user.sso_subject = identity.subject
        user.last_login_at = datetime.now(UTC)
        await user.save(update_fields=["role", "sso_subject", "last_login_at"])
        session = await start_session(user, settings, ip)
        await record_audit(
            actor_for(user, ip=ip),
            "sso.sign_in",
            target_type="User",
            target_id=user.id,
            diff={"protocol": config.protocol.value, "created": created, "role": user.role.value},
        )
        return user, session.token


async def record_sso_refusal(
    config: SsoConfig, reason: str, *, email: str | None, ip: str | None
) -> None:
    """A sign-in refused, in the audit trail: whose (as far as known) and why, never a secret."""
    async with atomic():
        await record_audit(
            Actor.system(config.tenant_id).with_ip(ip),
            "sso.sign_in_refused",
            target_type="SsoConfig",
            target_id=config.id,
            diff={
                "protocol": config.protocol.value,
                "email": email[:254] if email else None,
                "reason": reason,
            },
        )


async def sign_in_with_identity_provider(
    config: SsoConfig, identity: IdpIdentity, *, ip: str | None, settings: Settings | None = None
) -> tuple[User, str]:
    """The user the identity provider vouched for, and a new session token; SsoRefused (audited
    as sso.sign_in_refused with its reason) when they may not sign in."""
    try:
        return await _sign_in(config, identity, ip, settings or get_settings())
    except SsoRefused as refusal:
        await record_sso_refusal(config, refusal.reason, email=identity.email, ip=ip)
        raise


async def sso_config_of(tenant_slug: str) -> SsoConfig | None:
    """The single sign-on configuration of the tenant with this slug, if it has one."""
    return await SsoConfig.filter(tenant__slug=tenant_slug.strip().lower()).first()
