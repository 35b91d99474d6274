"""What the public checks stand on: the fixed public inputs, the expected values stored as data
(``data/public.npz``, written when the homework was released), and the report of one part's
checks. They hold none of the solution, and they decide no grade.
"""
import os

import numpy as np

PUBLIC_DATA = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'data', 'public.npz')
PUBLIC_SEED = 2020


def public_inputs(shapes):
    """Return the fixed public inputs: a batch ``X``, labels ``Y``, codes ``Z``, a ``BN`` batch and
    weights ``W``, ``B`` of the given ``{layer: (fan_in, fan_out)}`` shapes."""
    rng = np.random.RandomState(PUBLIC_SEED)
    inputs = {'X': rng.rand(5, 784), 'Y': np.eye(10)[rng.randint(10, size=5)],
              'Z': rng.randn(5, 2) * 2, 'BN': rng.randn(16, 7) * 3 + 1}
    inputs['W'] = {k: rng.randn(*shapes[k]) * 0.1 for k in sorted(shapes)}
    inputs['B'] = {k: rng.randn(shapes[k][1]) * 0.1 for k in sorted(shapes)}
    return inputs


def data_fingerprint(array):
    """Return ``(shape, sum, sums of rows 0, 1 and -1)`` of an array, in float64."""
    array = np.asarray(array, np.float64)
    rows = array.reshape(len(array), -1)[[0, 1, -1]].sum(axis=1) if array.ndim else []
    return np.array(array.shape), array.sum(), np.asarray(rows)


def load_expected(path=PUBLIC_DATA):
    with np.load(path, allow_pickle=False) as data:
        return {key: data[key] for key in data.files}


class Report:
    """The results of one part's checks, always one per name in ``names``: a check that could
    not run (a name not defined yet, an earlier check of the part failed) fails saying why."""

    def __init__(self, namespace, expected, names):
        self.ns, self.expected, self.names = namespace, expected, names
        self.results, self.missing = {}, []

    def has(self, *names):
        missing = [n for n in names if n not in self.ns]
        self.missing += [n for n in missing if n not in self.missing]
        return not missing

    def add(self, name, passed, message):
        if name not in self.names:
            raise KeyError('check %r is not among its part\'s names' % name)
        self.results[name] = (name, bool(passed), '' if passed else message)

    def all(self, why=None):
        """Every check's ``(name, passed, message)``, in the order of ``names``; one that did not
        run fails saying ``why`` (by default: what is not defined yet, or the check above)."""
        why = why or ('not checked: %s not defined yet' % ', '.join(self.missing) if self.missing
                      else 'not checked: fix the failing check above first')
        return [self.results.get(name, (name, False, why)) for name in self.names]


def close(a, b, rtol=1e-3, atol=1e-4):
    a, b = np.asarray(a, np.float64), np.asarray(b, np.float64)
    return a.shape == b.shape and bool(np.allclose(a, b, rtol=rtol, atol=atol))


def names(*checks):
    """Mark a part's check function with the names of its checks, in the order reported."""
    def mark(function):
        function.names = list(checks)
        return function
    return mark
