"""The release (nbgrader's release step): ``python -m cae_tf release --out DIR`` writes what goes
to students (``DIR/student``: the notebook, the hand-out as a wheel, a README) and what stays with
staff (``DIR/staff``: the answer key, the Gradescope bundle), and refuses a hand-out that holds a
line of the solution.

The build side: it may read the grader's constants, and the grader never imports it.
"""
import os
import shutil
import tempfile

from cae_tf.grading.written import read_rubric, write_rubric
from cae_tf.release.bundle import write_bundle
from cae_tf.release.leaks import find_leaks, solution_lines
from cae_tf.release.student_readme import STUDENT_README
from cae_tf.release.template import write_template
from cae_tf.release.wheel import write_wheel
from cae_tf.student_package import PROJECT_ROOT, write_student_package

STAFF_README = '''# CAE homework: staff copy

- `cae_solution.ipynb`: the answer key (the student notebook is generated from it).
- Grade a class from your clone of the cae_tf repository, where the grader and its hidden checks
  live (set up with `make test` or `make homework` there):

```bash
.venv/bin/python -m cae_tf grade hand-ins/*.ipynb --out grades --jobs 2
```

`grades/grades.csv` has one row per submission and `grades/feedback/` what each check found.
The written discussions (9) and (10) are people's to grade, out of `rubric.json`'s points:
`python -m cae_tf review grades` writes the pages and the scores sheet, `export --written` and
`feedback --written` fold the filled sheets into the gradebook and the students' pages.

`gradescope_autograder.zip` is the same grader for Gradescope (upload it as the assignment's
autograder; one test per check, total = the CSV's total).
Submissions run in the students' environment: an import of staff code (`cae_tf.solution`, ...)
fails there and earns nothing.
'''


def release(out_dir, solution_path=None, rubric_path=None):
    """Write ``out_dir/student`` (hand-out) and ``out_dir/staff``; return both paths.

    ``rubric_path``: the written discussions' points and criteria (default 5 points each); the
    student notebook says each discussion's points, ``staff/rubric.json`` keeps the rubric.
    Raises ``ValueError`` naming the file and line if any solution line reached ``student/``.
    """
    solution_path = solution_path or os.path.join(PROJECT_ROOT, 'notebooks', 'cae_solution.ipynb')
    student, staff = os.path.join(out_dir, 'student'), os.path.join(out_dir, 'staff')
    if rubric_path and os.path.realpath(rubric_path).startswith(os.path.realpath(staff) + os.sep):
        raise ValueError('%s is in the release being rewritten: copy it elsewhere to give it'
                         % rubric_path)
    rubric = read_rubric(rubric_path)
    for folder in (student, staff):
        shutil.rmtree(folder, ignore_errors=True)  # a release is rewritten whole
        os.makedirs(folder)
    write_template(solution_path, os.path.join(student, 'cae_student.ipynb'), rubric)
    write_rubric(os.path.join(staff, 'rubric.json'), rubric)
    with tempfile.TemporaryDirectory() as package:
        write_wheel(write_student_package(package), student)
    with open(os.path.join(student, 'README.md'), 'w', encoding='utf-8') as f:
        f.write(STUDENT_README)
    shutil.copyfile(solution_path, os.path.join(staff, 'cae_solution.ipynb'))
    write_bundle(os.path.join(staff, 'gradescope_autograder.zip'), PROJECT_ROOT)
    with open(os.path.join(staff, 'README.md'), 'w') as f:
        f.write(STAFF_README)
    leaks = find_leaks(student, solution_lines(solution_path))
    if leaks:
        raise ValueError('solution code in the hand-out: %s: %s' % leaks[0])
    return student, staff
