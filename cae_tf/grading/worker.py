"""One submission, graded in its own process:
``python -m cae_tf.grading.worker NOTEBOOK RESULT CELL_TIMEOUT BUDGET OPTIONS``.

The worker runs the notebook in its kernel and probes it (:mod:`cae_tf.grading.run`), judges the
values in this process (:mod:`cae_tf.grading.scoring`), and writes ``RESULT`` (JSON: the CSV row,
every check's result, the discussions' answers and the worker's own peak memory) and the feedback
beside it (:mod:`cae_tf.grading.feedback`). ``OPTIONS`` is :class:`cae_tf.grading.kernel.Options`
as JSON.
"""
import json
import os
import resource
import sys
import traceback

from cae_tf.grading import discussions, feedback, rows, scoring, submission
from cae_tf.grading import statuses as said
from cae_tf.grading.kernel import UNISOLATED, Options
from cae_tf.grading.run import run_submission
from cae_tf.limits import BUDGET, CELL_TIMEOUT


def grade_notebook(path, cell_timeout=CELL_TIMEOUT, budget=BUDGET, options=UNISOLATED):
    """Grade one submission; return ``(row, results, figures)``. Runs in a worker process.

    The notebook runs in the students' environment: an import of staff code fails there, and
    the status names it. ``results`` lists every check as a dict (``part``, ``name``,
    ``points``, ``passed``, ``message``, ``measured``): what a platform shows per test;
    ``figures`` the figures the notebook showed, by part (:func:`feedback.images_by_part`).
    """
    name = rows.submission_name(path)
    try:
        nb = submission.read_submission(path)
    except OSError as e:  # gone or closed since the batch began: as unreadable as garbage
        return rows.zero_row(name, said.UNREADABLE.say(reason=e.strerror or str(e))), [], {}
    except ValueError as e:
        return rows.zero_row(name, str(e)), [], {}
    inputs, values, errors, notes = run_submission(nb, cell_timeout, budget, options)
    results = scoring.judge_parts(values, errors, inputs, submission.figures_by_part(nb))
    row = rows.scored_row(name, scoring.part_scores(results), submission.statuses(nb, notes))
    try:
        figures = feedback.images_by_part(nb)
    except Exception:  # the pictures are for the student's eyes; the grade stands without them
        figures = {}
    return row, [r._asdict() for r in results], figures


def read_answers(path):
    """The hand-in's discussions, ``{number: {'status': ..., 'text': ...}}`` (as JSON keys), for
    the people who grade them; ``{}`` where the notebook cannot be read."""
    try:
        nb = submission.read_submission(path)
    except (OSError, ValueError):
        return {}
    return {str(n): a._asdict() for n, a in discussions.find_answers(nb).items()}


def _write_feedback(base, row, results, figures):
    """Write the feedback files; return the traceback of a page that could not be made."""
    try:
        feedback.write(base, row['submission'], row, results, figures)
        return ''
    except Exception:  # a page that cannot be made costs the page, never the grade
        feedback.write(base, row['submission'], row, results, {})
        return traceback.format_exc()


def peak_mb():
    """This process's largest resident size so far, in MB (its kernel's is not counted).

    Read from /proc/self/status (VmHWM, the high-water mark of this program's own memory):
    getrusage's ru_maxrss is carried through fork and exec, so a worker started by a large
    process (a grader run inside a test session of 2.5 GB) would report its parent's size."""
    try:
        with open('/proc/self/status', encoding='ascii') as f:
            for line in f:
                if line.startswith('VmHWM:'):
                    return int(line.split()[1]) // 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def main(path, result_path, cell_timeout, budget, options):
    """Grade ``path``; write ``result_path`` (JSON) and the feedback files beside it."""
    base = os.path.splitext(result_path)[0]
    try:
        row, results, figures = grade_notebook(path, int(cell_timeout), int(budget),
                                               Options.from_json(options))
        problem = ''
    except Exception as e:  # a fault of the grader: the row says so, the batch goes on
        name = rows.submission_name(path)
        row = rows.zero_row(name, said.GRADER_ERROR.say(
            error='%s: %s' % (type(e).__name__, str(e)[:150])))
        results, figures, problem = [], {}, traceback.format_exc()
    problem += _write_feedback(base, row, results, figures)
    if problem:
        with open(base + '.txt', 'a') as f:
            f.write('\n' + problem)
    with open(result_path, 'w') as f:
        json.dump({'row': row, 'results': results, 'discussions': read_answers(path),
                   'worker_mb': peak_mb()}, f)


if __name__ == '__main__':
    main(*sys.argv[1:6])
