"""Part (10)'s manifold, 20x20 points x 10 digits: the seed's per-point loop (4000 ``sess.run``)
vs ``cae_tf.solution.generate.manifold_canvases`` (one ``sess.run``), on the same decoder.

    .venv/bin/python benchmarks/bench_manifold.py [--rounds 5] [--grid 20]

Last line: ``speedup: X.XX`` (per-point time over one-run time, medians); it also checks that
both give the same canvases.
"""
import argparse

import numpy as np
from common import interleave, machine, median

from cae_tf.solution import generate, model
from cae_tf.solution import reference
from cae_tf.handout.compat import tf


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--rounds', type=int, default=5)
    parser.add_argument('--grid', type=int, default=20, help='points per side')
    args = parser.parse_args(argv)
    cae = model.build_cae(seed=1)  # untrained weights decode as fast as trained ones
    sess = tf.Session()
    sess.run(tf.global_variables_initializer())
    x_values = np.linspace(-4, 4, args.grid)
    y_values = np.linspace(-3, 5, args.grid)
    canvases = {}

    def per_point():
        def decode_one(point, k):  # the seed's loop body: one sess.run per point
            return sess.run(cae.generated, feed_dict={
                cae.latent_input: point, cae.y: np.eye(10, dtype=np.float32)[k:k + 1]})
        canvases['per point'] = np.stack([reference.seed_canvas(decode_one, k, x_values,
                                                                y_values) for k in range(10)])
        return {}

    def one_run():
        canvases['one run'] = generate.manifold_canvases(sess, cae.generated, cae.latent_input,
                                                         cae.y, x_values, y_values)
        return {}

    per_point(), one_run()  # warm-up: the first run of a batch shape allocates its buffers
    results = interleave({'per point': per_point, 'one run': one_run}, args.rounds)
    same = np.allclose(canvases['per point'], canvases['one run'], atol=1e-5)
    print('machine: %s' % machine())
    print('%dx%d points x 10 digits, %d rounds (medians); same canvases: %s'
          % (args.grid, args.grid, args.rounds, same))
    for name in results:
        print('  %-10s %8.4f s' % (name, median(results, name, 'seconds')))
    print('speedup: %.2f' % (median(results, 'per point', 'seconds')
                             / median(results, 'one run', 'seconds')))
    if not same:
        raise SystemExit('the two ways gave different canvases')


if __name__ == '__main__':
    main()
