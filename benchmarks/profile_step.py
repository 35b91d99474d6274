"""Where one training step's time goes: per op type, from TensorFlow's step trace of the
seed-faithful step (one ``sess.run(optm, feed_dict)``), and the matmuls' achieved GFLOP/s.

    .venv/bin/python benchmarks/profile_step.py [--steps 50] [--n-batch 50]

Why the fast trainer gains little over the seed's loop on a small CPU: when the matmuls and Adam's
updates take nearly all of a step, there is little per-step overhead left to remove; what is left
to win is running independent ops side by side (``cae_tf.fast.fast_config``).
"""
import argparse
import collections
import time

import numpy as np
from common import machine

from cae_tf import model
from cae_tf.compat import tf
from cae_tf.sizes import layer_shapes


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--steps', type=int, default=50)
    parser.add_argument('--n-batch', type=int, default=50)
    args = parser.parse_args(argv)
    cae = model.build_cae(seed=1)
    rng = np.random.RandomState(0)
    feed = {cae.x: rng.rand(args.n_batch, 784).astype(np.float32),
            cae.y: np.eye(10, dtype=np.float32)[rng.randint(10, size=args.n_batch)]}
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    for _ in range(20):  # warm up
        sess.run(cae.optm, feed)
    started = time.perf_counter()
    for _ in range(args.steps):
        sess.run(cae.optm, feed)
    wall = (time.perf_counter() - started) / args.steps
    by_type = collections.Counter()
    options = tf.RunOptions(trace_level=tf.RunOptions.FULL_TRACE)
    for _ in range(args.steps):
        metadata = tf.RunMetadata()
        sess.run(cae.optm, feed, options=options, run_metadata=metadata)
        for device in metadata.step_stats.dev_stats:
            for node in device.node_stats:
                op_type = node.timeline_label.split('(')[0].split('=')[-1].strip() or 'other'
                by_type[op_type] += node.all_end_rel_micros / args.steps / 1e3
    traced = sum(by_type.values())
    # forward multiply-adds of every layer; the backward pass takes twice as many
    macs = 3 * args.n_batch * sum(a * b for a, b in layer_shapes().values())
    print('machine: %s' % machine())
    print('batch %d: %.2f ms per step untraced (%.0f steps/s); traced op time %.2f ms per step'
          % (args.n_batch, wall * 1e3, 1 / wall, traced))
    for op_type, ms in by_type.most_common(8):
        print('  %-16s %6.2f ms  %5.1f %%' % (op_type, ms, 100 * ms / traced))
    matmul = by_type.get('MatMul', 0)
    print('matmuls: %.0f MFLOP per step, %.1f GFLOP/s while they run' % (
        2 * macs / 1e6, 2 * macs / (matmul / 1e3) / 1e9 if matmul else 0))
    rest = traced - matmul - by_type.get('ApplyAdam', 0)
    print('matmul + Adam: %.0f %% of op time; all other ops %.2f ms per step, the most that '
          'removing per-step work could save' % (100 * (traced - rest) / traced, rest))

if __name__ == '__main__':
    main()
