"""The written half of the homework: the discussions of parts (9) and (10), found in a hand-in.

People read them (course staff, with ``python -m cae_tf review``); the code only collects them.
A discussion is found by the mark the template puts in its cell's metadata (``cae_tf`` >
``discussion``), else, where a platform dropped the metadata, by its label ``**Discussion (N)``.
The answer is what the student wrote from there to the next part: the rest of that cell and the
cells after it (markdown whole, code cells' comment lines), in any language, as written.
"""
import collections
import re

from markdown_it import MarkdownIt

DISCUSSIONS = (9, 10)  # each is read beside the figures of the part of its number
MARK = 'cae_tf'  # the cell metadata key the template writes: {'cae_tf': {'discussion': N}}
PLACEHOLDER = '_Your answer here._'
# The label that opens a discussion: bold, from "Discussion (N)" to the closing asterisks (the
# template adds who reads it and for how many points inside them).
LABEL = r'\*\*\s*Discussion\s*\(%d\)[^*\n]*\*\*'
NEXT_PART = re.compile(r'^\s*#{1,6}\s|\*\*\s*Discussion\s*\(\d+\)', re.MULTILINE)

# Students' markdown as HTML: raw HTML off (shown as text), links only to safe schemes (the
# renderer's own check refuses javascript: and data: but images').
MARKDOWN = MarkdownIt('commonmark', {'html': False})
Answer = collections.namedtuple('Answer', 'status text')  # status: answered, unanswered, missing
ANSWERED, UNANSWERED, MISSING = 'answered', 'unanswered', 'missing'


def label(number, points=None):
    """The bold label of discussion ``number`` as the student notebook shows it."""
    if points is None:
        return '**Discussion (%d).**' % number
    return '**Discussion (%d), read and graded by course staff: %s point%s.**' % (
        number, _number(points), '' if points == 1 else 's')


def _number(points):
    return ('%g' % points) if isinstance(points, float) else str(points)


def _marked(cell, number):
    mark = cell.get('metadata', {}).get(MARK)
    return isinstance(mark, dict) and mark.get('discussion') == number


def _start(cells, number):
    """The index of the cell that opens discussion ``number``: marked, else labelled; or None."""
    for index, cell in enumerate(cells):
        if _marked(cell, number):
            return index
    for index, cell in enumerate(cells):
        if cell.get('cell_type') == 'markdown' and re.search(LABEL % number, _source(cell)):
            return index
    return None


def _source(cell):
    source = cell.get('source', '')
    return ''.join(source) if isinstance(source, list) else str(source)


def _comments(code):
    """The comment lines of ``code``, without their ``#``."""
    lines = [line.strip() for line in code.splitlines()]
    return '\n'.join(re.sub(r'^#+ ?', '', line) for line in lines if line.startswith('#'))


def _text(cell):
    source = _source(cell)
    return _comments(source) if cell.get('cell_type') == 'code' else source


def _opens_another(cell):
    return (cell.get('cell_type') == 'markdown' and NEXT_PART.search(_source(cell))) or any(
        _marked(cell, n) for n in DISCUSSIONS)


def find_answer(nb, number):
    """Return the :class:`Answer` to discussion ``number`` of notebook ``nb`` (a dict, as
    read from JSON or by nbformat)."""
    cells = nb.get('cells', [])
    start = _start(cells, number)
    if start is None:
        return Answer(MISSING, '')
    first = _text(cells[start])
    parts = [re.sub(r'^\s*' + LABEL % number + r'\s*', '', first, count=1)]
    for cell in cells[start + 1:]:
        if _opens_another(cell):
            break
        parts.append(_text(cell))
    text = '\n\n'.join(p.strip() for p in parts if p.strip())
    text = text.replace(PLACEHOLDER, '').strip()
    return Answer(ANSWERED, text) if text else Answer(UNANSWERED, '')


def find_answers(nb):
    """``{number: Answer}`` for every discussion of the homework."""
    return {number: find_answer(nb, number) for number in DISCUSSIONS}


def mark_cells(nb, points):
    """Mark each discussion's cell of the student notebook ``nb`` (in place) and say in its label
    that people read it, for ``points[number]`` points."""
    for cell in nb.cells:
        for number in DISCUSSIONS:
            if cell.cell_type == 'markdown' and re.search(LABEL % number, cell.source):
                cell.metadata[MARK] = {'discussion': number}
                cell.source = re.sub(LABEL % number, lambda m: label(number, points[number]),
                                     cell.source, count=1)
    return nb


def answer_html(answer):
    """The answer's text as HTML (markdown, raw HTML shown as text), or what is missing."""
    if answer.status != ANSWERED:
        return '<p><em>%s</em></p>' % ('left unanswered' if answer.status == UNANSWERED
                                       else 'not found: the discussion\'s cell was deleted')
    return MARKDOWN.render(answer.text)
