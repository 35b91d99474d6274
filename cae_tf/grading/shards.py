"""A class split into N shards graded apart (``grade --shard K/N``), and their outputs joined
(``python -m cae_tf merge``).

The split depends only on the submissions' names: sorted, the i-th goes to shard ``i % N``, so
every machine given the same class makes the same N parts, whatever the order of its arguments,
and no two parts differ by more than one submission. Each shard's folder records which shard of
which class it holds (``shard.json``, written before grading); the merge refuses shards of
different classes or splits, a shard given twice, a missing shard and a shard whose grading did
not finish.
"""
import json
import os
import shutil

from cae_tf.grading import export, rows

MANIFEST = 'shard.json'
FEEDBACK_FILES = ('.txt', '.json', '.html', '.figures.json')
ROSTER_FILES = (export.MATCHES, 'roster_report.txt')


def expand(arguments):
    """The submissions given as ``arguments``: notebooks, and the ``.ipynb`` files under each
    folder (sorted; Jupyter's checkpoints left out). ValueError for a folder holding none, or
    two submissions of one name (:func:`by_name`)."""
    paths = []
    for argument in arguments:
        if not os.path.isdir(argument):
            paths.append(argument)
            continue
        found = sorted(os.path.join(root, name) for root, dirs, names in os.walk(argument)
                       for name in names if name.endswith('.ipynb')
                       and '.ipynb_checkpoints' not in root.split(os.sep))
        if not found:
            raise ValueError('%s: no notebook (.ipynb) in this folder' % argument)
        paths += found
    unique = {}
    for path in paths:  # a notebook given twice (itself and its folder) is one submission
        unique.setdefault(os.path.realpath(path), path)
    by_name(unique.values())
    return list(unique.values())


def by_name(paths):
    """``{name: path}``; ValueError when two submissions have one name (their rows and feedback
    would overwrite each other)."""
    named = {}
    for path in paths:
        name = rows.submission_name(path)
        if name in named and os.path.realpath(named[name]) != os.path.realpath(path):
            raise ValueError('two submissions are named %s (%s and %s): grades, feedback and '
                             'reports key them by file name; rename one'
                             % (name, named[name], path))
        named[name] = path
    clash = feedback_clash(named)
    if clash:
        raise ValueError('submissions %s and %s would write one feedback file (%s): rename one'
                         % (named[clash[0]], named[clash[1]], clash[2]))
    return named


def feedback_clash(names):
    """``(name, other, file)`` where two submissions' feedback files are one (``x`` and
    ``x.figures``: ``x.figures.json``), else None."""
    for name in sorted(names):
        for longer in FEEDBACK_FILES:
            for shorter in FEEDBACK_FILES:
                other = name + longer[:-len(shorter)]
                if longer != shorter and longer.endswith(shorter) and other in names:
                    return name, other, name + longer
    return None


def select(paths, shard, count):
    """The paths of shard ``shard`` (0-based) of ``count``: every ``count``-th name in sorted
    order, starting at the ``shard``-th."""
    if not 0 <= shard < count:
        raise ValueError('shard %d/%d: K must be 0 to %d' % (shard, count, count - 1))
    named = by_name(paths)
    return [named[name] for name in sorted(named)[shard::count]]


def manifest(paths, shard, count):
    """What ``shard.json`` records: the shard, the split, the whole class and this shard's part."""
    names = sorted(by_name(paths))
    return {'shard': shard, 'of': count, 'class': names, 'graded': names[shard::count]}


def write_manifest(out_dir, record):
    """Write ``record`` into ``out_dir/shard.json``; ValueError when the folder holds another
    shard's (a rerun of the same shard goes on; two shards must not share a folder)."""
    path = os.path.join(out_dir, MANIFEST)
    if os.path.exists(path):
        held = read_record(path)
        if held != record:
            raise ValueError('%s holds shard %s/%s of %d submissions already; give shard %d/%d '
                             'a folder of its own' % (out_dir, held.get('shard'), held.get('of'),
                                                      len(held.get('class', ())),
                                                      record['shard'], record['of']))
        return path
    os.makedirs(out_dir, exist_ok=True)
    with open(path, 'w') as f:
        json.dump(record, f, indent=1)
        f.write('\n')
    return path


def write_empty(out_dir):
    """The grades.csv of a shard with no submission (N above the class's size): no rows."""
    csv_path = os.path.join(out_dir, 'grades.csv')
    rows.write_rows(csv_path, {})
    return csv_path


def read_record(path):
    try:
        with open(path) as f:
            record = json.load(f)
    except (OSError, ValueError) as e:
        raise ValueError('%s: not a shard record (%s)' % (path, e)) from e
    if not isinstance(record, dict) or not {'shard', 'of', 'class', 'graded'} <= set(record):
        raise ValueError('%s: not a shard record' % path)
    count, shard, names = record['of'], record['shard'], record['class']
    if not (isinstance(count, int) and isinstance(shard, int) and 0 <= shard < count
            and isinstance(names, list) and names == sorted(set(names))
            and record['graded'] == names[shard::count]):
        raise ValueError('%s: not a shard record (its shard is not the K-th of N parts of its '
                         'class)' % path)
    if not all(isinstance(n, str) and n == os.path.basename(n) and n not in ('', '.', '..')
               for n in names):
        raise ValueError('%s: not a shard record (a name that is no file name)' % path)
    return record


def read_shards(dirs):
    """``[(folder, record)]`` sorted by shard, checked to be the N shards of one class, each
    once."""
    found = []
    for folder in dirs:
        path = os.path.join(folder, MANIFEST)
        if not os.path.exists(path):
            raise ValueError('%s is not a shard\'s folder (no %s): give the folders of '
                             '`grade --shard K/N --out FOLDER`' % (folder, MANIFEST))
        found.append((folder, read_record(path)))
    first_dir, first = found[0]
    for folder, record in found:
        if (record['of'], record['class']) != (first['of'], first['class']):
            raise ValueError('%s and %s are shards of different splits (%d and %d shards of %d '
                             'and %d submissions): merge the shards of one grading only'
                             % (first_dir, folder, first['of'], record['of'],
                                len(first['class']), len(record['class'])))
    return _complete(sorted(found, key=lambda item: item[1]['shard']))


def _complete(found):
    count = found[0][1]['of']
    held = {}
    for folder, record in found:
        if record['shard'] in held:
            raise ValueError('shard %d/%d is given twice (%s and %s): they overlap; give each '
                             'shard once' % (record['shard'], count, held[record['shard']], folder))
        held[record['shard']] = folder
    missing = sorted(set(range(count)) - set(held))
    if missing:
        raise ValueError('shard%s %s of %d missing: no folder given holds %s; grade %s first'
                         % ('s' * (len(missing) > 1), ', '.join(map(str, missing)), count,
                            'them' if len(missing) > 1 else 'it',
                            ' and '.join('--shard %d/%d' % (k, count) for k in missing)))
    return found


def shard_rows(folder, record):
    """The rows of one shard's ``grades.csv``: exactly its own submissions, else ValueError."""
    graded = rows.read_rows(os.path.join(folder, 'grades.csv'))
    unfinished = sorted(set(record['graded']) - set(graded))
    if unfinished:
        raise ValueError('%s: shard %d/%d did not finish: no row for %s; run it again (a '
                         'Slurm task stopped at its time limit: give `slurm` a longer --time)'
                         % (folder, record['shard'], record['of'], ', '.join(unfinished[:5])
                            + (' and %d more' % (len(unfinished) - 5) if len(unfinished) > 5
                               else '')))
    foreign = sorted(set(graded) - set(record['graded']))
    if foreign:
        raise ValueError('%s: rows of submissions not in shard %d/%d (%s): the folder was also '
                         'used for another grading' % (folder, record['shard'], record['of'],
                                                       ', '.join(foreign[:5])))
    return graded


def merge(dirs, out_dir):
    """Join the shards' folders ``dirs`` into ``out_dir``: grades.csv (as one batch writes it),
    feedback/ and the roster files; return the CSV's path. Nothing is written when a shard is
    missing, given twice, unfinished or of another class (ValueError)."""
    found = read_shards(dirs)
    graded = {}
    for folder, record in found:
        graded.update(shard_rows(folder, record))
    copies = [(os.path.join(folder, 'feedback', name + ext),
               os.path.join(out_dir, 'feedback', name + ext))
              for folder, record in found for name in record['graded'] for ext in FEEDBACK_FILES]
    copies = [(source, target) for source, target in copies if os.path.exists(source)]
    copies += _roster_copies([folder for folder, _ in found], out_dir)
    csv_path = os.path.join(out_dir, 'grades.csv')
    export.refuse_overwrite([csv_path] + [target for _, target in copies],
                            [os.path.join(folder, name) for folder in dirs
                             for name in ('grades.csv', MANIFEST) + ROSTER_FILES]
                            + [source for source, _ in copies])
    os.makedirs(os.path.join(out_dir, 'feedback'), exist_ok=True)
    for source, target in copies:
        shutil.copyfile(source, target)
    rows.write_rows(csv_path, graded)
    return csv_path


def _roster_copies(folders, out_dir):
    """The roster files to copy, from the first shard: every shard matched the whole class, so
    their matches (student -> submission name) must agree, else ValueError. The paths in them
    may differ (each machine's own)."""
    present = [os.path.exists(os.path.join(folder, export.MATCHES)) for folder in folders]
    if not any(present):
        return []
    if not all(present) or len({_matches(folder) for folder in folders}) != 1:
        raise ValueError('the shards\' roster matches differ (%s): grade every shard with the '
                         'same --roster' % ', '.join(folders))
    return [(os.path.join(folders[0], name), os.path.join(out_dir, name))
            for name in ROSTER_FILES if os.path.exists(os.path.join(folders[0], name))]


def _matches(folder):
    return tuple(sorted((student, rows.submission_name(path))
                        for student, path in export.read_matches(folder).items()))
