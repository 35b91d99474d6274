"""Every status the grader can write comes from :mod:`cae_tf.grading.statuses`, the list the
README's table of statuses is made from; so a status added anywhere else fails here.

The grading code is read with ``ast``: wherever a text becomes a status (a row's status, the
run's notes and limits, the probe's refusals, a left-out cell's reason), the expression must take
its text from the statuses module, or hold no text of its own (a variable carrying one that was
checked where it was made)."""
import ast
import os
import re

import pytest

from cae_tf.grading import statuses

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GRADING = os.path.join(ROOT, 'cae_tf', 'grading')
MODULE_NAMES = ('said', 'statuses')  # how the grading code imports the statuses module
STATUS_LISTS = ('notes', 'found')  # lists whose items become the row's status
ROW_STATUS_ARG = {'zero_row': 1, 'scored_row': 2}
REFUSALS = ('NotRead',)  # exceptions whose text is the row's status


def _name(node):
    return node.id if isinstance(node, ast.Name) else getattr(node, 'attr', None)


def _sinks(tree):
    """``(line, expression)`` of each place in ``tree`` where a text becomes a status."""
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = _name(node.func)
            if name in ROW_STATUS_ARG and len(node.args) > ROW_STATUS_ARG[name]:
                yield node.lineno, node.args[ROW_STATUS_ARG[name]]
            if name in ('append', 'extend') and _name(node.func.value) in STATUS_LISTS:
                yield from ((node.lineno, a) for a in node.args)
            if name in REFUSALS:
                yield from ((node.lineno, a) for a in node.args)
            yield from ((node.lineno, k.value) for k in node.keywords if k.arg == 'status')
        elif isinstance(node, ast.AugAssign) and _name(node.target) in STATUS_LISTS:
            yield node.lineno, node.value
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if _name(target) == 'status' or (isinstance(target, ast.Subscript)
                                                 and _name(target.value) == 'skip'):
                    yield node.lineno, node.value
                if _name(target) == 'LIMIT_ERRORS':  # (pattern, status) pairs
                    yield from ((node.lineno, pair.elts[1]) for pair in node.value.elts)


def _from_statuses(expression):
    return any(isinstance(n, ast.Attribute) and _name(n.value) in MODULE_NAMES
               for n in ast.walk(expression))


def _own_text(expression):
    """Whether ``expression`` holds text that can end up in its value (a key looked up or a
    text compared with does not)."""
    if isinstance(expression, ast.JoinedStr) or (isinstance(expression, ast.Constant)
                                                 and isinstance(expression.value, str)):
        return True
    if isinstance(expression, ast.Compare):
        return False
    if isinstance(expression, ast.Subscript):
        return _own_text(expression.value)
    return any(_own_text(child) for child in ast.iter_child_nodes(expression))


def _grading_files():
    for folder, _, names in os.walk(GRADING):
        for name in sorted(names):
            if name.endswith('.py') and name != 'statuses.py':
                yield os.path.join(folder, name)


def _scan():
    found, written_here = 0, []
    for path in _grading_files():
        with open(path, encoding='utf-8') as f:
            tree = ast.parse(f.read(), path)
        for line, expression in _sinks(tree):
            found += 1
            if _own_text(expression) and not _from_statuses(expression):
                written_here.append('%s:%d: %s' % (os.path.relpath(path, ROOT), line,
                                                   ast.unparse(expression)))
    return found, written_here


def test_every_status_text_comes_from_the_statuses_module():
    found, written_here = _scan()
    assert found >= 25, 'the scan found only %d places where statuses are made' % found
    assert written_here == [], ('a status written outside cae_tf/grading/statuses.py (add it '
                                'there, with its meaning and what to do):\n'
                                + '\n'.join(written_here))


def test_every_status_of_the_table_is_one_the_code_uses():
    used = set()
    for folder, _, names in os.walk(os.path.join(ROOT, 'cae_tf')):
        for name in names:
            if name.endswith('.py') and name != 'statuses.py':
                with open(os.path.join(folder, name), encoding='utf-8') as f:
                    used |= {n.attr for n in ast.walk(ast.parse(f.read()))
                             if isinstance(n, ast.Attribute) and _name(n.value) in MODULE_NAMES}
    names = {name for name, value in vars(statuses).items()
             if isinstance(value, statuses.Status)}
    assert {name for name in names if getattr(statuses, name) in statuses.ALL} == names
    assert names - used == set()


@pytest.mark.parametrize('status', statuses.ALL, ids=[s.text[:30] for s in statuses.ALL])
def test_each_status_says_what_it_means_and_what_to_do(status):
    assert status.meaning.endswith('.') and status.action.endswith('.')
    assert re.sub(r'\{\w+\}', '', status.text).strip(), 'a status of fields only'
    assert '|' not in status.text + status.meaning + status.action  # a table's cells
