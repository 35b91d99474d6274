"""A class graded past one process: ``grade --shard K/N`` then ``merge``, and ``slurm`` on a real
one-node Slurm cluster started by the test (tests/slurm_cluster.py); both must give the rows one
batch gives, byte for byte.

The class: the seed's solution trained 200 steps (part (5) loses points: the other parts are
graded in full), the same with a wrong loss, the same with a syntax error in part (8), and a file
that is no notebook.
"""
import json
import os
import subprocess
import sys

import nbformat
import pytest

from needs_sandbox import needs_sandbox
from seed_submission import replace, submission
import slurm_cluster

pytestmark = [pytest.mark.slow, needs_sandbox]
SHORT = {5: replace(5, 'n_iter = 5000', 'n_iter = 200'),
         10: replace(10, 'nx = 20\nny = 20', 'nx = 5\nny = 5')}
CLASS = {'kim_01_HW06': {},
         'lee_02_HW06': {4: replace(4, 'tf.square(', 'tf.abs(')},
         'park_03_HW06': {8: replace(8, 'plt.figure(figsize = (18, 24))',
                                     'plt.figure(figsize = (18, 24)')}}
GRADE_OPTIONS = ['--timeout', '60', '--budget', '600']


def cae_tf(*argv, env=None, **kwargs):
    return subprocess.run([sys.executable, '-m', 'cae_tf', *argv], capture_output=True,
                          text=True, env=env, timeout=1200, **kwargs)


@pytest.fixture(scope='module')
def hand_ins(tmp_path_factory):
    folder = tmp_path_factory.mktemp('hand-ins')
    for name, edits in CLASS.items():
        nbformat.write(submission({**SHORT, **edits}), str(folder / (name + '.ipynb')))
    (folder / 'choi_04_HW06.ipynb').write_text('my notebook was lost, sorry')
    return folder


@pytest.fixture(scope='module')
def one_batch(hand_ins, tmp_path_factory):
    """The class graded in one batch: the rows every other way must give."""
    out = tmp_path_factory.mktemp('one-batch')
    done = cae_tf('grade', str(hand_ins), '--out', str(out), '--jobs', '2', *GRADE_OPTIONS)
    assert done.returncode == 0, done.stderr[-2000:]
    return out


def feedback(folder):
    """Every feedback file's name, and each submission's row and checks (part, name, points,
    passed). Not what was measured of the student's model: the seed's batches are not seeded, so
    its losses differ from run to run in the digits the feedback prints."""
    names = sorted(os.listdir(folder / 'feedback'))
    checks = {}
    for name in names:
        if name.endswith('.json') and not name.endswith('.figures.json'):
            record = json.loads((folder / 'feedback' / name).read_text())
            checks[name] = (record['row'], [(r['part'], r['name'], r['points'], r['passed'])
                                            for r in record['results']])
    return names, checks


def test_the_batch_graded_the_class(one_batch):
    table = (one_batch / 'grades.csv').read_text().splitlines()
    assert [line.split(',')[0] for line in table[1:]] == [
        'choi_04_HW06', 'kim_01_HW06', 'lee_02_HW06', 'park_03_HW06']
    assert 'not valid JSON' in table[1]
    totals = {line.split(',')[0]: float(line.split(',')[-2]) for line in table[1:]}
    assert totals['kim_01_HW06'] > totals['lee_02_HW06'] > 0


def test_two_shards_merged_equal_one_batch(hand_ins, one_batch, tmp_path):
    shards = [tmp_path / 'shard0', tmp_path / 'shard1']
    running = [subprocess.Popen([sys.executable, '-m', 'cae_tf', 'grade', str(hand_ins),
                                 '--shard', '%d/2' % k, '--out', str(folder), *GRADE_OPTIONS],
                                stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
               for k, folder in enumerate(shards)]
    outputs = [proc.communicate(timeout=1200)[0] for proc in running]
    assert [proc.returncode for proc in running] == [0, 0], outputs
    assert 'shard 0/2: 2 of 4 submissions' in outputs[0]
    merged = tmp_path / 'merged'
    done = cae_tf('merge', *map(str, shards), '--out', str(merged))
    assert done.returncode == 0, done.stderr
    assert (merged / 'grades.csv').read_bytes() == (one_batch / 'grades.csv').read_bytes()
    assert feedback(merged) == feedback(one_batch)
    # a re-queued task grades its shard again, into its folder: the same rows
    before = (shards[1] / 'grades.csv').read_bytes()
    done = cae_tf('grade', str(hand_ins), '--shard', '1/2', '--out', str(shards[1]),
                  *GRADE_OPTIONS)
    assert done.returncode == 0, done.stderr[-2000:]
    assert (shards[1] / 'grades.csv').read_bytes() == before
    done = cae_tf('merge', str(shards[1]), '--out', str(tmp_path / 'half'))
    assert done.returncode == 2 and 'shard 0 of 2 missing' in done.stderr


@pytest.mark.skipif(bool(slurm_cluster.unavailable()), reason=slurm_cluster.unavailable()
                    or 'Slurm runs here')
def test_slurm_array_and_merge_equal_one_batch(hand_ins, one_batch, tmp_path):
    with slurm_cluster.cluster(str(tmp_path / 'cluster')) as cluster:
        out = tmp_path / 'grades'
        done = cae_tf('slurm', str(hand_ins), '--out', str(out), '--array', '2',
                      *GRADE_OPTIONS, env=cluster.env, cwd=str(tmp_path))
        assert done.returncode == 0, done.stderr
        follow = done.stdout.split('squeue -j ', 1)[1].split()[0]
        assert 'sacct -j %s' % follow in done.stdout
        cluster.wait_done(follow.split(','), timeout=1200)
        logs = {n: (out / 'slurm' / n).read_text() for n in os.listdir(out / 'slurm')
                if n.endswith('.out')}
        assert len(logs) == 3, logs  # two tasks and the merge
        assert (out / 'grades.csv').exists(), logs
        assert (out / 'grades.csv').read_bytes() == (one_batch / 'grades.csv').read_bytes()
        assert feedback(out) == feedback(one_batch)
        assert sorted(os.listdir(out / 'shards')) == ['0', '1']
