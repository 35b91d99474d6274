"""The students' README: how to install the hand-out and open the notebook wherever they work.

Each place's commands are those ``tests/test_places.py`` runs (Colab's in a venv holding Colab's
package versions, a terminal's at the hand-out's lowest versions, a hub's as an unprivileged
user from a read-only copy); the Windows ones are checked for their syntax only
(``tests/test_student_readme.py``).
"""
import re

from cae_tf.limits import BUDGET, CELL_TIMEOUT
from cae_tf.release.wheel import WHEEL

KERNEL_NAME = 'cae-hw06'  # the hub's kernel, registered by the student
KERNEL_DISPLAY = 'HW06 (cae_tf)'

STUDENT_README = '''# CAE homework (Deep Learning for Mechanical Engineering, HW06)

This folder holds the homework, `cae_student.ipynb`, and its hand-out, `%(wheel)s`
(MNIST, the TensorFlow 1 switch, the given plots and `check`). It needs Python 3.10 to 3.13
(TensorFlow has no release for 3.14 yet); TensorFlow and the rest come from PyPI. Set up once
for the place you work in, then open the notebook there.

## Linux or macOS, in a terminal

```bash
python3 -m venv .venv
.venv/bin/python -m pip install "%(wheel)s[lab]"
.venv/bin/jupyter lab cae_student.ipynb
```

## Windows, in PowerShell or cmd

```bat
py -3.13 -m venv .venv
.venv\\Scripts\\python -m pip install "%(wheel)s[lab]"
.venv\\Scripts\\jupyter lab cae_student.ipynb
```

`py --list` shows the Pythons you have; any of 3.10 to 3.13 will do in place of `-3.13`.

## Google Colab

1. File > Upload notebook: `cae_student.ipynb`.
2. Files pane (the folder on the left) > Upload: `%(wheel)s`. It lands in `/content`, which
   Colab empties when the session ends: upload it again in a new session.
3. In a new cell at the top of the notebook, run

   ```
   %%pip install /content/%(wheel)s
   ```

   (no `[lab]`: Colab brings its own Jupyter and TensorFlow, and the hand-out changes neither).
   If Colab asks to restart the session, do so; then run the notebook from the top.

## JupyterHub

In a terminal of the hub (File > New > Terminal), in the folder where your course put these files
(a read-only folder is fine):

```bash
python3 -m pip install --user %(wheel)s
python3 -m ipykernel install --user --name %(kernel)s --display-name "%(display)s"
cp cae_student.ipynb ~/
```

Open `cae_student.ipynb` in your home folder and pick the kernel "%(display)s" (Kernel > Change
Kernel). If your course's image already has the hand-out, the notebook's first cell runs as it is:
skip these commands.

## VS Code

Set up as for your system above, open this folder, open `cae_student.ipynb`, and pick the `.venv`
environment with "Select Kernel" (top right).

## Working and handing in

Write your code where a cell says `# your code here` (delete the `raise NotImplementedError()`
below it). After each part, `check(N, globals())` tells you what is still wrong with part N.

To hand in: Kernel > Restart Kernel and Run All Cells, see that every cell ran, save, and hand in
that one `.ipynb` file, renamed as your course asks (e.g. `NAME_ID_HW06.ipynb`). Only the notebook
is graded. The grader runs it from the top on its own machine, each cell for at most %(cell)d
minutes and the whole notebook for at most %(budget)d, with no network (nothing can be
downloaded), and computes your grade with checks of its own.
''' % {'wheel': WHEEL, 'kernel': KERNEL_NAME, 'display': KERNEL_DISPLAY,
       'cell': CELL_TIMEOUT // 60, 'budget': BUDGET // 60}


def commands(section, readme=STUDENT_README):
    """The lines of the fenced blocks under the heading that starts with ``section``."""
    body = re.split(r'^## ', readme, flags=re.MULTILINE)
    text = next(part for part in body if part.startswith(section))
    blocks = re.findall(r'^ *```[a-z]*\n(.*?)^ *```', text, re.MULTILINE | re.DOTALL)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]
