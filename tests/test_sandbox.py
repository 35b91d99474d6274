"""Untrusted notebooks graded in the sandbox: every attack fails inside it, its row says which
limit bit, nothing it leaves behind outlives it, and the seed's solution graded in the same batch
still scores 100."""
import csv
import os
import shutil
import socket
import sys
import tempfile
import threading

import nbformat
import pytest

from cae_tf.grading import batch, sandbox
from cae_tf.grading.workspace import Workspace
from cae_tf.limits import DEFAULT_LIMITS
from leftovers import running_with
from needs_sandbox import needs_sandbox
from seed_submission import submission

pytestmark = [pytest.mark.slow, needs_sandbox]
MB = 1024 ** 2


def attack(code):
    """A submission whose part (2) earns n_input's points only if ``code`` sets ``stopped``;
    the error that stopped it is raised again, so that it shows in the cell's output."""
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell('(2) Define CAE structure'),
        nbformat.v4.new_code_cell(code + '\nn_input = 784 if stopped else 0\n'
                                  'if stopped and error is not None:\n    raise error')])
    nb.metadata['kernelspec'] = {'name': 'python3', 'display_name': 'Python 3',
                                 'language': 'python'}
    return nb


def attempt(code):
    """Code whose ``stopped`` is True when ``code`` raised (the sandbox refused it)."""
    body = '\n'.join('    ' + line for line in code.splitlines())
    return ('error = None\ntry:\n%s\n    stopped = False\nexcept Exception as e:\n'
            '    stopped, error = True, e' % body)


class Listener:
    """A TCP port on 127.0.0.1 that counts the connections it accepts."""

    def __init__(self):
        self.server = socket.socket()
        self.server.bind(('127.0.0.1', 0))
        self.server.listen()
        self.server.settimeout(0.2)
        self.port, self.accepted, self.running = self.server.getsockname()[1], 0, True
        self.thread = threading.Thread(target=self.serve, daemon=True)
        self.thread.start()

    def serve(self):
        while self.running:
            try:
                self.server.accept()[0].close()
                self.accepted += 1
            except OSError:
                continue

    def close(self):
        self.running = False
        self.thread.join()
        self.server.close()


MARKER = 'cae_tf-test-detached-%d' % os.getpid()
SECRET = 'TOPSECRET-%d' % os.getpid()
HOLD_TOGETHER = '''import select, time
r, w = os.pipe()
kids = []
for i in range(3):  # 3 x 1.6 GB: each under the address-space limit, together past --memory
    pid = os.fork()
    if pid == 0:
        block = bytearray(1600 * 1024 ** 2)
        block[::4096] = b'x' * len(block[::4096])
        os.write(w, b'k')
        time.sleep(30)
        os._exit(0)
    kids.append(pid)
got, deadline = b'', time.time() + 60
while len(got) < 3 and time.time() < deadline:
    if select.select([r], [], [], 1)[0]:
        got += os.read(r, 3)
# one that said it held its memory may have been killed for the next one's since: alive only count
alive = [pid for pid in kids if os.waitpid(pid, os.WNOHANG) == (0, 0)]
for pid in kids:
    try:
        os.kill(pid, 9)
    except OSError:
        pass
if len(got) < 3 or len(alive) < 3:
    raise MemoryError('only %d of 3 children held their memory together'
                      % min(len(got), len(alive)))'''
# a thread of the kernel's own (no cleanup kills it before the kernel ends) that keeps planting
# links to a root-only file where the probe's files go, after the probe too
LINKS = '''import threading, time
def plant():
    while True:
        for name in ('errors.json', 'values.npz'):
            try:
                os.remove(name)
            except OSError:
                pass
            try:
                os.symlink(%r, name)
            except OSError:
                pass
        time.sleep(0.005)
threading.Thread(target=plant, daemon=True).start()
stopped, error = True, None'''
DETACHED = '''import subprocess, sys
subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)', %r],
                 start_new_session=True)
stopped, error = True, None'''
DISK = '''for i in range(20):  # 64 MB files, each under --file-size, half in /tmp: 1.3 GB
    with open(('/tmp/f%d' if i % 2 else 'f%d') % i, 'wb') as f:
        f.write(b'x' * (64 * 1024 ** 2))'''


def outside_files():
    """A world-readable staff file outside every folder the kernel may see, and a root-only one
    whose content must never show in a submission's feedback."""
    folder = tempfile.mkdtemp(dir='/var/tmp', prefix='cae_tf-test-')
    os.chmod(folder, 0o755)
    key, secret = os.path.join(folder, 'key.txt'), os.path.join(folder, 'secret.txt')
    with open(key, 'w') as f:
        f.write('the answer key')
    os.chmod(key, 0o644)
    with open(secret, 'w') as f:
        f.write(SECRET)
    os.chmod(secret, 0o600)
    return folder, key, secret


@pytest.fixture(scope='module')
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp('class')
    submissions, out = root / 'hand-ins', root / 'grades'
    submissions.mkdir()
    planted = submissions / 'planted.txt'
    planted.write_text('the answers')
    listener = Listener()
    grader_cwd = os.getcwd()
    folder, key, secret = outside_files()
    os.environ['CAE_TF_GRADER_SECRET'] = SECRET
    attacks = {
        'network': attempt('import socket\nsocket.create_connection(("127.0.0.1", %d), '
                           'timeout=5)' % listener.port),
        'reads_planted': attempt('open(%r).read()' % str(planted)),
        'reads_other': attempt('open(%r).read()' % str(submissions / 'seed.ipynb')),
        # lands in the kernel's private /tmp at most: test_nothing_outside_was_touched
        'writes_out': attempt('os.makedirs(%r, exist_ok=True)\nopen(%r, "w").write("0")'
                              % (str(out), str(out / 'grades.csv'))),
        'writes_cwd': attempt('open(%r, "w").write("x")' % os.path.join(grader_cwd, 'pwned')),
        'memory': attempt('import numpy as np\nhog = np.ones(8 * 1024 ** 3 // 8)'),
        'fork': attempt('import os, time\nfor i in range(1000):\n    if os.fork() == 0:\n'
                        '        time.sleep(30)\n        os._exit(0)'),
        'prints': 'for i in range(50):\n    print("x" * %d)\nstopped, error = True, None' % MB,
        'big_file': attempt('open("big", "wb").write(b"x" * (200 * 1024 ** 2))'),
        'env': attempt('os.environ["CAE_TF_GRADER_SECRET"]'),
        'reads_outside': attempt('open(%r).read()' % key),
        'memory_together': attempt(HOLD_TOGETHER),
        'disk_total': attempt(DISK),
        'links': LINKS % secret,
        'detached': DETACHED % MARKER,
    }
    for name, code in attacks.items():
        nbformat.write(attack('import os\n' + code), str(submissions / (name + '.ipynb')))
    nbformat.write(submission(), str(submissions / 'seed.ipynb'))
    before = planted.read_text()
    try:
        batch.grade_batch(sorted(str(p) for p in submissions.glob('*.ipynb')), str(out), jobs=2,
                          log=None)
        left = running_with(MARKER)
    finally:
        listener.close()
        del os.environ['CAE_TF_GRADER_SECRET']
        shutil.rmtree(folder)
    with open(out / 'grades.csv', newline='') as f:
        rows = {row['submission']: row for row in csv.DictReader(f)}
    return rows, listener, planted, before, out, grader_cwd, left


N_INPUT_POINTS = '0.7'  # part (2): n_input's share of its 5 points


def test_the_seeds_solution_scores_100_beside_the_attacks(graded):
    rows = graded[0]
    assert rows['seed']['total'] == '100.0' and rows['seed']['status'] == 'ok'


@pytest.mark.parametrize('name', ['network', 'reads_planted', 'reads_other', 'writes_cwd',
                                  'memory', 'fork', 'big_file', 'env', 'reads_outside',
                                  'memory_together', 'disk_total'])
def test_each_attack_fails_inside_the_sandbox(graded, name):
    assert graded[0][name]['part2'] == N_INPUT_POINTS, graded[0][name]


def test_each_limit_that_bites_is_the_rows_status(graded):
    rows = graded[0]
    assert 'network refused' in rows['network']['status']
    assert 'memory limit' in rows['memory']['status']
    assert 'too many processes' in rows['fork']['status']
    assert 'output of cell 1 cut at 16 MB' in rows['prints']['status']
    assert 'file size limit' in rows['big_file']['status']
    assert 'memory limit' in rows['memory_together']['status']
    assert 'disk limit' in rows['disk_total']['status']
    assert len(rows) == 16 and all(row['status'] for row in rows.values())


def test_links_planted_for_the_grader_are_not_followed(graded):
    rows, out = graded[0], graded[4]
    assert 'symbolic link' in rows['links']['status'], rows['links']
    for name in os.listdir(out / 'feedback'):
        assert SECRET not in (out / 'feedback' / name).read_text(errors='replace')


def test_no_process_outlives_its_submission(graded):
    assert graded[6] == []


def test_nothing_outside_was_touched(graded):
    rows, listener, planted, before, out, grader_cwd, _ = graded
    assert listener.accepted == 0
    assert planted.read_text() == before
    assert not os.path.exists(os.path.join(grader_cwd, 'pwned'))
    with open(out / 'grades.csv') as f:
        assert f.readline().startswith('submission,part1')


def test_argv_binds_only_what_the_kernel_needs(tmp_path):
    """Deny by default: no bind of the host's root; the interpreter wherever it is; the
    workspace the only writable binds."""
    workspace = Workspace(DEFAULT_LIMITS.disk)
    try:
        site = str(tmp_path / 'site')
        argv = sandbox.bwrap_argv(workspace, [site], sandbox.project_paths())
    finally:
        workspace.close()
    triples = list(zip(argv, argv[1:], argv[2:]))
    assert ('--ro-bind', '/', '/') not in triples
    assert ('--unshare-net', '--unshare-uts') in zip(argv, argv[1:]) or '--unshare-all' in argv
    binds = [(a, b) for a, b, c in triples if a in ('--bind', '--ro-bind') and b == c]
    assert ('--ro-bind', sys.prefix) in binds and ('--ro-bind', site) in binds
    assert [b for a, b in binds if a == '--bind'] == [workspace.work]
    assert ('--bind', workspace.tmp, '/tmp') in triples
    allowed = set(sandbox.interpreter_paths()) | {site, workspace.work}
    assert all(b in allowed or b.startswith(('/usr', '/etc/')) for _, b in binds), binds
    assert argv[-1] == '--'


def test_missing_bubblewrap_stops_grading_before_it_starts(tmp_path, monkeypatch):
    monkeypatch.setenv('PATH', str(tmp_path))  # no bwrap on it
    with pytest.raises(sandbox.SandboxError, match='apt-get install bubblewrap'):
        batch.grade_batch([str(tmp_path / 'a.ipynb')], str(tmp_path / 'out'), log=None)
    assert not (tmp_path / 'out').exists()
