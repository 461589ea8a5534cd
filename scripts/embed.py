#!/usr/bin/env python3
"""Embeds files in the campus binary as a C table (struct asset, web/assets.h).

usage: embed.py OUT.c NAME=PATH [NAME=PATH ...]
The content type comes from the extension. The SHA-256 of each file gives
its ETag, computed here once instead of at every start."""
import hashlib
import sys

TYPES = {
    ".css": "text/css; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ico": "image/x-icon",
    ".mo": "application/octet-stream",
    ".txt": "text/plain; charset=utf-8",
    ".md": "text/markdown; charset=utf-8",
    ".woff2": "font/woff2",
}


def main():
    out, pairs = sys.argv[1], sys.argv[2:]
    lines = ['#include "web/assets.h"', ""]
    entries = []
    for i, pair in enumerate(pairs):
        name, path = pair.split("=", 1)
        data = open(path, "rb").read()
        ext = name[name.rfind("."):]
        etag = hashlib.sha256(data).hexdigest()[:16]
        body = ",".join(str(b) for b in data)
        lines.append(f"static const unsigned char a{i}[] = {{{body}{',' if data else ''}0}};")
        entries.append(f'\t{{"{name}", a{i}, {len(data)}, "{TYPES.get(ext, "application/octet-stream")}", "\\"{etag}\\""}},')
    lines.append("const struct asset assets[] = {")
    lines.extend(entries)
    lines.append("};")
    lines.append(f"const size_t assets_len = {len(pairs)};")
    open(out, "w").write("\n".join(lines) + "\n")


main()
