"""``act-explorer depth``: gradient and activation statistics through a deep random network.

Writes one CSV row per layer (layer 1 = first hidden layer) with the columns
``layer,grad_rms,act_rms,act_mean,frac_dead,frac_saturated``; ``grad_rms`` is relative to the
last layer (which is 1).  ``--mode theory`` writes the mean-field prediction instead: act_mean
is E[f], frac_saturated the probability of |f'| < 1 % of max |f'| under the layer's Gaussian,
and frac_dead is left empty (the theory has no batch).  Overflowing values are written as
``inf``, undefined ones (after an overflow, or no gradient at all) as empty fields.

Standard output gets the sentences the depth panel shows (the measurement, the mean-field factor
per layer chi* and its square root, the depth scale of the variance and of the RMS, the forward
fixed point and what the product of the largest slopes means), one per line; the CSV goes to
``-o`` only.

``--arch`` picks the network: plain (z_l = W_l f(z_{l-1}) + b_l), residual (z_l = z_{l-1} +
alpha (W_l f(z_{l-1}) + b_l)), residual-ln (the branch reads LayerNorm(z_{l-1})) or batchnorm
(f(BatchNorm(z_l)) with batch statistics); ``--branch-scale`` is alpha (a number in (0, 1] or
1/sqrtL) for the residual ones; ``--weights orthogonal`` draws sigma_w times an orthogonal
matrix instead of Gaussian weights.  The CSV columns are the same for every architecture.

``--sigma-w`` sets the weight scale directly: it implies ``--init custom`` and is an error
with another preset, so a preset always means what its name says.
"""

from __future__ import annotations

from ..model import depth as D
from ..model.depth_readout import readout_lines
from ..model.depth_state import DepthState
from ..model.fileio import atomic_write
from ._common import (
    CliError, add_output_option, add_param_option, checked_output, int_in, resolve_function,
)
from ._options import state_value

ORDER = 25

# The depth panel's defaults; sigma_w, sigma_b and the seed are checked by the same DepthState.
# Layers, width and batch go up to the model's limits, beyond the panel's sliders.
DEFAULTS = DepthState().values()


def _field(name: str):
    return state_value(DepthState, name, D.DepthError)


def register(sub) -> None:
    p = sub.add_parser(
        "depth", help="gradient and activation statistics through a deep random network, as CSV",
        description="Forward a random batch through L fully connected layers of width W "
        "(weights N(0, sigma_w^2/fan_in), biases N(0, sigma_b^2), inputs N(0, 1)), "
        "backpropagate a random gradient from the top and write per-layer statistics: "
        "layer,grad_rms,act_rms,act_mean,frac_dead,frac_saturated (grad_rms of the last "
        "layer = 1). --arch adds residual connections, LayerNorm or BatchNorm; --weights "
        "orthogonal draws orthogonal matrices. "
        "--mode theory writes the mean-field prediction instead (frac_dead empty; empty "
        "columns where there is no theory). "
        "The readout the depth panel shows is printed on standard output.",
    )
    p.add_argument("id", metavar="ID", help="catalogue id, e.g. relu (see 'act-explorer list')")
    add_param_option(p)
    p.add_argument("--layers", required=True, type=int_in(1, D.MAX_DEPTH, "--layers"), metavar="L",
                   help=f"number of layers, 1-{D.MAX_DEPTH}")
    d = DEFAULTS
    p.add_argument("--width", type=int_in(1, D.MAX_WIDTH, "--width"), default=d["width"], metavar="W",
                   help=f"units per layer, 1-{D.MAX_WIDTH} (default {d['width']}; sim only)")
    p.add_argument("--batch", type=int_in(1, D.MAX_BATCH, "--batch"), default=d["batch"], metavar="B",
                   help=f"inputs in the batch, 1-{D.MAX_BATCH} (default {d['batch']}; sim only)")
    p.add_argument("--init", choices=D.INITS, default=None,
                   help="weight initialisation: xavier (sigma_w^2 = 1), he (2, or 2/(1+a^2) for "
                   "leaky/parametric ReLU), lecun (1) or custom (needs --sigma-w); default "
                   "xavier, or custom when --sigma-w is given")
    p.add_argument("--sigma-w", type=_field("sigma_w"), default=None,
                   metavar="S", help=f"weight scale sigma_w in (0, {D.SIGMA_MAX:g}]; implies --init custom")
    p.add_argument("--sigma-b", type=_field("sigma_b"), default=d["sigma_b"], metavar="S",
                   help=f"bias standard deviation sigma_b in [0, {D.SIGMA_MAX:g}] (default {d['sigma_b']:g})")
    p.add_argument("--arch", choices=D.ARCHS, default=d["arch"],
                   help="network: plain (default), residual, residual-ln (LayerNorm before each "
                   "branch's function) or batchnorm (BatchNorm before every function)")
    p.add_argument("--branch-scale", type=_field("branch_scale"), default=None, metavar="A",
                   help="residual branch scale alpha in (0, 1] or 1/sqrtL (default 1; "
                   "residual architectures only)")
    p.add_argument("--weights", choices=D.WEIGHT_KINDS, default=d["weights"],
                   help="weight matrices: gaussian N(0, sigma_w^2/W) (default) or orthogonal "
                   "(sigma_w times a random orthogonal matrix)")
    p.add_argument("--mode", choices=("sim", "theory"), default="sim",
                   help="sim: Monte Carlo on one random network (default); theory: mean field")
    p.add_argument("--seed", type=_field("seed"), default=d["seed"], metavar="N",
                   help=f"random seed (default {d['seed']}; the same seed gives the same weights)")
    add_output_option(p, (".csv",))
    p.set_defaults(func=run)


def _init(args) -> str:
    if args.init is None:
        return "custom" if args.sigma_w is not None else DEFAULTS["init"]
    if args.init == "custom" and args.sigma_w is None:
        raise CliError("--init custom needs --sigma-w")
    if args.init != "custom" and args.sigma_w is not None:
        raise CliError(f"--sigma-w goes with --init custom, not with --init {args.init}")
    return args.init


def run(args) -> int:
    path, _ext = checked_output(args)
    act, params = resolve_function(args.id, args.param)
    try:
        v = DepthState(init=_init(args), sigma_w=args.sigma_w, sigma_b=args.sigma_b,
                       seed=args.seed).values()
        branch = 1.0 if args.branch_scale is None else args.branch_scale
        if args.branch_scale is not None and args.arch not in D.RESIDUAL_ARCHS:
            raise D.DepthError(f"--branch-scale only applies to --arch residual or residual-ln, "
                               f"not to {args.arch}")
        cfg = D.DepthConfig(act.id, params, depth=args.layers, width=args.width, batch=args.batch,
                            init=v["init"], sigma_w=v["sigma_w"], sigma_b=v["sigma_b"], seed=v["seed"],
                            arch=args.arch, branch_scale=branch, weights=args.weights)
        theory = D.theory(cfg)
        sim = D.simulate(cfg, max_df=theory.max_df).view(args.layers) if args.mode == "sim" else None
    except D.DepthError as exc:
        raise CliError(str(exc)) from None
    series = sim if sim is not None else theory.view(args.layers)
    atomic_write(path, series.to_csv())
    for line in readout_lines(theory, args.layers, sim):
        print(line.text)
    return 0
