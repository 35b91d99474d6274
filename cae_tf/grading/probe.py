"""The probe cell the worker runs in a student's kernel after their notebook, and the values it
wrote, read back: arrays only, never through a link the kernel planted.

The cell carries the source of :mod:`cae_tf.handout.tfrun` and :mod:`cae_tf.grading.parts.probing`
(run in a fresh namespace) and each part's ``probe`` function, each run in a copy of it, so a
notebook that patches ``cae_tf`` cannot replace them.
"""
import errno
import inspect
import io
import json
import os
import stat
import zipfile

import nbformat
import numpy as np

from cae_tf.grading import registry
from cae_tf.grading.parts import probing
from cae_tf.handout import tfrun

VALUE_FILES = ('inputs.npz', 'values.npz', 'errors.json')
MAX_VALUES = 512 * 1024 ** 2  # more than the probe ever writes (about 40 MB)
CELL = '''def _cae_tf_probe(namespace):
    common = {"__name__": "cae_tf_probe"}
    exec(compile(%r, "<cae_tf probe>", "exec"), common)
    probes = {}
    for number, name, source in %r:
        scope = dict(common)
        exec(compile(source, "<cae_tf probe of part %%d>" %% number, "exec"), scope)
        probes[number] = scope[name]
    common["collect_to_files"](namespace, probes, %r, %r, %r)
_cae_tf_probe(globals())
'''


def common_source():
    """The helpers every probe may call, as the kernel runs them (no ``cae_tf`` import)."""
    source = inspect.getsource(tfrun) + '\n' + inspect.getsource(probing)
    return '\n'.join(line for line in source.splitlines() if not line.startswith('from cae_tf'))


def probe_sources():
    """``[(part, function name, source)]`` of every part's probe."""
    return [(number, probe.__name__, inspect.getsource(probe))
            for number, probe in registry.probes().items()]


def probe_cell(paths):
    """The cell that probes a kernel, writing to ``paths`` (inputs, values, errors) there."""
    return nbformat.v4.new_code_cell(CELL % ((common_source(), probe_sources()) + tuple(paths)))


def read_own_file(path, limit=MAX_VALUES):
    """Return the bytes of the regular file at ``path`` that the kernel wrote, never following
    a link it may have planted there (ValueError saying what stood there instead)."""
    name = os.path.basename(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise ValueError('%s is a symbolic link: not read' % name)
        raise
    with os.fdopen(fd, 'rb') as f:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
            raise ValueError('%s is not a plain file of its own: not read' % name)
        if info.st_size > limit:
            raise ValueError('%s is larger than %d MB: not read' % (name, limit // 1024 ** 2))
        return f.read(limit)


def read_values(paths, notes):
    """Return ``(values, errors)`` the probe wrote: arrays only (``allow_pickle=False``); what
    could not be read is said in ``notes``."""
    values, errors = {}, {}
    try:
        with np.load(io.BytesIO(read_own_file(paths[1])), allow_pickle=False) as data:
            for key in data.files:
                try:
                    values[key] = data[key]
                except ValueError:
                    errors.setdefault(key.split(':')[0], 'a value could not be read')
        raw = json.loads(read_own_file(paths[2], 1024 ** 2).decode('utf-8', 'replace'))
        errors.update({str(k): str(v)[:500] for k, v in raw.items()})
    except ValueError as e:
        notes.append(str(e) if 'not read' in str(e) else 'nothing could be read from the kernel')
    except (OSError, EOFError, AttributeError, zipfile.BadZipFile):
        notes.append('nothing could be read from the kernel')
    return values, errors
