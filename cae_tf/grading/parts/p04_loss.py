"""Part (4): the loss and Adam's step."""
import numpy as np

from cae_tf.grading.judge import GRADER, KERNEL, own_output
from cae_tf.grading.parts.probing import (adam_updates, feed, own_reconst, session,
                                          trained_weights)
from cae_tf.handout import part_checks
from cae_tf.solution import reference, settings

NUMBER, POINTS, NEEDS = 4, 10, (3,)
PUBLIC_CHECK = part_checks.part4
_ADAM = '`optm`: a step of Adam minimising `loss`, with the learning rate `LR = 0.0001`'
STATES = {'loss': '`loss`: the mean squared error between `x` and its reconstruction `reconst`.',
          'optimizer': _ADAM, 'learning rate': _ADAM}
SOURCES = {'loss': KERNEL + ': `loss` on a batch drawn afresh, beside the MSE the ' + GRADER
           + ' computes of the trained model (the kernel\'s, where their functions differ)',
           'optimizer': KERNEL + ': the Adam steps found in `optm`\'s graph',
           'learning rate': KERNEL + ': the learning rate fed to Adam\'s step'}


def probe(ns, inputs, out):
    W, B = trained_weights(ns)
    for k in W:
        out['W.' + k], out['B.' + k] = W[k], B[k]
    out['loss'] = np.array(session(ns).run(ns['loss'], feed(ns, inputs['X'], inputs['Y'])))
    adam = adam_updates(ns['optm'])  # wherever they sit among optm's dependencies
    out['optm.adam'] = np.array(len(adam))
    if adam:
        out['optm.lr'] = np.array(session(ns).run(adam[0].inputs[5]))  # Adam's lr input
    out['own_reconst'] = own_reconst(ns, W, B, inputs['X'], inputs['Y'])


def judge(sheet, inputs, ref):
    reconst = own_output(sheet, inputs, 'own_reconst', lambda W, B: reference.decoder(
        reference.encoder(inputs['X'], W, B, inputs['Y']), W, B, inputs['Y']))
    expected = None if reconst is None else np.mean((inputs['X'] - reconst) ** 2)
    sheet.add('loss', 5, expected is not None and sheet.close(sheet.get('loss'),
                                                              np.float32(expected)),
              'loss should be the mean squared error between x and its reconstruction')
    sheet.add('optimizer', 3, sheet.get('optm.adam') is not None and sheet.get('optm.adam') > 0,
              'optm should be an Adam optimizer minimising loss')
    sheet.add('learning rate', 2, sheet.close(sheet.get('optm.lr'), np.float32(settings.LR),
                                              rtol=1e-3, atol=0),
              'LR does not match the problem')


def public_data(given, mnist):
    """The reference model's loss on the public inputs, and the problem's learning rate."""
    reconst = reference.decoder(reference.encoder(given['X'], given['W'], given['B'], given['Y']),
                                given['W'], given['B'], given['Y'])
    return {'4.loss': np.mean((given['X'] - reconst) ** 2), '4.LR': np.array(settings.LR)}
