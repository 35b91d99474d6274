from cae_tf.handout.environment import use_notebook_defaults  # noqa: E402

# Same settings as the notebook records its outputs under; kernels started by nbval inherit them.
use_notebook_defaults()

import pytest  # noqa: E402


@pytest.fixture(scope='session')
def mnist(tmp_path_factory):
    """MNIST read once for the whole run, as the homework reads it."""
    from cae_tf.handout import input_data
    return input_data.read_data_sets(str(tmp_path_factory.mktemp('MNIST_data')), one_hot=True)


def pytest_collection_modifyitems(config, items):
    """Mark the notebooks' cells slow: nbval runs whole notebooks (a 5000-step training among
    them); ``make quick`` (``pytest -m 'not slow'``) leaves them out."""
    for item in items:
        if str(item.fspath).endswith('.ipynb'):
            item.add_marker(pytest.mark.slow)
