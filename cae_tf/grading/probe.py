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
from cae_tf.grading import statuses as said
from cae_tf.grading.parts import probing
from cae_tf.handout import tfrun

VALUE_FILES = ('inputs.npz', 'values.npz', 'errors.json')
# bytes of values.npz on disk, and inflated (each member's declared size, checked before it is
# read, all together): the seed's probe writes about 12 MB, 150 members
MAX_VALUES = 64 * 1024 ** 2
MAX_MEMBERS = 4096
CHUNK = 1024 ** 2
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
            raise NotRead(said.LINK_NOT_READ.say(file=name))
        raise
    with os.fdopen(fd, 'rb') as f:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
            raise NotRead(said.NOT_PLAIN_FILE.say(file=name))
        if info.st_size > limit:
            raise NotRead(said.VALUES_TOO_LARGE.say(file=name, mb=limit // 1024 ** 2))
        return f.read(limit)


def _array(archive, member):
    """The array of one ``.npy`` member, its header checked against the member's declared size
    before any of it is held (ValueError otherwise), read a chunk at a time."""
    with archive.open(member) as f:
        version = np.lib.format.read_magic(f)
        if version not in ((1, 0), (2, 0)):
            raise ValueError('npy version %s' % (version,))
        read_header = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                       else np.lib.format.read_array_header_2_0)
        shape, fortran, dtype = read_header(f)
        if dtype.hasobject or dtype.itemsize == 0:
            raise ValueError('not an array of plain values')
        size = int(np.prod(shape, dtype=object)) * dtype.itemsize
        if size > member.file_size:
            raise ValueError('declares more than it holds')
        flat = np.empty(size, np.uint8)
        for start in range(0, size, CHUNK):
            chunk = f.read(min(CHUNK, size - start))
            if len(chunk) != min(CHUNK, size - start):
                raise ValueError('cut short')
            flat[start:start + len(chunk)] = np.frombuffer(chunk, np.uint8)
    return flat.view(dtype).reshape(shape, order='F' if fortran else 'C')


def read_arrays(raw, limit=MAX_VALUES):
    """``(values, errors)`` of the npz bytes ``raw``: ValueError, before anything is inflated,
    when its members declare more than ``limit`` bytes in all or are too many."""
    values, errors = {}, {}
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        members = archive.infolist()
        if len(members) > MAX_MEMBERS or sum(m.file_size for m in members) > limit:
            raise NotRead(said.VALUES_INFLATE.say(mb=limit // 1024 ** 2, count=MAX_MEMBERS))
        for member in members:
            key = member.filename[:-4] if member.filename.endswith('.npy') else member.filename
            try:
                values[key] = _array(archive, member)
            except (ValueError, EOFError, zipfile.BadZipFile, NotImplementedError,
                    SyntaxError, RecursionError):
                errors.setdefault(key.split(':')[0], 'a value could not be read')
    return values, errors


def read_values(paths, notes):
    """Return ``(values, errors)`` the probe wrote: arrays only, bounded (:func:`read_arrays`);
    what could not be read is said in ``notes``."""
    values, errors = {}, {}
    try:
        values, errors = read_arrays(read_own_file(paths[1]))
        raw = json.loads(read_own_file(paths[2], 1024 ** 2).decode('utf-8', 'replace'))
        errors.update({str(k): str(v)[:500] for k, v in raw.items()})
    except NotRead as e:
        notes.append(str(e))
    except (ValueError, OSError, EOFError, AttributeError, RecursionError, zipfile.BadZipFile):
        notes.append(said.NOTHING_READ.text)
    return values, errors


class NotRead(ValueError):
    """A file the kernel wrote that the grader refuses to read; its text is the row's status."""
