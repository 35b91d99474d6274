"""Smoke tests: each benchmark runs, tiny, and ends with its ``speedup: X.XX`` line. The timings
themselves are not asserted (they are noisy); the benchmarks are run by hand, see
docs/benchmarks.md."""
import os
import re
import subprocess
import sys

import pytest

from needs_sandbox import needs_sandbox


ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def run_benchmark(name, *args):
    proc = subprocess.run([sys.executable, os.path.join(ROOT, 'benchmarks', name)] + list(args),
                          capture_output=True, text=True, cwd=ROOT, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    lines = proc.stdout.strip().splitlines()
    assert re.fullmatch(r'speedup: \d+\.\d\d', lines[-1]), proc.stdout
    assert float(lines[-1].split()[1]) > 0
    return proc.stdout


def test_training_benchmark():
    out = run_benchmark('bench_training.py', '--n-iter', '20', '--rounds', '1')
    assert re.search(r'seed loop +[\d.]+ steps/s +test MSE 0\.\d+', out)
    assert re.search(r'fast +[\d.]+ steps/s +test MSE 0\.\d+', out)


def test_manifold_benchmark_gives_the_same_canvases():
    out = run_benchmark('bench_manifold.py', '--grid', '3', '--rounds', '1')
    assert 'same canvases: True' in out


def test_scaling_benchmark():
    out = run_benchmark('bench_scaling.py', '--batches', '50', '500', '--examples', '1000',
                        '--rounds', '1')
    assert re.search(r'^ +500 +[\d.]+ +[\d.]+', out, re.MULTILINE)


@pytest.mark.slow
def test_end_to_end_benchmark():
    out = run_benchmark('bench_end_to_end.py', '--submissions', '1', '--n-iter', '20',
                        '--grid', '3', '--no-homework')
    assert re.search(r'throughput --jobs 2: [\d.]+ submissions/min', out)


def test_profile_counts_matmuls_and_adam_with_onednn_on_and_off():
    for onednn in ('1', '0'):
        proc = subprocess.run(
            [sys.executable, os.path.join(ROOT, 'benchmarks', 'profile_step.py'), '--steps', '3'],
            capture_output=True, text=True, cwd=ROOT, timeout=600,
            env=dict(os.environ, TF_ENABLE_ONEDNN_OPTS=onednn))
        assert proc.returncode == 0, proc.stderr[-2000:]
        shares = dict(re.findall(r'^  (forward matmul|backward matmul|Adam|other) +[\d.]+ ms +'
                                 r'([\d.]+) %', proc.stdout, re.MULTILINE))
        assert set(shares) == {'forward matmul', 'backward matmul', 'Adam', 'other'}, proc.stdout
        # matmuls and Adam are most of a step whichever kernels run them
        assert float(shares['forward matmul']) > 5 and float(shares['backward matmul']) > 5
        assert float(shares['Adam']) > 5
        assert abs(sum(map(float, shares.values())) - 100) < 0.5
        assert re.search(r'numpy, same shapes: [\d.]+ ms', proc.stdout)


def test_cell_times_measure_each_cell(tmp_path):
    import nbformat
    sys.path.insert(0, os.path.join(ROOT, 'benchmarks'))
    from bench_end_to_end import cell_times
    from cae_tf import notebook
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell('# timing'),
        nbformat.v4.new_code_cell('import time\ntime.sleep(0.5)'),
        nbformat.v4.new_code_cell('x = 1')])
    times = cell_times(notebook.execute(nb, cwd=str(tmp_path), record_timing=True))
    assert [line for _, line in times] == ['import time', 'x = 1']
    assert 0.5 <= times[0][0] < 5 and 0 <= times[1][0] < 0.5


@pytest.mark.slow
@needs_sandbox
def test_sandbox_benchmark_compares_both_in_one_run():
    out = run_benchmark('bench_sandbox.py', '--submissions', '1', '--rounds', '1', '--n-iter',
                        '20', '--grid', '3')
    assert re.search(r'^sandbox +[\d.]+ s +[\d.]+ submissions/min', out, re.MULTILINE), out
    assert re.search(r'^unisolated +[\d.]+ s', out, re.MULTILINE)


@needs_sandbox
@pytest.mark.skipif(os.geteuid() != 0, reason='the benchmark makes cgroups: root only')
def test_slurm_resources_benchmark_measures_one_grading():
    proc = subprocess.run([sys.executable, os.path.join(ROOT, 'benchmarks',
                                                        'bench_slurm_resources.py'),
                           '--n-iter', '20'], capture_output=True, text=True, cwd=ROOT,
                          timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    measured = re.search(r'^measured: +wall (\d+) s, CPU (\d+) s, peak (\d+) MB$', proc.stdout,
                         re.MULTILINE)
    assert measured, proc.stdout
    wall, cpu, peak = map(int, measured.groups())
    assert wall > 0 and cpu > 0 and 200 < peak < 8000  # TensorFlow's kernel alone is ~0.9 GB
    assert re.search(r'^ratio measured / SEED_GRADING: wall [\d.]+, CPU [\d.]+, peak [\d.]+$',
                     proc.stdout, re.MULTILINE)
