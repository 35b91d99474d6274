"""The hand-out is portable by construction: a lint for unspecified encodings and POSIX-only
calls, a start-up filter that steps aside cleanly where it cannot run, and a newer TensorFlow
met with a notice rather than a refusal."""
import os
import shutil
import subprocess
import sys

import pytest

from cae_tf.handout import environment
from cae_tf.student_package import HANDOUT_DIR, PROJECT_ROOT

RUFF = shutil.which('ruff', path=os.path.dirname(sys.executable)) or shutil.which('ruff')


@pytest.mark.skipif(RUFF is None, reason='ruff is not installed (pip install -e ".[test]")')
def test_the_hand_out_passes_the_portability_lint_and_the_lint_sees_a_fault(tmp_path):
    proc = subprocess.run([RUFF, 'check', HANDOUT_DIR], capture_output=True, text=True,
                          cwd=PROJECT_ROOT)
    assert proc.returncode == 0, proc.stdout
    shutil.copy(os.path.join(PROJECT_ROOT, 'pyproject.toml'), tmp_path)
    (tmp_path / 'faults.py').write_text('import os\nimport fcntl\nos.getuid()\nopen("MANIFEST")\n',
                                        encoding='utf-8')
    proc = subprocess.run([RUFF, 'check', '--output-format', 'concise', 'faults.py'],
                          capture_output=True, text=True, cwd=tmp_path)
    assert sorted(line.split(': ')[1] for line in proc.stdout.splitlines()
                  if line.startswith('faults.py')) == ['banned-api', 'banned-api', 'unspecified-encoding']


def open_descriptors():
    return sorted(os.listdir('/proc/self/fd'))


@pytest.mark.parametrize('executable', [None, '', '/nonexistent/python3'])
def test_the_filter_steps_aside_without_a_python_to_start_and_leaks_nothing(monkeypatch,
                                                                          executable):
    before, stderr = open_descriptors(), os.fstat(2)
    monkeypatch.setattr(sys, 'executable', executable)
    with environment.startup_lines_dropped():
        inside = os.fstat(2)
    assert open_descriptors() == before
    assert (inside.st_ino, os.fstat(2).st_ino) == (stderr.st_ino, stderr.st_ino)


def test_the_filter_is_not_started_on_windows(monkeypatch):
    monkeypatch.setattr(environment.os, 'name', 'nt')
    started = []
    monkeypatch.setattr(environment, '_start_filter', lambda: started.append(1) or (None, None))
    with environment.startup_lines_dropped():
        pass
    assert started == []


def test_a_newer_tensorflow_gets_one_line_and_a_tested_one_none():
    assert environment.untested_tensorflow_notice('2.21.0') is None
    assert environment.untested_tensorflow_notice('2.16.2') is None
    notice = environment.untested_tensorflow_notice('2.22.0rc1')
    assert notice.count('\n') == 0 and '2.22.0rc1' in notice and '2.16-2.21' in notice
    assert environment.untested_tensorflow_notice('3.0.0') is not None


def test_the_tf1_switch_shows_the_notice_for_a_newer_tensorflow_and_still_loads():
    code = ('import tensorflow.compat.v1 as v1\nv1.__version__ = "2.99.0"\n'
            'from cae_tf.handout.compat import tf\nprint(tf.placeholder.__name__)\n')
    proc = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 0 and proc.stdout == 'placeholder\n', proc.stderr
    assert environment.untested_tensorflow_notice('2.99.0') in proc.stderr.splitlines()
