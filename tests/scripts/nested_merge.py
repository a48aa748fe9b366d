#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Fold one attempt of the nested run into the run's log.

usage: nested_merge.py ATTEMPT-LOG FINAL-LOG STATE-FILE TRIES STALL-RE

ATTEMPT-LOG is L0's console for one attempt, in which L1 ran some of the
guests. A guest whose section ("XENHV-L2-BEGIN g" ... "XENHV-L2-END g")
is complete, with no sign of the TCG/SVM lost-interrupt issue (STALL-RE)
in it, is done: its section goes to FINAL-LOG. A guest whose section was
cut off (the stack froze in it) or shows that issue is tried again, up
to TRIES times; after that its last section goes to FINAL-LOG as it is,
ended with rc=124, so that what it was doing is reported as a failure.
Lines outside guest sections (L1's own) are kept from every attempt.
STATE-FILE holds "guest tries" lines between calls. Prints the guests
still to run, comma-separated.
"""
import re
import sys


def main():
    attempt, final, state, tries, stall_re = sys.argv[1:6]
    tries, stall = int(tries), re.compile(stall_re)
    counts = {}
    try:
        with open(state) as f:
            for line in f:
                g, n = line.split()
                counts[g] = int(n)
    except FileNotFoundError:
        pass
    begin = re.compile(r'XENHV-L2-BEGIN (\S+)')
    end = re.compile(r'XENHV-L2-END (\S+)')
    outside, sections, cur = [], [], None
    with open(attempt, errors='replace') as f:
        for line in f:
            m = begin.search(line)
            if m:
                cur = [m.group(1), [line], False]
                sections.append(cur)
                continue
            if cur is not None:
                cur[1].append(line)
                if end.search(line):
                    cur[2] = True
                    cur = None
                continue
            outside.append(line)
    todo = [g for g in open(state + '.todo').read().strip().split(',') if g]
    out = list(outside)
    for g, lines, complete in sections:
        if g not in todo:
            continue
        bad = not complete or any(stall.search(l) for l in lines)
        if bad:
            counts[g] = counts.get(g, 0) + 1
            if counts[g] < tries:
                continue
            if not complete:
                lines.append(f'XENHV-L2-END {g} rc=124 the nested stack froze in it '
                             f'{counts[g]} times\n')
        out.extend(lines)
        todo.remove(g)
    with open(final, 'a') as f:
        f.writelines(out)
    with open(state, 'w') as f:
        for g, n in counts.items():
            f.write(f'{g} {n}\n')
    with open(state + '.todo', 'w') as f:
        f.write(','.join(todo))
    print(','.join(todo))
    return 0


if __name__ == '__main__':
    sys.exit(main())
