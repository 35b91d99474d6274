"""Part (5): training, its loss records, and the trained model."""
import numpy as np

from cae_tf.grading.judge import Figures, own_output
from cae_tf.grading.parts.probing import own_reconst, trained_weights
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
BAR = 0.06  # the loss a trained model reaches, as the notebook states it


def probe(ns, inputs, out):
    for name in ('loss_record_train', 'loss_record_test'):
        out[name] = np.asarray(ns[name], dtype=np.float64).ravel()
    for name in ('n_iter', 'n_prt', 'n_batch'):
        out[name] = np.array(ns[name])
    W, B = trained_weights(ns)
    out['own_test_reconst'] = own_reconst(ns, W, B, inputs['T'], inputs['TY'])


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


def judge(sheet, inputs, ref):
    _records(sheet)
    reconst = own_output(sheet, 'own_test_reconst', lambda W, B: reference.decoder(
        reference.encoder(inputs['T'], W, B, inputs['TY']), W, B, inputs['TY']))
    mse = None
    if reconst is not None and reconst.shape == inputs['T'].shape:
        mse = float(np.mean((inputs['T'] - reconst) ** 2))
    measured = None if mse is None else (
        'your model\'s MSE on the 10000 test images: %.4f (expected 0.06 or less)' % mse)
    sheet.add('trained model', 6, mse is not None and mse <= BAR,
              'the trained model reconstructs the test set poorly' if mse is not None else
              'the trained model could not be measured on the test set', measured=measured)
