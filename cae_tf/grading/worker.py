"""One submission, graded in its own process: ``python -m cae_tf.grading.worker NB RESULT T B``.

The worker runs the notebook cell by cell in its own kernel (a timed-out cell is interrupted and the
later cells still run), then reads the student's values out of the kernel with
:mod:`cae_tf.grading.probe` and judges them with :mod:`cae_tf.grading.judge` in this process. It
writes ``RESULT`` (JSON: the CSV row and every check's result) and the feedback text beside it.
"""
import errno
import io
import json
import os
import re
import stat
import sys
import tempfile
import time
import traceback
import zipfile

import nbformat
import numpy as np
from nbclient.exceptions import DeadKernelError

from cae_tf import notebook, release
from cae_tf.grading import cgroups, feedback, judge, parts, probe, sandbox
from cae_tf.grading.kernel import UNISOLATED, Client, Options, student_kernel
from cae_tf.grading.workspace import Workspace

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


LIMIT_ERRORS = (  # (what an error output says, the status it gives)
    (re.compile(r'^MemoryError'), 'memory limit'),
    (re.compile(r'^BlockingIOError.*(temporarily unavailable|Errno 11)'), 'too many processes'),
    (re.compile(r'File too large|Errno 27'), 'file size limit'),
    (re.compile(r'No space left on device|Errno 28'), 'disk limit'),
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
    """One submission's run: its notebook, workspace, cgroups, options, and what happened."""

    def __init__(self, nb, workspace, cell_timeout, budget, options):
        # the hand-out, in the workspace: root's, open to the kernel's user wherever it runs
        self.nb, self.workspace = nb, workspace
        self.student_site = release.write_student_package(os.path.join(workspace.base, 'handout'))
        self.cell_timeout, self.deadline = cell_timeout, time.monotonic() + budget
        self.options, self.skip, self.notes, self.cut = options, {}, [], []
        self.user, limits = workspace.owner, options.limits
        # cgroups are the root grader's to make; none (an empty set) otherwise
        self.groups = cgroups.SubmissionGroups.make('cae_tf-%d' % os.getpid(), limits.processes,
                                                    limits.memory) if self.user \
            else cgroups.SubmissionGroups({})
        self.machine_ooms = cgroups.machine_oom_kills()

    def client(self, spec_dir):
        km, env = student_kernel(spec_dir, self.student_site, self.workspace, self.options,
                                 self.groups, self.user)
        client = Client(
            self.nb, km=km, timeout=self.cell_timeout, interrupt_on_timeout=True,
            allow_errors=True, record_timing=False,
            error_on_timeout={'ename': 'CellTimeout', 'evalue': 'interrupted', 'traceback': []},
            resources={'metadata': {'path': self.workspace.work}})
        client.output_limit = self.options.limits.output
        return client, env

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

    def once(self, probe_cell, **launch):
        """Run the cells, then ``probe_cell``, in one kernel; return None, or the index of a
        cell that killed the kernel or ignored the interrupt (run again without it).
        ``launch``: more for the kernel's launch (``stderr``)."""
        self.index = None
        with tempfile.TemporaryDirectory() as spec_dir:
            client, env = self.client(spec_dir)
            try:
                with client.setup_kernel(env=env, **launch):
                    bad = self.run_cells(client)
                    if bad is None:
                        # processes a cell left (a fork bomb's) would starve the probe
                        self.groups.make_room(client.km.provisioner.process.pid,
                                              2 if self.options.sandbox else 0)
                    if bad is None:
                        self.workspace.release()  # room for the probe's files, however full
                        _run_timed(client, self.nb, probe_cell, None, PROBE_TIMEOUT)
                    return bad
            except DeadKernelError:
                if self.index is None:
                    self.notes.append('the kernel died while it was read')
                    return None
                self.skip[self.index] = 'stopped the kernel'
                return self.index
            finally:
                self.cut += [i for i in client.cut if i not in self.cut]
                self.end_processes()

    def end_processes(self):
        """Kill every process the submission left: its cgroups', and, unisolated, its user's
        (a detached process is no descendant of the kernel)."""
        for pid in self.groups.pids():
            cgroups.kill(pid)
        if self.user is not None and not self.options.sandbox and not self.groups.groups:
            sandbox.kill_user(self.user[0])

    def statuses(self):
        """What the limits did to this run, and which were enforced only per process."""
        found = limit_statuses(self.nb)
        for controller, status in (('pids', 'too many processes'), ('memory', 'memory limit')):
            if self.groups.hit(controller) and status not in found:
                found.append(status)
        if 'memory limit' not in found and cgroups.machine_oom_kills() > self.machine_ooms:
            found.append(cgroups.MACHINE_MEMORY)
        if self.workspace.filled() and 'disk limit' not in found:
            found.append('disk limit')
        found += ['output of cell %d cut at %d MB' % (i, self.options.limits.output // sandbox.MiB)
                  for i in sorted(i for i in self.cut if i < len(self.nb.cells))]
        if not self.options.sandbox:
            found.append('unisolated (no sandbox)')
        if not self.groups.enforced('memory'):
            found.append('memory limited per process only')
        if not self.workspace.bounded:
            found.append('disk limited per file only')
        return found


VALUE_FILES = ('inputs.npz', 'values.npz', 'errors.json')
MAX_VALUES = 512 * 1024 ** 2  # more than the probe ever writes (about 40 MB)


def read_own_file(path, limit=MAX_VALUES):
    """Return the bytes of the regular file at ``path`` that the kernel wrote, never following
    a link it may have planted there (ValueError saying what stood there instead)."""
    name = os.path.basename(path)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as e:
        if e.errno == errno.ELOOP:
            raise ValueError('%s is a symbolic link: not read' % name)
        raise
    with os.fdopen(fd, 'rb') as f:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_nlink != 1:
            raise ValueError('%s is not a plain file of its own: not read' % name)
        if info.st_size > limit:
            raise ValueError('%s is larger than %d MB: not read' % (name, limit // 1024 ** 2))
        return f.read(limit)


def _read_values(paths, notes):
    """Return ``(values, errors)`` the probe wrote: arrays only (``allow_pickle=False``)."""
    values, errors = {}, {}
    try:
        with np.load(io.BytesIO(read_own_file(paths[1])), allow_pickle=False) as data:
            for key in data.files:
                try:
                    values[key] = data[key]
                except ValueError:
                    errors.setdefault(key.split(':')[0], 'a value could not be read')
        raw = json.loads(read_own_file(paths[2], 1024 ** 2).decode('utf-8', 'replace'))
        errors.update({str(k): str(v)[:500] for k, v in raw.items()})
    except ValueError as e:
        notes.append(str(e) if 'not read' in str(e) else 'nothing could be read from the kernel')
    except (OSError, EOFError, AttributeError, zipfile.BadZipFile):
        notes.append('nothing could be read from the kernel')
    return values, errors


def run_submission(nb, cell_timeout, budget, options=UNISOLATED, attempts=3):
    """Execute ``nb`` cell by cell, then probe its kernel; return (inputs, values, errors, notes).

    A cell that times out is interrupted and the next cell runs. A cell that kills the kernel, or
    ignores the interrupt, is treated as a failing cell: the notebook runs again without it (at most
    ``attempts`` runs, all within ``budget`` seconds). ``notes`` ends with the limits that bit.
    Every process the submission started is gone when this returns.
    """
    inputs = judge.make_inputs()
    for cell in nb.cells:  # what the hand-in came with never counts, even where a cell is not run
        if cell.cell_type == 'code':
            cell.outputs, cell.execution_count = [], None
    with Workspace(options.limits.disk, sandbox.kernel_user()) as workspace:
        paths = tuple(os.path.join(workspace.work, n) for n in VALUE_FILES)
        np.savez(paths[0], **inputs)
        probe_cell = nbformat.v4.new_code_cell(_probe_source(paths))
        run = _Run(nb, workspace, cell_timeout, budget, options)
        try:
            for _ in range(attempts):
                bad = run.once(probe_cell)
                if bad is None:
                    break
                run.notes.append('cell %d %s; ran the notebook again without it'
                                 % (bad, run.skip[bad]))
            values, errors = _read_values(paths, run.notes)
            return inputs, values, errors, list(dict.fromkeys(run.statuses() + run.notes))
        finally:
            run.groups.close()


class PreflightError(RuntimeError):
    """A kernel started as a submission's would be cannot run a trivial cell."""


def preflight(options, timeout=120):
    """Start one kernel exactly as a submission's will run and run a trivial cell in it; raise
    PreflightError saying why when it cannot, before a class gets zeros for it."""
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell('print(6 * 7)')])
    with tempfile.TemporaryFile() as log, \
            Workspace(options.limits.disk, sandbox.kernel_user()) as workspace:
        run = _Run(nb, workspace, timeout, timeout, options)
        try:
            run.once(nbformat.v4.new_code_cell('pass'), stderr=log)
            error = None
        except Exception as e:  # what failed is the machinery, not a submission: say it all
            error = '%s: %s' % (type(e).__name__, e)
        finally:
            run.groups.close()
        log.seek(0)
        said = log.read().decode('utf-8', 'replace').strip().splitlines()[-5:]
    printed = ''.join(o.get('text', '') for o in nb.cells[0].outputs)
    if error is None and printed.strip() == '42':
        return
    where = 'in the sandbox (bubblewrap)' if options.sandbox else 'unisolated'
    closed = sandbox.closed_folder(os.path.realpath(sys.executable))
    hint = ('; the interpreter lies in %s, which the unprivileged user the kernel runs as cannot '
            'enter: install the grader where others may read it (/usr/local, /opt, a venv '
            'there) or open the folder (chmod o+x)' % closed) if closed else ''
    raise PreflightError('a kernel started %s as a submission\'s would be cannot run a trivial '
                         'cell (%s); nothing was graded. The kernel said: %s%s'
                         % (where, error or 'it printed %r' % printed[:200],
                            ' | '.join(said) or 'nothing', hint))


def _missing_parts(nb):
    return sorted(set(parts.PARTS) - {part for part, _ in notebook.part_outputs(nb)}
                  - {int(m.group(1)) for c in nb.cells if c.cell_type == 'markdown'
                     for m in [notebook.PART_HEADING.search(c.source)] if m})


def grade_notebook(path, cell_timeout=CELL_TIMEOUT, budget=BUDGET, options=UNISOLATED):
    """Grade one submission; return ``(row, results, figures)``. Runs in a worker process.

    The notebook runs in the students' environment (:func:`student_kernel`): an import of staff
    code fails there, and the status names it. ``results`` lists every check as a dict
    (``part``, ``name``, ``points``, ``passed``, ``message``, ``measured``): what a platform
    shows per test; ``figures`` the figures the notebook showed, by part
    (:func:`feedback.images_by_part`).
    """
    name = os.path.splitext(os.path.basename(path))[0]
    row = {'submission': name}
    try:
        nb = read_submission(path)
    except (OSError, ValueError) as e:
        row.update({c: 0 for c in COLUMNS[1:-1]}, status=str(e))
        return row, [], {}
    inputs, values, errors, notes = run_submission(nb, cell_timeout, budget, options)
    results = parts.judge_parts(values, errors, inputs, figures_by_part(nb))
    scores = parts.part_scores(results)
    row.update({'part%d' % p: scores[p] for p in scores}, total=round(sum(scores.values()), 1))
    missing, refused = _missing_parts(nb), refused_imports(nb)
    status = (['missing parts: ' + ', '.join(map(str, missing))] if missing else []) + (
        ['refused staff-only import: ' + ', '.join(refused)] if refused else []) + notes
    row['status'] = '; '.join(status) if status else 'ok'
    try:
        figures = feedback.images_by_part(nb)
    except Exception:  # the pictures are for the student's eyes; the grade stands without them
        figures = {}
    return row, [r._asdict() for r in results], figures


def _worker_main(path, result_path, cell_timeout, budget, options):
    base = os.path.splitext(result_path)[0]
    try:
        row, results, figures = grade_notebook(path, int(cell_timeout), int(budget),
                                               Options.from_json(options))
        problem = None
    except Exception as e:  # a fault of the grader: the row says so, the batch goes on
        name = os.path.splitext(os.path.basename(path))[0]
        row = dict({c: 0 for c in COLUMNS[1:-1]}, submission=name,
                   status='grader error: %s: %s' % (type(e).__name__, str(e)[:150]))
        results, figures, problem = [], {}, traceback.format_exc()
    try:
        feedback.write(base, row['submission'], row, results, figures)
    except Exception:  # a page that cannot be made costs the page, never the grade
        problem = (problem or '') + traceback.format_exc()
        feedback.write(base, row['submission'], row, results, {})
    if problem:
        with open(base + '.txt', 'a') as f:
            f.write('\n' + problem)
    with open(result_path, 'w') as f:
        json.dump({'row': row, 'results': results}, f)


if __name__ == '__main__':
    _worker_main(*sys.argv[1:6])
