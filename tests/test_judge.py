"""The hidden checks' machinery: the fresh inputs, a part's score sheet
(cae_tf/grading/judge.py) and the scoring of every part (cae_tf/grading/scoring.py)."""
import numpy as np

from cae_tf.grading import judge, registry, scoring
from cae_tf.solution import reference
from cae_tf.solution.settings import layer_shapes


def test_inputs_are_fresh_each_run_and_repeat_with_a_seed():
    a, b, again = judge.make_inputs(), judge.make_inputs(), judge.make_inputs(seed=3)
    assert not np.array_equal(a['X'], b['X'])
    np.testing.assert_array_equal(again['W0.encoder1'], judge.make_inputs(seed=3)['W0.encoder1'])
    assert a['X'].shape == (5, 784) and a['Y'].sum(1).tolist() == [1] * 5
    assert {k[3:]: v.shape for k, v in a.items() if k.startswith('W0.')} == layer_shapes()
    assert a['T'].shape == (10000, 784) and a['T'].max() <= 1


def test_a_sheet_reads_its_own_part_and_what_it_needs():
    values = {'4:W.latent': np.ones(2), '6:x_reconst': np.zeros(3)}
    sheet = judge.Sheet(6, values, {'6': 'NameError: x'}, needs=())
    assert sheet.get('x_reconst').shape == (3,) and sheet.get('missing') is None
    assert sheet.error == 'NameError: x'
    sheet.add('ok', 2, True, 'never shown')
    sheet.add('bad', 3, False, 'wrong', measured='0.07')
    assert sheet.results == [judge.Result(6, 'ok', 2, True, '', ''),
                             judge.Result(6, 'bad', 3, False, 'wrong', '0.07')]
    assert sheet.close(np.ones(2), np.ones(2) + 1e-6) and not sheet.close(None, np.ones(2))
    assert not sheet.close(np.ones(2), np.ones(3))


def _weights(seed):
    rng = np.random.RandomState(seed)
    return ({k: rng.randn(*s) * 0.1 for k, s in layer_shapes().items()},
            {k: rng.randn(s[1]) * 0.1 for k, s in layer_shapes().items()})


def _sheet(part, W, B, inputs=None, functions=reference, more=None):
    """A sheet of part ``part`` holding trained weights W, B and, given ``inputs``, part (3)'s
    outputs of ``functions`` (a module with ``encoder`` and ``decoder``) on them."""
    values = dict({'4:W.' + k: W[k] for k in W}, **{'4:B.' + k: B[k] for k in B})
    if inputs is not None:
        W0 = {k: inputs['W0.' + k] for k in W}
        B0 = {k: inputs['B0.' + k] for k in B}
        values['3:encoder'] = functions.encoder(inputs['X'], W0, B0, inputs['Y'])
        values['3:decoder'] = functions.decoder(inputs['Z'], W0, B0, inputs['Y'])
    values.update(more or {})
    return judge.Sheet(part, values, {}, needs=(3, 4))


class _Sigmoid:
    """A student's model whose decoder ends in a sigmoid: not the reference."""
    encoder = staticmethod(reference.encoder)

    @staticmethod
    def decoder(z, W, B, y):
        return 1 / (1 + np.exp(-reference.decoder(z, W, B, y)))


def test_own_output_is_the_graders_where_the_functions_match_the_reference():
    inputs, (W, B) = judge.make_inputs(seed=1), _weights(0)
    x, y = inputs['X'][:3], inputs['Y'][:3]
    expected = reference.encoder(x, W, B, y)
    lie = {'7:own_latent': np.zeros((3, 2))}  # what a lying kernel sends
    got = judge.own_output(_sheet(7, W, B, inputs, more=lie), inputs, 'own_latent',
                           lambda W, B: reference.encoder(x, W, B, y))
    np.testing.assert_allclose(got, expected)
    # functions of their own: only their kernel can compute their outputs
    got = judge.own_output(_sheet(7, W, B, inputs, _Sigmoid, lie), inputs, 'own_latent',
                           lambda W, B: reference.encoder(x, W, B, y))
    np.testing.assert_array_equal(got, np.zeros((3, 2)))
    # functions that could not run: the reference with their weights
    got = judge.own_output(_sheet(7, W, B), inputs, 'own_latent',
                           lambda W, B: reference.encoder(x, W, B, y))
    np.testing.assert_allclose(got, expected)
    assert judge.own_output(judge.Sheet(7, {}, {}, needs=(3, 4)), inputs, 'own_latent',
                            lambda W, B: 1) is None  # no weights read: nothing to compute with


def test_the_trained_model_is_measured_here_whatever_the_kernel_sends():
    inputs, (W, B) = judge.make_inputs(seed=2), _weights(0)
    T = inputs['T']
    W['reconst'][:] = 0  # the decoder's output is its last bias: the mean test image
    B['reconst'] = T.mean(0).astype(np.float64)
    lie = {'5:own_test_reconst': T, '5:mse': np.array(0.0)}  # a kernel handing back the test set
    results = registry.PARTS[5].judge
    sheet = _sheet(5, W, B, more=lie)
    results(sheet, inputs, None)
    trained = [r for r in sheet.results if r.name == 'trained model'][0]
    expected = float(np.mean((T.astype(np.float64) - T.mean(0)) ** 2))  # 0.067 for MNIST
    assert not trained.passed and expected > 0.06
    assert trained.measured == ('your model\'s MSE on the 10000 test images: %.4f (expected '
                                '0.06 or less)' % expected)


def test_the_test_set_never_goes_into_the_kernel():
    inputs = judge.make_inputs(seed=0)
    assert set(inputs) - set(judge.kernel_inputs(inputs)) == {'T', 'TY'}


def test_every_part_judged_on_nothing_fails_every_check_without_raising():
    results = scoring.judge_parts({}, {}, judge.make_inputs(seed=0), {})
    assert results and not any(r.passed for r in results)
    assert all(r.name != 'values' for r in results)
    assert sum(r.points for r in results) == 100
    assert set(scoring.part_scores(results).values()) == {0.0}


def test_a_judge_that_raises_loses_only_what_it_had_left(monkeypatch):
    def raises_after_one(sheet, inputs, ref):
        sheet.add('first', 1.5, True, '')
        raise TypeError('an object array')
    monkeypatch.setitem(registry.PARTS, 6, registry.PARTS[6]._replace(judge=raises_after_one))
    results = scoring.judge_part(6, {}, {'6': 'ValueError: bad'}, {}, None)
    assert [(r.name, r.points, r.passed) for r in results] == [('first', 1.5, True),
                                                              ('values', 0.5, False)]
    assert 'TypeError: an object array' in results[1].message
    assert results[1].message.endswith('(could not read this part: ValueError: bad)')


def test_part_scores_round_and_cover_every_part():
    results = [judge.Result(2, 'n_input', 5 / 7, True, ''), judge.Result(2, 'n_label', 5 / 7,
                                                                         True, '')]
    scores = scoring.part_scores(results)
    assert sorted(scores) == sorted(registry.PARTS) and scores[2] == 1.4 and scores[3] == 0.0
