"""The CAE's structure of homework part (2), without TensorFlow: the model and the grader share it."""
n_input = 28 * 28
n_encoder1 = 500
n_encoder2 = 300
n_latent = 2
n_decoder2 = 300
n_decoder1 = 500
n_label = 10

LAYERS = ('encoder1', 'encoder2', 'latent', 'decoder2', 'decoder1', 'reconst')


def layer_shapes(n_input=n_input, n_encoder1=n_encoder1, n_encoder2=n_encoder2,
                 n_latent=n_latent, n_decoder2=n_decoder2, n_decoder1=n_decoder1,
                 n_label=n_label):
    """Return ``{layer: (fan_in, fan_out)}``; the first layer of each half takes the label too."""
    return {
        'encoder1': (n_input + n_label, n_encoder1),
        'encoder2': (n_encoder1, n_encoder2),
        'latent': (n_encoder2, n_latent),
        'decoder2': (n_latent + n_label, n_decoder2),
        'decoder1': (n_decoder2, n_decoder1),
        'reconst': (n_decoder1, n_input),
    }
