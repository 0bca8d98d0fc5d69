#!/usr/bin/python3
"""Neural style transfer (Gatys et al. 2015, as in the deeplearning.ai CNN course) in PyTorch.

An independent reference for stylegraph's TensorFlow.js implementation: `npm run bench` writes
a case directory, runs this script on it and compares speed and losses. See README.md next to
this file for the case format. Plain Python 3 with numpy and torch only; it reads nothing but
the case directory and writes nothing but stdout (and --out, when given).

Run it with Debian's interpreter, which sees Debian's python3-torch:

    /usr/bin/python3 bench/pytorch/style_transfer.py CASE_DIR [--threads N] [--iterations N] [--device cpu|cuda] [--out final.f32]
"""

import argparse
import json
import os
import sys
import time


def _bound_blas_threads(argv):
    """
    `--threads N` must bound every CPU thread pool torch uses. torch.set_num_threads covers the
    convolutions (oneDNN, OpenMP), but the Gram matmuls go to Debian's OpenBLAS, whose pool is
    sized from OPENBLAS_NUM_THREADS when the library loads (default: all cores) and which
    torch.set_num_threads does not touch. So set it before numpy and torch are imported; an
    OPENBLAS_NUM_THREADS already in the environment wins.
    """
    value = None
    for i, arg in enumerate(argv):
        if arg.startswith("--threads="):
            value = arg.split("=", 1)[1]
        elif arg == "--threads" and i + 1 < len(argv):
            value = argv[i + 1]
    if value is not None and value.isdigit() and int(value) > 0:
        os.environ.setdefault("OPENBLAS_NUM_THREADS", value)


if __name__ == "__main__":
    _bound_blas_threads(sys.argv[1:])

import numpy as np  # noqa: E402 (after the thread bound above, on purpose)
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

# VGG-19's conv layers, block by block: (block, conv) pairs. A 2x2 pooling follows the last
# conv of each block (conv1_2, conv2_2, conv3_4, conv4_4, conv5_4).
VGG19_BLOCK_SIZES = [2, 2, 4, 4, 4]
VGG19_LAYERS = [(b + 1, c + 1) for b, n in enumerate(VGG19_BLOCK_SIZES) for c in range(n)]


def layer_name(block, conv):
    """Our (the course's) name of a conv layer: conv4_2."""
    return "conv%d_%d" % (block, conv)


def keras_name(block, conv):
    """The Keras / tfjs name of the same layer: block4_conv2."""
    return "block%d_conv%d" % (block, conv)


LAYER_NAMES = [layer_name(b, c) for b, c in VGG19_LAYERS]


class CaseError(Exception):
    """A problem with the case directory; reported on stderr, exit status 2."""


# ---------------------------------------------------------------------------------------------
# Reading the case directory


def case_path(case_dir, relative):
    """A path inside the case directory; refuses absolute paths and paths that leave it."""
    if os.path.isabs(relative):
        raise CaseError("%r: absolute paths are not allowed, give a path inside the case directory" % relative)
    path = os.path.normpath(os.path.join(case_dir, relative))
    if os.path.commonpath([os.path.normpath(case_dir), path]) != os.path.normpath(case_dir):
        raise CaseError("%r leaves the case directory" % relative)
    return path


def read_image(case_dir, name, height, width):
    """A raw little-endian float32 H x W x 3 RGB 0-255 image -> torch tensor 1 x 3 x H x W."""
    path = case_path(case_dir, name)
    data = np.fromfile(path, dtype="<f4")
    if data.size != height * width * 3:
        raise CaseError("%s holds %d float32 values, %dx%dx3 needs %d" % (name, data.size, height, width, height * width * 3))
    hwc = data.astype(np.float32).reshape(height, width, 3)
    return torch.from_numpy(np.ascontiguousarray(hwc.transpose(2, 0, 1))).unsqueeze(0)


def write_image(path, image):
    """torch tensor 1 x 3 x H x W -> raw little-endian float32 H x W x 3 (unclipped)."""
    hwc = image.detach().cpu().squeeze(0).permute(1, 2, 0).contiguous().numpy()
    hwc.astype("<f4").tofile(path)


def read_tfjs_weights(case_dir, model_json):
    """
    Reads a TensorFlow.js model.json (weightsManifest) and its binary shards.
    Returns {weight name: numpy float32 array of the declared shape}.
    Within each manifest group the weights lie back to back in the concatenation of the
    group's shard files, in the order the group lists them.
    """
    manifest_path = case_path(case_dir, model_json)
    with open(manifest_path, "r", encoding="utf-8") as f:
        model = json.load(f)
    groups = model.get("weightsManifest")
    if not isinstance(groups, list):
        raise CaseError("%s: no weightsManifest list" % model_json)
    # Shard paths are relative to model.json, which is itself inside the case directory.
    model_dir = os.path.dirname(model_json)
    weights = {}
    for group in groups:
        buffer = b"".join(read_bytes(case_dir, os.path.join(model_dir, p)) for p in group["paths"])
        offset = 0
        for spec in group["weights"]:
            name, shape, dtype = spec["name"], [int(d) for d in spec["shape"]], spec.get("dtype", "float32")
            if dtype != "float32" or "quantization" in spec:
                raise CaseError("%s: weight %s is %s%s; only plain float32 is supported" % (model_json, name, dtype, " (quantized)" if "quantization" in spec else ""))
            count = int(np.prod(shape)) if shape else 1
            end = offset + 4 * count
            if end > len(buffer):
                raise CaseError("%s: the shards end before weight %s (needs bytes %d..%d of %d)" % (model_json, name, offset, end, len(buffer)))
            weights[name] = np.frombuffer(buffer, dtype="<f4", count=count, offset=offset).astype(np.float32).reshape(shape)
            offset = end
        if offset != len(buffer):
            raise CaseError("%s: the shards hold %d bytes, the manifest declares %d" % (model_json, len(buffer), offset))
    return weights


def read_bytes(case_dir, relative):
    with open(case_path(case_dir, relative), "rb") as f:
        return f.read()


def find_weight(weights, name):
    """Exact name (block1_conv1/kernel), or a name ending in /block1_conv1/kernel (a model prefix)."""
    if name in weights:
        return weights[name]
    matches = [k for k in weights if k.endswith("/" + name)]
    if len(matches) == 1:
        return weights[matches[0]]
    raise CaseError("no weight named %s in the model (%s)" % (name, "ambiguous: " + ", ".join(matches) if matches else "not found"))


# ---------------------------------------------------------------------------------------------
# The model


class Vgg19:
    """VGG-19's convs (3x3, stride 1, padding 1) + ReLU with 2x2 stride-2 pooling between blocks,
    truncated after the deepest layer asked for. The weights are plain tensors (no gradients) on
    `device`: the image is the only thing optimised."""

    def __init__(self, weights, deepest, device="cpu"):
        self.layers = []  # (our name, kernel OIHW, bias, ends a block)
        in_channels = 3
        for index, (block, conv) in enumerate(VGG19_LAYERS[: deepest + 1]):
            name = keras_name(block, conv)
            kernel = find_weight(weights, name + "/kernel")
            bias = find_weight(weights, name + "/bias")
            if kernel.ndim != 4 or kernel.shape[0] != 3 or kernel.shape[1] != 3:
                raise CaseError("%s/kernel has shape %s, expected [3, 3, in, out]" % (name, list(kernel.shape)))
            if kernel.shape[2] != in_channels:
                raise CaseError("%s/kernel takes %d input channels, but the layer before gives %d" % (name, kernel.shape[2], in_channels))
            if bias.shape != (kernel.shape[3],):
                raise CaseError("%s/bias has shape %s, expected [%d]" % (name, list(bias.shape), kernel.shape[3]))
            in_channels = kernel.shape[3]
            # TensorFlow stores kernels HWIO (height, width, in, out); PyTorch wants OIHW.
            kernel_oihw = torch.from_numpy(np.ascontiguousarray(kernel.transpose(3, 2, 0, 1)))
            ends_block = conv == VGG19_BLOCK_SIZES[block - 1]
            self.layers.append((layer_name(block, conv), kernel_oihw.to(device), torch.from_numpy(bias.copy()).to(device), ends_block))
        self.widths = [k.shape[0] for _, k, _, _ in self.layers]

    def forward(self, x, wanted, pooling):
        """Post-ReLU activations {layer name: 1 x C x h x w} of the preprocessed input x."""
        out = {}
        last = len(self.layers) - 1
        for index, (name, kernel, bias, ends_block) in enumerate(self.layers):
            x = F.relu(F.conv2d(x, kernel, bias, stride=1, padding=1))
            if name in wanted:
                out[name] = x
            if ends_block and index < last:
                # 'valid' pooling: odd sizes round down (75 -> 37), as in Keras and our tfjs model.
                x = F.avg_pool2d(x, 2, 2) if pooling == "avg" else F.max_pool2d(x, 2, 2)
        return out


# ---------------------------------------------------------------------------------------------
# The course's costs


def preprocess(rgb, channel_order, mean):
    """RGB 0-255 (1 x 3 x H x W) -> the network's input: channel order of the weights, mean subtracted."""
    x = torch.flip(rgb, dims=[1]) if channel_order == "BGR" else rgb
    return x - mean


def content_cost(a_c, a_g):
    """J_content = sum((aC - aG)^2) / (4 nH nW nC)."""
    _, n_c, n_h, n_w = a_g.shape
    return torch.sum((a_c - a_g) ** 2) / (4 * n_h * n_w * n_c)


def gram_matrix(a):
    """G = A A^T with A the activations unrolled to (nC, nH*nW); unnormalised, as in the course."""
    _, n_c, n_h, n_w = a.shape
    unrolled = a.reshape(n_c, n_h * n_w)
    return unrolled @ unrolled.t()


def style_layer_cost(g_s, a_g):
    """J_style(layer) = sum((GS - GG)^2) / (4 nC^2 (nH nW)^2)."""
    _, n_c, n_h, n_w = a_g.shape
    g_g = gram_matrix(a_g)
    return torch.sum((g_s - g_g) ** 2) / (4 * n_c * n_c * (n_h * n_w) ** 2)


# ---------------------------------------------------------------------------------------------


def load_case(case_dir):
    with open(case_path(case_dir, "case.json"), "r", encoding="utf-8") as f:
        case = json.load(f)
    height, width = int(case["height"]), int(case["width"])
    if case.get("pooling", "avg") not in ("avg", "max"):
        raise CaseError("pooling must be avg or max, not %r" % case.get("pooling"))
    prep = case["preprocessing"]
    if prep["channelOrder"] not in ("RGB", "BGR") or len(prep["mean"]) != 3:
        raise CaseError("preprocessing needs channelOrder RGB or BGR and a mean of 3 numbers")
    for layer in [case["content"]["layer"]] + [s["layer"] for s in case["style"]]:
        if layer not in LAYER_NAMES:
            raise CaseError("unknown layer %r (conv1_1 .. conv5_4)" % layer)
    return case, height, width


def finite_or_none(value):
    """Strict JSON has no NaN or Infinity: a diverged loss is written as null."""
    return value if np.isfinite(value) else None


def emit(event):
    sys.stdout.write(json.dumps(event, allow_nan=False) + "\n")
    sys.stdout.flush()


def cuda_device():
    """The CUDA device, in true float32; CaseError with the reason when there is none."""
    if not torch.cuda.is_available():
        build = "built for CUDA %s, but no usable device" % torch.version.cuda if torch.version.cuda else "a CPU-only build"
        raise CaseError("--device cuda: torch.cuda.is_available() is False (torch %s, %s)" % (torch.__version__, build))
    # cuDNN convolutions default to TF32 on Ampere and newer (10-bit mantissa, about 1e-3 relative
    # per product); the reference must be float32 like the tfjs side, so the loss gate holds.
    torch.backends.cudnn.allow_tf32 = False
    torch.backends.cuda.matmul.allow_tf32 = False
    return torch.device("cuda")


def synchronize(device):
    """Waits for the device's queued work, so a time read after it covers that work."""
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def run(case_dir, threads=None, iterations=None, out=None, device="cpu"):
    if threads is not None:
        torch.set_num_threads(threads)
    torch.set_default_dtype(torch.float32)
    device = cuda_device() if device == "cuda" else torch.device("cpu")

    case, height, width = load_case(case_dir)
    content_layer = case["content"]["layer"]
    style_layers = [(s["layer"], float(s["weight"])) for s in case["style"]]
    alpha, beta = float(case["alpha"]), float(case["beta"])
    pooling = case.get("pooling", "avg")
    adam = case["adam"]
    steps = int(case["iterations"]) if iterations is None else iterations
    channel_order = case["preprocessing"]["channelOrder"]
    mean = torch.tensor([float(m) for m in case["preprocessing"]["mean"]], dtype=torch.float32).reshape(1, 3, 1, 1).to(device)

    wanted = {content_layer} | {name for name, _ in style_layers}
    deepest = max(LAYER_NAMES.index(name) for name in wanted)
    model = Vgg19(read_tfjs_weights(case_dir, case["weights"]), deepest, device)

    content = read_image(case_dir, "content.f32", height, width).to(device)
    style = read_image(case_dir, "style.f32", height, width).to(device)
    generated = read_image(case_dir, "init.f32", height, width).to(device).requires_grad_(True)

    # Targets: everything that does not depend on the generated image, computed once.
    with torch.no_grad():
        a_c = model.forward(preprocess(content, channel_order, mean), {content_layer}, pooling)[content_layer]
        style_acts = model.forward(preprocess(style, channel_order, mean), {name for name, _ in style_layers}, pooling)
        style_grams = {name: gram_matrix(a) for name, a in style_acts.items()}
        del style_acts

    # The variable is the generated image in RGB 0-255 space, unclipped (Adam is elementwise,
    # so this is the same as optimising the preprocessed image).
    optimizer = torch.optim.Adam([generated], lr=float(adam["lr"]), betas=(float(adam["beta1"]), float(adam["beta2"])), eps=float(adam["epsilon"]))

    def costs():
        acts = model.forward(preprocess(generated, channel_order, mean), wanted, pooling)
        j_content = content_cost(a_c, acts[content_layer])
        j_style = sum(weight * style_layer_cost(style_grams[name], acts[name]) for name, weight in style_layers)
        return alpha * j_content + beta * j_style, j_content, j_style

    synchronize(device)
    start = time.perf_counter()
    for i in range(1, steps + 1):
        optimizer.zero_grad(set_to_none=True)
        j, j_content, j_style = costs()
        j.backward()
        optimizer.step()
        synchronize(device)
        emit({
            "event": "iteration",
            "iteration": i,
            "loss": finite_or_none(j.item()),
            "content": finite_or_none(j_content.item()),
            "style": finite_or_none(float(j_style)),
            "seconds": time.perf_counter() - start,
        })
    done = {"event": "done", "seconds": time.perf_counter() - start, "torch": torch.__version__, "threads": torch.get_num_threads(), "device": "cpu"}
    if device.type == "cuda":
        done.update(device="cuda " + torch.cuda.get_device_name(device), cuda_peak_mib=torch.cuda.max_memory_allocated(device) / 2**20)
    emit(done)

    if out is not None:
        write_image(out, generated)


def main(argv=None):
    parser = argparse.ArgumentParser(description="Gatys style transfer in PyTorch on a stylegraph bench case directory.")
    parser.add_argument("case_dir", help="directory holding case.json, content.f32, style.f32, init.f32 and the weights")
    parser.add_argument("--threads", type=int, default=None, help="torch.set_num_threads (default: torch's own choice)")
    parser.add_argument("--iterations", type=int, default=None, help="override case.json's iterations")
    parser.add_argument("--device", choices=("cpu", "cuda"), default="cpu", help="where to run: cpu (default) or cuda (true float32: TF32 off)")
    parser.add_argument("--out", default=None, help="write the final image here (raw float32 H x W x 3, RGB 0-255, unclipped)")
    args = parser.parse_args(argv)
    try:
        run(args.case_dir, threads=args.threads, iterations=args.iterations, out=args.out, device=args.device)
    except (CaseError, KeyError, ValueError, OSError) as e:
        message = "missing field %s" % e if isinstance(e, KeyError) else str(e)
        sys.stderr.write("style_transfer.py: %s: %s\n" % (args.case_dir, message))
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
