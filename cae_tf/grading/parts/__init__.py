"""The homework's parts, one module each (``pNN_name.py``): all the grader knows of a part.

A part's module holds its ``NUMBER`` and ``POINTS``; the ``FIGURES`` it must show
(:class:`cae_tf.grading.judge.Figures`); ``NEEDS``, the parts whose values its judge also reads;
``STATES``, for each hidden check, the sentence of the student notebook it enforces; its
``probe(ns, inputs, out)``, which reads the student's values in their kernel (numpy and
:mod:`.probing` only: its source is sent there); its ``judge(sheet, inputs, ref)``, the hidden
checks, in the grader's process; ``PUBLIC_CHECK``, the hand-out's check students run
(:mod:`cae_tf.handout.part_checks`), and ``public_data()``, what that check compares with,
written into the hand-out by ``python -m cae_tf template``. :mod:`cae_tf.grading.registry`
lists the modules.
"""
