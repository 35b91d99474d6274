"""The hand-out's wheel and the students' README: what the wheel holds and requires, that it
installs building nothing and offline, refuses a Python TensorFlow has no release for by naming
it, and that each place's commands in the README are well formed (the Windows ones by syntax:
no Windows here)."""
import ast
import base64
import csv
import hashlib
import io
import os
import re
import subprocess
import sys
import tomllib
import zipfile

import nbformat
import pytest
from packaging.requirements import Requirement

from cae_tf.release import student_readme, wheel
from cae_tf.student_package import HANDOUT_DIR, PROJECT_ROOT, write_student_package


@pytest.fixture(scope='module')
def built(tmp_path_factory):
    package = write_student_package(str(tmp_path_factory.mktemp('package')))
    return wheel.write_wheel(package, str(tmp_path_factory.mktemp('wheel'))), package


def test_the_wheel_is_the_same_bytes_each_time_and_never_written_over(built, tmp_path):
    path, package = built
    again = wheel.write_wheel(package, str(tmp_path))
    with open(path, 'rb') as a, open(again, 'rb') as b:
        assert a.read() == b.read()
    with pytest.raises(FileExistsError):
        wheel.write_wheel(package, str(tmp_path))


def test_every_file_is_recorded_with_its_hash(built):
    path, _ = built
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        record = archive.read('cae_tf_handout-0.1.0.dist-info/RECORD').decode()
        rows = {row[0]: row[1:] for row in csv.reader(io.StringIO(record))}
        assert sorted(rows) == sorted(names)
        for name in names:
            if not name.endswith('RECORD'):
                data = archive.read(name)
                digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b'=')
                assert rows[name] == ['sha256=' + digest.decode(), str(len(data))], name


def third_party_imports(folder):
    """The top-level modules outside the standard library that the modules in ``folder`` import."""
    found = set()
    for name in os.listdir(folder):
        if name.endswith('.py'):
            with open(os.path.join(folder, name), encoding='utf-8') as f:
                tree = ast.parse(f.read())
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    found.update(a.name.split('.')[0] for a in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    found.add(node.module.split('.')[0])
    return found - set(sys.stdlib_module_names) - {'cae_tf'}


def test_it_requires_what_the_hand_out_imports_with_the_projects_floors_and_no_ceiling(built):
    path, _ = built
    with zipfile.ZipFile(path) as archive:
        lines = archive.read('cae_tf_handout-0.1.0.dist-info/METADATA').decode().splitlines()
    requires = [Requirement(line.split(': ', 1)[1]) for line in lines
                if line.startswith('Requires-Dist: ')]
    base = {r.name: r for r in requires if r.marker is None}
    assert set(base) == third_party_imports(HANDOUT_DIR) == {'tensorflow', 'numpy', 'matplotlib'}
    for requirement in base.values():
        assert [s.operator for s in requirement.specifier] == ['>='], requirement  # no cap
    assert {r.name for r in requires if r.marker is not None} == {'jupyterlab', 'ipykernel'}
    assert 'Requires-Python: >=3.10,<3.14' in lines
    with open(os.path.join(PROJECT_ROOT, 'pyproject.toml'), 'rb') as f:
        staff = {Requirement(r).name: Requirement(r)
                 for r in tomllib.load(f)['project']['dependencies']}
    for name, requirement in base.items():  # the floors the project itself is tested from
        floor = next(s.version for s in requirement.specifier)
        assert floor in {s.version for s in staff[name].specifier if s.operator == '>='}, name


def test_it_installs_offline_building_nothing_with_the_settings_in_overrides_d(built, tmp_path):
    path, _ = built
    proc = subprocess.run([sys.executable, '-m', 'pip', 'install', '--no-index', '--no-deps',
                           '--prefix', str(tmp_path / 'env'), path],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    settings = tmp_path / 'env' / 'share' / 'jupyter' / 'lab' / 'settings'
    assert os.listdir(settings) == ['overrides.d']  # a site's overrides.json stays its own
    assert os.listdir(settings / 'overrides.d') == ['cae_tf_handout.json']
    site = next((tmp_path / 'env').glob('lib/python*/site-packages'))
    assert (site / 'cae_tf' / 'handout' / 'data' / 'mnist' / 'MANIFEST.json').is_file()


def test_a_python_outside_the_range_is_refused_naming_it(built, tmp_path, monkeypatch):
    """pip checks Requires-Python against the Python it runs under (not ``--python-version``),
    so the range is moved past this one: pip then names this Python and the range."""
    _, package = built
    outside = '>=3.%d,<3.14' % (sys.version_info.minor + 1)
    monkeypatch.setattr(wheel, 'REQUIRES_PYTHON', outside)
    path = wheel.write_wheel(package, str(tmp_path))
    proc = subprocess.run([sys.executable, '-m', 'pip', 'install', '--dry-run', '--no-index',
                           '--no-deps', '--target', str(tmp_path / 't'), path],
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    assert "requires a different Python: %d.%d.%d not in '%s'" % (
        *sys.version_info[:3], ','.join(reversed(outside.split(',')))) in proc.stderr, proc.stderr


def test_the_first_cell_names_the_wheel_the_release_writes():
    """(what it says where the hand-out is missing: tests/test_first_run.py)"""
    solution = os.path.join(PROJECT_ROOT, 'notebooks', 'cae_solution.ipynb')
    first = next(c.source for c in nbformat.read(solution, as_version=4).cells
                 if c.cell_type == 'code')
    assert "wheel = '%s'" % wheel.WHEEL in first


def test_each_place_has_its_commands():
    assert student_readme.commands('Linux or macOS') == [
        'python3 -m venv .venv', '.venv/bin/python -m pip install "%s[lab]"' % wheel.WHEEL,
        '.venv/bin/jupyter lab cae_student.ipynb']
    assert student_readme.commands('Google Colab') == ['%pip install /content/' + wheel.WHEEL]
    assert len(student_readme.commands('JupyterHub')) == 3
    for text in ('Restart Kernel and Run All', 'Select Kernel', 'no network',
                 'at most %d' % (student_readme.BUDGET // 60)):
        assert text in student_readme.STUDENT_README


def test_the_windows_commands_are_windows_syntax():
    """PowerShell and cmd alike: ``py`` (``python3`` is the Store's alias there), backslashes
    into ``.venv\\Scripts``, double quotes only (cmd keeps single quotes in the argument)."""
    commands = student_readme.commands('Windows')
    assert commands[0].startswith('py -3.') and commands[0].endswith(' -m venv .venv')
    for command in commands[1:]:
        program, _, rest = command.partition(' ')
        assert re.fullmatch(r'\.venv\\Scripts\\(python|jupyter)', program), command
    for command in commands:
        assert "'" not in command and '/' not in command and 'python3' not in command, command
        assert command.count('"') % 2 == 0, command
