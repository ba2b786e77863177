"""A raw HTTP client for attack tests: no browser, no redirects followed, cookies by hand.

The red team attacked the kit with plain HTTP and websocket clients; these helpers do the
same against a real ``pgkit serve`` (``tests.browser.harness.start_server``).
"""

from __future__ import annotations

import http.client
import re
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: str

    @property
    def location(self) -> str | None:
        return self.headers.get("Location")

    def cookies(self) -> dict[str, str]:
        jar = SimpleCookie()
        for value in self.headers.get_all("Set-Cookie") or []:
            jar.load(value)
        return {k: m.value for k, m in jar.items()}

    def set_cookie_header(self, name: str) -> str:
        return next(v for v in self.headers.get_all("Set-Cookie") or [] if v.startswith(f"{name}="))


@dataclass
class Client:
    """One visitor: keeps the cookies the server sets, sends them back."""

    base: str
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, form: dict[str, str] | None = None,
                headers: dict[str, str] | None = None) -> Response:
        parts = urlsplit(self.base)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=sent)
        raw = conn.getresponse()
        response = Response(raw.status, raw.headers, raw.read().decode(errors="replace"))
        conn.close()
        self.cookies.update(response.cookies())
        return response

    def get(self, path: str, **kw: object) -> Response:
        return self.request("GET", path, **kw)  # type: ignore[arg-type]

    def post(self, path: str, form: dict[str, str], **kw: object) -> Response:
        return self.request("POST", path, form=form, **kw)  # type: ignore[arg-type]


def form_token(html: str) -> str:
    match = re.search(r'name="_xsrf" value="([^"]+)"', html)
    assert match, "no _xsrf field in the form"
    return match.group(1)


def kernel_id(html: str) -> str:
    """The kernel id Voila writes into every page it renders."""
    match = re.search(r'"kernelId":\s*"([0-9a-f-]{36})"', html) or re.search(
        r"kernel_id[\"']?\s*[:=]\s*[\"']([0-9a-f-]{36})", html)
    assert match, "no kernel id in the page"
    return match.group(1)
