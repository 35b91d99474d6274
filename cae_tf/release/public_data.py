"""The public checks' data (``cae_tf/handout/data/public.npz``): what each part's module says its
public check compares with, computed from the fixed public inputs, the packaged MNIST and the
problem's settings. It is written as data, never as code (``python -m cae_tf template``)."""
import contextlib
import io

import numpy as np

from cae_tf.grading.registry import PARTS
from cae_tf.handout import input_data
from cae_tf.handout.checking import PUBLIC_DATA, public_inputs
from cae_tf.solution.settings import layer_shapes


def public_expected():
    """Return every part's public data, keyed ``'<part>.<name>'``."""
    given = public_inputs(layer_shapes())
    with contextlib.redirect_stdout(io.StringIO()):
        mnist = input_data.read_data_sets(input_data.PACKAGED_DIR, one_hot=True)
    expected = {}
    for number, part in sorted(PARTS.items()):
        if part.public_data is not None:
            expected.update(part.public_data(given, mnist))
    return expected


def write_public_expected(path=PUBLIC_DATA):
    """Write :func:`public_expected` to the hand-out's ``data/public.npz`` (or ``path``)."""
    np.savez_compressed(path, **public_expected())
    return path
