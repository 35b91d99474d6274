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


def test_own_output_falls_back_on_the_reference_with_the_students_weights():
    rng = np.random.RandomState(0)
    W = {k: rng.randn(*s) * 0.1 for k, s in layer_shapes().items()}
    B = {k: rng.randn(s[1]) * 0.1 for k, s in layer_shapes().items()}
    values = {'4:W.' + k: W[k] for k in W}
    values.update({'4:B.' + k: B[k] for k in B})
    sheet = judge.Sheet(7, values, {}, needs=(4,))
    x, y = rng.rand(3, 784), np.eye(10)[[1, 2, 3]]
    got = judge.own_output(sheet, 'own_latent', lambda W, B: reference.encoder(x, W, B, y))
    np.testing.assert_allclose(got, reference.encoder(x, W, B, y))
    assert judge.own_output(judge.Sheet(7, {}, {}, needs=(4,)), 'own_latent',
                            lambda W, B: 1) is None  # no weights read: nothing to fall back on


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
