"""What a submitted notebook is and what its run showed: read (or refused), its figures by part,
the limits it ran into, the staff modules it tried to import, the parts it left out."""
import base64
import binascii
import io
import json
import os
import re

import nbformat

from cae_tf import notebook
from cae_tf.grading import statuses as said
from cae_tf.grading.registry import PARTS

STAFF_IMPORT = re.compile(r"No module named '(cae_tf\.(?!handout\b)[\w.]+)'")
FIGURE_TEXT = re.compile(r'<Figure size [^>]* with (\d+) Axes>')
MAX_NOTEBOOK = 64 * 1024 ** 2  # bytes of a hand-in: the solution with its outputs is 1.4 MB
UNREADABLE = said.UNREADABLE.prefix
MAX_DATA = 8 * 1024 ** 2  # base64 characters of one image (part (10)'s are about 0.3 M)
MAX_PIXELS = 20 * 1000 * 1000  # a 16 x 8 inch figure is 1.3 M; larger is not a notebook's figure
MIN_SIDE = 16  # pixels: a smaller image shows no plot
# pixels an axes needs at the least: the solution's 20 axes of part (6) have 38000 each, so a
# figure's "with N Axes" counts only as far as its picture has room for them
AXES_AREA = 2500
PNG_SIGNATURE = b'\x89PNG\r\n\x1a\n'
LIMIT_ERRORS = (  # (what an error output says, the status it gives)
    (re.compile(r'^MemoryError'), said.MEMORY.text),
    (re.compile(r'^BlockingIOError.*(temporarily unavailable|Errno 11)'), said.PROCESSES.text),
    (re.compile(r'File too large|Errno 27'), said.FILE_SIZE.text),
    (re.compile(r'No space left on device|Errno 28'), said.DISK.text),
    (re.compile(r'^(ConnectionRefusedError|gaierror)|Network is unreachable|'
                r'Temporary failure in name resolution'), said.NETWORK.text),
)


def read_submission(path, limit=MAX_NOTEBOOK):
    """Return the notebook at ``path`` (its outputs dropped: they never count), or raise
    ValueError saying why it cannot be graded: ``unreadable notebook: …``, the hand-in's fault."""
    try:
        if os.path.getsize(path) > limit:
            raise ValueError('larger than %d MB' % (limit // 1024 ** 2))
        with open(path, encoding='utf-8') as f:
            raw = json.load(f)
        nb = _notebook(raw)
    except UnicodeDecodeError:
        raise ValueError(said.UNREADABLE.say(reason='not UTF-8 text'))
    except json.JSONDecodeError as e:
        raise ValueError(said.UNREADABLE.say(reason='not valid JSON (line %d)' % e.lineno))
    except RecursionError:
        raise ValueError(said.UNREADABLE.say(reason='nested too deeply to read'))
    except MemoryError:
        raise ValueError(said.UNREADABLE.say(reason='too large to read'))
    except ValueError as e:
        raise ValueError(said.UNREADABLE.say(reason=str(e)))
    return nb


def _notebook(raw):
    """The notebook of JSON ``raw``, outputs dropped, validated; else ValueError."""
    if not isinstance(raw, dict) or not isinstance(raw.get('cells'), list):
        raise ValueError('not a notebook: no list of cells')
    for cell in raw['cells']:
        if isinstance(cell, dict) and cell.get('cell_type') == 'code':
            cell['outputs'] = []  # what it came with: never counted, never held
    try:
        nb = nbformat.reads(json.dumps(raw), as_version=4)
        nbformat.validate(nb)
    except RecursionError:
        raise
    except Exception as e:  # nbformat's own errors, of any kind
        raise ValueError('not a notebook: %s' % str(e).splitlines()[0][:120])
    return nb


def clear_outputs(nb):
    """Drop what the hand-in came with: it never counts, even where a cell is not run."""
    for cell in nb.cells:
        if cell.cell_type == 'code':
            cell.outputs, cell.execution_count = [], None


def read_png(data):
    """Return notebook image output ``data`` (base64 PNG) decoded, a PIL image; ValueError when
    it is not a PNG of a sensible size."""
    if not isinstance(data, str) or len(data) > MAX_DATA:
        raise ValueError('not an image of a notebook')
    try:
        raw = base64.b64decode(''.join(data.split()), validate=True)
    except (binascii.Error, ValueError, TypeError):
        raise ValueError('not base64')
    if not raw.startswith(PNG_SIGNATURE):
        raise ValueError('not a PNG')
    from PIL import Image
    try:
        image = Image.open(io.BytesIO(raw), formats=['PNG'])
        if not (MIN_SIDE <= image.width and MIN_SIDE <= image.height
                and image.width * image.height <= MAX_PIXELS):
            raise ValueError('%d x %d pixels' % (image.width, image.height))
        image.load()  # the whole picture decoded: a truncated or corrupt one fails here
        return image
    except Exception as e:  # whatever PIL raises on a malformed file
        raise ValueError('not a readable PNG (%s: %s)' % (type(e).__name__, e))


def figure_axes(data):
    """The axes a figure output (its ``data``) counts for: 0 unless its PNG decodes; its text's
    ``with N Axes`` (else 1), no more than its picture has room for."""
    try:
        image = read_png(data.get('image/png'))
    except ValueError:
        return 0
    text = data.get('text/plain', '')
    match = FIGURE_TEXT.search(text if isinstance(text, str) else '')
    room = max(1, image.width * image.height // AXES_AREA)
    return min(int(match.group(1)) if match else 1, room)


def figures_by_part(nb):
    """Return ``{part: [axes of each figure shown]}`` from an executed notebook's outputs:
    figures whose PNG decodes (:func:`figure_axes`) only."""
    shown = {}
    for part, output in notebook.part_outputs(nb):
        data = output.get('data', {})
        axes = figure_axes(data) if 'image/png' in data else 0
        if axes:
            shown.setdefault(part, []).append(axes)
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
    return ([said.MISSING_PARTS.say(parts=', '.join(map(str, missing)))] if missing else []) + (
        [said.REFUSED_IMPORT.say(modules=', '.join(refused))] if refused else []) + list(notes)
