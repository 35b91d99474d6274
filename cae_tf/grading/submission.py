"""What a submitted notebook is and what its run showed: read (or refused), its figures by part,
the limits it ran into, the staff modules it tried to import, the parts it left out."""
import json
import re

import nbformat

from cae_tf import notebook
from cae_tf.grading.registry import PARTS

STAFF_IMPORT = re.compile(r"No module named '(cae_tf\.(?!handout\b)[\w.]+)'")
FIGURE_TEXT = re.compile(r'<Figure size [^>]* with (\d+) Axes>')
LIMIT_ERRORS = (  # (what an error output says, the status it gives)
    (re.compile(r'^MemoryError'), 'memory limit'),
    (re.compile(r'^BlockingIOError.*(temporarily unavailable|Errno 11)'), 'too many processes'),
    (re.compile(r'File too large|Errno 27'), 'file size limit'),
    (re.compile(r'No space left on device|Errno 28'), 'disk limit'),
    (re.compile(r'^(ConnectionRefusedError|gaierror)|Network is unreachable|'
                r'Temporary failure in name resolution'), 'network refused'),
)


def read_submission(path):
    """Return the notebook at ``path``, or raise ValueError saying why it cannot be graded."""
    try:
        with open(path, encoding='utf-8') as f:
            raw = json.load(f)
    except UnicodeDecodeError:
        raise ValueError('invalid notebook: not UTF-8 text')
    except json.JSONDecodeError as e:
        raise ValueError('invalid notebook: not valid JSON (line %d)' % e.lineno)
    if not isinstance(raw, dict) or not isinstance(raw.get('cells'), list):
        raise ValueError('not a notebook: no list of cells')
    try:
        nb = nbformat.reads(json.dumps(raw), as_version=4)
        nbformat.validate(nb)
    except Exception as e:
        raise ValueError('not a notebook: %s' % str(e).splitlines()[0][:120])
    return nb


def clear_outputs(nb):
    """Drop what the hand-in came with: it never counts, even where a cell is not run."""
    for cell in nb.cells:
        if cell.cell_type == 'code':
            cell.outputs, cell.execution_count = [], None


def figures_by_part(nb):
    """Return ``{part: [axes of each figure shown]}`` from an executed notebook's outputs."""
    shown = {}
    for part, output in notebook.part_outputs(nb):
        data = output.get('data', {})
        if 'image/png' in data:
            match = FIGURE_TEXT.search(data.get('text/plain', ''))
            shown.setdefault(part, []).append(int(match.group(1)) if match else 1)
    return shown


def _errors(nb):
    for cell in nb.cells:
        for output in cell.get('outputs', []):
            if output.get('output_type') == 'error':
                yield output


def limit_statuses(nb):
    """Return the statuses of the limits the executed ``nb``'s cells ran into, in order."""
    found = []
    for output in _errors(nb):
        text = '%s: %s' % (output.get('ename', ''), output.get('evalue', ''))
        found += [status for pattern, status in LIMIT_ERRORS
                  if pattern.search(text) and status not in found]
    return found


def refused_imports(nb):
    """Return the staff-only modules the executed ``nb`` tried to import, in order."""
    found = []
    for output in _errors(nb):
        match = STAFF_IMPORT.search(output.get('evalue', '')) \
            if output.get('ename') == 'ModuleNotFoundError' else None
        if match and match.group(1) not in found:
            found.append(match.group(1))
    return found


def missing_parts(nb):
    """The parts of which ``nb`` has neither an output nor a heading."""
    return sorted(set(PARTS) - {part for part, _ in notebook.part_outputs(nb)}
                  - {int(m.group(1)) for c in nb.cells if c.cell_type == 'markdown'
                     for m in [notebook.PART_HEADING.search(c.source)] if m})


def statuses(nb, notes):
    """The row's status of an executed ``nb``: the parts missing, the staff imports refused,
    then ``notes`` (what the run says of itself)."""
    missing, refused = missing_parts(nb), refused_imports(nb)
    return (['missing parts: ' + ', '.join(map(str, missing))] if missing else []) + (
        ['refused staff-only import: ' + ', '.join(refused)] if refused else []) + list(notes)
