"""The statuses ``grade`` writes into the ``status`` column of ``grades.csv``: each one's text
(or its fixed start), what it means and what staff do about it.

The grader takes every status text from here (``tests/test_statuses.py`` scans the grading code
for a status written anywhere else), and the README's table of statuses is made from this list
(:func:`cae_tf.docs_tables.statuses_table`). A row that hits several holds them all, joined by
``; ``. Imports nothing.
"""
import collections


class Status(collections.namedtuple('Status', 'text meaning action')):
    """A status: ``text`` with ``{field}`` where the run fills in a value, ``meaning`` and
    ``action`` for the table people read."""

    def say(self, **fields):
        """The status as a row shows it, its fields filled in."""
        return self.text.format(**fields)

    @property
    def prefix(self):
        """The fixed start of the text (all of it when it has no fields)."""
        return self.text.split('{')[0]


OK = Status('ok', 'Graded; nothing went wrong.', 'Nothing.')
UNREADABLE = Status(
    'unreadable notebook: {reason}',
    'The hand-in is not a notebook the grader can read: not UTF-8, not JSON, not a notebook, '
    'nested too deeply, larger than 64 MB, or a file that cannot be opened. Every part is 0.',
    'The hand-in\'s fault. Ask the student for the .ipynb file itself (not a PDF, not a zip), '
    'then grade that file again.')
MISSING_PARTS = Status(
    'missing parts: {parts}',
    'The notebook has neither the heading nor an output of these parts (a deleted section).',
    'Usually nothing: those parts score 0. Check the hand-in if a part seems to be there.')
REFUSED_IMPORT = Status(
    'refused staff-only import: {modules}',
    'The notebook imported a staff module (`cae_tf.solution`, the grader). Student code runs '
    'without them, so the import failed and what depended on it earned nothing.',
    'Nothing to fix in the grader. It may be a question for the student.')
NOT_RUN = Status(
    'cell {cell} not run: time budget spent',
    'The submission used all of `--budget` (default 1800 s); later cells were not run.',
    'Look for a loop that never ends. Grade it again with a larger `--budget` if the code is '
    'just slow.')
INTERRUPTED = Status(
    'cell {cell} interrupted after {seconds} s',
    'The cell ran past `--timeout` (default 300 s) and was interrupted; later cells ran.',
    'Usually an endless or very long loop. If the machine was slow, grade it again with a '
    'larger `--timeout`.')
RAN_AGAIN = Status(
    'cell {cell} {reason}; ran the notebook again without it',
    'The cell stopped the kernel (the kernel died: a crash, or memory beyond a limit) or '
    'ignored the interrupt; the notebook ran again from the start without that cell.',
    'Read the hand-in\'s cell. Parts that need it lose points; the others are graded.')
# RAN_AGAIN's reasons (also the text of the left-out cell's output)
STOPPED_KERNEL, IGNORED_INTERRUPT = 'stopped the kernel', 'ignored the interrupt'
KERNEL_DIED = Status(
    'the kernel died while it was read',
    'The kernel stopped while the grader read the values back (after every cell ran).',
    'Grade the hand-in again; if it repeats, read what its last cells leave running.')
MEMORY = Status(
    'memory limit',
    'The submission\'s processes went past `--memory` (default 4096 MB) together, or one '
    'allocation did (`MemoryError`).',
    'The hand-in\'s fault as a rule (an honest one peaks near 1.1 GB). Raise `--memory` only if '
    'an honest solution needs it.')
PROCESSES = Status(
    'too many processes',
    'The submission started more than `--processes` (default 256) processes and threads.',
    'The hand-in\'s fault (a fork bomb, a runaway pool). Nothing to change.')
FILE_SIZE = Status(
    'file size limit',
    'The submission wrote a file larger than `--file-size` (default 100 MB).',
    'The hand-in\'s fault. Nothing to change.')
DISK = Status(
    'disk limit',
    'The submission\'s files (its folder and `/tmp` together) filled `--disk` (default 1024 MB).',
    'The hand-in\'s fault. Its values were still read: the points stand.')
NETWORK = Status(
    'network refused',
    'A cell tried the network; in the sandbox there is none.',
    'Nothing: the homework needs no network (MNIST is in the hand-out).')
MACHINE_MEMORY = Status(
    'killed for memory by the machine (its limit is below the grader\'s)',
    'The machine (or container) killed the kernel for memory before the grader\'s own limit '
    'bit. On Gradescope the page adds "The autograder needs 2 GB of memory".',
    'Give the machine more memory (Gradescope: 2 GB in the autograder settings), then grade '
    'again.')
GRADESCOPE_MEMORY = Status(
    'The autograder needs {gb} GB of memory: raise it in the assignment\'s settings (Autograder '
    'settings, container specifications). {status}',
    'Shown on Gradescope\'s page, not in grades.csv, where the row says `killed for memory by '
    'the machine`.',
    'In the assignment\'s autograder settings give 2 GB of memory, then regrade.')
OUTPUT_CUT = Status(
    'output of cell {cell} cut at {mb} MB',
    'The cell printed more than `--output-limit` (default 16 MB); the rest was dropped.',
    'Nothing: the points stand. The student printed far too much.')
TEXT_CUT = Status(
    'text output cut at {mb} MB in all from cell {cell}',
    'The notebook printed more than 4x `--output-limit` in all; later text was dropped.',
    'Nothing: the points stand.')
UNISOLATED = Status(
    'unisolated (no sandbox)',
    'Graded with `--no-sandbox` (or on Gradescope where namespaces cannot be made): the '
    'student\'s code ran outside the sandbox. See "Security".',
    'Expected on Gradescope. On your own machine, install bubblewrap and grade again.')
MEMORY_PER_PROCESS = Status(
    'memory limited per process only',
    'The grader could not make a memory cgroup (not root, or a read-only cgroup file system), '
    'so memory was bounded per process, not for all processes together.',
    'Run `grade` as root on a machine with cgroups for the full limits. The grade itself '
    'stands.')
DISK_PER_FILE = Status(
    'disk limited per file only',
    'The grader could not mount its size-bounded disk in memory (a tmpfs), so only the size of '
    'each file was bounded.',
    'Run `grade` as root for the full limits. The grade itself stands.')
LINK_NOT_READ = Status(
    '{file} is a symbolic link: not read',
    'Where the grader reads the values back, the submission left a link: the grader does not '
    'follow links. Parts read from it score 0.',
    'A deliberate attack as a rule. Read the hand-in.')
NOT_PLAIN_FILE = Status(
    '{file} is not a plain file of its own: not read',
    'Where the grader reads the values back there is a folder, a pipe or a hard link.',
    'A deliberate attack as a rule. Read the hand-in.')
VALUES_TOO_LARGE = Status(
    '{file} is larger than {mb} MB: not read',
    'The values file the grader reads back is larger than it can be (64 MB).',
    'A deliberate attack as a rule. Read the hand-in.')
VALUES_INFLATE = Status(
    'values.npz would inflate past {mb} MB or {count} arrays: not read',
    'The values file declares more than it may hold (a zip bomb); it was not unpacked.',
    'A deliberate attack as a rule. Read the hand-in.')
NOTHING_READ = Status(
    'nothing could be read from the kernel',
    'The grader found no values to read back (the kernel wrote none, or wrote garbage). The '
    'parts judged from the kernel\'s values score 0.',
    'Read the hand-in\'s last cells. If many rows say this, grade one again and read its '
    'feedback/NAME.txt.')
GRADER_ERROR = Status(
    'grader error: {error}',
    'The grader itself failed on this hand-in (a bug). Every part is 0; its traceback is at the '
    'end of feedback/NAME.txt.',
    'Not the student\'s fault. Report it with the traceback; grade the hand-in again once fixed.')
GRADER_CRASHED = Status(
    'grader crashed (exit {code}): {line}',
    'The worker process that grades this hand-in died (the machine killed it, or a bug).',
    'Not the student\'s fault. Check the machine\'s memory, then grade the hand-in again.')
TIMED_OUT = Status(
    'timed out after {seconds} s',
    'The worker did not finish within `--budget` + 120 s and was stopped.',
    'Grade the hand-in again; if it repeats, report it: the budget should have stopped it.')
NO_SUBMISSION = Status(
    'no submission',
    'Written by `export` (plain and Moodle CSV), not by `grade`: a student of the roster '
    'with no hand-in.',
    'Find the hand-in, or leave the grade empty.')

ALL = [OK, UNREADABLE, MISSING_PARTS, REFUSED_IMPORT, NOT_RUN, INTERRUPTED, RAN_AGAIN,
       KERNEL_DIED, MEMORY, PROCESSES, FILE_SIZE, DISK, NETWORK, MACHINE_MEMORY,
       GRADESCOPE_MEMORY, OUTPUT_CUT, TEXT_CUT, UNISOLATED, MEMORY_PER_PROCESS, DISK_PER_FILE,
       LINK_NOT_READ, NOT_PLAIN_FILE, VALUES_TOO_LARGE, VALUES_INFLATE, NOTHING_READ,
       GRADER_ERROR, GRADER_CRASHED, TIMED_OUT, NO_SUBMISSION]
# a row whose status starts so is the grader's fault, not the hand-in's (batch.GraderFault)
GRADER_FAULTS = tuple(s.prefix for s in (GRADER_ERROR, GRADER_CRASHED, TIMED_OUT))
