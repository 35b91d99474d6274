"""What a kernel sends is bounded in the grader's memory by design: one hostile hand-in per path
a kernel has into the grader's worker (the probe's file, streams, displays, display updates in
place, results, widget messages), each graded in the sandbox, and the worker's own peak memory
(``getrusage`` of its process, its kernel not counted) is under ``WORKER_CEILING_MB``, the
ceiling ``slurm`` sizes a task on. Also: a kernel that lies about its model earns nothing for it."""
import json

import nbformat
import pytest

from cae_tf.grading import batch
from cae_tf.limits import SEED_GRADING, WORKER_CEILING_MB
from needs_sandbox import needs_sandbox
from seed_submission import replace, submission

pytestmark = [pytest.mark.slow, needs_sandbox]
MB = 1024 ** 2

BOMB = '''import numpy, zipfile
def savez(path, **values):  # the probe's values.npz: 1 GiB of zeros in 1 MB
    with zipfile.ZipFile(path, 'w', zipfile.ZIP_DEFLATED) as archive:
        with archive.open('5:x.npy', 'w', force_zip64=True) as member:
            numpy.lib.format.write_array_header_1_0(member, {
                'descr': '|u1', 'fortran_order': False, 'shape': (1024 ** 3,)})
            for i in range(1024):
                member.write(bytes(1024 ** 2))
numpy.savez = savez'''
# each cell under the per-cell limit (16 MB), 70 of them: 1 GB, more than the worker's ceiling
FLOODS = {
    'streams': 'print("x" * (15 * 1024 ** 2))',
    'displays': 'display({"text/plain": "x" * (15 * 1024 ** 2)}, raw=True)',
    'results': '"x" * (15 * 1024 ** 2)',
}
UPDATES = '''handles = [display("x", display_id=True) for i in range(60)]
for handle in handles:  # sixty tiny displays, each replaced in place by 20 MB: 1.2 GB
    handle.update("y" * (20 * 1024 ** 2))'''
HUGE_UPDATE = '''handle = display("x", display_id=True)
for i in range(3):  # one message past what the client takes at once (32 MB)
    handle.update("y" * (100 * 1024 ** 2))'''
COMMS = '''from comm import create_comm
widget = create_comm(target_name="jupyter.widget", data={"state": {}})
for i in range(120):  # 1.2 GB of widget state, every update a key of its own
    widget.send({"method": "update", "state": {"v%d" % i: "x" * (10 * 1024 ** 2)}})'''
# part (5) trained 20 steps, its decoder handing back the test set when given 10000 rows
LIAR = replace(5, 'n_iter = 5000', 'n_iter = 20') + '''
_own_decoder = decoder
def decoder(latent, weights, biases, label):
    if latent.shape[0] == 10000:
        return tf.constant(test_imgs)
    return _own_decoder(latent, weights, biases, label)'''


def hostile(cells):
    """A hand-in of part (2) whose code cells are ``cells``."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell('(2) Define CAE')] + [
        nbformat.v4.new_code_cell(source) for source in cells])
    nb.metadata['kernelspec'] = {'name': 'python3', 'display_name': 'Python 3',
                                 'language': 'python'}
    return nb


HAND_INS = dict({name: hostile([code] * 70) for name, code in FLOODS.items()},
                npz_bomb=hostile([BOMB]), updates=hostile([UPDATES]),
                huge_update=hostile([HUGE_UPDATE, 'n_input = 784']), comms=hostile([COMMS]))


@pytest.fixture(scope='module')
def graded(tmp_path_factory):
    root = tmp_path_factory.mktemp('hostile')
    (root / 'hand-ins').mkdir()
    for name, nb in dict(HAND_INS, liar=submission({5: LIAR})).items():
        nbformat.write(nb, str(root / 'hand-ins' / (name + '.ipynb')))
    batch.grade_batch(sorted(str(p) for p in (root / 'hand-ins').glob('*.ipynb')),
                      str(root / 'grades'), jobs=2, cell_timeout=120, log=None)
    return {name: json.loads((root / 'grades' / 'feedback' / (name + '.json')).read_text())
            for name in list(HAND_INS) + ['liar']}


@pytest.mark.parametrize('name', sorted(HAND_INS) + ['liar'])
def test_the_workers_memory_stays_under_its_ceiling(graded, name):
    result = graded[name]
    assert not result['row']['status'].startswith(batch.GRADER_FAULTS), result['row']
    print('%s: worker peak %d MB' % (name, result['worker_mb']))
    assert SEED_GRADING.worker_mb / 2 < result['worker_mb'] < WORKER_CEILING_MB


def test_floods_are_cut_and_the_row_says_so(graded):
    for name in FLOODS:  # four cells of 15 MB kept, then 64 MB in all were sent
        assert graded[name]['row']['status'] == ('missing parts: 1, 3, 4, 5, 6, 7, 8, 9, 10; '
                                                 'text output cut at 64 MB in all from cell 5')
    assert 'output of cell 1 cut at 16 MB' in graded['updates']['row']['status']
    assert graded['npz_bomb']['row']['status'] == (
        'missing parts: 1, 3, 4, 5, 6, 7, 8, 9, 10; values.npz would inflate past 64 MB or '
        '4096 arrays: not read')
    # the messages dropped whole cut their cell, and cost nothing of what came after them
    assert 'output of cell 1 cut at 16 MB' in graded['huge_update']['row']['status']
    assert graded['huge_update']['row']['part2'] > 0


def test_a_kernel_lying_about_its_model_earns_nothing_for_it(graded):
    """An untrained model whose decoder returns the test set: the grader measures it itself."""
    checks = {(r['part'], r['name']): r for r in graded['liar']['results']}
    trained = checks[(5, 'trained model')]
    assert not trained['passed'] and float(trained['measured'].split(': ')[1].split()[0]) > 0.06
    assert graded['liar']['row']['part5'] < 20
