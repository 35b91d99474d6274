"""What a student gets back for a graded notebook: a text and a page (HTML, self-contained).

The page has the total, each part's checks (points, what failed, the sentence of the notebook the
check enforces, what the grader measured of the student's own model where it helps) and, for the
parts graded by their pictures, the figures the student's notebook showed beside the answer key's
(recorded in the solution notebook, packaged as ``data/answer_key_figures.npz`` by
``python -m cae_tf record``). It is built from the check results, the parts' records and images
only: no solution code, none of the grader's inputs. Every image is checked to be a PNG and
re-encoded here (half size, 64 colours) before it goes in, so a notebook's output cannot put
markup into the page.
"""
import base64
import html
import os
import re

import numpy as np

from cae_tf import notebook
from cae_tf.grading import submission
from cae_tf.grading.discussions import answer_html
from cae_tf.grading.registry import PARTS

ANSWER_KEY = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data',
                          'answer_key_figures.npz')
MAX_FIGURES = 12  # per part: part (10) shows ten
MAX_TRIES = 2 * MAX_FIGURES  # images looked at per part, readable or not
BASE64 = re.compile(r'[A-Za-z0-9+/]+={0,2}')
BODY_START, BODY_END = '<!-- feedback -->', '<!-- /feedback -->'
STYLE = '''body{font-family:sans-serif;max-width:1100px;margin:1em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;width:100%}td,th{border-bottom:1px solid #ddd;padding:4px 6px;
text-align:left;vertical-align:top}.passed{color:#1a7f37}.failed{color:#b42318}
.says{color:#555;font-size:90%}.figures{display:flex;gap:1em}.figures figure{flex:1;margin:0}
.figures img{max-width:100%;display:block;margin-bottom:6px;border:1px solid #eee}
summary h2{display:inline;font-size:1.2em}details{margin:.4em 0}blockquote{background:#f8fafc;
margin:0;padding:.2em 1em}'''


def text(name, row, results):
    """The feedback as text: the total and status, then each check."""
    if not results:
        return '%s: not graded: %s\n' % (name, row['status'])
    lines = ['%s: %.1f / 100 (%s)' % (name, row['total'], row['status'])]
    for r in results:
        lines.append('part %-2d %-28s %4.1f / %-4.1f %s' % (
            r['part'], r['name'], r['points'] if r['passed'] else 0, r['points'],
            '; '.join(filter(None, ['ok' if r['passed'] else r['message'],
                                    r.get('measured')]))))
    return '\n'.join(lines) + '\n'


def clean_png(data):
    """Return notebook image output ``data`` (base64 PNG) re-encoded small; ValueError when it is
    not a PNG of a sensible size (:func:`submission.read_png`)."""
    with submission.read_png(data) as image:
        return notebook.shrink_image(image)


def images_by_part(nb, limit=MAX_FIGURES):
    """``{part: [base64 PNG]}``: the figures an executed notebook showed, cleaned
    (:func:`clean_png`), at most ``limit`` per part; outputs that are not PNGs are left out."""
    found, tried = {}, {}
    for part, output in notebook.part_outputs(nb):
        data = output.get('data', {}).get('image/png')
        if (data is None or part not in PARTS or PARTS[part].figures is None
                or len(found.get(part, [])) >= limit or tried.get(part, 0) >= MAX_TRIES):
            continue  # only the parts graded by their figures, and only so many tries each
        tried[part] = tried.get(part, 0) + 1
        try:
            found.setdefault(part, []).append(clean_png(data))
        except ValueError:
            continue
    return found


def write_answer_key(solution_path, path=ANSWER_KEY):
    """Store the recorded solution notebook's figures (already small) for the feedback pages."""
    import nbformat
    figures = {}
    for part, output in notebook.part_outputs(nbformat.read(solution_path, as_version=4)):
        if 'image/png' in output.get('data', {}):
            figures.setdefault(part, []).append(output['data']['image/png'])
    arrays = {'%d.%d' % (part, i): np.frombuffer(base64.b64decode(png), np.uint8)
              for part, pngs in figures.items() for i, png in enumerate(pngs)}
    os.makedirs(os.path.dirname(path), exist_ok=True)
    np.savez(path, **arrays)
    return path


def answer_key(path=ANSWER_KEY):
    """``{part: [base64 PNG]}`` of the answer key's figures; empty where none are packaged."""
    if not os.path.exists(path):
        return {}
    figures = {}
    with np.load(path, allow_pickle=False) as data:
        for key in sorted(data.files, key=lambda k: tuple(map(int, k.split('.')))):
            figures.setdefault(int(key.split('.')[0]), []).append(
                base64.b64encode(data[key].tobytes()).decode('ascii'))
    return figures


def images_html(pngs, alt):
    """``<img>`` tags of the base64 PNGs ``pngs``; anything else is left out."""
    pngs = [png for png in pngs if isinstance(png, str) and BASE64.fullmatch(png)]
    return ''.join('<img alt="%s %d" src="data:image/png;base64,%s">' % (alt, i + 1, png)
                   for i, png in enumerate(pngs)) or '<p>none</p>'


def check_html(r):
    """One check's result as HTML: what failed, what the notebook says, what was measured."""
    states = PARTS[r['part']].states or {} if r['part'] in PARTS else {}
    lines = ['<span class="%s">%s</span>' % (
        'passed' if r['passed'] else 'failed',
        'passed' if r['passed'] else html.escape(str(r['message'])))]
    if r.get('measured'):
        lines.append(html.escape(str(r['measured'])))
    if states.get(r['name']):
        lines.append('<span class="says">The notebook says: %s</span>' % re.sub(
            r'`([^`<>]*)`', r'<code>\1</code>', html.escape(states[r['name']])))
    return '<br>'.join(lines)


def _checks_table(results):
    return ('<table><tr><th>check</th><th>points</th><th>result</th></tr>%s</table>' % ''.join(
        '<tr><td>%s</td><td>%.1f / %.1f</td><td>%s</td></tr>' % (
            html.escape(r['name']), r['points'] if r['passed'] else 0, r['points'],
            check_html(r)) for r in results))


def _part_html(part, results, figures, key, tables):
    """A part's section: open where a check failed, folded where all passed; the passed checks
    folded away under the failed ones."""
    earned = sum(r['points'] for r in results if r['passed'])
    total = sum(r['points'] for r in results)
    has_figures = part in PARTS and PARTS[part].figures is not None
    if not tables and not has_figures:
        return ''
    failed, passed = ([r for r in results if not r['passed']], [r for r in results if r['passed']])
    out = '<details id="part-%d"%s><summary><h2>Part %d: %.1f / %.1f points</h2></summary>' % (
        part, ' open' if failed or not tables else '', part, earned, total)
    if tables:
        out += _checks_table(failed) if failed else ''
        if passed:
            out += '<details><summary>%d check%s passed</summary>%s</details>' % (
                len(passed), '' if len(passed) == 1 else 's', _checks_table(passed))
    if has_figures:
        out += ('<div class="figures"><figure class="yours"><figcaption>Your figures'
                '</figcaption>%s</figure><figure class="key"><figcaption>The answer key\'s'
                '</figcaption>%s</figure></div>' % (images_html(figures.get(part, []), 'yours'),
                                                     images_html(key.get(part, []), 'answer key')))
    return out + '</details>'


def _lost(results):
    """Every check that lost points, with what was measured: what a student reads first."""
    failed = [r for r in results if not r['passed'] and r['points']]
    if not failed:
        return '<p class="passed">Every check passed.</p>' if results else ''
    return '<h2>What lost points</h2><ul>%s</ul>' % ''.join(
        '<li><a href="#part-%d">Part %d</a>, %s (%.1f): %s</li>' % (
            r['part'], r['part'], html.escape(r['name']), r['points'], check_html(r))
        for r in failed)


def _written_html(written):
    """The written answers, their points and the TA's comment (``written``: ``{number:
    (Answer, points, max, comment)}``)."""
    out = ''
    for number, (answer, points, top, comment) in sorted(written.items()):
        out += ('<section id="discussion-%d"><h2>Discussion (%d): %g / %g points</h2>'
                '<blockquote>%s</blockquote><p><b>Comment:</b> %s</p></section>'
                % (number, number, points, top, answer_html(answer),
                   html.escape(comment) or '<em>none</em>'))
    return out


def body(name, row, results, figures, key, tables=True, written=None):
    """The page's content: the total, what lost points, each part (folded where all passed) and
    the written answers where people scored them; without the ``tables`` of checks (which
    Gradescope shows as its tests), Gradescope's top-level output (format ``html``)."""
    by_part = {}
    for r in results:
        by_part.setdefault(r['part'], []).append(r)
    sections = ''.join(_part_html(p, by_part[p], figures, key, tables) for p in sorted(by_part))
    auto = float(row['total'])
    if written:
        got, top = sum(w[1] for w in written.values()), sum(w[2] for w in written.values())
        head = '%.1f / %g</h1><p>Code: %.1f / 100; written: %g / %g' % (
            auto + got, 100 + top, auto, got, top)
    else:
        head = '%.1f / 100</h1><p>' % auto
    return ('%s<h1>%s: %s. Status: %s%s</p>%s%s%s%s' % (
        BODY_START, html.escape(name), head, '' if results else 'not graded: ',
        html.escape(str(row['status'])), _lost(results) if tables else '', sections,
        _written_html(written or {}), BODY_END))


def page(name, row, results, figures=None, key=None, written=None):
    """The feedback page: one self-contained HTML file (style and images inline)."""
    return ('<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Feedback: %s'
            '</title><style>%s</style></head><body>%s</body></html>\n' % (
                html.escape(name), STYLE, body(name, row, results, figures or {},
                                              answer_key() if key is None else key,
                                              written=written)))


def write(base, name, row, results, figures=None):
    """Write ``base.txt``, ``base.html`` and ``base.figures.json`` (the student's figures, by
    part, for a platform's own page) of a submission's feedback."""
    import json
    with open(base + '.txt', 'w', encoding='utf-8') as f:
        f.write(text(name, row, results))
    with open(base + '.html', 'w', encoding='utf-8') as f:
        f.write(page(name, row, results, figures))
    with open(base + '.figures.json', 'w') as f:
        json.dump({str(part): pngs for part, pngs in (figures or {}).items()}, f)


def read_figures(base):
    """The figures :func:`write` stored (``{part: [base64 PNG]}``), or none."""
    import json
    try:
        with open(base + '.figures.json') as f:
            return {int(part): pngs for part, pngs in json.load(f).items()}
    except (OSError, ValueError):
        return {}
