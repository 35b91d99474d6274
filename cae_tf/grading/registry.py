"""The list of the homework's parts: the modules of :mod:`cae_tf.grading.parts`, in order, and
any a course adds in a module named in ``CAE_TF_EXTRA_PARTS`` (comma-separated)."""
import importlib
import os
from collections import namedtuple

Part = namedtuple('Part', 'number points figures needs probe judge public states public_data '
                          'module sources')
MODULES = ('p01_data', 'p02_structure', 'p03_model', 'p04_loss', 'p05_training',
           'p06_reconstruction', 'p07_latent', 'p08_per_digit', 'p09_generation', 'p10_manifold')
EXTRA_PARTS_VARIABLE = 'CAE_TF_EXTRA_PARTS'

PARTS = {}


def register(module):
    """Add (or replace) the part ``module`` defines; return its record."""
    part = Part(module.NUMBER, module.POINTS, getattr(module, 'FIGURES', None),
                tuple(getattr(module, 'NEEDS', ())), getattr(module, 'probe', None),
                getattr(module, 'judge', None), getattr(module, 'PUBLIC_CHECK', None),
                dict(getattr(module, 'STATES', {})), getattr(module, 'public_data', None),
                module.__name__, dict(getattr(module, 'SOURCES', {})))
    PARTS[part.number] = part
    return part


def load(names):
    """Import and register the part modules ``names``; return their records."""
    return [register(importlib.import_module(name)) for name in names]


def trust_table():
    """The README's table of each part's checks by where their values come from (``SOURCES``:
    sent by the student's kernel, or computed by the grader)."""
    lines = ['| part | value sent by the kernel | value computed by the grader |',
             '| --- | --- | --- |']
    for number, part in sorted(PARTS.items()):
        side = {kind: ', '.join(check for check, source in part.sources.items()
                                if source.startswith(kind + ':')) or '-'
                for kind in ('kernel', 'grader')}
        lines.append('| %d | %s | %s |' % (number, side['kernel'], side['grader']))
    return '\n'.join(lines)


def probes():
    """Return ``{part: probe}`` of every part that reads something."""
    return {n: p.probe for n, p in sorted(PARTS.items()) if p.probe is not None}


load('cae_tf.grading.parts.' + name for name in MODULES)
load(name.strip() for name in os.environ.get(EXTRA_PARTS_VARIABLE, '').split(',') if name.strip())
