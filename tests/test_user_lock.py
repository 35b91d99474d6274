"""Two graders on one machine whose kernels run as the same unprivileged user: one that ends each
submission by killing every process of that user (unisolated, without cgroups: Gradescope's
container) must not kill the other's kernels. The machine's kernel-user lock
(``sandbox.user_lock``): shared by graders that find their submissions' processes by cgroup or pid
namespace, exclusive for one that kills the user's all."""
import os
import subprocess
import sys
import threading
import time

import nbformat
import pytest

from cae_tf.grading import batch, sandbox
from needs_sandbox import needs_sandbox

root_only = pytest.mark.skipif(os.geteuid() != 0, reason='the kernel user exists for root only')
HOLD = '''import os, sys, time
from cae_tf.grading import sandbox
with sandbox.user_lock(sys.argv[1] == 'exclusive', path=sys.argv[2]):
    open(sys.argv[3], 'w').close()
    while not os.path.exists(sys.argv[4]):
        time.sleep(0.05)
'''


class Holder:
    """Another grader's process holding the lock until ``release``."""

    def __init__(self, folder, exclusive, lock):
        self.held, self.done = str(folder / 'held'), str(folder / 'done')
        self.proc = subprocess.Popen([sys.executable, '-c', HOLD,
                                      'exclusive' if exclusive else 'shared', lock, self.held,
                                      self.done])
        deadline = time.monotonic() + 60
        while not os.path.exists(self.held):
            assert self.proc.poll() is None and time.monotonic() < deadline, 'holder failed'
            time.sleep(0.05)

    def release(self):
        open(self.done, 'w').close()
        assert self.proc.wait(timeout=30) == 0


def take(exclusive, lock):
    """Take the lock in a thread; return (thread, event set once held, what it logged)."""
    held, said = threading.Event(), []

    def run():
        with sandbox.user_lock(exclusive, said.append, path=lock):
            held.set()
    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, held, said


@root_only
@pytest.mark.parametrize('first, second, waits', [
    (False, True, True),  # a sandboxed batch runs: one that kills the user's all waits
    (True, False, True),  # and the other way round
    (True, True, True),
    (False, False, False),  # two sandboxed batches run together
])
def test_a_grader_that_kills_the_users_processes_waits_for_the_others(tmp_path, first, second,
                                                                        waits):
    lock = str(tmp_path / 'user.lock')
    holder = Holder(tmp_path, first, lock)
    thread, held, said = take(second, lock)
    try:
        assert held.wait(2) is not waits
        if waits:
            assert said and said[0].startswith('waiting for another grader on this machine')
        else:
            assert said == []
    finally:
        holder.release()
    assert held.wait(30)
    thread.join(30)
    assert os.stat(lock).st_mode & 0o777 == 0o600


@root_only
def test_a_lock_file_someone_else_made_is_refused_by_name(tmp_path):
    lock = tmp_path / 'user.lock'
    lock.write_text('')
    nobody = sandbox.kernel_user()
    os.chown(lock, *nobody)
    with pytest.raises(sandbox.SandboxError, match="user.lock is not root's"):
        with sandbox.user_lock(True, path=str(lock)):
            pass
    lock.unlink()
    os.symlink(tmp_path / 'elsewhere', lock)  # a link is not followed, nor made a lock
    with pytest.raises(OSError):
        with sandbox.user_lock(True, path=str(lock)):
            pass
    assert not (tmp_path / 'elsewhere').exists()


def test_a_grader_that_is_not_root_takes_no_lock(tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, 'kernel_user', lambda: None)
    with sandbox.user_lock(True, path=str(tmp_path / 'user.lock')):
        pass
    assert not (tmp_path / 'user.lock').exists()


def sleeper(seconds):
    """A hand-in whose part (2) earns n_input's points after ``seconds`` in its kernel."""
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell('(2) Define CAE structure'),
        nbformat.v4.new_code_cell('import time\ntime.sleep(%d)\nn_input = 784' % seconds)])
    nb.metadata['kernelspec'] = {'name': 'python3', 'display_name': 'Python 3',
                                 'language': 'python'}
    return nb


@root_only
@needs_sandbox
@pytest.mark.slow
def test_a_sandboxed_batchs_kernel_outlives_an_unisolated_batch_started_beside_it(tmp_path):
    """The failure seen when the tests first ran on two workers: Gradescope's fallback test
    (unisolated, no cgroups) killed every process of nobody at its submission's end, among them
    test_sandbox's kernels. Now the unisolated grader waits, and says so."""
    for name in ('sandboxed', 'unisolated'):
        (tmp_path / name).mkdir()
        os.chmod(tmp_path / name, 0o755)
    nbformat.write(sleeper(20), str(tmp_path / 'sandboxed' / 'slow.ipynb'))
    nbformat.write(sleeper(0), str(tmp_path / 'unisolated' / 'quick.ipynb'))
    (tmp_path / 'no-cgroups').mkdir()
    result = []
    thread = threading.Thread(target=lambda: result.append(batch.grade_batch(
        [str(tmp_path / 'sandboxed' / 'slow.ipynb')], str(tmp_path / 'sandboxed' / 'out'),
        log=None)))
    thread.start()
    time.sleep(8)  # its kernel is in the sleep by now (a preflight and a start take about 3 s)
    env = dict(os.environ, CAE_TF_CGROUP_ROOT=str(tmp_path / 'no-cgroups'))
    proc = subprocess.run([sys.executable, '-m', 'cae_tf', 'grade',
                           str(tmp_path / 'unisolated' / 'quick.ipynb'), '--out',
                           str(tmp_path / 'unisolated' / 'out'), '--no-sandbox'],
                          env=env, capture_output=True, text=True, timeout=300)
    thread.join(300)
    assert proc.returncode == 0, proc.stderr[-2000:]
    for name in ('sandboxed', 'unisolated'):
        row = batch.rows.read_rows(str(tmp_path / name / 'out' / 'grades.csv'))
        assert [r['part2'] for r in row.values()] == ['0.7'], row
    assert 'waiting for another grader on this machine' in proc.stdout
