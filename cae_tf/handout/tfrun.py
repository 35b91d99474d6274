"""Running a student's functions on arrays in a graph of their own (public checks and the grader).

The grader sends this file's *source* into the student's kernel with its probe, so it imports
nothing of ``cae_tf``.
"""
import numpy as np


def tf_module():
    import tensorflow.compat.v1 as tf
    return tf


def run_fresh(build):
    """Build a graph with ``build(tf, fed)`` in a new graph and session; return its output.

    ``fed(array)`` gives a float32 placeholder of the array's shape that the run feeds: arrays
    go in as feeds, not as graph constants, which TensorFlow would serialise and fold (seconds
    for the 10000 test images).
    """
    tf = tf_module()
    graph, feed = tf.Graph(), {}

    def fed(array):
        array = np.asarray(array, np.float32)
        placeholder = tf.placeholder(tf.float32, array.shape)
        feed[placeholder] = array
        return placeholder
    with graph.as_default():
        out = build(tf, fed)
        with tf.Session(graph=graph) as sess:
            sess.run(tf.variables_initializer(graph.get_collection('variables')))  # a student's
            return sess.run(out, feed)


def apply_function(function, W, B, inputs, label):
    """Evaluate a student's ``encoder`` or ``decoder`` on arrays, with weights W and B given."""
    def build(tf, fed):
        return function(fed(inputs), {k: fed(v) for k, v in W.items()},
                        {k: fed(v) for k, v in B.items()}, fed(label))
    return run_fresh(build)


ADAM_UPDATES = ('ApplyAdam', 'ResourceApplyAdam')


def adam_updates(op, limit=100000):
    """Return the Adam updates that running ``op`` runs: every ``ApplyAdam`` or
    ``ResourceApplyAdam`` among the ops it depends on, through data and control inputs, at any
    depth (``minimize(loss)`` groups them one level down; ``minimize(loss, global_step=step)``
    puts them behind the step's increment; ``apply_gradients`` as ``minimize``)."""
    seen, todo, found = set(), [op], []
    while todo and len(seen) < limit:
        item = todo.pop()
        current = getattr(item, 'op', item)  # a tensor's op, or the op itself
        if not hasattr(current, 'control_inputs') or current in seen:
            continue  # not a TensorFlow op (an optimizer object, None)
        seen.add(current)
        if current.type in ADAM_UPDATES:
            found.append(current)
        todo += list(current.control_inputs) + list(current.inputs)
    return found
