"""pgkit hub: the shared deployment on JupyterHub (docs/deployment.md)."""

from __future__ import annotations

import argparse
import signal
from pathlib import Path

from pgkit.commands import UserError, add_db_option
from pgkit.config import setting
from pgkit.messages import t


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("hub", help=t("hub.help"), description=t("hub.help"))
    hsub = p.add_subparsers(dest="hub_command", required=True, metavar="COMMAND")
    start = hsub.add_parser("start", help=t("hub.start_help"), description=t("hub.start_help"))
    start.add_argument("--port", type=int, default=None, help=t("cli.serve.port"))
    start.add_argument("--demo", action="store_true", help=t("hub.demo_option"))
    start.add_argument("--state", type=Path, default=None, help=argparse.SUPPRESS)
    start.set_defaults(handler=run_start)
    reg = hsub.add_parser("zelfaanmelding", help=t("hub.self_registration_help"),
                          description=t("hub.self_registration_help"))
    which = reg.add_mutually_exclusive_group(required=True)
    which.add_argument("--cohort", metavar="NAME", help=t("hub.self_registration_cohort"))
    which.add_argument("--uit", action="store_true", help=t("hub.self_registration_off"))
    add_db_option(reg)
    reg.set_defaults(handler=run_self_registration)


def run_start(args: argparse.Namespace) -> int:
    from pgkit import hub_local

    root = Path(setting("home") or Path.cwd()).resolve()
    state = (args.state or root / "data" / "hub").resolve()
    port = args.port or hub_local.DEFAULT_PORT
    pg, dbs = hub_local.prepare(state, demo=args.demo)
    env = hub_local.hub_environment(root, state, dbs, port=port, demo=args.demo,
                                    hub_port=port + 81, proxy_port=port + 1,
                                    kit_port=port + 867)
    # `kill` and CI's stop end this command like Ctrl-C: hub and PostgreSQL stop too.
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    proc = hub_local.start_hub(root, env)
    address = f"http://127.0.0.1:{port}"
    try:
        hub_local.wait_until_up(f"{address}/services/pgkit/pgkit/status", proc)
        print(t("hub.started", url=address), flush=True)
        if args.demo:
            print(t("hub.demo_ready"), flush=True)
        proc.wait()
    except KeyboardInterrupt:
        pass
    finally:
        hub_local.stop_hub(proc)
        pg.stop()
    return 0


def run_self_registration(args: argparse.Namespace) -> int:
    from pgkit.hub_auth import set_self_registration
    from pgkit.store import session_scope, upgrade
    from pgkit.store.people import cohort_by_name

    upgrade(args.db)
    with session_scope(args.db) as session:
        cohort = None
        if args.cohort:
            cohort = cohort_by_name(session, args.cohort)
            if cohort is None:
                raise UserError(t("cli.cohort.unknown", name=args.cohort))
        set_self_registration(session, cohort)
    print(t("hub.self_registration_on", cohort=args.cohort) if cohort
          else t("hub.self_registration_closed"))
    return 0
