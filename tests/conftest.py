import os

# Same settings as the notebook records its outputs under (cae_tf.notebook.REGRESSION_ENV);
# kernels started by nbval inherit them.
os.environ.setdefault('TF_CPP_MIN_LOG_LEVEL', '3')
os.environ.setdefault('TF_ENABLE_ONEDNN_OPTS', '0')

import pytest  # noqa: E402


@pytest.fixture(scope='session')
def mnist(tmp_path_factory):
    """MNIST read once for the whole run, as the homework reads it."""
    from cae_tf.handout import input_data
    return input_data.read_data_sets(str(tmp_path_factory.mktemp('MNIST_data')), one_hot=True)
