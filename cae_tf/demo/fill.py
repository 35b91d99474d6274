"""A hand-in written as fills: the student notebook with each blank replaced, in order."""
import nbformat

BLANK = '# your code here\n'
NOT_DONE = 'raise NotImplementedError()'


def fill_blanks(student_path, fills):
    """Return the student notebook ``student_path`` with its i-th ``# your code here`` blank (the
    marker and its ``raise NotImplementedError()``) replaced by ``fills[i]``.

    A blank inside a loop keeps the marker's indentation for the first line; the fill's other
    lines carry their own.
    """
    nb = nbformat.read(student_path, as_version=4)
    fills = iter(fills)
    for cell in nb.cells:
        while cell.cell_type == 'code' and BLANK in cell.source:
            head, tail = cell.source.split(BLANK, 1)
            indent = head[len(head.rstrip(' ')):]
            tail = tail.split(NOT_DONE, 1)[1]
            lines = next(fills).splitlines()
            if indent:
                lines[0] = lines[0].lstrip()
            cell.source = head + '\n'.join(lines) + tail
    if next(fills, None) is not None:
        raise ValueError('the student notebook has fewer blanks than fills')
    return nb
