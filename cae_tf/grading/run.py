"""A submission's notebook run in its own kernel, cell by cell, then probed.

A timed-out cell is interrupted and the later cells still run; a cell that kills the kernel or
ignores the interrupt is left out and the notebook runs again; every process the submission
started is killed before this returns. The kernel's environment and sandbox are
:mod:`cae_tf.grading.kernel`'s; the probe cell and the values it wrote are :mod:`.probe`'s.
"""
import os
import sys
import tempfile
import time

import nbformat
import numpy as np
from nbclient.exceptions import DeadKernelError

from cae_tf.grading import cgroups, probe, sandbox, submission
from cae_tf.grading import statuses as said
from cae_tf.grading.judge import kernel_inputs, make_inputs
from cae_tf.grading.kernel import TEXT_SHARE, UNISOLATED, Client, student_kernel
from cae_tf.grading.workspace import Workspace
from cae_tf.limits import MiB
from cae_tf.student_package import write_student_package

INTERRUPT_GRACE = 15  # seconds an interrupted cell has to give the kernel back
PROBE_TIMEOUT = 300


def run_timed(client, nb, cell, index, timeout):
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


class _Run:
    """One submission's run: its notebook, workspace, cgroups, options, and what happened."""

    def __init__(self, nb, workspace, cell_timeout, budget, options):
        # the students' environment: the batch's, else written here into the workspace (root's,
        # open to the kernel's user wherever it runs)
        self.nb, self.workspace = nb, workspace
        self.student_site = options.student_site or write_student_package(
            os.path.join(workspace.base, 'handout'))
        self.cell_timeout, self.deadline = cell_timeout, time.monotonic() + budget
        self.options, self.skip, self.notes, self.cut = options, {}, [], []
        self.all_cut = None
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
                self.notes.append(said.NOT_RUN.say(cell=self.index))
                continue
            timeout = max(1, int(min(self.cell_timeout, left)))
            if run_timed(client, self.nb, cell, self.index, timeout):
                self.notes.append(said.INTERRUPTED.say(cell=self.index, seconds=timeout))
                # The kernel must answer again soon, or the cell ignored the interrupt.
                if run_timed(client, self.nb, nbformat.v4.new_code_cell('pass'), None,
                              INTERRUPT_GRACE):
                    self.skip[self.index] = said.IGNORED_INTERRUPT
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
                        run_timed(client, self.nb, probe_cell, None, PROBE_TIMEOUT)
                    return bad
            except DeadKernelError:
                if self.index is None:
                    self.notes.append(said.KERNEL_DIED.text)
                    return None
                self.skip[self.index] = said.STOPPED_KERNEL
                return self.index
            finally:
                self.cut += [i for i in client.cut if i not in self.cut]
                self.all_cut = client.all_cut if self.all_cut is None else self.all_cut
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
        found = submission.limit_statuses(self.nb)
        for controller, status in (('pids', said.PROCESSES.text), ('memory', said.MEMORY.text)):
            if self.groups.hit(controller) and status not in found:
                found.append(status)
        if said.MEMORY.text not in found and cgroups.machine_oom_kills() > self.machine_ooms:
            found.append(said.MACHINE_MEMORY.text)
        if self.workspace.filled() and said.DISK.text not in found:
            found.append(said.DISK.text)
        found += [said.OUTPUT_CUT.say(cell=i, mb=self.options.limits.output // MiB)
                  for i in sorted(i for i in self.cut if i < len(self.nb.cells))]
        if self.all_cut is not None:
            found.append(said.TEXT_CUT.say(mb=TEXT_SHARE * self.options.limits.output // MiB,
                                           cell=self.all_cut))
        if not self.options.sandbox:
            found.append(said.UNISOLATED.text)
        if not self.groups.enforced('memory'):
            found.append(said.MEMORY_PER_PROCESS.text)
        if not self.workspace.bounded:
            found.append(said.DISK_PER_FILE.text)
        return found


def run_submission(nb, cell_timeout, budget, options=UNISOLATED, attempts=3):
    """Execute ``nb`` cell by cell, then probe its kernel; return (inputs, values, errors, notes).

    A cell that times out is interrupted and the next cell runs. A cell that kills the kernel, or
    ignores the interrupt, is treated as a failing cell: the notebook runs again without it (at most
    ``attempts`` runs, all within ``budget`` seconds). ``notes`` ends with the limits that bit.
    Every process the submission started is gone when this returns.
    """
    inputs = make_inputs()
    submission.clear_outputs(nb)
    with Workspace(options.limits.disk, sandbox.kernel_user()) as workspace:
        paths = tuple(os.path.join(workspace.work, n) for n in probe.VALUE_FILES)
        np.savez(paths[0], **kernel_inputs(inputs))
        probe_cell = probe.probe_cell(paths)
        run = _Run(nb, workspace, cell_timeout, budget, options)
        try:
            for _ in range(attempts):
                bad = run.once(probe_cell)
                if bad is None:
                    break
                run.notes.append(said.RAN_AGAIN.say(cell=bad, reason=run.skip[bad]))
            values, errors = probe.read_values(paths, run.notes)
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
