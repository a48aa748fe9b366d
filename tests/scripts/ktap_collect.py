#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Collect KTAP suites from QEMU serial logs into one KTAP document.

KUnit suites loaded from modules (and the harness's own shell-emitted
suites) print as nested blocks ("    KTAP version 1" ... "ok N - name")
with a global counter that does not restart per module; the 6.1 kunit.py
parser also stops at the boot-time empty report. So: strip timestamps and
CRs, cut out each suite block, renumber them, add a suite that fails on
any oops/BUG/WARN in the log, and mark expected suites that never ran or
were cut short as failed. The result goes to kunit.py parse.

usage: ktap_collect.py OUT.ktap --expect suite1,suite2 LOG [LOG...]
"""
import argparse
import re
import sys

TS = re.compile(r'^\[\s*\d+\.\d+\]\s?')
PREFIXES = ('xenhv-demo: ',)
SUITE_START = re.compile(r'^ {4}KTAP version 1$')
SUITE_NAME = re.compile(r'^ {4}# Subtest: (\S+)')
SUITE_END = re.compile(r'^(ok|not ok) \d+ (?:- )?(\S+)(.*)$')
CASE_RESULT = re.compile(r'^ {4}(ok|not ok) \d+ ')
# xenhv_hv_test says when each case begins, and what a long case is doing.
CASE_BEGINS = re.compile(r'^xenhv-hv: case (\S+) begins')
CASE_PROGRESS = re.compile(r'^xenhv-hv: ')
SPLAT = re.compile(r'(Oops|BUG:|WARNING:|general protection fault|unexpected IRQ trap|'
                   r'No irq handler|unchecked MSR access|'
                   r'Kernel panic|RIP: |Call Trace:|kmemleak: .* new suspected|'
                   r'unreferenced object 0x|UBSAN:|possible recursive locking|'
                   r'inconsistent lock state|circular locking dependency)')


def clean(line):
    line = line.replace('\r', '').rstrip('\n')
    line = TS.sub('', line)
    for p in PREFIXES:
        if line.startswith(p):
            line = line[len(p):]
    return line


def collect(paths):
    suites, splats, cur = [], [], None
    for path in paths:
        with open(path, errors='replace') as f:
            for raw in f:
                line = clean(raw)
                if SPLAT.search(line):
                    splats.append(f'{path}: {line.strip()}')
                if SUITE_START.match(line):
                    if cur:  # a new suite before the last one ended
                        suites.append((cur, False))
                    cur = {'name': None, 'lines': [line]}
                    continue
                if cur is None:
                    continue
                m = CASE_BEGINS.match(line)
                if m:
                    cur['case'], cur['last'] = m.group(1), None
                    continue
                if CASE_PROGRESS.match(line):
                    cur['last'] = line
                    continue
                m = SUITE_NAME.match(line)
                if m and cur['name'] is None:
                    cur['name'] = m.group(1)
                m = SUITE_END.match(line)
                if m:
                    cur['lines'].append(line)
                    suites.append((cur, True))
                    cur = None
                elif line.startswith('    ') or line.startswith('#'):
                    cur['lines'].append(line)
    if cur:
        suites.append((cur, False))
    return suites, splats


KCSAN_BEGIN = re.compile(r'BUG: KCSAN: (.*)')
KCSAN_END = re.compile(r'^={20,}')
KCSAN_ACCESS = re.compile(r'(read|write)[^:]* to 0x[0-9a-f]+ of \d+ bytes by ')


def kcsan_reports(paths):
    """KCSAN report blocks, as (header, in_xenhv): in xenhv when the
    racing access itself (the top frame under an access line) is in one
    of xenhv's modules. A race in the kernel's own code that xenhv merely
    called into (such as the timekeeping's latch read, a race "at unknown
    origin") names xenhv further down only, and is the kernel's."""
    reports = []
    for path in paths:
        cur, top_next = None, False
        with open(path, errors='replace') as f:
            for raw in f:
                line = clean(raw)
                m = KCSAN_BEGIN.search(line)
                if m:
                    cur, top_next = [m.group(1), False], False
                    continue
                if cur is None:
                    continue
                if KCSAN_ACCESS.search(line):
                    top_next = True
                    continue
                if top_next and line.strip():
                    cur[1] |= '[xenhv' in line
                    top_next = False
                if KCSAN_END.match(line):
                    reports.append(tuple(cur))
                    cur = None
        if cur:
            reports.append(tuple(cur))
    return reports


def kcsan_suite(args, suites, splats):
    """One suite for a run in the KCSAN kernel: the suites all pass, and no
    data race is reported in xenhv's code (races the kernel's own code
    reports are listed, not failed: they are not what this tests)."""
    reports = kcsan_reports(args.logs)
    ours = [h for h, x in reports if x]
    others = [h for h, x in reports if not x]
    bad = [s['name'] for s, complete in suites
           if not complete or not s['lines'][-1].startswith('ok')]
    seen = {s['name'] for s, _ in suites}
    bad += [e + ' (did not run)' for e in args.expect.split(',') if e and e not in seen]
    other_splats = [x for x in splats if 'KCSAN' not in x]
    cases = [('kunit_suites_pass_under_kcsan', bad),
             ('no_kcsan_report_in_xenhv', ours),
             ('no_oops_lockdep_or_warn', other_splats)]
    out = ['    KTAP version 1', f'    # Subtest: {args.suite}', f'    1..{len(cases)}']
    out += [f'    # KCSAN report outside xenhv (not failed): {h}' for h in others[:10]]
    out.append(f'    # {len(suites)} suites ran, {len(reports)} KCSAN reports, {len(ours)} in xenhv')
    for i, (name, findings) in enumerate(cases, 1):
        out += [f'    # {x}' for x in findings[:20]]
        out.append(f'    {"not ok" if findings else "ok"} {i} - {name}')
    failed = any(f for _, f in cases)
    out.append(f'{"not ok" if failed else "ok"} 1 - {args.suite}')
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('out')
    ap.add_argument('--expect', default='')
    ap.add_argument('--kcsan', action='store_true',
                    help='print one suite for a KCSAN kernel run')
    ap.add_argument('--suite', default='xenhv_kcsan',
                    help='the name of that suite')
    ap.add_argument('--note', action='append', default=[],
                    help='a line for the document\'s header, as a comment')
    ap.add_argument('logs', nargs='+')
    args = ap.parse_args()

    suites, splats = collect(args.logs)
    if args.kcsan:
        print('\n'.join(kcsan_suite(args, suites, splats)))
        return 0
    out, n = [], 0
    seen = set()
    for s, complete in suites:
        n += 1
        name = s['name'] or f'unnamed_{n}'
        seen.add(name)
        body = s['lines'][:-1] if complete else s['lines']
        out.extend(body)
        if complete:
            m = SUITE_END.match(s['lines'][-1])
            out.append(f'{m.group(1)} {n} - {name}{m.group(3)}')
        elif s.get('case') and not any(CASE_RESULT.match(l) and s['case'] in l
                                           for l in body):
            # The guest was stopped (or died) inside this case.
            k = sum(1 for l in body if CASE_RESULT.match(l)) + 1
            last = s.get('last') or 'no progress line'
            out.append(f'    # {s["case"]} hung or died; its last line: {last}')
            out.append(f'    not ok {k} - {s["case"]} # the guest was stopped inside it')
            out.append(f'not ok {n} - {name}')
        else:
            out.append(f'    not ok 999 - suite_cut_short # the log ends inside {name}')
            out.append(f'not ok {n} - {name}')
    for name in [e for e in args.expect.split(',') if e and e not in seen]:
        n += 1
        out += ['    KTAP version 1', f'    # Subtest: {name}', '    1..1',
                f'    not ok 1 - suite_ran # {name} printed nothing',
                f'not ok {n} - {name}']
    n += 1
    out += ['    KTAP version 1', '    # Subtest: xenhv_kernel_log', '    1..1']
    if splats:
        for s in splats[:20]:
            out.append(f'    # {s}')
        out.append('    not ok 1 - no_oops_bug_or_warn')
        out.append(f'not ok {n} - xenhv_kernel_log')
    else:
        out += ['    ok 1 - no_oops_bug_or_warn', f'ok {n} - xenhv_kernel_log']

    with open(args.out, 'w') as f:
        f.write('KTAP version 1\n')
        for note in args.note:
            f.write(f'# {note}\n')
        f.write(f'1..{n}\n')
        f.write('\n'.join(out) + '\n')
    return 0


if __name__ == '__main__':
    sys.exit(main())
