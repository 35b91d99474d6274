"""Every command the README, DEVELOPERS.md and the pages of docs/ give is one the command line
takes: each fenced line that calls ``python -m cae_tf`` parses (its command and flags exist, its
values are of their type), and every ``make`` target they name exists."""
import os
import re
import shlex

import pytest

from cae_tf.__main__ import build_parser

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
DOCS = ['README.md', 'DEVELOPERS.md'] + sorted(
    os.path.join('docs', n) for n in os.listdir(os.path.join(ROOT, 'docs')) if n.endswith('.md'))


def fenced_lines(text):
    """The lines of the shell blocks (```bash) of markdown ``text``, continuations joined."""
    blocks = re.findall(r'^ *```(?:bash|sh|console)\n(.*?)^ *```', text,
                        re.MULTILINE | re.DOTALL)
    return [line.strip() for block in blocks for line in block.replace('\\\n', ' ').splitlines()
            if line.strip() and not line.strip().startswith('#')]


def cae_tf_commands(path):
    with open(os.path.join(ROOT, path), encoding='utf-8') as f:
        lines = fenced_lines(f.read())
    found = []
    for line in lines:
        if not re.search(r'python3? -m cae_tf\b', line):
            continue
        line = re.sub(r'\s+#.*$', '', line)  # a comment after the command
        words = shlex.split(re.sub(r'\s\[[^\]]*\]', '', line))  # [--optional flags] out
        found.append((path, words[words.index('cae_tf') + 1:]))
    return found


COMMANDS = [c for doc in DOCS for c in cae_tf_commands(doc)]


def test_the_readme_gives_commands_at_all():
    assert len([c for c in COMMANDS if c[0] == 'README.md']) >= 10
    assert any(c[0].startswith('docs') for c in COMMANDS)  # the pages of docs/ are read too


def test_every_command_shown_is_run_through_the_venv():
    """Staff copy the lines: each says which Python runs it, as `.venv/bin/python -m cae_tf`."""
    for doc in DOCS:
        with open(os.path.join(ROOT, doc), encoding='utf-8') as f:
            lines = fenced_lines(f.read())
        bare = [line for line in lines if re.search(r'(^|[\s;&|(])python3? -m cae_tf\b', line)
                or re.match(r'cae_tf\b', line)]
        assert bare == [], (doc, bare)


@pytest.mark.parametrize('path, argv', COMMANDS, ids=[' '.join(a)[:60] for _, a in COMMANDS])
def test_each_documented_command_parses(path, argv):
    argv = [a for a in argv if a not in ('...', '…')]
    try:
        build_parser().parse_args(argv)
    except SystemExit as e:
        pytest.fail('%s: python -m cae_tf %s does not parse (exit %s)' % (path, ' '.join(argv),
                                                                          e.code))


def test_every_make_target_named_exists():
    with open(os.path.join(ROOT, 'Makefile'), encoding='utf-8') as f:
        targets = set(re.findall(r'^([a-z][a-z-]*):', f.read(), re.MULTILINE))
    for doc in DOCS:
        with open(os.path.join(ROOT, doc), encoding='utf-8') as f:
            named = set(re.findall(r'`make ([a-z][a-z-]*)', f.read()))
        assert named <= targets, (doc, named - targets)
