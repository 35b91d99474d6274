"""One submission's worker process (cae_tf/grading/worker.py) and the batch that runs the
workers (cae_tf/grading/batch.py), their machinery without a kernel. Whole graded submissions:
test_grading_submissions.py, test_sandbox.py."""
import json
import os

import pytest

from cae_tf.grading import batch, worker
from cae_tf.grading.kernel import UNISOLATED, Options
from cae_tf.grading.rows import COLUMNS


def test_an_unreadable_hand_in_gets_a_zero_row_and_no_kernel(tmp_path):
    path = tmp_path / 'alice.ipynb'
    path.write_text('{"cells": [')
    row, results, figures = worker.grade_notebook(str(path))
    assert list(row) == COLUMNS and row['total'] == 0 and (results, figures) == ([], {})
    assert row['status'] == 'unreadable notebook: not valid JSON (line 1)'
    path.write_text('{"cells": [], "metadata": %s%s}' % ('[' * 100000, ']' * 100000))
    row, results, figures = worker.grade_notebook(str(path))  # the hand-in's fault, not ours
    assert row['status'] == 'unreadable notebook: nested too deeply to read' and row['total'] == 0
    folder = tmp_path / 'bob.ipynb'
    folder.mkdir()  # a hand-in that cannot be opened says so in the same words
    assert worker.grade_notebook(str(folder))[0]['status'] == 'unreadable notebook: Is a directory'


def test_a_fault_of_the_grader_still_writes_the_row_and_its_feedback(tmp_path, monkeypatch):
    def broken(*args):
        raise RuntimeError('probe cell lost')
    monkeypatch.setattr(worker, 'grade_notebook', broken)
    result = tmp_path / 'feedback' / 'bob.json'
    result.parent.mkdir()
    worker.main(str(tmp_path / 'bob.ipynb'), str(result), '300', '1800', UNISOLATED.to_json())
    row = json.loads(result.read_text())['row']
    assert row['status'] == 'grader error: RuntimeError: probe cell lost' and row['total'] == 0
    text = (tmp_path / 'feedback' / 'bob.txt').read_text()
    assert 'Traceback' in text and 'probe cell lost' in text
    assert (tmp_path / 'feedback' / 'bob.html').exists()


def test_options_travel_to_the_worker_whole():
    options = Options(True, UNISOLATED.limits, ('/hidden',), ('/data',), '/tmp/site')
    assert Options.from_json(options.to_json()) == options
    assert Options.from_json(UNISOLATED.to_json()).student_site is None


def test_the_batch_writes_the_students_environment_once_for_all_its_workers(tmp_path,
                                                                          monkeypatch):
    seen = []

    def fake_worker(path, out_dir, cell_timeout, budget, options):
        site = options.student_site
        seen.append((site, sorted(os.listdir(os.path.join(site, 'cae_tf')))))
        name = os.path.splitext(os.path.basename(path))[0]
        return dict({c: 0 for c in COLUMNS}, submission=name, status='ok')
    monkeypatch.setattr(batch, 'preflight', lambda options: None)
    monkeypatch.setattr(batch, '_grade_in_worker', fake_worker)
    paths = [str(tmp_path / ('s%d.ipynb' % i)) for i in range(3)]
    batch.grade_batch(paths, str(tmp_path / 'out'), jobs=2, log=None, isolate=False)
    assert len({site for site, _ in seen}) == 1 and len(seen) == 3
    assert seen[0][1] == ['__init__.py', 'handout']
    assert not os.path.exists(seen[0][0])  # removed when the batch is done


def test_a_worker_that_crashes_costs_its_own_row(tmp_path, monkeypatch):
    monkeypatch.setattr(batch.sys, 'executable', '/bin/sh')  # 'sh -m ...': exits 2 at once
    (tmp_path / 'out' / 'feedback').mkdir(parents=True)
    row = batch._grade_in_worker(str(tmp_path / 'carol.ipynb'), str(tmp_path / 'out'), 300, 60,
                                 UNISOLATED)
    assert row['status'].startswith('grader crashed (exit 2)') and row['total'] == 0
    assert (tmp_path / 'out' / 'feedback' / 'carol.txt').exists()


def test_every_row_the_graders_fault_stops_the_batch(tmp_path, monkeypatch):
    monkeypatch.setattr(batch, 'preflight', lambda options: None)
    monkeypatch.setattr(batch, '_grade_in_worker', lambda path, *rest: dict(
        {c: 0 for c in COLUMNS}, submission='x', status='grader error: boom'))
    with pytest.raises(batch.GraderFault, match='every submission failed'):
        batch.grade_batch([str(tmp_path / 'x.ipynb')], str(tmp_path / 'out'), log=None,
                          isolate=False)
