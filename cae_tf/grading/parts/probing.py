"""The probes' side in the student's kernel: helpers every part's ``probe`` may call, and
:func:`collect`, which runs them. No judging happens here.

The worker sends this file's *source* into the kernel, after that of
:mod:`cae_tf.handout.tfrun` (its one import), and each part's ``probe`` function's source after
it, all run in a fresh namespace, so a notebook that patches ``cae_tf`` cannot replace them. A
probe uses numpy and these names only (tests/test_probe.py checks it).
"""
import json

import numpy as np

from cae_tf.handout.tfrun import adam_updates, apply_function, run_fresh, tf_module  # noqa: F401


def session(ns):
    """The student's ``sess``; before part (5) made one, a scratch session with fresh values."""
    graph = ns['weights']['encoder1'].graph
    sess = ns.get('sess')
    if sess is not None and not getattr(sess, '_closed', False) and sess.graph is graph:
        return sess
    tf = tf_module()
    scratch = tf.Session(graph=graph)
    with graph.as_default():
        scratch.run(tf.global_variables_initializer())
    return scratch


def feed(ns, images, labels):
    """A feed of the student's placeholders ``x`` and ``y``."""
    return {ns['x']: images, ns['y']: labels}


def trained_weights(ns):
    """The values of the student's ``weights`` and ``biases`` now, as two dicts of arrays."""
    values = session(ns).run([ns['weights'], ns['biases']])
    return values[0], values[1]


def apply_own(ns, name, W, B, inputs, label):
    """Evaluate the student's ``encoder`` or ``decoder`` on arrays, with weights W and B given."""
    return apply_function(ns[name], W, B, inputs, label)


def own_reconst(ns, W, B, images, labels):
    """The student's own model (their encoder and decoder, weights W, B) applied to images."""
    return apply_own(ns, 'decoder', W, B, apply_own(ns, 'encoder', W, B, images, labels), labels)


def given_arrays(inputs, prefix):
    """The inputs named ``prefix + key``, as ``{key: array}`` (the weights the grader gives)."""
    return {k[len(prefix):]: inputs[k] for k in inputs.keys() if k.startswith(prefix)}


def collect(ns, inputs, probes):
    """Return ``(values, errors)``: arrays named ``'<part>:<name>'`` and why a part could not be read.

    Args:
        probes: ``{part: probe(ns, inputs, out)}``, the parts' probes.
    """
    values, errors = {}, {}
    for part, probe in probes.items():
        out = {}
        try:
            probe(ns, inputs, out)
        except BaseException as e:  # a student's object may raise anything; report it
            errors[str(part)] = '%s: %s' % (type(e).__name__, str(e).splitlines()[0][:200]
                                            if str(e) else '')
        values.update({'%d:%s' % (part, k): np.asarray(v) for k, v in out.items()})
    return values, errors


def collect_to_files(ns, probes, inputs_path, values_path, errors_path):
    """Kernel side of the autograder: read inputs, write values (npz) and errors (json)."""
    with np.load(inputs_path, allow_pickle=False) as inputs:
        values, errors = collect(ns, inputs, probes)
    np.savez(values_path, **values)
    with open(errors_path, 'w') as f:
        json.dump(errors, f)
