"""What every part's judge works with: the inputs drawn afresh for each run, the real MNIST, and
the score sheet of one part (:class:`Sheet`) on which its hidden checks are written.

The worker reads the values in the student's kernel with the parts' probes and judges them in its
own process, against numpy references computed from inputs the student never saw. Messages say
what is wrong, not how to write it.
"""
import contextlib
import functools
import io
from collections import namedtuple

import numpy as np

from cae_tf.handout import input_data
from cae_tf.solution import reference
from cae_tf.solution.settings import layer_shapes

# ``measured``: what the grader measured of the student's own model, where it helps them (their
# loss, their test MSE; never a hidden input or a value computed from one), else ''.
Result = namedtuple('Result', 'part name points passed message measured', defaults=('',))
# ``count`` figures or more, with ``axes`` axes or more in all (one figure of 20 subplots, or ten
# of two: the notebook asks for the pictures, not how they are laid out), worth ``points``.
Figures = namedtuple('Figures', 'count axes points')
# Where a check's value comes from, the start of each part's ``SOURCES`` entry: what the student's
# kernel sent (forgeable by their code, taken only where only the kernel has it), or what the
# grader computed in its own process from the trained weights and its own inputs.
KERNEL, GRADER = 'kernel', 'grader'
GRADER_ONLY = ('T', 'TY')  # the test set: the grader measures the trained model on it itself


def make_inputs(seed=None):
    """Return the probes' inputs: a random batch, one-hot labels, weights of the seed's shapes,
    and the MNIST test set (``T``, ``TY``) that a trained model is measured on."""
    rng = np.random.RandomState(seed)
    inputs = {'X': rng.rand(5, 784), 'Y': np.eye(10)[rng.randint(10, size=5)],
              'Z': rng.randn(5, 2) * 2, 'BN': rng.randn(16, 7) * 3 + 1,
              'rows1': rng.randint(0, 10 ** 6, size=4)}
    for key, (fan_in, fan_out) in layer_shapes().items():
        inputs['W0.' + key] = rng.randn(fan_in, fan_out) * 0.1
        inputs['B0.' + key] = rng.randn(fan_out) * 0.1
    inputs = {k: np.asarray(v, np.float32) if k != 'rows1' else v for k, v in inputs.items()}
    test = mnist_reference().test
    return dict(inputs, T=input_data.to_float(test.images), TY=test.labels)


def kernel_inputs(inputs):
    """The inputs the probes get in the kernel: all but those only the grader uses."""
    return {k: v for k, v in inputs.items() if k not in GRADER_ONLY}


@functools.lru_cache(maxsize=1)
def mnist_reference():
    """The real MNIST as the homework splits it, read from the packaged files.

    Images stay uint8 (``input_data.to_float`` gives what the homework loads): a check reads a
    few rows, and scaling all 70000 images would cost most of a second of a student's check.
    """
    with contextlib.redirect_stdout(io.StringIO()):
        return input_data.read_data_sets(input_data.PACKAGED_DIR, one_hot=True, dtype=np.uint8)


class Sheet:
    """The results of one part's hidden checks; a check whose value is missing fails with its
    message. It reads the values its part's probe wrote (:meth:`get`) and, of another part, only
    those of a part the judging part ``needs`` (:meth:`get_from`)."""

    def __init__(self, part, values, errors, needs=()):
        self.part, self.values, self.needs, self.results = part, values, needs, []
        self.error = errors.get(str(part))

    def get(self, name):
        return self.values.get('%d:%s' % (self.part, name))

    def get_from(self, part, name):
        if part != self.part and part not in self.needs:
            raise LookupError('part %d reads part %d\'s %s without needing it in its NEEDS'
                              % (self.part, part, name))
        return self.values.get('%d:%s' % (part, name))

    def add(self, name, points, passed, message, measured=None):
        self.results.append(Result(self.part, name, points, bool(passed), '' if passed
                                   else message, measured or ''))

    def close(self, a, b, rtol=1e-3, atol=1e-4):
        return (a is not None and b is not None and np.shape(a) == np.shape(b)
                and bool(np.allclose(a, b, rtol=rtol, atol=atol)))


def student_weights(sheet):
    """The student's trained weights, as part (4)'s probe read them, or ``(None, None)``."""
    W = {k: sheet.get_from(4, 'W.' + k) for k in layer_shapes()}
    B = {k: sheet.get_from(4, 'B.' + k) for k in layer_shapes()}
    missing = any(v is None for v in list(W.values()) + list(B.values()))
    return (None, None) if missing else (W, B)


def functions_match(sheet, inputs):
    """Whether part (3) found the student's encoder and decoder equal to the reference's."""
    W0 = {k: inputs['W0.' + k] for k in layer_shapes()}
    B0 = {k: inputs['B0.' + k] for k in layer_shapes()}
    return (sheet.close(sheet.get_from(3, 'encoder'),
                        reference.encoder(inputs['X'], W0, B0, inputs['Y']))
            and sheet.close(sheet.get_from(3, 'decoder'),
                            reference.decoder(inputs['Z'], W0, B0, inputs['Y'])))


def own_output(sheet, inputs, name, compute):
    """The student's own model's output ``name``: computed here (``compute(W, B)``, the reference
    with their trained weights) where their functions equal the reference's or could not run;
    else, as only their kernel can compute it, the kernel's. None where nothing could be read."""
    W, B = student_weights(sheet)
    if W is not None and (functions_match(sheet, inputs) or sheet.get(name) is None):
        return compute(W, B)
    return sheet.get(name)
