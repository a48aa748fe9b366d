#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
# File-level call graph of a built xenhv: which object file uses a symbol
# another one defines (nm), and every cycle in that graph. A cycle means
# two files each reach into the other, which is the sign of a concern
# placed in the wrong file. Prints one line per cycle; silent when the
# graph is a DAG.
#
# Usage: file_cycles.py [--edges] BUILD_DIR [DIR...]
#        (DIRs default: shim translate dom0; --edges also prints the graph)
import os
import subprocess
import sys


def symbols(obj):
    """(defined, undefined) global symbol sets of one object file."""
    out = subprocess.run(["nm", "-g", obj], check=True, capture_output=True,
                         text=True).stdout
    defined, undefined = set(), set()
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 2 and parts[0] == "U":
            undefined.add(parts[1])
        elif len(parts) == 3:
            defined.add(parts[2])
    return defined, undefined


def sccs(nodes, edges):
    """Tarjan's strongly connected components, iteratively."""
    index, low, on, stack, out = {}, {}, set(), [], []
    counter = [0]
    for root in sorted(nodes):
        if root in index:
            continue
        work = [(root, iter(sorted(edges.get(root, ()))))]
        index[root] = low[root] = counter[0]
        counter[0] += 1
        stack.append(root)
        on.add(root)
        while work:
            node, it = work[-1]
            nxt = next(it, None)
            if nxt is not None:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter[0]
                    counter[0] += 1
                    stack.append(nxt)
                    on.add(nxt)
                    work.append((nxt, iter(sorted(edges.get(nxt, ())))))
                elif nxt in on:
                    low[node] = min(low[node], index[nxt])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    w = stack.pop()
                    on.discard(w)
                    comp.append(w)
                    if w == node:
                        break
                out.append(sorted(comp))
    return out


def main():
    args = sys.argv[1:]
    show = args[:1] == ["--edges"]
    if show:
        args = args[1:]
    build = args[0]
    dirs = args[1:] or ["shim", "translate", "dom0"]
    objs = {}
    for d in dirs:
        path = os.path.join(build, d)
        for name in sorted(os.listdir(path)):
            if name.endswith(".o") and not name.endswith(".mod.o"):
                objs[f"{d}/{name[:-2]}"] = symbols(os.path.join(path, name))
    if not objs:
        print(f"no objects under {build}")
        return 1
    owner = {}
    for f, (defined, _) in objs.items():
        for s in defined:
            owner[s] = f
    edges = {}
    why = {}
    for f, (_, undefined) in objs.items():
        for s in undefined:
            g = owner.get(s)
            if g and g != f:
                edges.setdefault(f, set()).add(g)
                why.setdefault((f, g), []).append(s)
    if show:
        for f in sorted(objs):
            print(f"{f} -> {' '.join(sorted(edges.get(f, ()))) or '-'}")
    bad = 0
    for comp in sccs(objs.keys(), edges):
        if len(comp) < 2:
            continue
        bad += 1
        inside = set(comp)
        detail = "; ".join(
            f"{f}->{g} ({', '.join(sorted(why[(f, g)])[:3])})"
            for f in comp for g in sorted(edges.get(f, ())) if g in inside)
        print(f"cycle: {' '.join(comp)}: {detail}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
