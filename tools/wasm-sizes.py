#!/usr/bin/env python3
"""Where the bytes of a wasm module go: code size per function, grouped by crate.

Usage: tools/wasm-sizes.py MODULE.wasm [--top N] [--crate NAME]

Reads the code section and the "name" section (kept by a plain
`cargo build --release --target wasm32-unknown-unknown`, before wasm-bindgen
and wasm-opt), demangles legacy Rust symbols, and prints the bytes of code per
crate (the first path segment, or the crate of the generic's first argument
for `<T as Trait>` impls) and the largest functions. A measuring aid, not
part of the build.
"""
import re
import sys
from collections import Counter


def leb(b, i):
    r = s = 0
    while True:
        x = b[i]
        i += 1
        r |= (x & 0x7F) << s
        s += 7
        if x < 0x80:
            return r, i


def sections(b):
    i = 8
    while i < len(b):
        sid = b[i]
        size, j = leb(b, i + 1)
        yield sid, b[j : j + size]
        i = j + size


def names_of(payload):
    i = 0
    n, i = leb(payload, i)
    name = payload[i : i + n].decode()
    i += n
    if name != "name":
        return None
    out = {}
    while i < len(payload):
        sub = payload[i]
        size, i = leb(payload, i + 1)
        end = i + size
        if sub == 1:
            count, k = leb(payload, i)
            for _ in range(count):
                idx, k = leb(payload, k)
                ln, k = leb(payload, k)
                out[idx] = payload[k : k + ln].decode(errors="replace")
                k += ln
        i = end
    return out


def imported_funcs(payload):
    i = 0
    count, i = leb(payload, i)
    funcs = 0
    for _ in range(count):
        for _ in range(2):
            ln, i = leb(payload, i)
            i += ln
        kind = payload[i]
        i += 1
        if kind == 0:
            _, i = leb(payload, i)
            funcs += 1
        elif kind == 1:
            i += 1
            flags, i = leb(payload, i)
            _, i = leb(payload, i)
            if flags & 1:
                _, i = leb(payload, i)
        elif kind == 2:
            flags, i = leb(payload, i)
            _, i = leb(payload, i)
            if flags & 1:
                _, i = leb(payload, i)
        elif kind == 3:
            i += 2
    return funcs


def demangle(s):
    m = re.match(r"_ZN(.*)E$", s)
    if not m:
        return s
    body, parts, i = m.group(1), [], 0
    while i < len(body):
        j = i
        while j < len(body) and body[j].isdigit():
            j += 1
        if j == i:
            break
        n = int(body[i:j])
        parts.append(body[j : j + n])
        i = j + n
    if parts and re.fullmatch(r"h[0-9a-f]{16}", parts[-1]):
        parts.pop()
    out = "::".join(parts)
    for a, b in [("$LT$", "<"), ("$GT$", ">"), ("$u20$", " "), ("$RF$", "&"), ("$C$", ","), ("..", "::"), ("$u7b$", "{"), ("$u7d$", "}")]:
        out = out.replace(a, b)
    return out


def crate_of(name):
    n = name.lstrip("<&")
    if n.startswith("_<"):
        n = n[2:]
    return re.split(r"::|<| as ", n, maxsplit=1)[0] or name


def main():
    args = sys.argv[1:]
    top = int(args[args.index("--top") + 1]) if "--top" in args else 40
    only = args[args.index("--crate") + 1] if "--crate" in args else None
    b = open(args[0], "rb").read()
    imports, bodies, names = 0, [], {}
    for sid, p in sections(b):
        if sid == 2:
            imports = imported_funcs(p)
        elif sid == 10:
            count, i = leb(p, 0)
            for _ in range(count):
                size, j = leb(p, i)
                bodies.append(size + (j - i))
                i = j + size
        elif sid == 0:
            names = names_of(p) or names
    by_crate, funcs = Counter(), []
    for k, size in enumerate(bodies):
        name = demangle(names.get(imports + k, f"func{imports + k}"))
        crate = crate_of(name)
        by_crate[crate] += size
        if only is None or crate == only:
            funcs.append((size, name))
    total = sum(bodies)
    print(f"code: {total:,} B in {len(bodies):,} functions (module {len(b):,} B)")
    for crate, size in by_crate.most_common(top):
        print(f"{size:>10,} {100 * size / total:5.1f}%  {crate}")
    print()
    for size, name in sorted(funcs, reverse=True)[:top]:
        print(f"{size:>10,}  {name[:150]}")


if __name__ == "__main__":
    main()
