#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0
"""Check Documentation/: every RST file parses, and every test the mapping
table names (suite or case identifiers in its test column) exists in the
tests. Prints one finding per line; no output means clean."""
import glob
import os
import re
import sys

import docutils.core
import docutils.utils

top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
findings = []

for path in sorted(glob.glob(os.path.join(top, 'Documentation', '*.rst'))):
    text = open(path).read()
    # toctree is a Sphinx directive; plain docutils does not know it.
    text = re.sub(r'^\.\. toctree::.*?(?=^\S|\Z)', '', text, flags=re.S | re.M)
    try:
        docutils.core.publish_doctree(text, settings_overrides={
            'report_level': 2, 'halt_level': 2, 'warning_stream': False})
    except docutils.utils.SystemMessage as e:
        findings.append(f'{os.path.relpath(path, top)}: {e}')

sources = ''
for path in glob.glob(os.path.join(top, 'tests', '**', '*'), recursive=True):
    if os.path.isfile(path) and path.endswith(('.c', '.sh', '.py')):
        sources += open(path, errors='replace').read()

table = open(os.path.join(top, 'Documentation', 'hypercalls.rst')).read()
for name in sorted(set(re.findall(r'``(xenhv_[a-z0-9_]+)(?:\.\*|\(_again\))?``', table) +
                       re.findall(r'``xenhv_[a-z0-9_]+\.(xenhv_[a-z0-9_]+|[a-z0-9_]+)``', table))):
    if name not in sources:
        findings.append(f'Documentation/hypercalls.rst names test {name}, which does not exist')

if findings:
    print('\n'.join(findings))
sys.exit(0)
