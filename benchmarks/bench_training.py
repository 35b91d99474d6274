"""Training: the seed-faithful loop (``cae_tf.solution.train.train``) vs the fast trainer (``cae_tf.solution.fast``).

    .venv/bin/python benchmarks/bench_training.py                  # 5000 steps, 3 rounds
    .venv/bin/python benchmarks/bench_training.py --n-iter 500 --rounds 2

Both train the same model from the same seed in one process, interleaved; each reports steps/s
(training time only) and the full-test MSE after training. Last line: ``speedup: X.XX``
(fast over seed-faithful, median steps/s).
"""
import argparse
import time

from common import interleave, machine, median

from cae_tf.solution import fast, model, train
from cae_tf.handout import input_data
from cae_tf.handout.compat import tf


def seed_loop(mnist, n_iter, n_batch, seed=1):
    cae = model.build_cae(seed=seed)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        started = time.perf_counter()
        train.train(sess, cae.x, cae.y, cae.loss, cae.optm,
                    train.make_batch_maker(mnist.train.images, mnist.train.labels),
                    train.make_batch_maker(mnist.test.images, mnist.test.labels),
                    n_batch=n_batch, n_iter=n_iter, init=False, log=None)
        seconds = time.perf_counter() - started
        mse = train.full_set_loss(sess, cae.x, cae.y, cae.loss, mnist.test.images,
                                  mnist.test.labels)
    return {'steps/s': (n_iter + 1) / seconds, 'test MSE': mse}


def fast_trainer(mnist, n_iter, n_batch, seed=1):
    cae = model.build_cae(seed=seed)
    steps = fast.build_fast_steps(cae.weights, cae.biases, mnist.train.images,
                                  mnist.train.labels, n_batch=n_batch)
    with tf.Session(config=fast.fast_config(n_batch)) as sess:
        sess.run(tf.global_variables_initializer())
        sess.run(steps.init, steps.init_feed)  # loading the data is set-up, as for the seed loop
        started = time.perf_counter()
        fast.fast_train(sess, cae.x, cae.y, cae.loss, steps, mnist.train.images,
                        mnist.train.labels,
                        train.make_batch_maker(mnist.test.images, mnist.test.labels),
                        n_batch=n_batch, n_iter=n_iter, init=False, log=None)
        seconds = time.perf_counter() - started
        mse = train.full_set_loss(sess, cae.x, cae.y, cae.loss, mnist.test.images,
                                  mnist.test.labels)
    return {'steps/s': (n_iter + 1) / seconds, 'test MSE': mse}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--n-iter', type=int, default=train.n_iter)
    parser.add_argument('--n-batch', type=int, default=train.n_batch)
    parser.add_argument('--rounds', type=int, default=3)
    args = parser.parse_args(argv)
    mnist = input_data.read_data_sets(input_data.PACKAGED_DIR, one_hot=True)
    results = interleave({
        'seed loop': lambda: seed_loop(mnist, args.n_iter, args.n_batch),
        'fast': lambda: fast_trainer(mnist, args.n_iter, args.n_batch)}, args.rounds)
    print('machine: %s' % machine())
    print('%d steps, batch %d, %d rounds (medians):' % (args.n_iter, args.n_batch, args.rounds))
    for name in results:
        print('  %-10s %7.1f steps/s   test MSE %.4f' % (
            name, median(results, name, 'steps/s'), median(results, name, 'test MSE')))
    print('speedup: %.2f' % (median(results, 'fast', 'steps/s')
                             / median(results, 'seed loop', 'steps/s')))


if __name__ == '__main__':
    main()
