"""One submission, graded in its own process: ``python -m cae_tf.grading.worker NB RESULT T B``.

The worker runs the notebook cell by cell in its own kernel (a timed-out cell is interrupted and the
later cells still run), then reads the student's values out of the kernel with
:mod:`cae_tf.grading.probe` and judges them with :mod:`cae_tf.grading.judge` in this process. It
writes ``RESULT`` (JSON: the CSV row and every check's result) and the feedback text beside it.
"""
import collections
import json
import os
import re
import site
import sys
import tempfile
import time
import traceback
import zipfile

import nbformat
import numpy as np
from jupyter_client.manager import AsyncKernelManager
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

from cae_tf import notebook, release
from cae_tf.grading import judge, parts, probe, sandbox

COLUMNS = ['submission'] + ['part%d' % p for p in sorted(parts.PARTS)] + ['total', 'status']
# A cell's time: 300 s is about 5x the 5000-step training cell here (35-60 s on 2 cores), so an
# honest loop on a slower machine passes while an endless one holds a worker 5 minutes, not 10.
CELL_TIMEOUT = 300
BUDGET = 1800  # a whole submission's time, all its runs included
INTERRUPT_GRACE = 15  # seconds an interrupted cell has to give the kernel back
PROBE_TIMEOUT = 300
STAFF_IMPORT = re.compile(r"No module named '(cae_tf\.(?!handout\b)[\w.]+)'")
FIGURE_TEXT = re.compile(r'<Figure size [^>]* with (\d+) Axes>')


def read_submission(path):
    """Return the notebook at ``path``, or raise ValueError saying why it cannot be graded."""
    try:
        with open(path, encoding='utf-8') as f:
            raw = json.load(f)
    except UnicodeDecodeError:
        raise ValueError('invalid notebook: not UTF-8 text')
    except json.JSONDecodeError as e:
        raise ValueError('invalid notebook: not valid JSON (line %d)' % e.lineno)
    if not isinstance(raw, dict) or not isinstance(raw.get('cells'), list):
        raise ValueError('not a notebook: no list of cells')
    try:
        nb = nbformat.reads(json.dumps(raw), as_version=4)
        nbformat.validate(nb)
    except Exception as e:
        raise ValueError('not a notebook: %s' % str(e).splitlines()[0][:120])
    return nb


def figures_by_part(nb):
    """Return ``{part: [axes of each figure shown]}`` from an executed notebook's outputs."""
    shown = {}
    for part, output in notebook.part_outputs(nb):
        data = output.get('data', {})
        if 'image/png' in data:
            match = FIGURE_TEXT.search(data.get('text/plain', ''))
            shown.setdefault(part, []).append(int(match.group(1)) if match else 1)
    return shown


def probe_source():
    """Return the probe's code as the kernel runs it: tfrun's, the probe module's, and that of
    any record's probe defined elsewhere (a course's own part)."""
    import inspect
    from cae_tf.handout import tfrun
    sources = [inspect.getsource(tfrun), inspect.getsource(probe)]
    sources += [inspect.getsource(p) for p in parts.probes().values()
                if inspect.getmodule(p) is not probe]
    return '\n'.join(line for line in '\n'.join(sources).splitlines()
                     if not line.startswith('from cae_tf'))


def _probe_source(paths):
    probes = '{%s}' % ', '.join('%d: scope[%r]' % (n, p.__name__)
                               for n, p in parts.probes().items())
    return ('def _cae_tf_probe(namespace):\n'
            '    scope = {"__name__": "cae_tf_probe"}\n'
            '    exec(compile(%r, "<cae_tf probe>", "exec"), scope)\n'
            '    scope["collect_to_files"](namespace, %s, %r, %r, %r)\n'
            '_cae_tf_probe(globals())\n' % ((probe_source(), probes) + paths))


def _run_timed(client, nb, cell, index, timeout):
    """Run ``cell`` (``nb.cells[index]``, or the grader's own when ``index`` is None) for at most
    ``timeout`` seconds, then interrupt it; return whether it ran out of time."""
    client.timeout = timeout
    started = time.monotonic()
    if index is not None:
        client.execute_cell(cell, index)
    else:
        nb.cells.append(cell)  # nbclient writes an executed cell back into the notebook by index
        try:
            client.execute_cell(cell, len(nb.cells) - 1)
        finally:
            nb.cells.pop()
    return time.monotonic() - started >= timeout


class Options(collections.namedtuple('Options', 'sandbox limits hidden readable')):
    """How a submission runs: in the sandbox or not, its limits, the folders it must not see and
    those it may read (``sandbox.bwrap_argv``)."""

    def to_json(self):
        return json.dumps({'sandbox': self.sandbox, 'limits': self.limits._asdict(),
                           'hidden': list(self.hidden), 'readable': list(self.readable)})

    @classmethod
    def from_json(cls, text):
        raw = json.loads(text)
        return cls(raw['sandbox'], sandbox.Limits(**raw['limits']), tuple(raw['hidden']),
                   tuple(raw['readable']))


UNISOLATED = Options(False, sandbox.DEFAULT_LIMITS, (), ())


class _SandboxedManager(AsyncKernelManager):
    """A kernel manager whose connection file the unprivileged, sandboxed kernel can read."""

    def write_connection_file(self, **kwargs):
        super().write_connection_file(**kwargs)
        sandbox.give_to_kernel(self.connection_file)


class _Client(NotebookClient):
    """nbclient, keeping at most ``output_limit`` bytes of a submission's outputs."""
    output_limit = None
    output_bytes = 0
    output_cut = False

    def output(self, outs, msg, display_id, cell_index):
        self.output_bytes += len(json.dumps(msg.get('content', {})))
        if self.output_limit is not None and self.output_bytes > self.output_limit:
            self.output_cut = True  # dropped unstored: the grader's memory stays flat
            return None
        return super().output(outs, msg, display_id, cell_index)


def student_kernel(spec_dir, student_site, workdir=None, options=UNISOLATED, processes=None):
    """Return a kernel manager whose kernel imports as a student's would: the hand-out in
    ``student_site`` and the third-party packages, never the staff modules (no site hooks,
    so not this project's editable install either); sandboxed as ``options`` say."""
    env = {'PYTHONPATH': os.pathsep.join([student_site] + site.getsitepackages())}
    if not options.sandbox:
        return notebook.kernel_manager(spec_dir, python_args=('-S',), env=env)
    sockets = os.path.join(workdir, '.kernel')  # no network inside: Unix sockets instead
    os.makedirs(sockets, exist_ok=True)
    for path in (workdir, sockets):
        sandbox.give_to_kernel(path)
    os.chmod(student_site, 0o755)  # a temporary folder (0700): the unprivileged kernel reads it
    wrapper = sandbox.kernel_wrapper(workdir, [student_site, *options.readable], options.hidden,
                                     options.limits, processes)
    return notebook.kernel_manager(
        spec_dir, ('-S',), wrapper, env, interrupt_mode='message',
        manager_class=_SandboxedManager, transport='ipc', ip=os.path.join(sockets, 'ipc'),
        connection_file=os.path.join(sockets, 'kernel.json'))


LIMIT_ERRORS = (  # (what an error output says, the status it gives)
    (re.compile(r'^MemoryError'), 'memory limit'),
    (re.compile(r'^BlockingIOError.*(temporarily unavailable|Errno 11)'), 'too many processes'),
    (re.compile(r'File too large|Errno 27'), 'file size limit'),
    (re.compile(r'^(ConnectionRefusedError|gaierror)|Network is unreachable|'
                r'Temporary failure in name resolution'), 'network refused'),
)


def limit_statuses(nb):
    """Return the statuses of the limits the executed ``nb``'s cells ran into, in order."""
    found = []
    for cell in nb.cells:
        for output in cell.get('outputs', []):
            if output.get('output_type') != 'error':
                continue
            text = '%s: %s' % (output.get('ename', ''), output.get('evalue', ''))
            found += [status for pattern, status in LIMIT_ERRORS
                      if pattern.search(text) and status not in found]
    return found


def refused_imports(nb):
    """Return the staff-only modules the executed ``nb`` tried to import, in order."""
    found = []
    for cell in nb.cells:
        for output in cell.get('outputs', []):
            match = STAFF_IMPORT.search(output.get('evalue', '')) \
                if output.get('ename') == 'ModuleNotFoundError' else None
            if match and match.group(1) not in found:
                found.append(match.group(1))
    return found


class _Run:
    """One submission's run: its notebook, folders, options, and what happened so far."""

    def __init__(self, nb, workdir, student_site, cell_timeout, budget, options):
        self.nb, self.workdir, self.student_site = nb, workdir, student_site
        self.cell_timeout, self.deadline = cell_timeout, time.monotonic() + budget
        self.options, self.skip, self.notes = options, {}, []
        self.output_cut = False
        self.processes = sandbox.ProcessLimit(options.limits.processes, 'cae_tf-%d' % os.getpid()) \
            if options.sandbox else None

    def client(self, spec_dir):
        km = student_kernel(spec_dir, self.student_site, self.workdir, self.options,
                            self.processes)
        client = _Client(
            self.nb, km=km, timeout=self.cell_timeout, interrupt_on_timeout=True,
            allow_errors=True, record_timing=False,
            error_on_timeout={'ename': 'CellTimeout', 'evalue': 'interrupted', 'traceback': []},
            resources={'metadata': {'path': self.workdir}})
        client.output_limit = self.options.limits.output if self.options.sandbox else None
        return client

    def run_cells(self, client):
        """Run the code cells but those in ``skip``; return the index of a cell that ignored
        the interrupt, or None. ``self.index`` is the cell running (for a kernel that dies)."""
        for self.index, cell in enumerate(self.nb.cells):
            if cell.cell_type != 'code':
                continue
            cell.outputs, cell.execution_count = [], None
            if self.index in self.skip:
                cell.outputs = [nbformat.v4.new_output(
                    'error', ename='NotRun', evalue=self.skip[self.index], traceback=[])]
                continue
            left = self.deadline - time.monotonic()
            if left < 1:
                self.notes.append('cell %d not run: time budget spent' % self.index)
                continue
            timeout = max(1, int(min(self.cell_timeout, left)))
            if _run_timed(client, self.nb, cell, self.index, timeout):
                self.notes.append('cell %d interrupted after %d s' % (self.index, timeout))
                # The kernel must answer again soon, or the cell ignored the interrupt.
                if _run_timed(client, self.nb, nbformat.v4.new_code_cell('pass'), None,
                              INTERRUPT_GRACE):
                    self.skip[self.index] = 'ignored the interrupt'
                    return self.index
        self.index = None
        return None

    def once(self, probe_cell):
        """Run the cells, then ``probe_cell``, in one kernel; return None, or the index of a
        cell that killed the kernel or ignored the interrupt (run again without it)."""
        self.index = None
        with tempfile.TemporaryDirectory() as spec_dir:
            client = self.client(spec_dir)
            try:
                with client.setup_kernel(env=dict(os.environ, **notebook.REGRESSION_ENV)):
                    bad = self.run_cells(client)
                    if bad is None and self.processes is not None:
                        # processes a cell left (a fork bomb's) would starve the probe
                        self.processes.make_room(client.km.provisioner.process.pid)
                    if bad is None:
                        _run_timed(client, self.nb, probe_cell, None, PROBE_TIMEOUT)
                    return bad
            except DeadKernelError:
                if self.index is None:
                    self.notes.append('the kernel died while it was read')
                    return None
                self.skip[self.index] = 'stopped the kernel'
                return self.index
            finally:
                self.output_cut = self.output_cut or client.output_cut

    def statuses(self):
        """What the sandbox's limits did to this run, as status words."""
        found = limit_statuses(self.nb)
        if self.processes is not None and self.processes.hit() and \
                'too many processes' not in found:
            found.append('too many processes')
        if self.output_cut:
            found.append('output cut at %d MB' % (self.options.limits.output // sandbox.MiB))
        if not self.options.sandbox:
            found.append('unisolated (no sandbox)')
        return found


def _read_values(paths, notes):
    """Return ``(values, errors)`` the probe wrote: arrays only (``allow_pickle=False``)."""
    values, errors = {}, {}
    try:
        with np.load(paths[1], allow_pickle=False) as data:
            for key in data.files:
                try:
                    values[key] = data[key]
                except ValueError:
                    errors.setdefault(key.split(':')[0], 'a value could not be read')
        with open(paths[2]) as f:
            errors.update({str(k): str(v) for k, v in json.load(f).items()})
    except (OSError, ValueError, zipfile.BadZipFile):
        notes.append('nothing could be read from the kernel')
    return values, errors


def run_submission(nb, workdir, cell_timeout, budget, student_site, options=UNISOLATED,
                   attempts=3):
    """Execute ``nb`` cell by cell, then probe its kernel; return (inputs, values, errors, notes).

    A cell that times out is interrupted and the next cell runs. A cell that kills the kernel, or
    ignores the interrupt, is treated as a failing cell: the notebook runs again without it (at most
    ``attempts`` runs, all within ``budget`` seconds). ``notes`` ends with the limits that bit.
    """
    inputs = judge.make_inputs()
    paths = tuple(os.path.join(workdir, n) for n in ('inputs.npz', 'values.npz', 'errors.json'))
    np.savez(paths[0], **inputs)
    probe_cell = nbformat.v4.new_code_cell(_probe_source(paths))
    run = _Run(nb, workdir, student_site, cell_timeout, budget, options)
    try:
        for attempt in range(attempts):
            bad = run.once(probe_cell)
            if bad is None:
                break
            run.notes.append('cell %d %s; ran the notebook again without it'
                             % (bad, run.skip[bad]))
        values, errors = _read_values(paths, run.notes)
        return inputs, values, errors, list(dict.fromkeys(run.statuses() + run.notes))
    finally:
        if run.processes is not None:
            run.processes.close()


def _missing_parts(nb):
    return sorted(set(parts.PARTS) - {part for part, _ in notebook.part_outputs(nb)}
                  - {int(m.group(1)) for c in nb.cells if c.cell_type == 'markdown'
                     for m in [notebook.PART_HEADING.search(c.source)] if m})


def _feedback(name, row, results):
    lines = ['%s: %.1f / 100 (%s)' % (name, row['total'], row['status'])]
    for r in results:
        lines.append('part %-2d %-28s %4.1f / %-4.1f %s' % (
            r.part, r.name, r.points if r.passed else 0, r.points,
            'ok' if r.passed else r.message))
    return '\n'.join(lines) + '\n'


def grade_notebook(path, cell_timeout=CELL_TIMEOUT, budget=BUDGET, options=UNISOLATED):
    """Grade one submission; return ``(row, feedback text, results)``. Runs in a worker process.

    The notebook runs in the students' environment (:func:`student_kernel`): an import of staff
    code fails there, and the status names it. ``results`` lists every check as a dict
    (``part``, ``name``, ``points``, ``passed``, ``message``): what a platform shows per test.
    """
    name = os.path.splitext(os.path.basename(path))[0]
    row = {'submission': name}
    try:
        nb = read_submission(path)
    except (OSError, ValueError) as e:
        row.update({c: 0 for c in COLUMNS[1:-1]}, status=str(e))
        return row, '%s: not graded: %s\n' % (name, e), []
    with tempfile.TemporaryDirectory() as workdir, tempfile.TemporaryDirectory() as site_dir:
        student_site = release.write_student_package(site_dir)
        inputs, values, errors, notes = run_submission(nb, workdir, cell_timeout, budget,
                                                       student_site, options)
    results = parts.judge_parts(values, errors, inputs, figures_by_part(nb))
    scores = parts.part_scores(results)
    row.update({'part%d' % p: scores[p] for p in scores}, total=round(sum(scores.values()), 1))
    missing, refused = _missing_parts(nb), refused_imports(nb)
    status = (['missing parts: ' + ', '.join(map(str, missing))] if missing else []) + (
        ['refused staff-only import: ' + ', '.join(refused)] if refused else []) + notes
    row['status'] = '; '.join(status) if status else 'ok'
    return row, _feedback(name, row, results), [r._asdict() for r in results]


def _worker_main(path, result_path, cell_timeout, budget, options):
    try:
        row, feedback, results = grade_notebook(path, int(cell_timeout), int(budget),
                                                Options.from_json(options))
    except Exception as e:  # a fault of the grader: the row says so, the batch goes on
        name = os.path.splitext(os.path.basename(path))[0]
        row = dict({c: 0 for c in COLUMNS[1:-1]}, submission=name,
                   status='grader error: %s: %s' % (type(e).__name__, str(e)[:150]))
        feedback = '%s: not graded: %s\n\n%s' % (name, row['status'], traceback.format_exc())
        results = []
    with open(os.path.splitext(result_path)[0] + '.txt', 'w') as f:
        f.write(feedback)
    with open(result_path, 'w') as f:
        json.dump({'row': row, 'results': results}, f)


if __name__ == '__main__':
    _worker_main(*sys.argv[1:6])
