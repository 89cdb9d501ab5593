#!/usr/bin/env python3
"""Trunk post-build hook: allows exactly the inline loader script Trunk writes into index.html.

The Content-Security-Policy in index.html has no 'unsafe-inline' for scripts. Trunk injects one inline
`<script type="module">` that loads the wasm, so this hook adds that script's sha256 hash to `script-src`.
Any other inline script (an injected one, say) stays blocked.
"""
import base64, hashlib, os, re, sys

staging = os.environ.get("TRUNK_STAGING_DIR") or (sys.argv[1] if len(sys.argv) > 1 else "dist")
path = os.path.join(staging, "index.html")
html = open(path, encoding="utf-8").read()
hashes = []
for body in re.findall(r"<script(?![^>]*\bsrc=)[^>]*>(.*?)</script>", html, flags=re.S):
    digest = base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode()
    hashes.append(f"'sha256-{digest}'")
if hashes:
    html = html.replace("script-src 'self'", "script-src 'self' " + " ".join(hashes), 1)
open(path, "w", encoding="utf-8").write(html)
