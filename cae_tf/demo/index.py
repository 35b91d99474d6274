"""The demo's ``index.html``: each step's command, what it printed and what it wrote, and the
class with what each hand-in scored."""
import html
import os

from cae_tf.demo.handins import CLASS
from cae_tf.grading.rows import read_rows

# What to open after each step, relative to the demo's folder.
OUTPUTS = {'Release': ['release/student/README.md', 'release/student/cae_student.ipynb',
                       'release/staff/rubric.json'],
           'Grade once, with the roster': ['grades/grades.csv', 'grades/roster_report.txt'],
           'Where hand-ins came from': ['similarity/index.html'],
           'The written answers': ['grades/review/index.html', 'ta_scores.csv'],
           'Gradebook': ['canvas.csv'],
           'Feedback with the written points': [],
           'Hand the pages back': ['canvas_feedback.zip']}
STYLE = ('body{font-family:sans-serif;max-width:1000px;margin:1em auto;padding:0 1em}'
         'pre{background:#f6f8fa;padding:.5em;overflow-x:auto}td,th{padding:2px 8px;'
         'text-align:left;border-bottom:1px solid #ddd}table{border-collapse:collapse}')


def _link(path):
    return '<a href="%s">%s</a>' % (html.escape(path), html.escape(path))


def _class_table(out_dir):
    grades = read_rows(os.path.join(out_dir, 'grades', 'grades.csv'))
    rows = ''
    for name, student, what in CLASS:
        row = grades.get(name, {})
        rows += ('<tr><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td><td>%s</td></tr>'
                 % (html.escape(student), html.escape(what), row.get('total', ''),
                    html.escape(row.get('status', '')),
                    _link('grades/feedback/%s.html' % name), _link('feedback/%s.html' % name)))
    return ('<table><tr><th>student</th><th>hand-in</th><th>code (of 100)</th><th>status</th>'
            '<th>grader\'s page</th><th>with written points</th></tr>%s</table>' % rows)


def write_index(out_dir, done, paths, n_iter):
    """Write ``out_dir/index.html`` from the steps ``done`` (title, shows, command, printed)."""
    body = ('<h1>The demo class: five hand-ins from release to feedback</h1><p>Each step below '
            'is a command you would type (with <code>.venv/bin/python -m cae_tf</code>); the '
            'hand-ins trained %d steps%s.</p>' % (
                n_iter, '' if n_iter == 5000 else ' (the homework asks 5000: part (5) loses its '
                'training checks)'))
    body += _class_table(out_dir)
    for number, (title, shows, command, printed) in enumerate(done, 1):
        body += ('<h2>%d. %s</h2><p>%s</p><pre>%s</pre>%s<p>%s</p>' % (
            number, html.escape(title), html.escape(shows), html.escape(command),
            '<pre>%s</pre>' % html.escape(printed.strip()[-3000:]) if printed.strip() else '',
            ' · '.join(_link(p) for p in OUTPUTS.get(title, []))))
    path = os.path.join(out_dir, 'index.html')
    with open(path, 'w', encoding='utf-8') as f:
        f.write('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>cae_tf demo class'
                '</title><style>%s</style></head><body>%s</body></html>\n' % (STYLE, body))
    return path
