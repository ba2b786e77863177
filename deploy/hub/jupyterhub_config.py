"""JupyterHub for the Positieve Gezondheid training kit (local: `make hub`).

`pgkit hub start` starts PostgreSQL, migrates, loads the demo and then this hub with the
settings below in PGKIT_HUB_* variables. On Kubernetes, deploy/k8s/values.yaml carries the
same decisions (docs/deployment.md).

- One shared kit service (`pgkit serve --hub`) behind /services/pgkit/ with hub OAuth:
  trainees, participants and facilitators never get a server of their own.
- Only the hub groups `coaches` and `coordinatoren` may start a JupyterLab server (with
  nbgrader's formgrader); it gets the least-privilege database role pgkit_grader.
- NativeAuthenticator: accounts with passwords, approved by a hub admin. In demo mode every
  demo person has an approved account with the password `demo`; otherwise there is none.
"""

import os
import sys
from functools import partial
from pathlib import Path

from pgkit.hub_config import (
    GRADER_GROUPS,
    groups_from_store,
    lab_runtime_root,
    prepare_lab_server,
)
from pgkit.messages import t

c = get_config()  # noqa: F821 - provided by JupyterHub

env = os.environ
root = Path(env["PGKIT_HOME"])
state = Path(env["PGKIT_HUB_STATE"])
demo = bool(env.get("PGKIT_HUB_DEMO"))
kit_db = env["PGKIT_DB"]
here = Path(__file__).parent

# Addresses: everything on 127.0.0.1; only the proxy's public port is for browsers.
c.JupyterHub.bind_url = f"http://127.0.0.1:{env.get('PGKIT_HUB_PORT', '8000')}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{env.get('PGKIT_HUB_API_PORT', '8081')}"
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{env.get('PGKIT_HUB_PROXY_API_PORT', '8001')}"
c.ConfigurableHTTPProxy.command = [env.get("PGKIT_HUB_PROXY", "configurable-http-proxy")]
c.ConfigurableHTTPProxy.pid_file = str(state / "proxy.pid")

# State: the hub's own database on PostgreSQL, secrets in the state folder.
c.JupyterHub.db_url = env["PGKIT_HUB_DB"]
c.JupyterHub.cookie_secret_file = str(state / "jupyterhub_cookie_secret")
c.JupyterHub.default_url = "/services/pgkit/"
c.JupyterHub.template_paths = [str(here / "templates")]
# The hub's pages people see (sign-in, errors) are the kit's own, in Dutch.
c.JupyterHub.template_vars = {"pgkit_demo": demo, "pgkit": {
    **{key: t(f"hub.{key}") for key in (
        "login_title", "login_demo", "login_intro", "login_error", "login_user",
        "login_password", "login_2fa", "login_submit", "login_signup", "no_server",
        "error_detail")},
    **{key: t(f"pages.{key}") for key in (
        "error_title_404", "error_text_404", "error_title_403", "error_text_403",
        "error_title_other", "error_text_other", "error_home")},
    "home": "/services/pgkit/"}}
c.JupyterHub.shutdown_on_logout = False

# Sign-in.
c.JupyterHub.authenticator_class = "pgkit.hub_config.KitNativeAuthenticator"
c.Authenticator.allow_all = True  # NativeAuthenticator's own approval decides
c.NativeAuthenticator.open_signup = False  # a new account waits for an admin's approval
c.NativeAuthenticator.enable_signup = bool(env.get("PGKIT_HUB_SIGNUP"))
c.NativeAuthenticator.minimum_password_length = 10
c.NativeAuthenticator.check_common_password = True
c.NativeAuthenticator.allowed_failed_logins = 5
c.NativeAuthenticator.seconds_before_next_try = 60
admins = {a for a in env.get("PGKIT_HUB_ADMINS", "").split(",") if a}
if demo:
    c.KitNativeAuthenticator.demo_store = kit_db
    admins.add("demo-coordinator")
    # The hub is the source of truth for roles; the demo starts from the store's roles.
    c.JupyterHub.load_groups = groups_from_store(kit_db)
c.Authenticator.admin_users = admins

# Who may do what. Every user: identify themselves and use the kit; no server.
c.JupyterHub.load_roles = [
    {"name": "user", "scopes": ["read:users!user", "access:services!service=pgkit"]},
    {"name": "grader", "groups": list(GRADER_GROUPS),
     "scopes": ["self", "access:services!service=pgkit"]},
    {"name": "idle-culler", "services": ["idle-culler"],
     "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]},
]

# The kit: one shared Voila service.
kit_port = env.get("PGKIT_HUB_KIT_PORT", "8867")
c.JupyterHub.services = [
    {
        "name": "pgkit",
        "display": True,
        "url": f"http://127.0.0.1:{kit_port}",
        "command": [sys.executable, "-m", "pgkit.cli", "serve", "--hub", "--root", str(root)],
        "cwd": str(root),
        "oauth_no_confirm": True,
        # Voila, the migrations and the first kernels take a while on a busy machine.
        "timeout": 180,
        "oauth_client_allowed_scopes": ["read:users!user"],
        "environment": {
            "PGKIT_DB": kit_db,
            "PGKIT_HOME": str(root),
            "PGKIT_SECRET": env["PGKIT_SECRET"],
            "PGKIT_CULL_IDLE_SECONDS": env.get("PGKIT_CULL_IDLE_SECONDS", "600"),
            "PGKIT_MAX_KERNELS": env.get("PGKIT_MAX_KERNELS", ""),
            "PGKIT_DB_POOL_SIZE": env.get("PGKIT_DB_POOL_SIZE", "2"),
            "PGKIT_DB_MAX_OVERFLOW": env.get("PGKIT_DB_MAX_OVERFLOW", "3"),
        },
    },
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler",
                    f"--timeout={env.get('PGKIT_HUB_CULL_SECONDS', '3600')}"],
    },
]

# Lab servers, for coaches and coordinators who grade.
c.JupyterHub.spawner_class = "simple"  # SimpleLocalProcessSpawner: no system users needed
c.SimpleLocalProcessSpawner.home_dir_template = str(state / "labs" / "{username}")
c.Spawner.default_url = "/lab"
# Refuses everyone but graders, and gives each lab server a short private runtime folder:
# its kernels listen on Unix sockets there (issue 11: IPC, not TCP, on one machine).
c.Spawner.pre_spawn_hook = partial(prepare_lab_server, runtime_root=lab_runtime_root(state))
c.Spawner.environment = {
    # Least privilege: grades in, nothing personal out (docs/deployment.md).
    "PGKIT_DB": env["PGKIT_GRADER_DB"],
    "PGKIT_GRADEBOOK_DB": env["PGKIT_GRADEBOOK_DB"],
    "PGKIT_HOME": str(root),
}
c.Spawner.cmd = [str(Path(sys.executable).parent / "jupyterhub-singleuser")]
c.Spawner.args = ["--KernelManager.transport=ipc"]
if os.geteuid() == 0:
    c.Spawner.args.append("--allow-root")
