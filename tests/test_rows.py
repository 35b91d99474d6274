"""The grades' CSV (cae_tf/grading/rows.py)."""
from cae_tf.grading import rows
from cae_tf.grading.registry import PARTS


def test_columns_are_the_parts_in_order_between_name_and_total():
    assert rows.COLUMNS == ['submission'] + ['part%d' % p for p in range(1, 11)] + ['total',
                                                                                     'status']
    assert len(PARTS) == 10


def test_a_row_that_could_not_be_graded_is_all_zero_and_says_why():
    row = rows.zero_row('alice', 'invalid notebook: not UTF-8 text')
    assert list(row) == rows.COLUMNS
    assert row['total'] == 0 and row['part7'] == 0 and row['status'].startswith('invalid')


def test_a_graded_row_sums_its_parts():
    row = rows.scored_row('bob', {p: 1.5 for p in PARTS}, [])
    assert row['total'] == 15.0 and row['status'] == 'ok'
    assert rows.scored_row('bob', {1: 1}, ['a', 'b'])['status'] == 'a; b'


def test_written_rows_read_back_sorted_with_a_courses_own_part(tmp_path):
    path = str(tmp_path / 'grades.csv')
    graded = {'zed': rows.zero_row('zed', 'x'),
              'amy': dict(rows.scored_row('amy', {p: 1 for p in PARTS}, []), part11=5)}
    rows.write_rows(path, graded)
    header = open(path).readline().strip().split(',')
    assert header == rows.COLUMNS[:-2] + ['part11'] + rows.COLUMNS[-2:]
    back = rows.read_rows(path)
    assert list(back) == ['amy', 'zed'] and back['amy']['part11'] == '5'
    assert back['zed']['total'] == '0' and not (tmp_path / 'grades.csv.part').exists()
    assert rows.read_rows(str(tmp_path / 'none.csv')) == {}
