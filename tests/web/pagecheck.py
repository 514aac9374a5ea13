"""What a page must be under the Content-Security-Policy (script-src 'self'): no inline script
(a <script> without src, other than a JSON data block), no on...= handler, no javascript: link;
and the CSP header itself. Used by the pages' own tests on every page that draws a chart or
binds an action."""

from __future__ import annotations

from html.parser import HTMLParser

DATA_TYPES = {"application/json", "application/ld+json"}


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.external: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = dict(attrs)
        for name, value in attrs:
            if name.lower().startswith("on"):
                self.problems.append(f"<{tag} {name}=...> handler")
            if name.lower() in {"href", "src", "action", "formaction"} and (
                (value or "").strip().lower().startswith("javascript:")
            ):
                self.problems.append(f"<{tag} {name}=javascript:...>")
        if tag == "script":
            if values.get("src"):
                self.external.append(values["src"])
            elif (values.get("type") or "").lower() not in DATA_TYPES:
                self.problems.append(f"inline <script> at line {self.getpos()[0]}")


def inline_script_problems(html: str) -> list[str]:
    parser = _Scripts()
    parser.feed(html)
    parser.close()
    return parser.problems


def external_scripts(html: str) -> list[str]:
    parser = _Scripts()
    parser.feed(html)
    parser.close()
    return parser.external


def assert_csp_clean(response) -> str:
    """The page answered 200 with the CSP header and no inline script; returns its HTML."""
    assert response.status_code == 200, response.status_code
    policy = response.get("Content-Security-Policy", "")
    directives = {d.split()[0]: d.split()[1:] for d in policy.split(";") if d.strip()}
    assert directives.get("script-src") == ["'self'"], policy
    html = response.content.decode()
    assert inline_script_problems(html) == []
    return html
