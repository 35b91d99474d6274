"""Students wherever they open the homework, from one release: its wheel installed with the
student README's own commands in stand-ins of the places they work, and a filled student notebook
run there from an empty folder, every part's check passing.

- Colab: a venv holding Colab's published package versions (this machine's Python 3.11, not
  Colab's 3.13); the README's ``%pip install`` changes none of them.
- A terminal (Linux/macOS) at the lowest versions the hand-out claims: the README's commands with
  pip held to each requirement's floor.
- A hub: an unprivileged user installs the wheel ``--user`` from a read-only copy of the release
  into a shared environment it cannot write, registers the kernel as the README says and runs the
  notebook in that kernel.

Each needs PyPI (TensorFlow and the rest): where the index cannot be reached, skipped saying so.
Training is cut to 1000 steps (enough for part (5)'s bar; the 5000-step run is the regression's).
"""
import os
import re
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

import nbformat
import pytest
from nbclient import NotebookClient

from cae_tf import notebook, release
from cae_tf.release import student_readme, wheel
from seed_fills import filled_student_notebook

pytestmark = pytest.mark.slow
# Colab's published package list (2026-08): google-colab pins ipykernel 6.17.1 and
# jupyter_client 7.4.9; Colab's Python is 3.13 (this machine has 3.11).
COLAB = ('tensorflow==2.20.0', 'numpy==2.1.3', 'matplotlib==3.10.0', 'ipykernel==6.17.1',
         'jupyter_client==7.4.9', 'notebook==6.5.7')
WHERE = 'import cae_tf, sys\nprint(cae_tf.__file__)\nprint(sys.version_info[:2])'


def _index_unreachable():
    proc = subprocess.run([sys.executable, '-m', 'pip', 'index', 'versions', 'tensorflow'],
                          capture_output=True, text=True, timeout=120)
    return None if proc.returncode == 0 else proc.stderr.strip()[-300:] or 'pip index failed'


@pytest.fixture(scope='module')
def shared():
    """A release and a folder every user may traverse (pytest's own is root's alone)."""
    if (reason := _index_unreachable()) is not None:
        pytest.skip('PyPI cannot be reached, so no environment can be installed: %s' % reason)
    base = tempfile.mkdtemp(prefix='cae-places-', dir='/tmp')
    os.chmod(base, 0o755)
    student, _ = release.release(os.path.join(base, 'release'))
    yield base, student
    shutil.rmtree(base, ignore_errors=True)


def filled(student):
    """The student notebook with the seed's code in its blanks, 1000 training steps, and a last
    cell saying which ``cae_tf`` the kernel imported."""
    nb = filled_student_notebook(os.path.join(student, 'cae_student.ipynb'))
    for cell in nb.cells:
        cell.source = cell.source.replace('n_iter = 5000', 'n_iter = 1000')
    nb.cells.append(nbformat.v4.new_code_cell(WHERE))
    return nb


def pip(python, *args, env=None):
    proc = subprocess.run([python, '-m', 'pip', *args, '--disable-pip-version-check'],
                          capture_output=True, text=True, timeout=1800, env=env)
    assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-3000:]
    return proc.stdout


def freeze(python):
    return sorted(pip(python, 'freeze', '--all').splitlines())


def run_in(nb, python, folder):
    """Run ``nb`` in a kernel of ``python`` started as Jupyter starts one, from ``folder``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(('PYTEST', 'PYTHON', 'TF_'))}
    with tempfile.TemporaryDirectory() as spec_dir:
        km = notebook.kernel_manager(spec_dir)
        km.kernel_spec.argv = [python, '-m', 'ipykernel_launcher', '-f', '{connection_file}']
        NotebookClient(nb, km=km, timeout=600, allow_errors=True,
                       resources={'metadata': {'path': folder}}).execute(env=env)
    return nb


def assert_every_check_passes(nb, site):
    """No cell failed, all nine checks report every check passed, ``cae_tf`` came from ``site``."""
    errors = [o for c in nb.cells if c.cell_type == 'code' for o in c.outputs
              if o.output_type == 'error']
    assert errors == [], '\n'.join(errors[0].traceback)[-3000:]
    reports = [''.join(o.get('text', '') for o in c.outputs) for c in nb.cells
               if c.cell_type == 'code' and c.source.startswith('check(')]
    assert len(reports) == 9
    for report in reports:
        passed, total = re.match(r'Part \d+: (\d+) of (\d+) checks passed', report).groups()
        assert passed == total, report
    where = nb.cells[-1].outputs[0].text.splitlines()[0]
    assert where.startswith(site) and where.endswith(os.path.join('cae_tf', '__init__.py')), where


def colab_install(base, student):
    """Colab's packages in a venv, then the README's ``%pip install``: the venv's python, the
    upload folder, ``pip freeze`` before and after."""
    venv = os.path.join(base, 'colab')
    subprocess.run([sys.executable, '-m', 'venv', venv], check=True)
    python = os.path.join(venv, 'bin', 'python')
    pip(python, 'install', '--quiet', *COLAB)
    before = freeze(python)
    content = os.path.join(base, 'content')  # Colab's /content: where uploads land, and the cwd
    os.makedirs(content)
    shutil.copy(os.path.join(student, wheel.WHEEL), content)
    (command,) = student_readme.commands('Google Colab')
    assert command == '%pip install /content/' + wheel.WHEEL
    pip(python, 'install', command.split()[-1].replace('/content', content))
    return python, content, before, freeze(python)


def floors():
    """Each of the wheel's requirements held to its floor's release (``tensorflow==2.16.*``)."""
    return [re.sub(r'>=([\d.]+)$', r'==\1.*', r) for r in wheel.REQUIREMENTS]


def terminal_install(base, student):
    """The README's terminal commands in a copy of the release, pip held to the floors; the
    folder."""
    folder = os.path.join(base, 'terminal')
    shutil.copytree(student, folder)
    constraints = os.path.join(base, 'floors.txt')
    with open(constraints, 'w', encoding='utf-8') as f:
        f.write('\n'.join(floors()) + '\n')
    env = dict(os.environ, PIP_CONSTRAINT=constraints)
    env.pop('PYTHONPATH', None)
    setup, install, lab = student_readme.commands('Linux or macOS')
    assert lab == '.venv/bin/jupyter lab cae_student.ipynb'
    for command in (setup, install):
        subprocess.run(command, shell=True, cwd=folder, env=env, check=True, timeout=1800,
                       capture_output=True)
    return folder


@pytest.fixture(scope='module')
def installed(shared):
    """Both environments installed at once (downloads and unpacking overlap)."""
    base, student = shared
    with ThreadPoolExecutor(max_workers=2) as pool:
        colab, terminal = pool.submit(colab_install, base, student), pool.submit(
            terminal_install, base, student)
        return colab.result(), terminal.result()


def test_colab_keeps_its_packages_and_runs_the_homework(shared, installed):
    base, student = shared
    python, content, before, after = installed[0]
    added = [line for line in after if line not in before]
    assert len(added) == 1 and added[0].startswith('cae_tf_handout @ file://'), added
    assert [line for line in before if line not in after] == []
    for pin in COLAB:
        assert pin.lower().replace('_', '-') in {line.lower().replace('_', '-') for line in after}
    nb = run_in(filled(student), python, content)
    assert_every_check_passes(nb, os.path.join(base, 'colab', 'lib'))


def test_a_terminal_at_the_lowest_versions_claimed_runs_the_homework(shared, installed):
    base, student = shared
    folder = installed[1]
    python = os.path.join(folder, '.venv', 'bin', 'python')
    versions = dict(line.split('==') for line in freeze(python) if '==' in line)
    for requirement in floors():
        name, release_ = requirement.split('==')
        assert versions[name].startswith(release_.rstrip('*')), (name, versions[name])
    assert os.path.exists(os.path.join(folder, '.venv', 'bin', 'jupyter'))  # for the third line
    empty = os.path.join(base, 'terminal-run')
    os.makedirs(empty)
    nb = run_in(filled(student), python, empty)
    assert_every_check_passes(nb, os.path.join(folder, '.venv', 'lib'))


def read_only_copy(folder, dest):
    shutil.copytree(folder, dest)
    for base, folders, names in os.walk(dest):
        for name in names:
            os.chmod(os.path.join(base, name), 0o444)
        os.chmod(base, 0o555)
    return dest


HUB_RUN = '''import sys, nbformat, nbclient
nb = nbformat.read(sys.argv[1], as_version=4)
nbclient.NotebookClient(nb, kernel_name=sys.argv[2], timeout=600, allow_errors=True,
                        resources={'metadata': {'path': sys.argv[3]}}).execute()
nbformat.write(nb, sys.argv[1])
'''


def hub_environment(base):
    """The hub's shared Python: a venv that allows user installs (system site packages on), with
    TensorFlow, Jupyter and the rest of this environment's packages reached through a .pth file;
    root's, so its users cannot write it."""
    venv = os.path.join(base, 'hub-python')
    subprocess.run([sys.executable, '-m', 'venv', '--system-site-packages', '--without-pip',
                    venv], check=True)
    site = next(os.path.join(root, 'site-packages') for root, folders, _ in
                os.walk(os.path.join(venv, 'lib')) if 'site-packages' in folders)
    with open(os.path.join(site, 'hub-packages.pth'), 'w', encoding='utf-8') as f:
        f.write('\n'.join(p for p in sys.path if p.endswith('site-packages')) + '\n')
    return venv, site


@pytest.mark.skipif(os.geteuid() != 0, reason='needs root, to act as an unprivileged user')
def test_a_hub_user_installs_from_a_read_only_release_and_runs_the_homework(shared):
    base, student = shared
    venv, site = hub_environment(base)
    release_copy = read_only_copy(student, os.path.join(base, 'course-share'))
    home = os.path.join(base, 'home')
    os.makedirs(home)
    nbformat.write(filled(student), os.path.join(home, 'cae_student.ipynb'))
    shutil.chown(home, 'nobody', 'nogroup')
    shutil.chown(os.path.join(home, 'cae_student.ipynb'), 'nobody', 'nogroup')
    env = {'PATH': os.path.join(venv, 'bin') + os.pathsep + os.environ['PATH'], 'HOME': home,
           'LANG': 'C.UTF-8'}
    as_user = ['setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups']
    install, kernel, copy = student_readme.commands('JupyterHub')
    assert copy == 'cp cae_student.ipynb ~/'  # the test wrote the filled copy there instead
    for command in (install, kernel):
        proc = subprocess.run(as_user + ['sh', '-c', command], cwd=release_copy, env=env,
                              capture_output=True, text=True, timeout=600)
        assert proc.returncode == 0, proc.stdout[-2000:] + proc.stderr[-2000:]
    assert not os.path.exists(os.path.join(site, 'cae_tf'))  # the shared Python is unchanged
    assert sorted(os.listdir(release_copy)) == sorted(os.listdir(student))  # nothing written
    proc = subprocess.run(as_user + [os.path.join(venv, 'bin', 'python'), '-c', HUB_RUN,
                                     'cae_student.ipynb', student_readme.KERNEL_NAME, home],
                          cwd=home, env=env, capture_output=True, text=True, timeout=1200)
    assert proc.returncode == 0, proc.stderr[-3000:]
    nb = nbformat.read(os.path.join(home, 'cae_student.ipynb'), as_version=4)
    assert_every_check_passes(nb, os.path.join(home, '.local', 'lib'))
