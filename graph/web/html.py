"""The HTML frame every page shares: escaping, the style sheet, messages."""

from __future__ import annotations

import html
from collections.abc import Sequence
from urllib.parse import quote

from graph.model.namespaces import ENT

__all__ = ["PAGE_CSP", "entity_path", "escape", "page_html", "render_message"]


#: The policy of every scriptless page: nothing but inline styles and same-origin frames.
PAGE_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; frame-src 'self'; "
    "form-action 'self'; base-uri 'none'"
)


_CSS = """
body { font-family: sans-serif; max-width: 1100px; margin: 16px auto; padding: 0 16px;
  color: #222; }
nav { font-size: 14px; margin-bottom: 8px; } nav a { margin-right: 12px; }
table { border-collapse: collapse; font-size: 13px; margin: 8px 0; }
td, th { border-bottom: 1px solid #ddd; padding: 3px 8px; text-align: left;
  vertical-align: top; overflow-wrap: anywhere; }
.meta { color: #555; font-size: 13px; } .error { color: #a00; white-space: pre-wrap; }
iframe { width: 100%; height: 560px; border: 1px solid #ddd; }
textarea { width: 100%; font-family: monospace; }
label { display: block; margin: 4px 0; }
"""


def escape(value: object) -> str:
    return html.escape(str(value), quote=True)


def entity_path(iri: str) -> str | None:
    """The server path of an entity's page, or None for an IRI outside ``ent:``.

    >>> entity_path("https://w3id.org/aikg/entity/openai")
    '/entities/openai'
    """
    if not iri.startswith(str(ENT)) or iri == str(ENT):
        return None
    return "/entities/" + quote(iri.removeprefix(str(ENT)), safe="")


def page_html(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
        f'<meta http-equiv="Content-Security-Policy" content="{PAGE_CSP}">\n'
        "<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
        f"<title>{escape(title)}</title>\n<style>{_CSS}</style>\n</head>\n<body>\n"
        "<nav><a href='/'>Home</a><a href='/views/'>Views</a><a href='/query'>Query</a>"
        "<a href='/sparql'>SPARQL endpoint</a></nav>\n"
        f"<h1>{escape(title)}</h1>\n{body}</body>\n</html>\n"
    )


def render_message(
    title: str,
    message: str,
    *,
    links: Sequence[tuple[str, str]] = (),
    also: Sequence[tuple[str, str]] = (),
) -> str:
    """A page with one message, the pages it may have meant (``links``: label, path), e.g.
    for a 404, and other pages to try (``also``, such as a search).

    >>> "&lt;b&gt;" in render_message("Not found", "<b>")
    True
    """
    items = "".join(f"<li><a href='{escape(path)}'>{escape(text)}</a></li>" for text, path in links)
    more = f"<p>Did you mean:</p><ul>{items}</ul>\n" if items else ""
    more += "".join(
        f"<p class='also'><a href='{escape(path)}'>{escape(text)}</a></p>\n" for text, path in also
    )
    return page_html(title, f"<p class='error'>{escape(message)}</p>\n{more}")
