"""Executing the homework notebooks headless, saving their figures, normalising what is committed."""
import base64
import io
import os
import re
import sys
import tempfile

import nbformat
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient

from cae_tf.handout.environment import NOTEBOOK_ENV
from cae_tf.limits import HOMEWORK_CELL_TIMEOUT

KERNEL_NAME = 'cae_tf-python'
# What the solution's outputs are compared under; the notebook's first cell sets the same.
REGRESSION_ENV = NOTEBOOK_ENV
# What ``python -m cae_tf run`` uses unless asked for the recorded conditions: oneDNN's kernels train
# about 1.35x faster here; the numbers are reproducible on one machine but differ from the record
# in the last digits.
FAST_ENV = {'TF_ENABLE_ONEDNN_OPTS': '1'}
PART_HEADING = re.compile(r'^(?:#+\s*)?\((\d+)\)', re.MULTILINE)


def kernel_manager(spec_dir, python_args=(), wrapper=(), env=None, interrupt_mode='signal',
                   manager_class=AsyncKernelManager, **manager_options):
    """Return a KernelManager for this interpreter's ipykernel.

    It is the async one: with a blocking client, nbclient waits on the kernel's output forever
    and its cell timeout never fires.

    The kernel does not copy C-level stderr into the notebook: TensorFlow's start-up lines there
    differ by machine, and under pytest (nbval) ipykernel never captures them either, so outputs
    recorded here compare equal to nbval's.

    Args:
        python_args: options for the kernel's interpreter (the grader passes ``-S``).
        wrapper: a command the kernel runs under (the grader's sandbox), argv before Python's;
            the kernel then does not watch its parent's process id (a sandbox gives it another).
        env: variables the kernel gets beyond the launching process's (kernelspec ``env``).
        interrupt_mode: ``'message'`` where a signal would not reach the kernel (a sandbox).
        manager_class, manager_options: the manager (an ``AsyncKernelManager``) and its options
            (the sandbox's ``transport='ipc'``).
    """
    os.makedirs(os.path.join(spec_dir, KERNEL_NAME), exist_ok=True)
    argv = [*wrapper, sys.executable, *python_args, '-m', 'ipykernel_launcher',
            '-f', '{connection_file}', '--IPKernelApp.capture_fd_output=False']
    if wrapper:
        argv.append('--IPKernelApp.parent_handle=1')
    with open(os.path.join(spec_dir, KERNEL_NAME, 'kernel.json'), 'w') as f:
        f.write(nbformat.reader.json.dumps({'argv': argv, 'env': dict(env or {}),
                                            'interrupt_mode': interrupt_mode,
                                            'display_name': 'cae_tf', 'language': 'python'}))
    return manager_class(kernel_name=KERNEL_NAME,
                         kernel_spec_manager=KernelSpecManager(kernel_dirs=[spec_dir]),
                         **manager_options)


def execute(nb, cwd, timeout=HOMEWORK_CELL_TIMEOUT, allow_errors=False, env=None, record_timing=False):
    """Run every cell of ``nb`` in a fresh kernel started in ``cwd``; return ``nb`` executed.

    ``record_timing`` keeps nbclient's per-cell timestamps in each cell's ``metadata.execution``.
    """
    kernel_env = {**os.environ, **REGRESSION_ENV, **(env or {})}
    with tempfile.TemporaryDirectory() as spec_dir:
        client = NotebookClient(nb, km=kernel_manager(spec_dir), timeout=timeout,
                                allow_errors=allow_errors, record_timing=record_timing,
                                resources={'metadata': {'path': cwd}})
        client.execute(env=kernel_env)
    return nb


def normalise(nb, keep_images=True):
    """Drop run-dependent metadata (timings, versions, paths); optionally drop image outputs.

    Consecutive stream outputs are merged: how the kernel splits a cell's printing into messages
    depends on timing, and the committed file should not.
    """
    nb.metadata = nbformat.from_dict({
        'kernelspec': {'display_name': 'Python 3', 'language': 'python', 'name': 'python3'},
        'language_info': {'name': 'python'}})
    for cell in nb.cells:
        cell.metadata = nbformat.from_dict(
            {k: v for k, v in cell.metadata.items() if k in ('tags',)})
        cell.pop('id', None)
        if 'outputs' in cell:
            cell.outputs = _merge_streams(cell.outputs)
        for output in cell.get('outputs', []):
            if 'metadata' in output:
                output['metadata'] = {}
            if not keep_images and 'data' in output:
                for mime in [m for m in output['data'] if m.startswith('image/')]:
                    del output['data'][mime]
    nb.nbformat_minor = 4  # cell ids (nbformat 4.5) change on every save; 4.4 has none
    return nb


def _merge_streams(outputs):
    merged = []
    for output in outputs:
        if (output.output_type == 'stream' and merged and merged[-1].output_type == 'stream'
                and merged[-1].name == output.name):
            merged[-1].text += output.text
        else:
            merged.append(output)
    return merged


def part_outputs(nb):
    """Yield ``(part, output)`` for every code-cell output, ``part`` from the last ``(N)`` heading."""
    part = 0
    for cell in nb.cells:
        if cell.cell_type == 'markdown':
            match = PART_HEADING.search(cell.source)
            part = int(match.group(1)) if match else part
        for output in cell.get('outputs', []):
            yield part, output


def save_figures(nb, out_dir):
    """Write every PNG output of ``nb`` to ``out_dir`` as ``partNN_K.png``; return the paths."""
    os.makedirs(out_dir, exist_ok=True)
    paths, count = [], {}
    for part, output in part_outputs(nb):
        png = output.get('data', {}).get('image/png')
        if png:
            count[part] = count.get(part, 0) + 1
            path = os.path.join(out_dir, 'part%02d_%d.png' % (part, count[part]))
            with open(path, 'wb') as f:
                f.write(base64.b64decode(png))
            paths.append(path)
    return paths


def run_homework(notebook_path, out_dir, timeout=HOMEWORK_CELL_TIMEOUT, as_recorded=False):
    """Execute the solution notebook; write it executed and its figures into ``out_dir``.

    By default with oneDNN on (:data:`FAST_ENV`); ``as_recorded`` runs it under
    :data:`REGRESSION_ENV`, as its committed outputs were made.
    """
    if not os.path.isfile(notebook_path):
        raise FileNotFoundError('no notebook at %s (run from the repository root, or pass '
                                '--notebook)' % notebook_path)
    nb = nbformat.read(notebook_path, as_version=4)
    execute(nb, cwd=os.path.dirname(os.path.abspath(notebook_path)), timeout=timeout,
            env=None if as_recorded else FAST_ENV)
    os.makedirs(out_dir, exist_ok=True)
    executed = os.path.join(out_dir, os.path.basename(notebook_path))
    nbformat.write(normalise(nb, keep_images=True), executed)
    return executed, save_figures(nb, os.path.join(out_dir, 'figures'))


def shrink_png(data, scale=0.5, colors=64):
    """Return base64 PNG ``data`` at ``scale`` of its size with a ``colors`` palette.

    The answer key shows its figures where it is read (a code host, Jupyter) without running:
    26 figures at full size would make the file 8 MB; this way it stays near 1.5 MB.
    """
    from PIL import Image
    return shrink_image(Image.open(io.BytesIO(base64.b64decode(data))), scale, colors)


def shrink_image(image, scale=0.5, colors=64):
    """:func:`shrink_png` of an image already opened (PIL): base64 PNG."""
    from PIL import Image
    image = image.convert('RGB')
    size = (max(1, round(image.width * scale)), max(1, round(image.height * scale)))
    small = image.resize(size, Image.LANCZOS).quantize(colors=colors)
    out = io.BytesIO()
    small.save(out, 'PNG', optimize=True)
    return base64.b64encode(out.getvalue()).decode('ascii')


def shrink_images(nb):
    """Replace every PNG output of ``nb`` by :func:`shrink_png`'s; return ``nb``."""
    for cell in nb.cells:
        for output in cell.get('outputs', []):
            if 'image/png' in output.get('data', {}):
                output['data']['image/png'] = shrink_png(output['data']['image/png'])
    return nb


def record_outputs(notebook_path, timeout=HOMEWORK_CELL_TIMEOUT):
    """Re-execute ``notebook_path`` and save its outputs in place (for the regression), figures
    shrunk (:func:`shrink_png`)."""
    if not os.path.isfile(notebook_path):
        raise FileNotFoundError('no notebook at %s' % notebook_path)
    nb = nbformat.read(notebook_path, as_version=4)
    execute(nb, cwd=os.path.dirname(os.path.abspath(notebook_path)), timeout=timeout)
    nbformat.write(shrink_images(normalise(nb, keep_images=True)), notebook_path)
    return notebook_path
