"""``python -m cae_tf slurm`` without a cluster: the resources asked for, the batch scripts it
writes, and how it calls ``sbatch`` (a stand-in on PATH). On a real Slurm: tests/test_cluster.py."""
import math
import os
import re
import shlex
import stat
import subprocess
import sys

import pytest

from cae_tf import limits
from cae_tf.__main__ import main
from cae_tf.grading import shards, slurm

FAKE_SBATCH = '''#!/bin/sh
echo "$@" >> "%s"
n=$(wc -l < "%s")
[ -n "$FAIL" ] && { echo "sbatch: error: Invalid partition name specified" >&2; exit 1; }
echo "$((100 + n));cluster"
'''


def test_resources_come_from_the_seed_grading_measured():
    seed = limits.SEED_GRADING
    # as measured (42 s, 58 s of CPU, 1065 MB): 2 CPUs, the 4096 MB limit + the worker's
    # ceiling of 1024 MB, 2 min + 3 x 2 x 42 s + the 30 min budget = 36.2 min
    assert tuple(slurm.resources(3, 1, limits.DEFAULT_LIMITS, 1800)) == (2, 5120, 37)
    need = slurm.resources(10, 1, limits.DEFAULT_LIMITS, 1800)
    assert need.cpus == math.ceil(seed.cpu_seconds / seed.wall_seconds)
    assert need.memory_mb == 4096 + limits.WORKER_CEILING_MB  # the limit is above its peak
    assert need.minutes == math.ceil((slurm.STARTUP + 10 * 2 * seed.wall_seconds + 1800) / 60)
    two = slurm.resources(10, 2, limits.DEFAULT_LIMITS, 1800)
    assert (two.cpus, two.memory_mb) == (2 * need.cpus, 2 * need.memory_mb)
    assert two.minutes < need.minutes
    small = limits.DEFAULT_LIMITS._replace(memory=512 * limits.MiB)
    assert slurm.resources(1, 1, small, 60, worker_mb=seed.worker_mb).memory_mb == \
        seed.peak_mb  # the peak is above the limit and the worker


@pytest.fixture
def hand_ins(tmp_path):
    folder = tmp_path / 'hand-ins'
    folder.mkdir()
    for name in ('ann', 'bob', 'cy', 'dee', "o'neil $(touch pwned)"):
        (folder / (name + '.ipynb')).write_text('{}')
    return folder


def sbatch_lines(script):
    return dict(re.findall(r'^#SBATCH --([\w-]+)=(.*)$', script, re.M))


def test_dry_run_writes_scripts_that_run_grade_and_merge(hand_ins, tmp_path, capsys):
    out = tmp_path / 'grades'
    assert main(['slurm', str(hand_ins), '--out', str(out), '--array', '2', '--dry-run',
                 '--jobs', '2', '--budget', '900', '--partition', 'short', '--no-sandbox']) == 0
    grade = (out / 'slurm' / 'grade.sbatch').read_text()
    options = sbatch_lines(grade)
    need = slurm.resources(3, 2, limits.DEFAULT_LIMITS, 900)  # 5 hand-ins: 3 + 2
    assert options['array'] == '0-1' and options['partition'] == 'short'
    assert options['cpus-per-task'] == str(need.cpus)
    assert options['mem'] == '%dM' % need.memory_mb
    assert options['time'] == '0-%02d:%02d:00' % divmod(need.minutes, 60)
    subprocess.run(['bash', '-n', str(out / 'slurm' / 'grade.sbatch')], check=True)
    # task 0 as Slurm would run it: its shard graded (none is a notebook), no name executed
    done = subprocess.run(['bash', str(out / 'slurm' / 'grade.sbatch')], cwd=str(tmp_path),
                          env={'PATH': '/usr/bin:/bin', 'SLURM_ARRAY_TASK_ID': '0'},
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    graded = (out / 'shards' / '0' / 'grades.csv').read_text().splitlines()[1:]
    assert [row.split(',')[0] for row in graded] == ['ann', 'cy', "o'neil $(touch pwned)"]
    assert not (tmp_path / 'pwned').exists()
    command = shlex.split(grade.split('exec ', 1)[1].replace('\\\n', ' ')
                          .replace('$K', '1'))
    assert command[:4] == [sys.executable, '-m', 'cae_tf', 'grade']
    assert command[4:8] == ['--shard', '1/2', '--out', str(out / 'shards' / '1')]
    assert {'--jobs=2', '--budget=900', '--no-sandbox'} <= set(command)
    assert sorted(c for c in command if c.endswith('.ipynb')) == sorted(
        str(p) for p in hand_ins.iterdir())
    merge = (out / 'slurm' / 'merge.sbatch').read_text()
    assert shlex.split(merge.split('exec ', 1)[1]) == [
        sys.executable, '-m', 'cae_tf', 'merge', str(out / 'shards' / '0'),
        str(out / 'shards' / '1'), '--out', str(out)]
    assert 'sbatch --dependency=afterany' in capsys.readouterr().out


def fake_sbatch(tmp_path, monkeypatch):
    bin_dir, calls = tmp_path / 'bin', tmp_path / 'calls'
    bin_dir.mkdir()
    calls.write_text('')
    (bin_dir / 'sbatch').write_text(FAKE_SBATCH % (calls, calls))
    (bin_dir / 'sbatch').chmod(stat.S_IRWXU)
    monkeypatch.setenv('PATH', '%s:%s' % (bin_dir, os.environ['PATH']))
    return calls


def test_submits_the_array_then_the_merge_after_it(hand_ins, tmp_path, monkeypatch, capsys):
    calls = fake_sbatch(tmp_path, monkeypatch)
    main(['slurm', str(hand_ins), '--out', str(tmp_path / 'grades'), '--array', '3'])
    first, second = calls.read_text().splitlines()
    assert first == '--parsable %s' % (tmp_path / 'grades' / 'slurm' / 'grade.sbatch')
    assert second == '--parsable --dependency=afterany:101 %s' % (
        tmp_path / 'grades' / 'slurm' / 'merge.sbatch')
    printed = capsys.readouterr().out
    assert 'array job 101 (3 shards of 5 submissions), merge job 102' in printed
    assert 'squeue -j 101,102' in printed and 'sacct -j 101,102' in printed


def test_sbatch_refusing_is_said_and_nothing_else_is_submitted(hand_ins, tmp_path, monkeypatch,
                                                               capsys):
    calls = fake_sbatch(tmp_path, monkeypatch)
    monkeypatch.setenv('FAIL', '1')
    with pytest.raises(SystemExit) as exit_:
        main(['slurm', str(hand_ins), '--out', str(tmp_path / 'grades'), '--array', '2'])
    assert exit_.value.code == 2
    assert 'failed: sbatch: error: Invalid partition name' in capsys.readouterr().err
    assert len(calls.read_text().splitlines()) == 1


def test_without_slurm_or_with_too_many_tasks_it_says_so(hand_ins, tmp_path, monkeypatch,
                                                         capsys):
    monkeypatch.setenv('PATH', str(tmp_path))
    for argv, message in ((['--array', '2'], 'sbatch not found'),
                          (['--array', '6'], '--array 6 for 5 submissions')):
        with pytest.raises(SystemExit):
            main(['slurm', str(hand_ins), '--out', str(tmp_path / 'g')] + argv)
        assert message in capsys.readouterr().err


def test_another_gradings_shards_or_a_broken_directive_are_refused_before_submitting(
        hand_ins, tmp_path, monkeypatch, capsys):
    calls = fake_sbatch(tmp_path, monkeypatch)
    out = tmp_path / 'grades'
    shards.write_manifest(str(out / 'shards' / '1'),
                          shards.manifest([str(p) for p in hand_ins.iterdir()][:4], 1, 2))
    for argv, message in ((['--out', str(out)], 'holds a shard of another grading'),
                          (['--out', str(tmp_path / 'g'), '--partition', 'a b'],
                           'take no spaces')):
        with pytest.raises(SystemExit):
            main(['slurm', str(hand_ins), '--array', '2'] + argv)
        assert message in capsys.readouterr().err
    assert calls.read_text() == ''
