"""The similarity report's files: ``index.html``, ``similarity.csv`` and one side-by-side page
per flagged hand-in or pair. Every text from a hand-in is escaped: a notebook cannot put markup
into the report."""
import html
import os
import re

from cae_tf.grading.export import refuse_overwrite
from cae_tf.grading.rows import write_csv

PAGE = re.compile(r'(seed|pair)-\d+\.html')
STYLE = '''body{font-family:sans-serif;max-width:1400px;margin:1em auto;padding:0 1em;color:#222}
table{border-collapse:collapse}td,th{border-bottom:1px solid #ddd;padding:3px 8px;
text-align:left;vertical-align:top}.side{display:flex;gap:1em}.side>div{flex:1;min-width:0}
pre{margin:0;white-space:pre-wrap;font-size:12px}.m{background:#fde7a9}.n{color:#999}'''


def percent(score):
    return 'too short' if score is None else '%d%%' % round(100 * score)


def _page(title, body):
    return ('<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>%s</title><style>%s'
            '</style></head><body>\n<h1>%s</h1>\n%s\n</body></html>\n'
            % (html.escape(title), STYLE, html.escape(title), body))


def _column(handin, matched, score):
    rows = ['<h2>%s: %s of its fingerprints in the other</h2>'
            % (html.escape(handin.name), percent(score))]
    for line_id in sorted(handin.lines):
        rows.append('<pre class="%s"><span class="n">%d:%-3d</span> %s</pre>'
                    % ('m' if line_id in matched else '', line_id[0], line_id[1],
                       html.escape(handin.lines[line_id])))
    return '<div>%s</div>' % '\n'.join(rows)


def side_by_side(match):
    """A page: each side's own lines (cell:line), the lines of shared k-grams highlighted."""
    return _page('%s and %s' % (match.left.name, match.right.name),
                 '<p>Highlighted: lines of code shared, after names, literals and layout are '
                 'normalised. Given code of the template is left out.</p><div class="side">%s%s'
                 '</div>' % (_column(match.left, match.lines_left, match.score_left),
                             _column(match.right, match.lines_right, match.score_right)))


def _table(title, items, score_header):
    if not items:
        return '<h2>%s</h2><p>none</p>' % html.escape(title)
    rows = ''.join('<tr><td><a href="%s">%s</a></td><td>%s</td></tr>'
                   % (html.escape(link), html.escape(text), html.escape(score))
                   for link, text, score in items)
    return ('<h2>%s</h2><table><tr><th>hand-in</th><th>%s</th></tr>%s</table>'
            % (html.escape(title), html.escape(score_header), rows))


def _summary(against_seed, thresholds):
    seed, pair = (percent(t) for t in thresholds)
    return ('<p>%d hand-ins compared, only what students wrote (the template\'s code left out). '
            'Flagged: a hand-in with %s or more of its fingerprints in the 2020 solution; a '
            'pair where one has %s or more of its own in the other (in a class of 10 or more, '
            'code more than half the class shares left out). Correct hand-ins written independently measured at most 35%% '
            'and 30%%. A flag is a reason to read both, not a finding.</p>'
            % (len(against_seed), seed, pair))


def write(out_dir, inputs, against_seed, pairs, seed_flags, pair_flags, unread,
          thresholds=(0.5, 0.5)):
    """Write the report's files into ``out_dir``; return the index's path."""
    seed_named = [('seed-%d.html' % i, m) for i, m in enumerate(seed_flags, 1)]
    pair_named = [('pair-%d.html' % i, m) for i, m in enumerate(pair_flags, 1)]
    named = seed_named + pair_named
    index, table = os.path.join(out_dir, 'index.html'), os.path.join(out_dir, 'similarity.csv')
    refuse_overwrite([index, table] + [os.path.join(out_dir, name) for name, _ in named], inputs)
    os.makedirs(out_dir, exist_ok=True)
    given = {os.path.realpath(p) for p in inputs}
    for old in os.listdir(out_dir):  # an earlier report's pages: its flags may be gone
        if PAGE.fullmatch(old) and os.path.realpath(os.path.join(out_dir, old)) not in given:
            os.remove(os.path.join(out_dir, old))
    for name, match in named:
        with open(os.path.join(out_dir, name), 'w', encoding='utf-8') as f:
            f.write(side_by_side(match))
    _write_csv(table, against_seed, pairs)
    body = [_summary(against_seed, thresholds)]
    body += [_table('Like the published 2020 solution', [
        (name, m.left.name, percent(m.score_left)) for name, m in seed_named],
        'share of its fingerprints in the 2020 solution')]
    body += [_table('Pairs alike', [
        (name, '%s and %s' % (m.left.name, m.right.name),
         '%s / %s' % (percent(m.score_left), percent(m.score_right)))
        for name, m in pair_named], 'shares of each one\'s fingerprints in the other')]
    body += ['<h2>Not read</h2><ul>%s</ul>' % ''.join(
        '<li>%s: %s</li>' % (html.escape(p), html.escape(why)) for p, why in unread)] * bool(unread)
    body += ['<p>Every score: <a href="similarity.csv">similarity.csv</a>. Grades are not '
             'touched by this report.</p>']
    with open(index, 'w', encoding='utf-8') as f:
        f.write(_page('Where the hand-ins came from', '\n'.join(body)))
    return index


def _write_csv(path, against_seed, pairs):
    """Every comparison, highest first: kind, the two names, both shares."""
    def value(score):
        return '' if score is None else '%.3f' % score
    rows = [('2020 solution', m.left.name, m.right.name, value(m.score_left), '')
            for m in against_seed]
    rows += [('pair', m.left.name, m.right.name, value(m.score_left), value(m.score_right))
             for m in pairs]
    rows.sort(key=lambda row: (row[0], -max(float(row[3] or 0), float(row[4] or 0)), row[1:3]))
    with open(path, 'w', newline='', encoding='utf-8') as f:
        write_csv(f, [('kind', 'hand-in', 'compared with', 'share of hand-in',
                       'share of the other')] + rows)
