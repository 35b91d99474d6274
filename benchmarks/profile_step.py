"""Where one training step's time goes: TensorFlow's trace of the seed-faithful step (one
``sess.run(optm, feed_dict)``), by op family, with two references measured in the same run.

    .venv/bin/python benchmarks/profile_step.py [--steps 50] [--n-batch 50]

Printed: the step's wall time; from the trace, op time per family (forward matmuls, backward
matmuls, Adam, the rest), the span from first op start to last op end (a span shorter than the
summed op time means ops ran side by side); the cost of a ``sess.run`` that feeds the same batch
and runs nothing (what the fast trainer's many-steps-per-run saves); and numpy's time for the same
matmuls, forward and backward shapes, as an independent bound. Op names differ with oneDNN on
(``_MklMatMul``, ``_MklNativeFusedMatMul``) and off (``MatMul``); a matmul under ``gradients/``
is the backward pass's. Last line: the step's wall time over numpy's matmul time, the most that
removing everything but the matmuls could give at numpy's speed.
"""
import argparse
import collections
import time

import numpy as np
from common import machine

from cae_tf.solution import model
from cae_tf.handout.compat import tf
from cae_tf.solution.settings import layer_shapes


def op_family(op_type, node_name):
    """``'forward matmul'``, ``'backward matmul'``, ``'Adam'`` or ``'other'``."""
    if 'MatMul' in op_type:
        return 'backward matmul' if node_name.startswith('gradients/') else 'forward matmul'
    return 'Adam' if 'ApplyAdam' in op_type else 'other'


def trace(sess, fetch, feed, steps):
    """Mean ms per step by ``(op type, family)``, and the mean span (ms) of a traced step."""
    by_type, span = collections.Counter(), 0.0
    options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
    for _ in range(steps):
        metadata = tf.RunMetadata()
        sess.run(fetch, feed, options=options, run_metadata=metadata)
        nodes = [node for device in metadata.step_stats.dev_stats for node in device.node_stats]
        for node in nodes:
            op_type = node.timeline_label.split('(')[0].split('=')[-1].strip() or 'other'
            key = op_type, op_family(op_type, node.node_name)
            by_type[key] += node.all_end_rel_micros / steps / 1e3
        span += (max(n.all_start_micros + n.all_end_rel_micros for n in nodes)
                 - min(n.all_start_micros for n in nodes)) / steps / 1e3
    return by_type, span


def per_call(function, calls):
    function()  # warm up
    started = time.perf_counter()
    for _ in range(calls):
        function()
    return (time.perf_counter() - started) / calls


def numpy_matmuls(n_batch, rng):
    """Mean seconds of one step's matmuls in numpy: per layer h @ W, h.T @ g, g @ W.T."""
    arrays = []
    for fan_in, fan_out in layer_shapes().values():
        h, g = rng.rand(n_batch, fan_in), rng.rand(n_batch, fan_out)
        W = rng.rand(fan_in, fan_out)
        arrays.append([a.astype(np.float32) for a in (h, g, W)])
    return per_call(lambda: [(h @ W, h.T @ g, g @ W.T) for h, g, W in arrays], 200)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--steps', type=int, default=50)
    parser.add_argument('--n-batch', type=int, default=50)
    args = parser.parse_args(argv)
    cae = model.build_cae(seed=1)
    rng = np.random.RandomState(0)
    feed = {cae.x: rng.rand(args.n_batch, 784).astype(np.float32),
            cae.y: np.eye(10, dtype=np.float32)[rng.randint(10, size=args.n_batch)]}
    with tf.control_dependencies([tf.identity(cae.x), tf.identity(cae.y)]):
        feed_only = tf.no_op()
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for _ in range(20):  # warm up
        sess.run(cae.optm, feed)
    wall = per_call(lambda: sess.run(cae.optm, feed), args.steps)
    by_type, span = trace(sess, cae.optm, feed, args.steps)
    overhead = per_call(lambda: sess.run(feed_only, feed), 10 * args.steps)
    reference = numpy_matmuls(args.n_batch, rng)

    traced = sum(by_type.values())
    families, types = collections.Counter(), collections.Counter()
    for (op_type, family), ms in by_type.items():
        families[family] += ms
        types[op_type] += ms
    matmul = families['forward matmul'] + families['backward matmul']
    # forward multiply-adds of every layer; the backward pass takes twice as many
    flop = 2 * 3 * args.n_batch * sum(a * b for a, b in layer_shapes().values())
    print('machine: %s' % machine())
    print('batch %d: %.2f ms per step untraced (%.0f steps/s)' % (args.n_batch, wall * 1e3,
                                                                   1 / wall))
    print('traced: op time %.2f ms per step, span %.2f ms (ops side by side: %.2fx)'
          % (traced, span, traced / span if span else 0))
    for family in ('forward matmul', 'backward matmul', 'Adam', 'other'):
        print('  %-16s %6.2f ms  %5.1f %%' % (family, families[family],
                                             100 * families[family] / traced))
    print('  top op types: %s' % ', '.join('%s %.2f' % kv for kv in types.most_common(4)))
    print('matmuls: %.0f MFLOP per step, %.1f GFLOP/s while they run; numpy, same shapes: '
          '%.2f ms (%.1f GFLOP/s)' % (flop / 1e6, flop / (matmul / 1e3) / 1e9 if matmul else 0,
                                      reference * 1e3, flop / reference / 1e9))
    print('a sess.run feeding the batch and running nothing: %.2f ms (%.0f %% of a step)'
          % (overhead * 1e3, 100 * overhead / wall))
    print('matmuls alone at numpy\'s speed would run %.2fx as many steps per second'
          % (wall / reference))


if __name__ == '__main__':
    main()
