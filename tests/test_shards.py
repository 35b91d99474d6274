"""Shards of a class and their merge (cae_tf/grading/shards.py), without grading: the split, the
shard records, and every refusal of ``merge``. Grading in shards for real: tests/test_cluster.py."""
import json
import os
import random
import subprocess
import sys

import pytest

from cae_tf.grading import rows, shards

NAMES = ['s%02d' % i for i in range(11)]


def paths(names, folder='/hand-ins'):
    return [os.path.join(folder, n + '.ipynb') for n in names]


def test_split_is_balanced_complete_and_independent_of_order():
    parts = [shards.select(paths(NAMES), k, 3) for k in range(3)]
    assert sorted(len(p) for p in parts) == [3, 4, 4]
    assert sorted(sum(parts, [])) == sorted(paths(NAMES))
    shuffled = paths(NAMES)
    random.Random(0).shuffle(shuffled)
    assert [shards.select(shuffled, k, 3) for k in range(3)] == parts
    # the split depends on the names only, not on where the files are
    assert [[os.path.basename(p) for p in shards.select(paths(NAMES, '/elsewhere'), k, 3)]
            for k in range(3)] == [[os.path.basename(p) for p in part] for part in parts]


def test_two_submissions_of_one_name_are_refused():
    with pytest.raises(ValueError, match='two submissions are named s01'):
        shards.select(['/a/s01.ipynb', '/b/s01.ipynb'], 0, 1)


def test_names_whose_feedback_files_would_be_one_are_refused_naming_both(tmp_path, capsys):
    from cae_tf.__main__ import main
    given = [str(tmp_path / 'a' / 'x.ipynb'), str(tmp_path / 'b' / 'x.figures.ipynb')]
    with pytest.raises(ValueError) as refused:
        shards.by_name(given)
    assert str(refused.value) == ('submissions %s and %s would write one feedback file '
                                  '(x.figures.json): rename one' % tuple(given))
    assert shards.feedback_clash({'x', 'x.fig', 'x.json', 'y.figures'}) is None
    for path in given:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        open(path, 'w').write('{}')
    with pytest.raises(SystemExit) as stopped:  # refused before anything is graded
        main(['grade', str(tmp_path / 'a'), str(tmp_path / 'b'), '--out', str(tmp_path / 'o')])
    assert stopped.value.code == 2 and 'x.figures.json' in capsys.readouterr().err
    assert not os.path.exists(tmp_path / 'o')


def test_folders_expand_to_their_notebooks(tmp_path):
    for name in ('b.ipynb', 'a.ipynb', 'notes.txt', 'sub/c.ipynb', '.ipynb_checkpoints/a.ipynb'):
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text('{}')
    assert shards.expand([str(tmp_path)]) == [str(tmp_path / n) for n in
                                               ('a.ipynb', 'b.ipynb', 'sub/c.ipynb')]
    (tmp_path / 'empty').mkdir()
    with pytest.raises(ValueError, match='no notebook'):
        shards.expand([str(tmp_path / 'empty')])


def row(name):
    """A row of its own for each name: a mix-up of rows would show."""
    number = int(name[1:])
    return rows.scored_row(name, {p: (number * p) % 7 for p in range(1, 11)},
                           ['note %d' % number] * (number % 2))


def fake_shard(folder, k, n, graded=None, names=NAMES[:5]):
    """A shard's folder as ``grade --shard`` leaves it: its record, its rows and feedback."""
    record = shards.manifest(paths(names), k, n)
    shards.write_manifest(str(folder), record)
    os.makedirs(folder / 'feedback', exist_ok=True)
    table = {}
    for name in record['graded'] if graded is None else graded:
        table[name] = row(name)
        (folder / 'feedback' / (name + '.txt')).write_text('feedback of %s\n' % name)
    rows.write_rows(str(folder / 'grades.csv'), table)
    return record


def test_merge_gives_one_batch_rows_and_feedback(tmp_path):
    for k in range(2):
        fake_shard(tmp_path / str(k), k, 2)
    whole = {n: row(n) for n in NAMES[:5]}
    rows.write_rows(str(tmp_path / 'one.csv'), whole)
    csv_path = shards.merge([str(tmp_path / '1'), str(tmp_path / '0')], str(tmp_path / 'out'))
    assert open(csv_path, 'rb').read() == open(tmp_path / 'one.csv', 'rb').read()
    assert sorted(os.listdir(tmp_path / 'out' / 'feedback')) == [n + '.txt' for n in NAMES[:5]]
    assert (tmp_path / 'out' / 'feedback' / 's03.txt').read_text() == 'feedback of s03\n'


def test_merge_refuses_a_missing_shard(tmp_path):
    for k in (0, 2):
        fake_shard(tmp_path / str(k), k, 3)
    with pytest.raises(ValueError, match=r'shard 1 of 3 missing.*--shard 1/3'):
        shards.merge([str(tmp_path / '0'), str(tmp_path / '2')], str(tmp_path / 'out'))
    assert not (tmp_path / 'out').exists()


def test_merge_refuses_a_shard_given_twice(tmp_path):
    fake_shard(tmp_path / 'a', 0, 2)
    fake_shard(tmp_path / 'b', 0, 2)
    fake_shard(tmp_path / 'c', 1, 2)
    with pytest.raises(ValueError, match='shard 0/2 is given twice'):
        shards.merge([str(tmp_path / d) for d in 'abc'], str(tmp_path / 'out'))


def test_merge_refuses_shards_of_two_splits_or_classes(tmp_path):
    fake_shard(tmp_path / 'a', 0, 2)
    fake_shard(tmp_path / 'b', 1, 3)
    with pytest.raises(ValueError, match='different splits'):
        shards.merge([str(tmp_path / 'a'), str(tmp_path / 'b')], str(tmp_path / 'out'))
    fake_shard(tmp_path / 'c', 1, 2, names=NAMES[:6])
    with pytest.raises(ValueError, match='different splits'):
        shards.merge([str(tmp_path / 'a'), str(tmp_path / 'c')], str(tmp_path / 'out'))


def test_merge_refuses_an_unfinished_shard_and_a_folder_used_twice(tmp_path):
    record = fake_shard(tmp_path / '0', 0, 2, graded=[])
    fake_shard(tmp_path / '1', 1, 2)
    with pytest.raises(ValueError, match='did not finish: no row for %s' % record['graded'][0]):
        shards.merge([str(tmp_path / '0'), str(tmp_path / '1')], str(tmp_path / 'out'))
    fake_shard(tmp_path / '0', 0, 2, graded=NAMES[:5])  # a plain grading into a shard's folder
    with pytest.raises(ValueError, match='not in shard 0/2'):
        shards.merge([str(tmp_path / '0'), str(tmp_path / '1')], str(tmp_path / 'out'))


def test_merge_refuses_a_folder_that_is_no_shard_and_a_broken_record(tmp_path):
    fake_shard(tmp_path / '0', 0, 2)
    (tmp_path / 'plain').mkdir()
    with pytest.raises(ValueError, match='not a shard\'s folder'):
        shards.merge([str(tmp_path / '0'), str(tmp_path / 'plain')], str(tmp_path / 'out'))
    (tmp_path / 'plain' / 'shard.json').write_text('{"shard": 1')
    with pytest.raises(ValueError, match='not a shard record'):
        shards.merge([str(tmp_path / '0'), str(tmp_path / 'plain')], str(tmp_path / 'out'))
    record = json.loads((tmp_path / '0' / 'shard.json').read_text())
    record['graded'][0] = record['class'][0] = '../../escape'
    (tmp_path / '0' / 'shard.json').write_text(json.dumps(record))
    with pytest.raises(ValueError, match='a name that is no file name'):
        shards.merge([str(tmp_path / '0'), str(tmp_path / 'plain')], str(tmp_path / 'out'))


def test_merge_never_writes_into_a_shard(tmp_path):
    for k in range(2):
        fake_shard(tmp_path / str(k), k, 2)
    before = (tmp_path / '0' / 'grades.csv').read_bytes()
    with pytest.raises(ValueError, match='refusing to write over it'):
        shards.merge([str(tmp_path / '0'), str(tmp_path / '1')], str(tmp_path / '0'))
    assert (tmp_path / '0' / 'grades.csv').read_bytes() == before


def test_a_folder_holds_one_shard(tmp_path):
    record = shards.manifest(paths(NAMES), 0, 2)
    shards.write_manifest(str(tmp_path), record)
    shards.write_manifest(str(tmp_path), record)  # the same shard again: a re-queued job
    with pytest.raises(ValueError, match='holds shard 0/2 of 11 submissions already'):
        shards.write_manifest(str(tmp_path), shards.manifest(paths(NAMES), 1, 2))
    assert json.loads((tmp_path / 'shard.json').read_text()) == record


@pytest.mark.parametrize('shard, message', [('2/2', 'K from 0 to N-1'), ('1/0', 'N must be'),
                                            ('one/2', 'a shard is K/N')])
def test_a_wrong_shard_is_refused_by_the_command_line(shard, message, tmp_path):
    done = subprocess.run([sys.executable, '-m', 'cae_tf', 'grade', 'x.ipynb', '--out',
                           str(tmp_path), '--shard', shard], capture_output=True, text=True)
    assert done.returncode == 2 and message in done.stderr
    assert not os.listdir(tmp_path)


def roster_files(folder, matches, report='5 of 5 students have a submission\n'):
    with open(folder / 'roster_matches.csv', 'w') as f:
        f.write('id,submission\n' + ''.join('%s,%s\n' % item for item in matches))
    (folder / 'roster_report.txt').write_text(report)


def test_merge_keeps_the_roster_files_when_the_shards_agree(tmp_path):
    for k in range(2):
        fake_shard(tmp_path / str(k), k, 2)
        # each machine wrote its own paths of the same submissions
        roster_files(tmp_path / str(k), [('1', '/node%d/hand-ins/s01.ipynb' % k),
                                         ('2', '/node%d/hand-ins/s02.ipynb' % k)])
    shards.merge([str(tmp_path / '0'), str(tmp_path / '1')], str(tmp_path / 'out'))
    assert (tmp_path / 'out' / 'roster_matches.csv').read_text() == \
        (tmp_path / '0' / 'roster_matches.csv').read_text()
    assert (tmp_path / 'out' / 'roster_report.txt').exists()
    roster_files(tmp_path / '1', [('1', '/x/s02.ipynb'), ('2', '/x/s01.ipynb')])
    with pytest.raises(ValueError, match='roster matches differ'):
        shards.merge([str(tmp_path / '0'), str(tmp_path / '1')], str(tmp_path / 'out2'))
    (tmp_path / '1' / 'roster_matches.csv').unlink()
    with pytest.raises(ValueError, match='roster matches differ'):
        shards.merge([str(tmp_path / '0'), str(tmp_path / '1')], str(tmp_path / 'out2'))


@pytest.mark.parametrize('change', [{'of': '2'}, {'shard': 5}, {'graded': ['s00', 's01']},
                                    {'class': ['s01', 's00']}])
def test_a_record_that_is_no_part_of_its_class_is_refused(change, tmp_path):
    fake_shard(tmp_path / '0', 0, 2)
    fake_shard(tmp_path / '1', 1, 2)
    record = json.loads((tmp_path / '1' / 'shard.json').read_text())
    (tmp_path / '1' / 'shard.json').write_text(json.dumps(dict(record, **change)))
    with pytest.raises(ValueError, match='not a shard record'):
        shards.merge([str(tmp_path / '0'), str(tmp_path / '1')], str(tmp_path / 'out'))


def test_a_notebook_given_twice_is_one_submission(tmp_path):
    (tmp_path / 'a.ipynb').write_text('{}')
    assert shards.expand([str(tmp_path / 'a.ipynb'), str(tmp_path)]) == [str(tmp_path / 'a.ipynb')]


def test_an_empty_shard_writes_no_rows_and_merges(tmp_path, capsys):
    from cae_tf.__main__ import main
    for name in ('a', 'b'):
        (tmp_path / (name + '.ipynb')).write_text('{}')
    main(['grade', str(tmp_path / 'a.ipynb'), str(tmp_path / 'b.ipynb'), '--shard', '2/3',
          '--out', str(tmp_path / 'two')])
    assert 'shard 2/3: 0 of 2 submissions' in capsys.readouterr().out
    assert (tmp_path / 'two' / 'grades.csv').read_text().splitlines() == [','.join(rows.COLUMNS)]
    assert shards.shard_rows(str(tmp_path / 'two'),
                             shards.read_record(str(tmp_path / 'two' / 'shard.json'))) == {}
