"""Self-contained HTML pages: the Content-Security-Policy by script hash, JSON inside a
``<script>``, and which addresses a page may link to.

Nothing here knows the AI industry; the views (:mod:`graph.views.page`) and the curation
reports (:mod:`graph.curate.page`) draw their pages with these.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Sequence
from typing import Any

__all__ = ["csp", "json_for_script", "safe_url", "script_hash"]

_HTTP = re.compile(r"^https?://[^\s<>\"'{}|\\^`]+$", re.IGNORECASE)


def safe_url(url: str) -> str | None:
    """``url`` when it is an http(s) address, else None.

    >>> safe_url("javascript:alert(1)") is None
    True
    >>> safe_url("https://example.org/a?b=1&c=2")
    'https://example.org/a?b=1&c=2'
    """
    return url if _HTTP.match(url) else None


def json_for_script(value: Any) -> str:
    """JSON that is safe inside a <script> element (no '<', '>', '&', line separators).

    >>> json_for_script({"label": "</script>"})
    '{"label":"\\\\u003c/script\\\\u003e"}'
    """
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    for raw, escaped in (
        ("<", "\\u003c"),
        (">", "\\u003e"),
        ("&", "\\u0026"),
        ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"),
    ):
        text = text.replace(raw, escaped)
    return text


def script_hash(script: str) -> str:
    """The CSP source expression allowing exactly this inline script.

    >>> script_hash("")
    "'sha256-47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU='"
    """
    digest = hashlib.sha256(script.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


def csp(scripts: Sequence[str]) -> str:
    """The policy of a page that runs only ``scripts`` (inline, allowed by hash) and loads
    nothing: no remote script, style sheet, image, frame or connection.

    >>> csp([]).startswith("default-src 'none'; script-src 'none';")
    True
    """
    hashes = " ".join(script_hash(s) for s in scripts) or "'none'"
    return (
        f"default-src 'none'; script-src {hashes}; style-src 'unsafe-inline'; "
        "img-src data:; connect-src 'none'; base-uri 'none'; form-action 'none'"
    )
