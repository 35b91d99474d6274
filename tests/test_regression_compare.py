"""The regression's comparison of outputs: numbers by value within the tolerance, text exact."""
from cae_tf.regression import mismatch, output_mismatches, split_numbers

RTOL, ATOL = 1e-4, 1e-6


def agree(expected, got):
    return mismatch(expected, got, RTOL, ATOL) is None


def test_numbers_and_words_are_split():
    assert split_numbers('( 250/5000) loss: 0.0689') == (['(', '/', ')loss:', ''],
                                                         [250.0, 5000.0, 0.0689])
    assert split_numbers('x 1e-05 y')[1] == [1e-05]


def test_formatting_alone_never_fails():
    assert agree('new_data: [[-0.11389277  1.0785336 ]]', 'new_data: [[-0.11389263  1.078534  ]]')
    assert agree('[ 1.5 -2. ]', '[1.5 -2.0]')
    assert agree('lr 1e-05', 'lr 0.00001')
    assert agree('(   0/5000) loss: 0.5388606190681458', '(   0/5000) loss: 0.5388606786727905')
    assert agree('<Figure size 1000x800 with 1 Axes>', '<Figure size 1000x800 with 1 Axes>')


def test_a_number_past_the_tolerance_or_other_words_fail():
    assert 'number 2 differs' in mismatch('loss 0 0.0421', 'loss 0 0.0422', RTOL, ATOL)
    assert not agree('MSE: 0.0428', 'MSE: 0.0429')
    assert not agree('(5000/5000) loss: 0.042', '(2500/2500) loss: 0.042')
    assert not agree('with 1 Axes', 'with 2 Axes')
    assert mismatch('Part 3: 5 of 5 checks passed.', 'Part 3: 5 of 5 checks failed.', RTOL,
                    ATOL) == 'the text differs'
    assert not agree('a b', 'a b c')
    assert agree('z 0.0000001', 'z 0.0000002')  # below the absolute floor
    assert agree('nan', 'nan') and not agree('nan', '1.0')


def test_cell_outputs_compare_by_kind_and_count():
    figure = {'output_type': 'display_data', 'metadata': {},
              'data': {'text/plain': '<Figure size 10x8 with 1 Axes>', 'image/png': 'AAAA'}}
    stream = {'output_type': 'stream', 'name': 'stdout', 'text': 'loss: 0.5\n'}
    other_png = dict(figure, data=dict(figure['data'], **{'image/png': 'BBBB'}))
    assert output_mismatches([stream, figure], [stream, other_png], RTOL, ATOL) == []
    assert output_mismatches([stream, figure], [stream], RTOL, ATOL) == [
        "kinds of output differ: ['stream:stdout', 'text/plain'] recorded, ['stream:stdout'] now"]
    assert len(output_mismatches([figure, figure], [figure], RTOL, ATOL)) == 1
    split = [dict(stream, text='loss: '), dict(stream, text='0.5\n')]
    assert output_mismatches([stream], split, RTOL, ATOL) == []
