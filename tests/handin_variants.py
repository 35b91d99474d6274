"""The similarity tests' class: correct hand-ins written independently (``tests/handins``, each
``FILLS`` for the student notebook's blanks), and a copy of one with its names changed."""
import glob
import importlib.util
import os
import re

HERE = os.path.dirname(os.path.abspath(__file__))

# What a student copying variant a1 changes: its own names (the homework's are required), its
# comments, a few literals and the layout.
RENAMES = {'layer_table': 'arch', 'new_layer': 'make_params', 'params': 'wb', 'Wb': 'pair',
           'run_layers': 'forward', 'ENC_LAYERS': 'enc_names', 'DEC_LAYERS': 'dec_names',
           'tr_loss': 'loss_a', 'te_loss': 'loss_b', 'batch_x': 'bx', 'batch_y': 'by',
           'tst_x': 'tx', 'tst_y': 'ty', 'pts': 'points', 'onehot': 'cond', 'img': 'out',
           'tile': 'piece', 'step': 'it', 'col': 'c', 'fan_in': 'n_in', 'fan_out': 'n_out'}


def variants():
    """``{name: FILLS}`` of every hand-in in tests/handins, by file name (``variant_a1``...), and
    variant b2, which the demo class carries (``cae_tf/demo/independent.py``)."""
    from cae_tf.demo import independent
    found = {'variant_b2': independent.FILLS}
    for path in sorted(glob.glob(os.path.join(HERE, 'handins', 'variant_*.py'))):
        name = os.path.splitext(os.path.basename(path))[0]
        spec = importlib.util.spec_from_file_location(name, path)
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        found[name] = module.FILLS
    return dict(sorted(found.items()))


def renamed_copy(fills, renames=RENAMES):
    """``fills`` as a copier hands them in: names changed, comments reworded, literals of the
    figures' sizes changed, spaces after commas and around ``=`` in keywords dropped, a blank
    line after every block opener."""
    copied = []
    for fill in fills:
        for old, new in renames.items():
            fill = re.sub(r'\b%s\b' % re.escape(old), new, fill)
        fill = re.sub(r'#[^\n\'"]*', '# see lecture notes', fill)
        fill = re.sub(r'figsize=\((\d+)', lambda m: 'figsize=(%d' % (int(m.group(1)) + 2), fill)
        fill = fill.replace(', ', ',')
        fill = re.sub(r':\n(\s+)', lambda m: ':\n\n' + m.group(1), fill)
        copied.append(fill)
    return copied
