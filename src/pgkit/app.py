"""The kit's Voila app: one configuration, a profile gate and a few small handlers.

Voila serves the kit's root folder (notebooks/, modules/, facilitator/, exercises/);
``/`` opens ``notebooks/start.ipynb``. A visitor without a profile is sent to a
plain HTML form first, so every kernel knows who it serves.
"""

from __future__ import annotations

import json
import os
import re
import sys
from collections.abc import Mapping
from html import escape
from pathlib import Path
from urllib.parse import quote, urlsplit

import tornado.web
from jupyter_server.utils import url_path_join
from traitlets import Int
from traitlets.config import Config
from voila.app import Voila
from voila.tornado.handler import TornadoVoilaHandler

from pgkit import identity, kernel_access, kernel_pool
from pgkit.commands import UserError
from pgkit.config import KitConfig, export
from pgkit.demo import personas
from pgkit.kernel_cap import KernelCap, Slot
from pgkit.messages import current_language, t
from pgkit.pages import registry
from pgkit.store import people, session_scope, upgrade
from pgkit.store.models import Role
from pgkit.textutil import slugify
from pgkit.urls import kit_url
from pgkit.web_identity import ProfileXsrfMixin, provider

TEMPLATE_DIR = Path(__file__).with_name("voila_template")
HOME = "/voila/render/notebooks/start.ipynb"

# Only the kit's own pages render; never a notebook elsewhere under the root (.venv!).
RENDERABLE = re.compile(
    r"^(notebooks|modules|facilitator|exercises/intervisie)/[\w\-/]+\.ipynb$")
# Every kit notebook opens the same shell (pgkit.shell), so kernels preheated for the
# start page serve any view: they import pgkit ahead of the visitor and wait in
# ``identity.wait_for_visitor``. Size: benchmarks/meeting_load.py (docs/architecture.md).
SHELL_POOL = registry.START
POOL_SIZE = 3
PREHEATED = {SHELL_POOL: POOL_SIZE}
SHARED_POOL = {v.path: SHELL_POOL for v in registry.VIEWS if v.path != SHELL_POOL}
# The busy page reloads itself after this long (and says so in Retry-After): long enough
# for a culled or closed tab to free a kernel, short enough that nobody gives up.
BUSY_RETRY_SECONDS = 20
MAX_KERNELS: int = KitConfig.max_kernels.default_value


def kit_config(root: Path, *, cull_idle: int = 600, cull_interval: int = 60,
               preheat: bool = True, max_kernels: int = MAX_KERNELS) -> Config:
    cfg = Config()
    cfg.KitVoila.max_kernels = max_kernels
    cfg.Voila.root_dir = str(root)
    cfg.Voila.ip = "127.0.0.1"
    cfg.Voila.open_browser = False
    cfg.Voila.port_retries = 0  # the printed address must be the real one
    cfg.VoilaConfiguration.show_tracebacks = False
    # Every handler, Voila's too, learns the user from the signed profile; kernels are
    # their owner's only (pgkit.web_identity, pgkit.kernel_access).
    cfg.Voila.identity_provider_class = "pgkit.web_identity.KitIdentityProvider"
    cfg.Voila.authorizer_class = "pgkit.kernel_access.KitAuthorizer"
    cfg.HTMLExporter.language_code = "nl"
    cfg.VoilaExporter.language_code = "nl"
    cfg.VoilaConfiguration.http_header_envs = ["Cookie"]
    # Only pictures from the content folders; never notebooks, code, data or the store.
    cfg.VoilaConfiguration.file_allowlist = [
        r"(modules|facilitator|exercises|notebooks|docs)/.*\.(png|jpg|svg)"]
    cfg.VoilaConfiguration.file_denylist = [r".*\.(ipynb|py|sqlite.*|yaml|csv)", r"data/.*"]
    # Lab extensions meant for JupyterLab (nbgrader, notebook) break Voila pages.
    cfg.VoilaConfiguration.extension_denylist = [
        "@jupyter/nbgrader", "@jupyter-notebook/lab-extension",
        "@voila-dashboards/jupyterlab-preview"]
    # Kernels listen on Unix sockets beside their connection file in Jupyter's runtime
    # folder (mode 0700), never on TCP ports that every local account can reach.
    cfg.KernelManager.transport = "ipc"
    cfg.VoilaConfiguration.preheat_kernel = preheat
    cfg.VoilaConfiguration.default_pool_size = 0
    cfg.VoilaKernelManager.kernel_pools_config = {
        "default": {"pool_size": 0}, **{nb: {"pool_size": size} for nb, size in PREHEATED.items()}}
    cfg.VoilaKernelManager.preheat_denylist = [
        # Voila matches this against absolute paths.
        "^(?!(.*/)?(" + "|".join(re.escape(nb) for nb in PREHEATED) + ")$)"]
    # No fixed delay: a refill waits for a moment without renders (pgkit.kernel_pool).
    cfg.VoilaKernelManager.fill_delay = 0
    # Without culling every closed tab leaves a kernel running.
    cfg.MappingKernelManager.cull_idle_timeout = cull_idle
    cfg.MappingKernelManager.cull_interval = cull_interval
    cfg.MappingKernelManager.cull_connected = False
    cfg.MappingKernelManager.cull_busy = False
    return cfg


class KitErrorMixin:
    """Error pages (404, 403, 500 ...) in Dutch and in the kit's style, never tornado's or
    Voila's English ones; no traceback, whatever ``serve_traceback`` says."""

    def write_error(self, status_code: int, **kwargs: object) -> None:  # noqa: ARG002 (no traceback)
        kind = status_code if status_code in (403, 404) else "other"
        handler: tornado.web.RequestHandler = self  # type: ignore[assignment]
        handler.clear_header("Retry-After")
        KitHandler.page(handler, t(f"pages.error_title_{kind}"),  # type: ignore[arg-type]
                        f'<p>{t(f"pages.error_text_{kind}")}</p>'
                        f'<p><a href="{kit_url()}">{t("pages.error_home")}</a></p>')


class ProfileGateMixin:
    """Sends a visitor without a signed profile to the welcome form (standalone only)."""

    def profile(self) -> str | None:
        return provider(self).pseudonym(self)  # type: ignore[arg-type]


class SlotSettlingKernelManager(kernel_access.OwnerRecordingKernelManager):
    """Records the owner, and in the same step gives back the page's slot under the cap."""

    def __init__(self, handler: GatedVoilaHandler, pseudonym: str,
                 pools: Mapping[str, str]) -> None:
        super().__init__(handler, pseudonym, pools)
        self._handler = handler

    def _record(self, kernel_id: str) -> None:
        super()._record(kernel_id)
        self._handler.settle_slot()


class GatedVoilaHandler(KitErrorMixin, ProfileXsrfMixin, ProfileGateMixin,
                        TornadoVoilaHandler):
    _slot: Slot | None = None

    @property
    def kernel_manager(self) -> kernel_access.OwnerRecordingKernelManager:  # type: ignore[override]
        # Every kernel this request starts or takes from the pool belongs to its visitor.
        return SlotSettlingKernelManager(self, self.profile() or "", pools=SHARED_POOL)

    def settle_slot(self) -> None:
        cap: KernelCap = self.settings["pgkit_kernel_cap"]
        cap.settle(self._slot)
        self._slot = None

    async def get(self, path: str | None = None) -> None:
        if not path or ".." in path or not RENDERABLE.match(path):
            raise tornado.web.HTTPError(404)
        if self.profile() is None:
            self.redirect(f"/pgkit/welkom?volgende={quote(self.request.uri or HOME)}")
            return
        cap: KernelCap = self.settings["pgkit_kernel_cap"]
        self._slot = cap.admit(self.settings["kernel_manager"].list_kernel_ids())
        if self._slot is None:
            self.busy_page()
            return
        try:
            # Sets the _xsrf cookie that Voila's unload beacon sends to shut the kernel down.
            _ = self.xsrf_token
            with self.settings["pgkit_renders"].rendering():
                await super().get(path)
        finally:
            self.settle_slot()  # no kernel came (an error, a redirect): free the slot

    def busy_page(self) -> None:
        """503 at once, never a queue: the page tries the same address again by itself."""
        self.log.warning("Kernel cap of %d reached; busy page for %s",
                         self.settings["pgkit_kernel_cap"].limit, self.request.path)
        self.set_status(503)
        self.set_header("Retry-After", str(BUSY_RETRY_SECONDS))
        self.set_header("Cache-Control", "no-store")
        again = escape(self.request.uri or kit_url(HOME))
        seconds = f'<span id="pgkit-busy-seconds">{BUSY_RETRY_SECONDS}</span>'
        KitHandler.page(self, t("pages.busy_title"), (  # type: ignore[arg-type]
            f'<div class="pgkit-notice pgkit-warn"><p>{t("pages.busy_text")}</p>'
            f'<p id="pgkit-busy-next">{t("pages.busy_next", seconds=seconds)}</p></div>'
            f'<p><a href="{again}">{t("pages.busy_retry")}</a></p>'
            f'<p><button type="button" id="pgkit-busy-stop">{t("pages.busy_stop")}</button></p>'
            + _BUSY_SCRIPT.replace("SECONDS", str(BUSY_RETRY_SECONDS))
            .replace("STOPPED", json.dumps(t("pages.busy_stopped")))),
            # Without JavaScript the browser still retries; with it, noscript stays text, so
            # the visitor can stop the retry (a bare meta refresh fails WCAG 2.2.1).
            head=f'<noscript><meta http-equiv="refresh" content="{BUSY_RETRY_SECONDS}"></noscript>')


# The busy page's countdown: not a live region, so a screen reader is not told every second.
_BUSY_SCRIPT = """<script>(function () {
  var left = SECONDS, shown = document.getElementById("pgkit-busy-seconds");
  var timer = setInterval(function () {
    left -= 1;
    if (left <= 0) { clearInterval(timer); location.reload(); return; }
    shown.textContent = String(left);
  }, 1000);
  var stop = document.getElementById("pgkit-busy-stop");
  stop.addEventListener("click", function () {
    clearInterval(timer);
    document.getElementById("pgkit-busy-next").textContent = STOPPED;
    stop.hidden = true;
  });
})();</script>"""


# ProfileXsrfMixin: behind the hub, HubOAuth asks the handler to check the form token of
# every request that is not a plain page view before it accepts the sign-in cookie.
class KitHandler(KitErrorMixin, ProfileGateMixin, ProfileXsrfMixin, tornado.web.RequestHandler):
    def prepare(self) -> None:
        # Voila does not set ``xsrf_cookies``, so tornado never checks a token for us.
        if self.request.method == "POST" and not self.form_allowed():
            self.set_status(403)
            self.page(t("pages.form_refused_title"), (
                f'<p role="alert">{t("pages.form_refused")}</p>'
                f'<p><a href="/pgkit/welkom">{t("pages.form_refused_again")}</a></p>'))
            self.finish()

    def form_allowed(self) -> bool:
        """The form came from this visitor's own page of the kit (login CSRF)."""
        origin = self.request.headers.get("Origin")
        if origin and urlsplit(origin).netloc != self.request.host:
            return False
        return provider(self).form_token_ok(self, self.get_body_argument("_xsrf", None))

    def personas_on(self) -> bool:
        """``--demo`` given: yes; otherwise only while the store holds nothing but demo data,
        checked now, so an import into a running demo switches the personas off at once."""
        if self.settings["pgkit_demo"] is not None:
            return bool(self.settings["pgkit_demo"])
        with session_scope() as session:
            return people.demo_personas_allowed(session)

    def hidden_fields(self, nxt: str) -> str:
        return (f'<input type="hidden" name="_xsrf" value="{provider(self).form_token(self)}">'
                f'<input type="hidden" name="volgende" value="{escape(nxt)}">')

    def page(self, title: str, body: str, head: str = "") -> None:
        self.set_header("Content-Type", "text/html; charset=utf-8")
        css = (Path(__file__).parent / "pages" / "kit.css").read_text(encoding="utf-8")
        self.write(f'<!doctype html><html lang="{current_language()}"><head><meta charset="utf-8">'
                   f'<meta name="viewport" content="width=device-width, initial-scale=1">{head}'
                   '<link rel="icon" href="data:;base64,=">'
                   f"<title>{escape(title)}</title><style>{css}"
                   "body{font-family:system-ui,sans-serif;max-width:640px;margin:24px auto;"
                   "padding:0 16px}label{display:block;font-weight:600;margin:12px 0 4px}"
                   "input[type=text]{font-size:16px;padding:8px;width:100%;max-width:360px;"
                   "box-sizing:border-box}.pgkit-hint{color:#33434d;margin:4px 0 0}"
                   ".pgkit-field-error{margin:6px 0 0;max-width:360px;box-sizing:border-box}"
                   "button{font-size:16px;padding:8px 18px;margin-top:12px;background:#1f5f56;"
                   "color:#fff;border:0;border-radius:4px}"
                   ".pgkit-personas{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:8px}"
                   ".pgkit-personas button{margin-top:0;background:#fff;color:#1f5f56;"
                   "border:2px solid #1f5f56}</style></head>"
                   f'<body><main><h1>{escape(title)}</h1>{body}</main></body></html>')


# Where a sign-in may send the browser afterwards: the home page or one of the kit's own
# pages with a plain query. No backslash, no scheme, no '//' and no percent-escapes in the
# path, because browsers read '/\evil.test' and '/%5Cevil.test' as another host.
NEXT_PATH = re.compile(r"/((voila/render/[\w\-/]+\.ipynb|meedoen)(\?[\w\-.=&]*)?)?", re.ASCII)


def _safe_next(value: str | None) -> str:
    return value if value and NEXT_PATH.fullmatch(value) and ".." not in value else HOME


class WelcomeHandler(KitHandler):
    def get(self, error: str = "") -> None:
        nxt = _safe_next(self.get_argument("volgende", None))
        hidden = self.hidden_fields(nxt)
        demo = ""
        if self.personas_on():
            # A POST with the visitor's token: a link from another site cannot switch roles.
            forms = "".join(
                f'<li><form method="post" action="/pgkit/persona/{r.value}">{hidden}'
                f'<button type="submit" class="pgkit-persona">{t(f"store.roles.{r.value}")}'
                "</button></form></li>" for r in personas())
            demo = f'<p>{t("pages.welcome_demo")}</p><ul class="pgkit-personas">{forms}</ul>'
        # The kit checks the name itself (novalidate): the browser's own bubble would be in
        # the browser's language ("Please fill out this field"), away from the field.
        err = (f'<p class="pgkit-error pgkit-field-error" role="alert" id="fout">{error}</p>'
               if error else "")
        described = "fout naam-hint" if error else "naam-hint"
        state = ' aria-invalid="true" autofocus' if error else ""
        self.page(t("pages.welcome_title"), (
            f"<p>{t('pages.welcome_intro')}</p>"
            f'<form method="post" action="/pgkit/welkom" novalidate>'
            f"{hidden}"
            f'<label for="naam">{t("pages.welcome_name")}</label>'
            f'<input type="text" id="naam" name="naam" maxlength="80" autocomplete="given-name" '
            f'required aria-describedby="{described}"{state}>'
            f'{err}<p class="pgkit-hint" id="naam-hint">{t("pages.welcome_hint")}</p>'
            f'<button type="submit">{t("pages.welcome_submit")}</button></form>{demo}'))

    def post(self) -> None:
        name = " ".join(self.get_body_argument("naam", "").split())
        if not 1 <= len(name) <= 80:
            self.set_status(400)
            self.get(error=t("pages.welcome_empty"))
            return
        with session_scope() as session:
            person = people.ensure_person(
                session, people.unique_pseudonym(session, f"lokaal-{slugify(name)}"), name)
            pseudonym = person.pseudonym
        self._sign_in(pseudonym)

    def _sign_in(self, pseudonym: str) -> None:
        # Lax, not Strict: a meeting's join link opened from a mail or chat app is a
        # cross-site navigation, and with Strict the returning visitor would be asked for
        # a name again. Lax is never sent on a cross-site POST; the form token does the rest.
        self.set_cookie(identity.COOKIE, identity.sign(pseudonym), httponly=True,
                        samesite="Lax", expires_days=365)
        self.redirect(_safe_next(self.get_argument("volgende", None)))


class PersonaHandler(WelcomeHandler):
    """Demo only: become the demo trainee, facilitator, coach or coordinator (POST)."""

    def get(self, role: str) -> None:  # type: ignore[override]  # noqa: ARG002 (route argument)
        # An old link or a page on another site: show the choice, change nobody.
        nxt = _safe_next(self.get_argument("volgende", None))
        self.redirect(f"/pgkit/welkom?volgende={quote(nxt)}")

    def post(self, role: str) -> None:  # type: ignore[override]
        if not self.personas_on():
            raise tornado.web.HTTPError(404)
        try:
            pseudonym = personas()[Role(role)]
        except ValueError:
            raise tornado.web.HTTPError(404) from None
        self._sign_in(pseudonym)


class NotFoundHandler(KitErrorMixin, tornado.web.RequestHandler):
    """Every address no route knows: the kit's Dutch 404 (tornado's default_handler_class)."""

    def prepare(self) -> None:
        raise tornado.web.HTTPError(404)


class StatusHandler(tornado.web.RequestHandler):
    """Running kernels, for the culling test and the benchmarks."""

    def get(self) -> None:
        km = self.settings["kernel_manager"]
        cap: KernelCap = self.settings["pgkit_kernel_cap"]
        running = km.list_kernel_ids()
        self.set_header("Content-Type", "application/json")
        ready = len(kernel_pool.waiting_kernels(km, SHELL_POOL))
        self.write(json.dumps({"kernels": len(running), "visitor_kernels": cap.visitors(running),
                               "max_kernels": cap.limit, "ready_in_pool": ready,
                               "pid": os.getpid()}))


class HomeHandler(KitErrorMixin, tornado.web.RequestHandler):
    def get(self, *_: str) -> None:
        self.redirect(kit_url(HOME))


def _dutch_file_errors(handlers: list[tuple]) -> list[tuple]:
    """Voila's file and static handlers with the kit's Dutch error pages (403, 404)."""
    def kit(cls: type) -> type:
        return type(f"Kit{cls.__name__}", (KitErrorMixin, cls), {})

    return [(h[0], kit(h[1]), *h[2:])
            if isinstance(h[1], type) and issubclass(h[1], tornado.web.StaticFileHandler)
            else h for h in handlers]


class KitVoila(Voila):
    demo: bool | None = None
    max_kernels = Int(MAX_KERNELS, config=True,
                      help="Most visitor kernels alive at once; then the busy page (0: no cap).")
    # Behind JupyterHub (``pgkit serve --hub``): hub sign-in instead of the profile form.
    hub = False
    template_paths: list[str]  # a Voila trait; declared for the type checker

    def setup_template_dirs(self) -> None:
        super().setup_template_dirs()
        # Our index.html.j2 comes first and extends 'lab/index.html.j2' from Voila's root.
        lab = next(p for p in self.template_paths if p.rstrip("/").endswith("voila/templates/lab"))
        self.template_paths = [str(TEMPLATE_DIR), *self.template_paths, str(Path(lab).parent)]

    def init_handlers(self) -> list:
        def at(path: str) -> str:
            return url_path_join(self.server_url, path)

        # Voila adds the identity provider's handlers (login, OAuth callback) without its
        # server_url prefix; behind the hub they must live under the service prefix too.
        handlers = [(h[0] if h[0].startswith(self.server_url) else at(h[0]), *h[1:])
                    for h in super().init_handlers()]
        handlers = [h for h in handlers if h[0] not in (at("/"), at("/voila/render/(.*)"))
                    and "voila/tree" not in h[0]]
        render: type[GatedVoilaHandler] = GatedVoilaHandler
        profile_form: list[tuple] = [(at(r"/pgkit/welkom"), WelcomeHandler),
                                     (at(r"/pgkit/persona/(\w+)"), PersonaHandler)]
        if self.hub:
            from pgkit.hub_auth import HubVoilaHandler

            # Under the hub nobody types a name: the hub says who it is.
            render, profile_form = HubVoilaHandler, []
        from pgkit.phone import handlers as phone  # imports this module: not at the top

        return [
            (at(r"/"), HomeHandler),
            *phone.routes(at),
            (at(r"/voila/tree(.*)"), HomeHandler),
            *profile_form,
            (at(r"/pgkit/status"), StatusHandler),
            (at(r"/voila/render/(.*)"), render, {
                "template_paths": self.template_paths, "config": self.config,
                "voila_configuration": self.voila_configuration}),
            *_dutch_file_errors(kernel_access.replace_handlers(handlers)),
        ]

    def init_settings(self) -> dict:
        settings = super().init_settings()
        settings["pgkit_demo"] = self.demo
        settings["pgkit_hub"] = self.hub
        settings["websocket_max_message_size"] = kernel_access.MESSAGE_MAX
        settings["pgkit_kernel_owners"] = owners = kernel_access.KernelOwners()
        settings["pgkit_kernel_cap"] = KernelCap(self.max_kernels, owners)
        settings["pgkit_renders"] = renders = kernel_pool.Renders()
        kernel_pool.refill_when_calm(self.kernel_manager, renders)
        settings["login_url"] = "/pgkit/welkom"
        settings["default_handler_class"] = NotFoundHandler
        return settings


def serve(settings: KitConfig, root: Path | None = None, demo: bool | None = None,
          config: Config | None = None, hub: bool = False) -> None:
    """Migrate the store, then run Voila in the foreground.

    ``settings``: checked in full by ``pgkit.config.load``. ``root``: the folder Voila
    serves, by default the kit's folder. ``hub``: run as JupyterHub's managed service;
    prefix, port and sign-in come from the hub.
    """
    root = (root or Path(settings.home or Path.cwd())).resolve()
    settings.home = settings.home or str(root)
    # From here on the server's own library calls (pgkit.config.setting) read these too.
    export(settings)
    from pgkit.store.db import resolve_url

    settings.db = resolve_url()
    upgrade(settings.db)
    if settings.secret is None:
        secret_path = Path(settings.secret_file or root / "data" / ".pgkit-secret")
        try:
            settings.secret = identity.load_or_create_secret(secret_path)
        except identity.SecretMissing as exc:
            raise UserError(str(exc)) from None
    config = config or kit_config(root, cull_idle=settings.cull_idle_seconds,
                                  cull_interval=settings.cull_interval_seconds,
                                  max_kernels=settings.max_kernels)
    port = settings.port
    extra_args: list[str] = []
    if hub:
        from pgkit.hub_auth import HUB_COOKIE, service_settings

        service = service_settings()
        port = service.port
        # A service is no single user: never let the kit read one from the environment.
        os.environ.pop("JUPYTERHUB_USER", None)
        settings.profile_cookie = HUB_COOKIE  # for the kernels
        settings.base_url = service.prefix
        extra_args = [f"--Voila.base_url={service.prefix}"]
        config.Voila.identity_provider_class = "pgkit.hub_auth.HubIdentityProvider"
    export(settings)  # kernels start with the server's environment
    app = KitVoila(config=config)
    # None: personas while the store holds only demo data. Behind the hub never: the hub
    # says who signs in.
    app.demo = False if hub else demo
    app.hub = hub
    app.initialize([f"--port={port}", "--no-browser", *extra_args, str(root)])
    address = f"http://127.0.0.1:{port}{kit_url()}"
    print(t("cli.serve.started", url=address), flush=True)
    sys.stdout.flush()
    app.start()
