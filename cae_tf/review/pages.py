"""The review's pages: self-contained HTML, the students' text rendered as text.

Answers are rendered by :func:`cae_tf.grading.discussions.answer_html` (markdown-it-py, raw HTML
off: a ``<script>`` or an ``<img onerror>`` in an answer shows as text), and each page carries
a Content-Security-Policy that lets only its own script run and only inline images load.
"""
import base64
import hashlib
import html

from cae_tf.grading.discussions import DISCUSSIONS, answer_html
from cae_tf.grading.feedback import images_html

STYLE = '''body{font-family:sans-serif;max-width:1200px;margin:1em auto;padding:0 1em;color:#222}
article{border-top:1px solid #ccc;padding:.5em 0}.status{font-size:80%;padding:1px 6px;
border-radius:3px;background:#eee}.answered{background:#dcfce7}.unanswered,.missing{
background:#fee2e2}.answer{display:flex;gap:1em}.text{flex:1;min-width:20em}.figures{flex:1}
.figures img{max-width:48%;margin:2px;border:1px solid #eee}.score{margin:.5em 0}
textarea{width:100%;height:3em}.rubric{background:#f8fafc;padding:.5em 1em}'''
# Saves this page's scores as a CSV of the sheet's columns; a cell a spreadsheet would run as a
# formula gets a leading quote, as the grader's own CSVs do.
SCRIPT = '''document.getElementById('save').addEventListener('click', function () {
  function cell(v) {
    v = String(v);
    if (/^[=+\\-@\\t\\r']/.test(v) && !/^[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d+)?$/.test(v)) {
      v = "'" + v;
    }
    return /[",\\r\\n]/.test(v) ? '"' + v.replace(/"/g, '""') + '"' : v;
  }
  var lines = ['submission,discussion,max,points,comment'];
  document.querySelectorAll('article[data-submission]').forEach(function (a) {
    lines.push([a.dataset.submission, a.dataset.discussion, a.dataset.max,
                a.querySelector('input').value, a.querySelector('textarea').value]
               .map(cell).join(','));
  });
  var link = document.createElement('a');
  link.href = URL.createObjectURL(new Blob([lines.join('\\n') + '\\n'], {type: 'text/csv'}));
  link.download = document.body.dataset.sheet;
  link.click();
});'''


def _policy(script=''):
    digest = base64.b64encode(hashlib.sha256(script.encode()).digest()).decode()
    return ("default-src 'none'; img-src data:; style-src 'unsafe-inline'; script-src "
            "'sha256-%s'" % digest if script else "default-src 'none'; img-src data:; "
            "style-src 'unsafe-inline'")


def page(title, body, script='', sheet=''):
    """A whole page: ``body`` (HTML made here) and at most this module's own ``script``."""
    return ('<!DOCTYPE html>\n<html><head><meta charset="utf-8">'
            '<meta http-equiv="Content-Security-Policy" content="%s"><title>%s</title>'
            '<style>%s</style></head><body data-sheet="%s">%s%s</body></html>\n'
            % (_policy(script), html.escape(title), STYLE, html.escape(sheet), body,
               '<script>%s</script>' % script if script else ''))


def _article(entry, number, rubric, held):
    answer = entry.answers[number]
    points, comment = held.get((entry.name, str(number)), ('', ''))
    return ('<article data-submission="{name}" data-discussion="{n}" data-max="{max:g}">'
            '<h3>{name} <span class="status {status}">{status}</span></h3>'
            '<div class="answer"><div class="text">{text}</div><div class="figures">{figures}'
            '</div></div><div class="score"><label>Points (0-{max:g}) <input type="number" '
            'min="0" max="{max:g}" step="any" value="{points}"></label> <label>Comment '
            '<textarea>{comment}</textarea></label></div></article>').format(
        name=html.escape(entry.name), n=number, max=rubric.points, status=answer.status,
        text=answer_html(answer), figures=images_html(entry.figures.get(number, []), 'figure'),
        points=html.escape(points), comment=html.escape(comment))


def discussion_page(number, rubric, entries, key, sheet):
    """The page of discussion ``number``: the rubric, the key's figures, every answer beside
    the student's figures, and the scores already in ``sheet`` (rows of the scores sheet)."""
    held = {(r['submission'], r['discussion']): (r.get('points', ''), r.get('comment', ''))
            for r in sheet}
    criteria = ''.join('<li>%s</li>' % html.escape(c) for c in rubric.criteria)
    body = ('<h1>Discussion (%d): %g points</h1><section class="rubric"><h2>Rubric</h2>'
            '<ul>%s</ul></section><h2>The answer key\'s figures of part (%d)</h2>'
            '<div class="figures">%s</div><p>Give points and a comment to each answer, then '
            '<button id="save">save this page\'s scores as CSV</button>, or fill '
            '<code>scores.csv</code> in a spreadsheet. Give the sheets to <code>export '
            '--written</code>.</p>' % (number, rubric.points, criteria, number,
                                       images_html(key.get(number, []), 'answer key')))
    body += ''.join(_article(e, number, rubric, held) for e in entries)
    return page('Discussion (%d)' % number, body, SCRIPT, 'scores_discussion%d.csv' % number)


def index_page(entries, rubric, printed=()):
    """The review's index: each discussion's page with its counts, and the PDFs."""
    items = ''
    for number in DISCUSSIONS:
        counts = {}
        for entry in entries:
            status = entry.answers[number].status
            counts[status] = counts.get(status, 0) + 1
        items += '<li><a href="discussion%d.html">Discussion (%d)</a>, %g points: %s</li>' % (
            number, number, rubric[number].points,
            ', '.join('%d %s' % (c, s) for s, c in sorted(counts.items())))
    pdfs = ''.join('<li><a href="pdf/%s">%s</a></li>' % (html.escape(p), html.escape(p))
                   for p in printed)
    body = ('<h1>Written answers: %d hand-ins</h1><ul>%s</ul><p>Scores go in '
            '<code>scores.csv</code> (one row per hand-in and discussion; the pages save theirs '
            'as CSV too); <code>rubric.json</code> holds the points and criteria.</p>%s'
            % (len(entries), items, '<h2>One PDF per student</h2><ul>%s</ul>' % pdfs
               if pdfs else ''))
    return page('Written answers', body)
