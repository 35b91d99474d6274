"""The code's shape: one direction between the build side and the grade side, no import cycle
(function-local imports included), small functions and modules, and a command line that loads
the grader only to grade."""
import ast
import os
import subprocess
import sys

import pytest

import cae_tf

PACKAGE = os.path.dirname(os.path.abspath(cae_tf.__file__))
BUILD = ('cae_tf.release',)  # the build side: python -m cae_tf release / template, the bundle
GRADE = ('cae_tf.grading',)  # the grade side: what runs per submission and per batch
MAX_FUNCTION_LINES = 40
MAX_MODULE_LINES = 250
LONG_MODULES = {'cae_tf.handout.input_data'}  # TF1 kept it as one module; so does the hand-out


def _modules():
    """``{module name: path}`` of every module of the package."""
    found = {}
    for base, folders, names in os.walk(PACKAGE):
        folders[:] = [f for f in folders if f != '__pycache__']
        for name in names:
            if name.endswith('.py'):
                path = os.path.join(base, name)
                parts = os.path.relpath(path, os.path.dirname(PACKAGE))[:-3].split(os.sep)
                found['.'.join(parts[:-1] if parts[-1] == '__init__' else parts)] = path
    return found


def _tree(path):
    with open(path, encoding='utf-8') as f:
        return ast.parse(f.read(), path)


def _imports(path, modules):
    """The package's modules that ``path`` imports, anywhere in it (in functions too)."""
    found = set()
    for node in ast.walk(_tree(path)):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [node.module] + ['%s.%s' % (node.module, a.name) for a in node.names]
        else:
            continue
        found.update(name for name in names if name in modules)
    return found


def import_graph():
    modules = _modules()
    return {name: _imports(path, modules) - {name} for name, path in modules.items()}


def find_cycle(graph):
    """A list of modules that import one another in a ring, or None."""
    state, stack = {}, []

    def visit(node):
        state[node] = 'open'
        stack.append(node)
        for following in sorted(graph.get(node, ())):
            if state.get(following) == 'open':
                return stack[stack.index(following):] + [following]
            if following not in state:
                cycle = visit(following)
                if cycle:
                    return cycle
        state[node] = 'done'
        stack.pop()
        return None

    for node in sorted(graph):
        if node not in state:
            cycle = visit(node)
            if cycle:
                return cycle
    return None


def _within(name, prefixes):
    return any(name == p or name.startswith(p + '.') for p in prefixes)


def test_no_import_cycle():
    assert find_cycle(import_graph()) is None


def test_find_cycle_finds_one():
    """The control: a ring through a function-local import is found."""
    assert find_cycle({'a': {'b'}, 'b': {'c'}, 'c': {'a'}}) == ['a', 'b', 'c', 'a']
    assert find_cycle({'a': {'b'}, 'b': set()}) is None


def test_grade_side_never_imports_build_side():
    wrong = [(name, sorted(i for i in imported if _within(i, BUILD)))
             for name, imported in import_graph().items()
             if _within(name, GRADE) and any(_within(i, BUILD) for i in imported)]
    assert wrong == []


def test_handout_imports_only_handout():
    """What ships to students stands alone: no import of the solution, grader or evaluation."""
    wrong = [(name, sorted(imported)) for name, imported in import_graph().items()
             if _within(name, ('cae_tf.handout',))
             and not all(_within(i, ('cae_tf.handout',)) for i in imported)]
    assert wrong == []


def _functions(tree):
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            yield node


def test_functions_are_short():
    long = []
    for name, path in _modules().items():
        long += ['%s.%s: %d lines' % (name, f.name, f.end_lineno - f.lineno + 1)
                 for f in _functions(_tree(path))
                 if f.end_lineno - f.lineno + 1 > MAX_FUNCTION_LINES]
    assert long == []


def test_modules_are_short():
    long = []
    for name, path in _modules().items():
        with open(path, encoding='utf-8') as f:
            count = len(f.read().splitlines())
        if count > MAX_MODULE_LINES and name not in LONG_MODULES:
            long.append('%s: %d lines' % (name, count))
    assert long == []


@pytest.mark.parametrize('argv', [['--help'], ['run', '--help'], ['grade', '--help']])
def test_help_loads_no_grader(argv):
    """``python -m cae_tf ... --help`` imports nothing of cae_tf.grading (nor TensorFlow)."""
    code = ('import sys\nfrom cae_tf.__main__ import main\ntry:\n    main(%r)\n'
            'except SystemExit:\n    pass\n'
            'print(sorted(m for m in sys.modules if m.startswith(("cae_tf.grading", '
            '"tensorflow"))))' % (argv,))
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip().splitlines()[-1] == '[]'
