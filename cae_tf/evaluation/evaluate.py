"""Numbers beside the homework's pictures: ``python -m cae_tf evaluate --out DIR``.

Trains (or restores) the homework's CAE and the same network trained without labels (a plain AE:
the label input is zero in every batch, so the label weights never move and the network is an
autoencoder), then measures both with :mod:`cae_tf.evaluation.metrics` and the packaged classifier:

* reconstruction MSE on the full test set, and how well a digit can be told from its 2-D latent
  code (k-NN accuracy), for the CAE and the AE: part (7)'s "AE latents cluster by digit, CAE
  latents overlap", as numbers;
* conditional accuracy: latent points taken where the test set's codes lie, decoded with each
  label k; the share the classifier reads as k (part (9)'s "does label k give a k?");
* style consistency: slant and stroke thickness across the 10 labels at one latent point, against
  random pairs of points (part (9)'s "are they in a similar style?").

:func:`evaluate` writes ``report.md``, ``results.json`` and PNG figures into one folder.
"""
import json
import os
import platform

import numpy as np

from cae_tf.handout import input_data
from cae_tf.evaluation import metrics
from cae_tf.evaluation.classifier import PACKAGED as CLASSIFIER, Classifier, load as load_classifier
from cae_tf.handout.compat import tf
from cae_tf.evaluation.training import label_input, load_model, train_model
from cae_tf.handout.given import full_set_loss
from cae_tf.solution.generate import decode_all_labels
from cae_tf.solution.settings import n_iter as N_ITER

N_POINTS = 1000      # latent points decoded with every label
N_KNN_TRAIN = 10000  # training codes the k-NN vote among
KNN_K = 10
N_SHOWN = 8          # latent points in the style figure


def measure(sess, cae, mnist, use_labels=True, classifier=None, n_points=N_POINTS, seed=0):
    """Measure a trained network; return ``(numbers, arrays)``.

    ``numbers``: ``test_mse`` (full test set), ``knn_accuracy``; with ``use_labels`` and a
    ``classifier`` also ``conditional_accuracy`` (overall), ``conditional_accuracy_per_digit``,
    ``style`` (``{feature: {'same_point', 'random_pairs', 'ratio'}}``).
    ``arrays``: ``test_latent``; with the classifier also ``shown`` (n_label, N_SHOWN, 784) and
    ``shown_slant`` (n_label, N_SHOWN), for the figures.
    """
    test_labels = label_input(mnist.test.labels, use_labels)
    train_imgs = mnist.train.images[:N_KNN_TRAIN]
    train_labels = label_input(mnist.train.labels[:N_KNN_TRAIN], use_labels)
    test_latent = sess.run(cae.latent, {cae.x: mnist.test.images, cae.y: test_labels})
    train_latent = sess.run(cae.latent, {cae.x: train_imgs, cae.y: train_labels})
    numbers = {
        'test_mse': full_set_loss(sess, cae.x, cae.y, cae.loss, mnist.test.images, test_labels),
        'knn_accuracy': metrics.knn_accuracy(train_latent, mnist.train.labels[:N_KNN_TRAIN],
                                             test_latent, mnist.test.labels, k=KNN_K),
    }
    arrays = {'test_latent': test_latent}
    if not (use_labels and classifier):
        return numbers, arrays
    rng = np.random.RandomState(seed)
    points = test_latent[rng.choice(len(test_latent), n_points, replace=False)]
    n_label = mnist.test.labels.shape[1]
    images = decode_all_labels(sess, cae.generated, cae.latent_input, cae.y, points, n_label)
    flat = images.reshape(-1, images.shape[-1])
    per_digit, overall = metrics.conditional_accuracy(
        classifier.predict(flat), np.repeat(np.arange(n_label), n_points), n_label)
    features = metrics.style_features(flat)
    style = {}
    for name, values in features.items():
        same, random, ratio = metrics.style_consistency(values.reshape(n_label, n_points).T, seed)
        style[name] = {'same_point': same, 'random_pairs': random, 'ratio': ratio}
    numbers.update(conditional_accuracy=overall,
                   conditional_accuracy_per_digit=[float(v) for v in per_digit], style=style)
    arrays.update(shown=images[:, :N_SHOWN],
                  shown_slant=features['slant'].reshape(n_label, n_points)[:, :N_SHOWN])
    return numbers, arrays


def _model(name, use_labels, path, mnist, n_iter, out_dir, faithful, log):
    """Return ``(sess, cae, source)``: restored from ``path``, or trained here and saved."""
    from cae_tf.solution.train import save_model
    if path:
        if log:
            log('%s: restoring %s' % (name, path))
        sess, cae = load_model(path)
        return sess, cae, 'checkpoint %s' % path
    if log:
        log('%s: training %d steps (%s)' % (
            name, n_iter, "the seed's loop" if faithful else 'fast trainer'))
    sess, cae, _ = train_model(mnist, use_labels, n_iter, faithful=faithful)
    saved = save_model(sess, cae.weights, cae.biases, os.path.join(out_dir, name + '.ckpt'))
    return sess, cae, 'trained here, %d steps, saved as %s' % (n_iter, saved)


def _figures(results, arrays, digits):
    """Return the report's figures, ``{name: Figure}``."""
    from cae_tf.evaluation import figures as plots
    titles = {'ae': 'plain AE (no labels)', 'cae': 'CAE'}
    return {
        'latent_ae_vs_cae': plots.plot_latents_compared(
            {titles[m]: arrays[m]['test_latent'] for m in ('ae', 'cae')}, digits,
            {titles[m]: results[m]['knn_accuracy'] for m in ('ae', 'cae')}),
        'conditional_accuracy': plots.plot_conditional_accuracy(
            results['cae']['conditional_accuracy_per_digit'],
            results['cae']['conditional_accuracy'], results['classifier']['test_accuracy']),
        'style': plots.plot_style_grid(arrays['cae']['shown'], arrays['cae']['shown_slant']),
    }


def _write(out_dir, results, figures):
    import matplotlib.pyplot as plt
    for name, fig in figures.items():
        fig.savefig(os.path.join(out_dir, name + '.png'), dpi=80)
        plt.close(fig)  # shown where the caller displays it, not at the end of its cell
    with open(os.path.join(out_dir, 'results.json'), 'w') as f:
        json.dump(results, f, indent=2)
    with open(os.path.join(out_dir, 'report.md'), 'w') as f:
        f.write(report_markdown(results, {name: name + '.png' for name in figures}))


def evaluate(out_dir, checkpoint=None, ae_checkpoint=None, n_iter=N_ITER, n_points=N_POINTS,
             classifier_path=CLASSIFIER, data_dir=None, faithful=False, log=print):
    """Evaluate the CAE and the plain AE; write report.md, results.json and figures to ``out_dir``.

    Args:
        checkpoint, ae_checkpoint: ``save_model`` prefixes; a model without one is trained here
            for ``n_iter`` steps with the fast trainer and saved as ``out_dir/cae.ckpt`` /
            ``out_dir/ae.ckpt``; ``faithful``: with the seed's loop (see ``train_model``).
        n_points: latent points decoded with every label (conditional accuracy, style).
        data_dir: MNIST folder (the packaged copy by default).
    Returns:
        ``(results, figures)``: the numbers written to results.json, and ``{name: Figure}``.
    """
    values, recorded_accuracy = load_classifier(classifier_path)  # fails before any training
    mnist = input_data.read_data_sets(data_dir or input_data.PACKAGED_DIR, one_hot=True)
    os.makedirs(out_dir, exist_ok=True)
    classifier = Classifier(values)
    results = {
        'machine': '%s, %d cores, TensorFlow %s' % (platform.processor() or platform.machine(),
                                                    os.cpu_count() or 1, tf.__version__),
        'classifier': {'test_accuracy': classifier.accuracy(mnist.test.images, mnist.test.labels),
                       'recorded_test_accuracy': recorded_accuracy, 'path': classifier_path},
    }
    arrays = {}
    for name, use_labels, path in (('cae', True, checkpoint), ('ae', False, ae_checkpoint)):
        sess, cae, source = _model(name, use_labels, path, mnist, n_iter, out_dir, faithful, log)
        try:
            numbers, arrays[name] = measure(sess, cae, mnist, use_labels, classifier, n_points)
        finally:
            sess.close()
        results[name] = dict(numbers, source=source)
    classifier.close()
    results['cae']['n_points'] = n_points
    figures = _figures(results, arrays, mnist.test.labels.argmax(1))
    _write(out_dir, results, figures)
    return results, figures


STYLE_TEXT = ('Slant (-mu11/mu02 of the ink) and stroke thickness (2 x ink area / outline) of the '
              '10 images decoded from one latent point, compared pairwise, against the same label '
              'pairs taken from two random points. Ratio 0: one style for every label; 1: no '
              'more alike than random points.')


def tables(results):
    """Return the report's three tables as Markdown text: AE vs CAE, conditional accuracy, style."""
    cae, ae = results['cae'], results['ae']
    per_digit = cae['conditional_accuracy_per_digit']
    lines = [
        '| model | test MSE (10000 images) | digit from 2-D latent, %d-NN accuracy |' % KNN_K,
        '|---|---|---|',
        '| plain AE (no labels) | %.4f | %.3f |' % (ae['test_mse'], ae['knn_accuracy']),
        '| CAE | %.4f | %.3f |' % (cae['test_mse'], cae['knn_accuracy']),
        '',
        '| requested digit | ' + ' | '.join(str(k) for k in range(len(per_digit))) + ' | all |',
        '|---' * (len(per_digit) + 2) + '|',
        '| read as requested | ' + ' | '.join('%.3f' % v for v in per_digit)
        + ' | %.3f |' % cae['conditional_accuracy'],
        '',
        '| style feature | mean difference, same point | mean difference, random points '
        '| ratio |',
        '|---|---|---|---|',
    ]
    for name, unit in (('slant', 'columns per row'), ('thickness', 'pixels')):
        s = cae['style'][name]
        lines.append('| %s (%s) | %.3f | %.3f | %.2f |'
                     % (name, unit, s['same_point'], s['random_pairs'], s['ratio']))
    return '\n'.join(lines) + '\n'


def report_markdown(results, figure_files):
    """Return report.md's text for ``results`` (as :func:`evaluate` builds them)."""
    cae, classifier = results['cae'], results['classifier']
    table = tables(results).split('\n\n')
    return '\n'.join([
        '# CAE evaluation',
        '',
        'Machine: %s. CAE: %s. Plain AE: %s.' % (results['machine'], cae['source'],
                                                 results['ae']['source']),
        '',
        '## Latent space: plain AE vs CAE (part 7)',
        '',
        'The same network, trained with and without the label input. Without labels the 2-D '
        'code has to carry the digit, so digits form clusters a nearest-neighbour vote can read; '
        'with labels the decoder is told the digit, and the code is free to hold style only.',
        '',
        table[0],
        '',
        '![latent spaces](%s)' % figure_files['latent_ae_vs_cae'],
        '',
        '## Conditional accuracy (part 9)',
        '',
        '%d latent points drawn from the test set\'s codes, each decoded with every label; the '
        'share of images the classifier (%.2f%% accurate on the real test digits) reads as the '
        'label asked for. Chance: 0.100.' % (cae['n_points'], 100 * classifier['test_accuracy']),
        '',
        table[1],
        '',
        '![conditional accuracy](%s)' % figure_files['conditional_accuracy'],
        '',
        '## Style consistency (part 9)',
        '',
        STYLE_TEXT,
        '',
        table[2],
        '![same latent point, every label](%s)' % figure_files['style'],
        '',
    ])
