"""Part (5): training, its loss records, and the trained model."""
import numpy as np

from cae_tf.grading.judge import GRADER, KERNEL, Figures, student_weights
from cae_tf.handout import part_checks
from cae_tf.solution import reference, settings

NUMBER, POINTS, FIGURES, NEEDS = 5, 20, Figures(1, 1, 2), (4,)
PUBLIC_CHECK = part_checks.part5
_TRAINED = ('Trained so, the loss falls to about 0.05: 0.06 or less at the end of '
            '`loss_record_train`, and on the whole test set.')
STATES = {'schedule': 'Keep `n_batch`, `n_iter` and `n_prt` as given.',
          'loss records': 'Train `n_iter` steps on batches of `n_batch` training images; every '
                          '`n_prt` steps, from step 0 to step `n_iter`, append the loss on the '
                          'current training batch to `loss_record_train` and on a test batch of '
                          '`n_batch` images to `loss_record_test`.',
          'loss falls': _TRAINED, 'trained model': _TRAINED,
          'figure': 'The given `plot_loss` shows the two records.'}
SOURCES = {'schedule': KERNEL + ': `n_batch`, `n_iter`, `n_prt`',
           'loss records': KERNEL + ': `loss_record_train`, `loss_record_test`',
           'loss falls': KERNEL + ': `loss_record_train` (only the kernel saw the training)',
           'trained model': GRADER + ': the MSE on the 10000 test images of the reference model '
                            'with the trained weights (the values of `weights` and `biases`)',
           'figure': GRADER + ': the PNGs shown, decoded'}
BAR = 0.06  # the loss a trained model reaches, as the notebook states it


def probe(ns, inputs, out):
    for name in ('loss_record_train', 'loss_record_test'):
        out[name] = np.asarray(ns[name], dtype=np.float64).ravel()
    for name in ('n_iter', 'n_prt', 'n_batch'):
        out[name] = np.array(ns[name])


def _records(sheet):
    train, test = sheet.get('loss_record_train'), sheet.get('loss_record_test')
    sheet.add('schedule', 4, (sheet.get('n_iter'), sheet.get('n_prt'), sheet.get('n_batch')) ==
              (settings.n_iter, settings.n_prt, settings.n_batch),
              'keep n_batch, n_iter and n_prt as given')
    sheet.add('loss records', 4, train is not None and test is not None and
              len(train) == len(test) == settings.n_iter // settings.n_prt + 1,
              'loss_record_train and loss_record_test should hold one value every n_prt '
              'iterations, from 0 to n_iter')
    sheet.add('loss falls', 4, train is not None and len(train) > 1 and train[-1] < train[0]
              and train[-1] <= BAR, 'the training loss should fall to about 0.05 or less '
              '(0.06 or less at the end of loss_record_train)',
              measured=None if train is None or not len(train) else
              'your last recorded training loss: %.4f (expected 0.06 or less)' % train[-1])


def measure_mse(weights, images, labels, batch=2000):
    """The MSE of the reference model with the trained ``weights`` (W, B) on ``images``,
    computed here, ``batch`` rows at a time (the grader's memory stays small); or None."""
    W, B = weights
    if W is None:
        return None
    W = {k: np.asarray(v, np.float32) for k, v in W.items()}  # as TensorFlow computes
    B = {k: np.asarray(v, np.float32) for k, v in B.items()}
    total = 0.0
    for i in range(0, len(images), batch):
        x, y = images[i:i + batch], labels[i:i + batch].astype(np.float32)
        total += float(np.sum((x - reference.decoder(reference.encoder(x, W, B, y), W, B, y))
                              ** 2))
    return total / images.size


def judge(sheet, inputs, ref):
    _records(sheet)
    mse = measure_mse(student_weights(sheet), inputs['T'], inputs['TY'])
    measured = None if mse is None else (
        'your model\'s MSE on the 10000 test images: %.4f (expected 0.06 or less)' % mse)
    sheet.add('trained model', 6, mse is not None and mse <= BAR,
              'the trained model reconstructs the test set poorly' if mse is not None else
              'the trained model could not be measured on the test set', measured=measured)
