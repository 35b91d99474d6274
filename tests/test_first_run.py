"""A student's first run: the import cell of the student notebook, run in a kernel started as
Jupyter starts it (C-level stderr copied into the notebook), shows nothing in error colours."""
import os
import subprocess
import sys
import tempfile

import nbformat
import pytest
from nbclient import NotebookClient

from cae_tf import notebook
from cae_tf.grading.kernel import package_paths
from cae_tf.handout.environment import NOTEBOOK_ENV
from cae_tf.release import student_readme, wheel

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
STUDENT = os.path.join(ROOT, 'notebooks', 'cae_student.ipynb')


def run_as_jupyter_does(sources, home):
    """Run ``sources`` as cells in a kernel started as Jupyter's default kernel spec starts it:
    ipykernel copies what is written to file descriptors 1 and 2 into the notebook (it does not
    under pytest, hence PYTEST_CURRENT_TEST is left out), with none of the notebooks' variables
    set beforehand, as on a student's machine."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    env = {k: v for k, v in os.environ.items()
           if k != 'PYTEST_CURRENT_TEST' and k not in NOTEBOOK_ENV}
    with tempfile.TemporaryDirectory() as spec_dir:
        km = notebook.kernel_manager(spec_dir)
        km.kernel_spec.argv = [sys.executable, '-m', 'ipykernel_launcher', '-f',
                               '{connection_file}']
        NotebookClient(nb, km=km, timeout=300, allow_errors=True,
                       resources={'metadata': {'path': home}}).execute(env=dict(env, HOME=home))
    return nb


def stderr_of(cell):
    return ''.join(o.get('text', '') for o in cell.outputs
                   if o.output_type == 'stream' and o.name == 'stderr')


def test_the_import_cell_shows_no_tensorflow_start_up_lines(tmp_path):
    first = next(c.source for c in nbformat.read(STUDENT, as_version=4).cells
                 if c.cell_type == 'code')
    assert 'from cae_tf.handout.compat import tf' in first
    nb = run_as_jupyter_does([first, 'print(tf.__name__)'], str(tmp_path))
    assert [o.output_type for o in nb.cells[0].outputs] == [], nb.cells[0].outputs
    assert nb.cells[1].outputs[0].text == 'tensorflow.compat.v1\n'
    # The control: TensorFlow imported bare in the same kind of kernel does write such lines
    # here, so the kernel copies them and the check above could have failed.
    bare = run_as_jupyter_does(['import tensorflow'], str(tmp_path))
    if 'Could not find cuda drivers' not in stderr_of(bare.cells[0]):
        pytest.skip('TensorFlow writes no start-up line here (a GPU, or a release that does not): '
                    'the clean import cell above proves nothing')


BENIGN = (b'WARNING: All log messages before absl::InitializeLog() is called are written to '
          b'STDERR\nI0000 00:00:1.5 4692 cudart_stub.cc:31] Could not find cuda drivers on your '
          b'machine, GPU will not be used.\n')


def stderr_of_process(code):
    """What a Python process running ``code`` writes to its stderr (file descriptor 2)."""
    proc = subprocess.run([sys.executable, '-c', 'import os\n'
                           'from cae_tf.handout.environment import startup_lines_dropped\n'
                           + code], capture_output=True, timeout=60)
    return proc.stderr


def test_only_the_start_up_lines_are_dropped_and_the_rest_comes_in_order():
    said = stderr_of_process(
        'os.write(2, b"before\\n")\n'
        'with startup_lines_dropped():\n'
        '    os.write(2, %r + b"E0000 real_op.cc:12] Something real went wrong\\n")\n'
        'os.write(2, b"after\\n")\n' % BENIGN)
    assert said == b'before\nE0000 real_op.cc:12] Something real went wrong\nafter\n'


def test_last_words_of_a_process_that_dies_while_tensorflow_loads_still_show():
    said = stderr_of_process(
        'with startup_lines_dropped():\n'
        '    os.write(2, %r + b"F0000 cpu_feature_guard.cc:1] compiled for AVX, not here\\n")\n'
        '    os.abort()\n' % BENIGN)
    assert said == b'F0000 cpu_feature_guard.cc:1] compiled for AVX, not here\n'


def test_without_a_descriptor_2_nothing_is_filtered_and_nothing_fails():
    said = stderr_of_process('os.close(2)\nwith startup_lines_dropped():\n    x = 1\nprint(x)')
    assert said == b''


def first_cell_without_the_hand_out(home, before='', **env):
    """The student notebook's first cell in a kernel whose Python has no ``cae_tf`` (the
    project's packages but not its own), after the cell ``before``."""
    first = next(c.source for c in nbformat.read(STUDENT, as_version=4).cells
                 if c.cell_type == 'code')
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in (before, first)])
    base = {k: v for k, v in os.environ.items()
            if not k.startswith(('PYTEST', 'PYTHON', 'JUPYTERHUB'))}
    with tempfile.TemporaryDirectory() as spec_dir:
        km = notebook.kernel_manager(spec_dir)
        km.kernel_spec.argv = [sys.executable, '-S', '-m', 'ipykernel_launcher', '-f',
                               '{connection_file}']
        NotebookClient(nb, km=km, timeout=120, allow_errors=True,
                       resources={'metadata': {'path': home}}).execute(
            env=dict(base, HOME=home, PYTHONPATH=os.pathsep.join(package_paths()), **env))
    (output,) = nb.cells[1].outputs
    assert output.output_type == 'error' and output.ename == 'HandoutMissing', output
    (paragraph,) = output.traceback  # one paragraph, no traceback
    assert 'Traceback' not in paragraph and 'ModuleNotFoundError' not in paragraph
    assert "not installed in this kernel's Python (%s)" % sys.executable in paragraph
    return paragraph


def test_without_the_hand_out_the_first_cell_says_what_to_install_in_a_terminal(tmp_path):
    paragraph = first_cell_without_the_hand_out(str(tmp_path))
    assert '%%pip install "%s[lab]"' % wheel.WHEEL in paragraph


def test_without_the_hand_out_the_first_cell_says_what_to_install_in_colab(tmp_path):
    fake_colab = 'import sys, types\nsys.modules["google.colab"] = types.ModuleType("google.colab")'
    paragraph = first_cell_without_the_hand_out(str(tmp_path), fake_colab)
    assert student_readme.commands('Google Colab')[0] in paragraph


def test_without_the_hand_out_the_first_cell_says_what_to_install_on_a_hub(tmp_path):
    paragraph = first_cell_without_the_hand_out(str(tmp_path), JUPYTERHUB_USER='student')
    install, kernel, _ = student_readme.commands('JupyterHub')
    assert install in paragraph and kernel in paragraph
