"""A student's first run: the import cell of the student notebook, run in a kernel started as
Jupyter starts it (C-level stderr copied into the notebook), shows nothing in error colours."""
import io
import os
import sys
import tempfile

import nbformat
from nbclient import NotebookClient

from cae_tf import notebook
from cae_tf.handout.environment import NOTEBOOK_ENV, startup_lines_dropped

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
    assert 'Could not find cuda drivers' in stderr_of(bare.cells[0])


def test_only_the_start_up_lines_are_dropped():
    stream = io.StringIO()
    with startup_lines_dropped(stream):
        os.write(2, b'WARNING: All log messages before absl::InitializeLog() is called are '
                    b'written to STDERR\n'
                    b'I0000 00:00:1.5 4692 cudart_stub.cc:31] Could not find cuda drivers on '
                    b'your machine, GPU will not be used.\n'
                    b'E0000 real_op.cc:12] Something real went wrong\n')
    assert stream.getvalue() == 'E0000 real_op.cc:12] Something real went wrong\n'
