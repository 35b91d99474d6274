"""Batch autograder: ``python -m cae_tf grade SUBMISSION.ipynb ... --out DIR``.

Each submission is graded by its own worker process (:mod:`cae_tf.grading.worker`). A worker that
dies or overruns its budget costs only its own row. Rows go to ``DIR/grades.csv`` as each
submission finishes, merged with the rows already there.
"""
import csv
import json
import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

from cae_tf.grading.worker import COLUMNS

def _read_rows(csv_path):
    if not os.path.exists(csv_path):
        return {}
    with open(csv_path, newline='') as f:
        return {row['submission']: row for row in csv.DictReader(f)}


def _columns(rows):
    """The CSV's columns: COLUMNS, and any part a row has beyond them (a course's own part)."""
    extra = {key for row in rows.values() for key in row if key not in COLUMNS}
    parts = sorted(extra, key=lambda key: int(key[4:]) if key[4:].isdigit() else 0)
    return COLUMNS[:-2] + parts + COLUMNS[-2:]


def _write_rows(csv_path, rows):
    tmp = csv_path + '.part'
    with open(tmp, 'w', newline='') as f:
        writer = csv.DictWriter(f, _columns(rows), extrasaction='ignore')
        writer.writeheader()
        for name in sorted(rows):
            writer.writerow(rows[name])
    os.replace(tmp, csv_path)


def _grade_in_worker(path, out_dir, cell_timeout, budget):
    """Run one worker process; a crash or overrun becomes a row with its status."""
    name = os.path.splitext(os.path.basename(path))[0]
    result = os.path.join(out_dir, 'feedback', name + '.json')
    command = [sys.executable, '-m', 'cae_tf.grading.worker', path, result, str(cell_timeout), str(budget)]
    if os.path.exists(result):
        os.remove(result)  # an earlier run's result must not stand in for this one
    try:
        proc = subprocess.run(command, capture_output=True, text=True, timeout=budget + 120)
        if proc.returncode == 0 and os.path.exists(result):
            with open(result) as f:
                return json.load(f)['row']
        status = 'grader crashed (exit %d): %s' % (
            proc.returncode, (proc.stderr.strip().splitlines() or [''])[-1][:150])
    except subprocess.TimeoutExpired:
        status = 'timed out after %d s' % (budget + 120)
    row = dict({c: 0 for c in COLUMNS[1:-1]}, submission=name, status=status)
    with open(os.path.join(out_dir, 'feedback', name + '.txt'), 'w') as f:
        f.write('%s: not graded: %s\n' % (name, status))
    return row


def grade_batch(paths, out_dir, jobs=1, cell_timeout=600, budget=1800, log=print):
    """Grade ``paths`` with ``jobs`` workers; merge rows into ``out_dir/grades.csv``."""
    os.makedirs(os.path.join(out_dir, 'feedback'), exist_ok=True)
    csv_path = os.path.join(out_dir, 'grades.csv')
    rows = _read_rows(csv_path)
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_grade_in_worker, os.path.abspath(p), out_dir, cell_timeout,
                               budget) for p in paths]
        for future in futures:
            row = future.result()
            rows[row['submission']] = row
            _write_rows(csv_path, rows)
            if log:
                log('%-30s %5.1f  %s' % (row['submission'], float(row['total']), row['status']))
    return csv_path
