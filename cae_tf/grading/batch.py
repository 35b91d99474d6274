"""Batch autograder: ``python -m cae_tf grade SUBMISSION.ipynb ... --out DIR``.

Each submission is graded by its own worker process (:mod:`cae_tf.grading.worker`). A worker that
dies or overruns its budget costs only its own row. Rows go to ``DIR/grades.csv`` as each
submission finishes, merged with the rows already there.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor

from cae_tf.grading import cgroups, feedback, rows, sandbox
from cae_tf.grading import statuses as said
from cae_tf.grading.kernel import Options
from cae_tf.grading.run import preflight
from cae_tf.limits import BUDGET, CELL_TIMEOUT, DEFAULT_LIMITS
from cae_tf.student_package import write_student_package

GRADER_FAULTS = said.GRADER_FAULTS


def _last_line(log, limit=4096):
    """The last line of a worker's log file, read from its end (the log may be large)."""
    log.seek(0, os.SEEK_END)
    log.seek(max(0, log.tell() - limit))
    return (log.read().decode('utf-8', 'replace').strip().splitlines() or [''])[-1][:150]


def _grade_in_worker(path, out_dir, cell_timeout, budget, options):
    """Run one worker process; a crash or overrun becomes a row with its status.

    The worker's output (and its kernel's, which may print without end) goes to a temporary
    file, never into this process's memory.
    """
    name = rows.submission_name(path)
    result = os.path.join(out_dir, 'feedback', name + '.json')
    command = [sys.executable, '-m', 'cae_tf.grading.worker', path, result, str(cell_timeout),
               str(budget), options.to_json()]
    if os.path.exists(result):
        os.remove(result)  # an earlier run's result must not stand in for this one
    with tempfile.TemporaryFile() as log:
        try:
            proc = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=log,
                                  timeout=budget + 120)
            if proc.returncode == 0 and os.path.exists(result):
                with open(result) as f:
                    return json.load(f)['row']
            status = said.GRADER_CRASHED.say(code=proc.returncode, line=_last_line(log))
        except subprocess.TimeoutExpired:
            status = said.TIMED_OUT.say(seconds=budget + 120)
    row = rows.zero_row(name, status)
    feedback.write(os.path.join(out_dir, 'feedback', name), name, row, [])
    return row


def grade_batch(paths, out_dir, jobs=1, cell_timeout=CELL_TIMEOUT, budget=BUDGET, log=print,
                isolate=True, limits=DEFAULT_LIMITS, readable=(), hidden=()):
    """Grade ``paths`` with ``jobs`` workers; merge rows into ``out_dir/grades.csv``.

    Each submission runs in the sandbox (:mod:`cae_tf.grading.sandbox`) with ``limits``, unless
    ``isolate`` is False (every row's status then says so); the submissions' folders and
    ``out_dir`` are hidden from it, and the ``hidden`` folders (a shard's: the whole class's),
    ``readable`` folders are not. Raises ``SandboxError`` or
    ``run.PreflightError`` before grading anything if it cannot isolate here or a kernel
    started as a submission's cannot run a trivial cell, and ``GraderFault`` after it when every
    row is the grader's fault.
    """
    if isolate:
        sandbox.check()
    out_dir = os.path.abspath(out_dir)
    paths = [os.path.abspath(p) for p in paths]
    hidden = {os.path.dirname(p) for p in paths} | {out_dir} | {os.path.abspath(h)
                                                                for h in hidden}
    kills_user = bool(not isolate and sandbox.kernel_user() and not cgroups.available())
    if kills_user:
        jobs = 1  # a detached process is found only as its user's, and the user is shared
    os.makedirs(os.path.join(out_dir, 'feedback'), exist_ok=True)
    site = tempfile.mkdtemp(prefix='cae_tf-handout-')  # the students' environment, for all
    try:
        options = Options(isolate, limits, tuple(sorted(hidden) + sandbox.project_paths()
                                                 + [os.path.expanduser('~')]),
                          tuple(os.path.abspath(r) for r in readable),
                          write_student_package(site))
        with sandbox.user_lock(kills_user, log):  # and other graders on this machine share it
            preflight(options)
            return _grade_all(paths, out_dir, jobs, (cell_timeout, budget, options), log)
    finally:
        shutil.rmtree(site, ignore_errors=True)


def _grade_all(paths, out_dir, jobs, how, log):
    """Grade ``paths`` in ``jobs`` worker processes (``how``: their cell timeout, budget and
    options), writing the CSV as each row arrives; return its path."""
    csv_path = os.path.join(out_dir, 'grades.csv')
    graded, faults = rows.read_rows(csv_path), []
    with ThreadPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(_grade_in_worker, p, out_dir, *how) for p in paths]
        for future in futures:
            row = future.result()
            graded[row['submission']] = row
            faults.append(row['status'].startswith(GRADER_FAULTS))
            rows.write_rows(csv_path, graded)
            if log:
                log('%-30s %5.1f  %s' % (row['submission'], float(row['total']), row['status']))
    if faults and all(faults):
        raise GraderFault('every submission failed for a fault of the grader; see %s' % csv_path)
    return csv_path


class GraderFault(RuntimeError):
    """Every row of a batch is the grader's fault, none a submission's."""
