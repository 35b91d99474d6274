"""A class of five, from release to feedback handed back: ``python -m cae_tf demo --out DIR``.

Each step is the command a TA would type (run as such, its output kept), so the
demo is also the README's quick start tested; ``DIR/index.html`` walks through what each step
wrote. The hand-ins are :mod:`cae_tf.demo.handins`; a TA's scores for the written answers are
filled in by the demo (full points for an answer, none for a blank).
"""
import os
import shlex
import subprocess
import sys

from cae_tf.demo.handins import CLASS, MISSING_STUDENT, write_class

STEPS = (  # (title, what it shows, the command's words after `python -m cae_tf`)
    ('Release', 'student/ is what students get (notebook, wheel, README); staff/ the key, the '
     'rubric and the Gradescope bundle.', ['release', '--out', '{release}']),
    ('Grade once, with the roster', 'grades.csv (a row per hand-in), feedback/ (a page per '
     'hand-in), roster_report.txt (who has no hand-in).',
     ['grade', '{hand_ins}', '--out', '{grades}', '--roster', '{roster}', '--jobs', '{jobs}']),
    ('Where hand-ins came from', 'index.html lists hand-ins alike to the 2020 solution or to '
     'each other: a reason to read both, not a finding.',
     ['similarity', '{hand_ins}', '--out', '{similarity}', '--template', '{template}']),
    ('The written answers', 'a page per discussion, each answer beside the student\'s figures, '
     'and scores.csv for the TA (the demo fills a copy: ta_scores.csv).',
     ['review', '{grades}', '--rubric', '{rubric}']),
    ('Gradebook', 'canvas.csv: import it into Canvas\'s gradebook (the column names the '
     'assignment; its total is code + written, out of 110).',
     ['export', '--grades', '{grades}', '--roster', '{roster}', '--format', 'canvas', '--out',
      '{canvas}', '--assignment', 'HW06 (1234)', '--written', '{scores}']),
    ('Feedback with the written points', 'a page per student: the total, what lost points, the '
     'figures beside the key\'s, the written answers with points and comments.',
     ['feedback', '--grades', '{grades}', '--written', '{scores}', '--out', '{feedback}']),
    ('Hand the pages back', 'a zip for Canvas\'s "Re-Upload Submissions": each page attaches to '
     'its student\'s submission.',
     ['handback', '--grades', '{grades}', '--platform', 'canvas', '--feedback', '{feedback}',
      '--out', '{handback}']),
)


def _paths(out_dir, jobs):
    at = lambda *names: os.path.join(out_dir, *names)  # noqa: E731
    return {'release': at('release'), 'hand_ins': at('hand-ins'), 'grades': at('grades'),
            'roster': at('roster.csv'), 'similarity': at('similarity'),
            'template': at('release', 'student', 'cae_student.ipynb'),
            'rubric': at('release', 'staff', 'rubric.json'), 'scores': at('ta_scores.csv'),
            'canvas': at('canvas.csv'), 'feedback': at('feedback'),
            'handback': at('canvas_feedback.zip'), 'jobs': str(jobs)}


def _run(words, paths):
    """Run ``python -m cae_tf WORDS`` as a TA would; return the command and what it printed."""
    argv = [w.format(**paths) for w in words]
    proc = subprocess.run([sys.executable, '-m', 'cae_tf'] + argv, capture_output=True,
                          text=True)
    command = 'python -m cae_tf ' + ' '.join(map(shlex.quote, argv))
    if proc.returncode != 0:
        raise ValueError('%s failed: %s' % (command, proc.stderr.strip()[-2000:]))
    return command, proc.stdout


def _fill_scores(grades_dir, scores_path):
    """A TA's sheet: full points for an answer, none for a blank or a missing one."""
    import json
    from cae_tf.grading import rows
    with open(os.path.join(grades_dir, 'review', 'scores.csv'), newline='',
              encoding='utf-8') as f:
        table = rows.read_csv(f)
    for row in table:
        with open(os.path.join(grades_dir, 'feedback', row['submission'] + '.json'),
                  encoding='utf-8') as f:
            found = json.load(f).get('discussions', {}).get(row['discussion'], {})
        answered = found.get('status') == 'answered'
        row['points'] = row['max'] if answered else '0'
        row['comment'] = 'clear and complete' if answered else 'no answer'
    with open(scores_path, 'w', newline='', encoding='utf-8') as f:
        rows.write_csv(f, [list(table[0])] + [list(row.values()) for row in table])


def _prepare(paths, n_iter):
    os.makedirs(paths['hand_ins'], exist_ok=True)
    write_class(paths['template'], paths['hand_ins'], n_iter)
    with open(paths['roster'], 'w', newline='', encoding='utf-8') as f:
        f.write('id,name,canvas_id\n')
        for name, student, _ in CLASS:
            f.write('%s,%s,%s\n' % (name.split('_')[1], student, name.split('_')[1]))
        f.write('%s,%s,%s\n' % (MISSING_STUDENT[0], MISSING_STUDENT[1], MISSING_STUDENT[0]))


def demo(out_dir, n_iter=5000, jobs=2, isolate=True):
    """Run the demo class into ``out_dir`` (a new folder); return ``out_dir/index.html``.

    ``isolate=False`` grades without the sandbox (where bubblewrap cannot run), as ``grade
    --no-sandbox`` does."""
    if os.path.exists(out_dir) and os.listdir(out_dir):
        raise ValueError('%s is not empty: the demo writes a folder of its own' % out_dir)
    paths, done = _paths(out_dir, jobs), []
    for title, shows, words in STEPS:
        if words[0] == 'grade':
            _prepare(paths, n_iter)
            words = words + ([] if isolate else ['--no-sandbox'])
        if words[0] == 'export':
            _fill_scores(paths['grades'], paths['scores'])
        done.append((title, shows) + _run(words, paths))
    from cae_tf.demo.index import write_index
    return write_index(out_dir, done, paths, n_iter)
