"""The classifier, the evaluation of a trained CAE, its report and its command line."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from cae_tf.evaluation import classifier as clf, evaluate, metrics, training
from cae_tf.solution import model
from cae_tf.handout.compat import tf
from cae_tf.solution.train import save_model

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture(scope='module')
def classifier():
    c = clf.Classifier.packaged()
    yield c
    c.close()


def test_packaged_classifier_reads_real_test_digits(classifier, mnist):
    accuracy = classifier.accuracy(mnist.test.images, mnist.test.labels)
    assert accuracy >= 0.98
    assert accuracy == pytest.approx(clf.load()[1], abs=2e-4)  # as recorded when it was built


def test_conditional_accuracy_of_real_images_given_their_labels(classifier, mnist):
    # Real test digits "generated" for their true labels: the known answer is the classifier's
    # own accuracy, per digit too.
    predicted = classifier.predict(mnist.test.images)
    per_digit, overall = metrics.conditional_accuracy(predicted, mnist.test.labels)
    digits = mnist.test.labels.argmax(1)
    assert overall == pytest.approx(np.mean(predicted == digits)) and overall >= 0.98
    assert per_digit[1] == pytest.approx(np.mean(predicted[digits == 1] == 1))
    assert per_digit.min() > 0.95


def test_classifier_training_learns(mnist):
    values = clf.train_classifier(mnist.train.images[:8000], mnist.train.labels[:8000],
                                  n_epoch=1, log=None)
    assert {k: v.shape for k, v in values.items()} == dict(
        [('weights/' + k, s) for k, s in clf.SHAPES.items()]
        + [('biases/' + k, s[-1:]) for k, s in clf.SHAPES.items()])
    c = clf.Classifier(values)
    assert c.accuracy(mnist.test.images[:1000], mnist.test.labels[:1000]) > 0.85
    c.close()


def test_classifier_checkpoint_round_trip_and_bad_files(tmp_path):
    values, accuracy = clf.load()
    path = clf.save(values, str(tmp_path / 'c.npz'), accuracy)
    again, again_accuracy = clf.load(path)
    assert again_accuracy == accuracy
    for k in values:
        np.testing.assert_array_equal(again[k], values[k])
    with pytest.raises(clf.ClassifierFileError, match='no classifier checkpoint'):
        clf.load(str(tmp_path / 'missing.npz'))
    (tmp_path / 'junk.npz').write_bytes(b'not a zip file')
    with pytest.raises(clf.ClassifierFileError, match='junk.npz: not a readable'):
        clf.load(str(tmp_path / 'junk.npz'))
    bad = dict(values, **{'weights/hidden': np.zeros((3, 3), np.float32)})
    clf.save(bad, str(tmp_path / 'bad.npz'), accuracy)
    with pytest.raises(clf.ClassifierFileError, match='weights/hidden has shape'):
        clf.load(str(tmp_path / 'bad.npz'))


@pytest.fixture(scope='module')
def short_cae(mnist):
    sess, cae, records = training.train_model(mnist, n_iter=300)
    yield sess, cae, records
    sess.close()


def test_label_blind_decoder_scores_chance(short_cae, mnist, classifier):
    # Zero the decoder's label rows: every label gives the same image at a point, and its one
    # reading matches exactly one of the 10 requests.
    sess, cae, _ = short_cae
    kept = sess.run(cae.weights['decoder2'])
    blind = kept.copy()
    blind[model.n_latent:] = 0.0
    cae.weights['decoder2'].load(blind, sess)
    try:
        numbers, _ = evaluate.measure(sess, cae, mnist, classifier=classifier, n_points=200)
    finally:
        cae.weights['decoder2'].load(kept, sess)
    assert numbers['conditional_accuracy'] == pytest.approx(0.1)
    for name in ('slant', 'thickness'):
        assert numbers['style'][name]['same_point'] == 0.0


def test_measure_against_numpy(short_cae, mnist, classifier):
    sess, cae, _ = short_cae
    numbers, arrays = evaluate.measure(sess, cae, mnist, classifier=classifier, n_points=100)
    reconst = sess.run(cae.reconst, {cae.x: mnist.test.images, cae.y: mnist.test.labels})
    assert numbers['test_mse'] == pytest.approx(np.mean((reconst - mnist.test.images) ** 2),
                                                rel=1e-4)
    assert arrays['test_latent'].shape == (10000, 2)
    assert arrays['shown'].shape == (10, evaluate.N_SHOWN, 784)
    assert len(numbers['conditional_accuracy_per_digit']) == 10
    assert numbers['conditional_accuracy'] == pytest.approx(
        np.mean(numbers['conditional_accuracy_per_digit']))   # same count per label
    assert 0.0 <= numbers['knn_accuracy'] <= 1.0
    # The first shown image is point 0 with label 0, decoded again here directly.
    rng = np.random.RandomState(0)
    point = arrays['test_latent'][rng.choice(10000, 100, replace=False)[:1]]
    direct = sess.run(cae.generated, {cae.latent_input: point, cae.y: np.eye(10)[:1]})
    np.testing.assert_allclose(arrays['shown'][0, 0], direct[0], atol=1e-5)


def test_the_plain_ae_ignores_labels(mnist):
    sess, cae, _ = training.train_model(mnist, use_labels=False, n_iter=100)
    with sess:
        # The label rows of the first layers never move: their gradient is zero throughout.
        trained = sess.run(cae.weights['encoder1'])[model.n_input:]
    fresh = model.build_cae(42)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        np.testing.assert_array_equal(sess.run(fresh.weights['encoder1'])[model.n_input:],
                                      trained)


@pytest.mark.slow
def test_evaluate_writes_report_and_restores_its_checkpoints(tmp_path, mnist):
    out = str(tmp_path / 'eval')
    results, figures = evaluate.evaluate(out, n_iter=300, n_points=100, log=None)
    assert sorted(os.listdir(out)) == sorted(
        ['report.md', 'results.json'] + [n + '.png' for n in figures]
        + [f for f in os.listdir(out) if f.startswith(('cae.ckpt', 'ae.ckpt', 'checkpoint'))])
    assert os.path.exists(os.path.join(out, 'cae.ckpt.index'))
    with open(os.path.join(out, 'results.json')) as f:
        assert json.load(f) == json.loads(json.dumps(results))
    report = open(os.path.join(out, 'report.md')).read()
    assert '| CAE | %.4f |' % results['cae']['test_mse'] in report
    assert '| plain AE (no labels) | %.4f |' % results['ae']['test_mse'] in report
    assert '%.3f |' % results['cae']['conditional_accuracy'] in report
    # the report states the run's own number of latent points (it once said 1000 whatever ran)
    assert results['cae']['n_points'] == 100
    assert '100 latent points drawn from the test set' in report and '1000 latent' not in report
    assert results['classifier']['test_accuracy'] >= 0.98
    again, _ = evaluate.evaluate(str(tmp_path / 'again'), os.path.join(out, 'cae.ckpt'),
                                 os.path.join(out, 'ae.ckpt'), n_points=100, log=None)
    for name in ('cae', 'ae'):
        assert again[name]['test_mse'] == pytest.approx(results[name]['test_mse'], rel=1e-5)
        assert again[name]['knn_accuracy'] == results[name]['knn_accuracy']
    assert again['cae']['conditional_accuracy'] == results['cae']['conditional_accuracy']


def test_restoring_a_wrong_checkpoint_names_it(tmp_path):
    with pytest.raises(ValueError, match='nothing-here'):
        training.load_model(str(tmp_path / 'nothing-here'))
    small = model.build_cae(n_encoder1=20)
    with tf.Session() as sess:
        sess.run(tf.global_variables_initializer())
        prefix = save_model(sess, small.weights, small.biases, str(tmp_path / 'small'))
    with pytest.raises(ValueError, match='small: not a CAE checkpoint of this model'):
        training.load_model(prefix)


def cli(*args):
    return subprocess.run([sys.executable, '-m', 'cae_tf'] + list(args), cwd=ROOT,
                          capture_output=True, text=True)


def test_cli_evaluate_with_a_bad_classifier_fails_before_training(tmp_path):
    (tmp_path / 'c.npz').write_text('garbage')
    done = cli('evaluate', '--out', str(tmp_path / 'out'), '--classifier', str(tmp_path / 'c.npz'))
    assert done.returncode == 2
    assert 'c.npz: not a readable .npz checkpoint' in done.stderr
    assert not os.path.exists(tmp_path / 'out')


def test_cli_train_saves_a_checkpoint_evaluate_can_restore(tmp_path):
    done = cli('train', '--out', str(tmp_path / 'm'), '--n-iter', '20')
    assert done.returncode == 0, done.stderr
    assert '(   0/20) loss:' in done.stdout and 'test MSE (10000 images): 0.' in done.stdout
    sess, cae = training.load_model(str(tmp_path / 'm'))
    sess.close()
    assert cli('train', '--out', str(tmp_path / 'm'), '--n-iter', '0').returncode == 2
