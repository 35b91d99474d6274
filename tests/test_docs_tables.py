"""The documents hold exactly the generated tables: every command's flags (docs/flags.md) and the
statuses of grades.csv (README.md). A flag or a status added without its row fails here; after
such a change, ``python -m cae_tf.docs_tables`` writes them again."""
import os
import subprocess
import sys

import pytest

from cae_tf import docs_tables

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.mark.parametrize('name', sorted(docs_tables.TABLES))
def test_the_document_holds_exactly_the_generated_table(name):
    path, make = docs_tables.TABLES[name]
    with open(os.path.join(ROOT, path), encoding='utf-8') as f:
        held = docs_tables.region(f.read(), name)
    assert held is not None, '%s has no markers for the %s table' % (path, name)
    assert held == make(), ('%s: the %s table is stale; run python -m cae_tf.docs_tables'
                            % (path, name))


def test_every_flag_of_every_command_has_a_row():
    from cae_tf.__main__ import build_parser
    table = docs_tables.flags_table()
    for name, _, sub in docs_tables.commands(build_parser()):
        assert '## `%s`' % name in table
        for action in sub._actions:
            for flag in action.option_strings:
                if flag not in ('-h', '--help'):
                    assert '`%s' % flag in table, (name, flag)


def test_a_new_flag_changes_the_table(monkeypatch):
    from cae_tf import __main__ as main
    declare, run = main.COMMANDS['merge']

    def with_a_new_flag(commands):
        declare(commands)
        commands.choices['merge'].add_argument('--brand-new', help='not documented yet')
    monkeypatch.setitem(main.COMMANDS, 'merge', (with_a_new_flag, run))
    assert '`--brand-new BRAND_NEW` | - | not documented yet' in docs_tables.flags_table()


def test_the_tables_are_made_without_tensorflow():
    code = ('import sys; from cae_tf import docs_tables; docs_tables.flags_table(); '
            'docs_tables.statuses_table(); assert "tensorflow" not in sys.modules')
    subprocess.run([sys.executable, '-c', code], cwd=ROOT, check=True)
