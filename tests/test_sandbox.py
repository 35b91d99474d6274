"""Untrusted notebooks graded in the sandbox: every attack fails inside it, its row says which
limit bit, and the seed's solution graded in the same batch still scores 100."""
import csv
import os
import socket
import threading

import nbformat
import pytest

from cae_tf.grading import batch, sandbox
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


@pytest.fixture(scope='module')
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp('class')
    submissions, out = root / 'hand-ins', root / 'grades'
    submissions.mkdir()
    planted = submissions / 'planted.txt'
    planted.write_text('the answers')
    listener = Listener()
    grader_cwd = os.getcwd()
    attacks = {
        'network': attempt('import socket\nsocket.create_connection(("127.0.0.1", %d), '
                           'timeout=5)' % listener.port),
        'reads_planted': attempt('open(%r).read()' % str(planted)),
        'reads_other': attempt('open(%r).read()' % str(submissions / 'seed.ipynb')),
        'writes_out': attempt('os.makedirs(%r, exist_ok=True)\nopen(%r, "w").write("0")'
                              % (str(out), str(out / 'grades.csv'))),
        'writes_cwd': attempt('open(%r, "w").write("x")' % os.path.join(grader_cwd, 'pwned')),
        'memory': attempt('import numpy as np\nhog = np.ones(8 * 1024 ** 3 // 8)'),
        'fork': attempt('import os, time\nfor i in range(1000):\n    if os.fork() == 0:\n'
                        '        time.sleep(30)\n        os._exit(0)'),
        'prints': 'for i in range(50):\n    print("x" * %d)\nstopped, error = True, None' % MB,
        'big_file': attempt('open("big", "wb").write(b"x" * (200 * 1024 ** 2))'),
    }
    for name, code in attacks.items():
        nbformat.write(attack('import os\n' + code), str(submissions / (name + '.ipynb')))
    nbformat.write(submission(), str(submissions / 'seed.ipynb'))
    before = planted.read_text()
    try:
        batch.grade_batch(sorted(str(p) for p in submissions.glob('*.ipynb')), str(out), jobs=2,
                          log=None)
    finally:
        listener.close()
    with open(out / 'grades.csv', newline='') as f:
        rows = {row['submission']: row for row in csv.DictReader(f)}
    return rows, listener, planted, before, out, grader_cwd


N_INPUT_POINTS = '0.7'  # part (2): n_input's share of its 5 points


def test_the_seeds_solution_scores_100_beside_the_attacks(graded):
    rows = graded[0]
    assert rows['seed']['total'] == '100.0' and rows['seed']['status'] == 'ok'


@pytest.mark.parametrize('name', ['network', 'reads_planted', 'reads_other', 'writes_out',
                                  'writes_cwd', 'memory', 'fork', 'big_file'])
def test_each_attack_fails_inside_the_sandbox(graded, name):
    assert graded[0][name]['part2'] == N_INPUT_POINTS, graded[0][name]


def test_each_limit_that_bites_is_the_rows_status(graded):
    rows = graded[0]
    assert 'network refused' in rows['network']['status']
    assert 'memory limit' in rows['memory']['status']
    assert 'too many processes' in rows['fork']['status']
    assert 'output cut at 16 MB' in rows['prints']['status']
    assert 'file size limit' in rows['big_file']['status']
    assert len(rows) == 10 and all(row['status'] for row in rows.values())


def test_nothing_outside_was_touched(graded):
    rows, listener, planted, before, out, grader_cwd = graded
    assert listener.accepted == 0
    assert planted.read_text() == before
    assert not os.path.exists(os.path.join(grader_cwd, 'pwned'))
    with open(out / 'grades.csv') as f:
        assert f.readline().startswith('submission,part1')


def test_argv_hides_what_it_must_and_opens_the_way_to_the_interpreter(tmp_path):
    hidden = [str(tmp_path / 'hand-ins'), str(tmp_path / 'grades')]
    for folder in hidden:
        os.makedirs(folder)
    argv = sandbox.bwrap_argv(str(tmp_path / 'work'), [str(tmp_path / 'site')], hidden)
    pairs = list(zip(argv, argv[1:]))
    assert ('--tmpfs', hidden[0]) in pairs and ('--tmpfs', hidden[1]) in pairs
    assert ('--unshare-net', '--unshare-uts') in pairs or '--unshare-all' in argv
    assert argv[argv.index('--bind') + 1] == str(tmp_path / 'work')
    assert argv[-1] == '--'


def test_missing_bubblewrap_stops_grading_before_it_starts(tmp_path, monkeypatch):
    monkeypatch.setenv('PATH', str(tmp_path))  # no bwrap on it
    with pytest.raises(sandbox.SandboxError, match='apt-get install bubblewrap'):
        batch.grade_batch([str(tmp_path / 'a.ipynb')], str(tmp_path / 'out'), log=None)
    assert not (tmp_path / 'out').exists()
