"""A real OpenID provider for the single sign-on tests: the npm package oidc-provider, run by
tests/support/oidc/provider.mjs under node on a free loopback port. Its packages install from
tests/support/oidc/package-lock.json (`npm ci`) the first time."""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.support.server import free_port, stop

PROVIDER_DIR = Path(__file__).resolve().parent / "oidc"
NODE = shutil.which("node") or "/usr/bin/node"
INSTALL_TIMEOUT_SECONDS = 300
START_TIMEOUT_SECONDS = 20


def _install() -> None:
    if (PROVIDER_DIR / "node_modules" / "oidc-provider").exists():
        return
    npm = shutil.which("npm")
    if npm is None:
        pytest.fail(
            "npm is missing: the single sign-on tests need node and npm (apt-get install npm)"
        )
    subprocess.run(
        [npm, "ci", "--no-audit", "--no-fund"],
        cwd=PROVIDER_DIR,
        check=True,
        capture_output=True,
        timeout=INSTALL_TIMEOUT_SECONDS,
    )


@dataclass(frozen=True)
class OpenIdProvider:
    issuer: str

    def _post(self, path: str, body: dict[str, object]) -> dict[str, object]:
        response = httpx.post(f"{self.issuer}{path}", json=body, timeout=10)
        response.raise_for_status()
        answer: dict[str, object] = response.json()
        return answer

    def add_client(self, client_id: str, client_secret: str, redirect_uri: str) -> None:
        self._post(
            "/test/clients",
            {
                "client_id": client_id,
                "client_secret": client_secret,
                "redirect_uris": [redirect_uri],
            },
        )

    def add_account(
        self, login: str, email: str, *, groups: tuple[str, ...] = (), name: str = "Test Person"
    ) -> None:
        """An account that signs in at the provider's login page as `login`, any password."""
        self._post(
            "/test/accounts", {"id": login, "email": email, "name": name, "groups": list(groups)}
        )

    def rotate_keys(self) -> str:
        """From now on the provider signs with a new key; answers its key id."""
        return str(self._post("/test/rotate", {})["kid"])


@contextmanager
def running_openid_provider(log_dir: Path) -> Iterator[OpenIdProvider]:
    """The provider on a free port until the block ends; its output goes to log_dir."""
    _install()
    port = free_port()
    log_path = log_dir / "oidc-provider.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [NODE, str(PROVIDER_DIR / "provider.mjs"), str(port)],
            cwd=PROVIDER_DIR,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + START_TIMEOUT_SECONDS
        while "ready " not in log_path.read_text():
            if time.monotonic() > deadline or process.poll() is not None:
                raise RuntimeError(f"the OpenID provider did not start: {log_path.read_text()}")
            time.sleep(0.05)
        yield OpenIdProvider(issuer=f"http://127.0.0.1:{port}")
    finally:
        stop(process)
