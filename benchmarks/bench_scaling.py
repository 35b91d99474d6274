"""How training cost grows with the batch: steps/s of the seed-faithful loop and of the fast
trainer at batch 50, 500 and 5000, interleaved in one process.

    .venv/bin/python benchmarks/bench_scaling.py [--rounds 2] [--batches 50 500 5000]

Each run trains a fixed number of examples' worth of steps (``--examples``, at least 20 steps).
Last line: ``speedup: X.XX``, fast over seed-faithful at the first batch size.
"""
import argparse

from bench_training import fast_trainer, seed_loop
from common import interleave, machine, median

from cae_tf.handout import input_data


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--rounds', type=int, default=2)
    parser.add_argument('--batches', type=int, nargs='+', default=[50, 500, 5000])
    parser.add_argument('--examples', type=int, default=50000,
                        help='examples each run trains on (steps = examples / batch)')
    args = parser.parse_args(argv)
    mnist = input_data.read_data_sets(input_data.PACKAGED_DIR, one_hot=True)
    variants = {}
    for batch in args.batches:
        n_iter = max(20, args.examples // batch)
        variants['seed b%d' % batch] = lambda b=batch, n=n_iter: seed_loop(mnist, n, b)
        variants['fast b%d' % batch] = lambda b=batch, n=n_iter: fast_trainer(mnist, n, b)
    results = interleave(variants, args.rounds)
    print('machine: %s' % machine())
    print('%d rounds (medians)' % args.rounds)
    print('  batch   seed steps/s   fast steps/s   ratio   seed examples/s')
    for batch in args.batches:
        seed = median(results, 'seed b%d' % batch, 'steps/s')
        fast = median(results, 'fast b%d' % batch, 'steps/s')
        print('  %5d   %12.1f   %12.1f   %5.2f   %15.0f' % (batch, seed, fast, fast / seed,
                                                           seed * batch))
    first = args.batches[0]
    print('speedup: %.2f' % (median(results, 'fast b%d' % first, 'steps/s')
                             / median(results, 'seed b%d' % first, 'steps/s')))


if __name__ == '__main__':
    main()
