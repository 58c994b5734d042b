"""The built-in activation functions: one :class:`~.catalogue_entry.Activation` per function,
named as PyTorch names it, with its formulas, parameters, notes and references (a data table;
the functions themselves are in :mod:`.functions`).  :data:`BUILTIN` is read-only; look a
function up with :func:`.catalogue.get`, which also searches the typed ones.
"""

from __future__ import annotations

from types import MappingProxyType
from typing import Mapping

from . import functions as F
from .catalogue_entry import Activation, Param

__all__ = ["BUILTIN"]


def _zero(**_: float) -> list[float]:
    return [0.0]


def _rrelu_rule(lower: float, upper: float) -> str | None:
    return None if lower <= upper else f"lower ({lower:g}) must not exceed upper ({upper:g})"


def _hardtanh_rule(min_val: float, max_val: float) -> str | None:
    return None if min_val < max_val else f"min_val ({min_val:g}) must be below max_val ({max_val:g})"


_ENTRIES: list[Activation] = [
    # -- saturating ---------------------------------------------------------------------
    Activation(
        "sigmoid", "Sigmoid", "saturating", F.sigmoid, F.d_sigmoid,
        r"\sigma(x) = \frac{1}{1 + e^{-x}}",
        r"\sigma'(x) = \sigma(x)\,\bigl(1 - \sigma(x)\bigr)",
        notes=(
            "Squashes any input into (0, 1), so it reads as a probability; that is why the "
            "output unit of a binary classifier is usually a sigmoid. Inside a deep network it "
            "is a poor choice: its slope is at most 1/4, so on the way back every layer "
            "multiplies the gradient by a slope of at most 0.25, and by the weights as well "
            "(the Depth tab computes the factor per layer, sigma_w times the RMS of the slope, "
            "with the weights in); it saturates softly on both sides; and its output is never "
            "negative, so for any one example the weight gradients of a unit all share one "
            "sign."
        ),
        references=(
            "Rumelhart, Hinton & Williams, Learning representations by back-propagating errors, 1986",
            "LeCun, Bottou, Orr & Mueller, Efficient BackProp, 1998",
        ),
        torch="torch.nn.Sigmoid",
        aliases=("logistic",),
    ),
    Activation(
        "tanh", "Tanh", "saturating", F.tanh, F.d_tanh,
        r"\tanh(x) = \frac{e^{x} - e^{-x}}{e^{x} + e^{-x}}",
        r"\tanh'(x) = 1 - \tanh^2(x)",
        notes=(
            "A rescaled sigmoid, tanh(x) = 2 sigma(2x) - 1, with outputs in (-1, 1) centred "
            "on zero and a peak slope of 1. Zero-centred outputs make optimisation better "
            "behaved than with sigmoid, but both tails still saturate, so deep tanh stacks "
            "need careful initialisation (Xavier) or they stop passing gradient."
        ),
        references=(
            "LeCun, Bottou, Orr & Mueller, Efficient BackProp, 1998",
            "Glorot & Bengio, Understanding the difficulty of training deep feedforward neural networks, 2010",
        ),
        torch="torch.nn.Tanh",
    ),
    Activation(
        "softsign", "Softsign", "saturating", F.softsign, F.d_softsign,
        r"\mathrm{softsign}(x) = \frac{x}{1 + |x|}",
        r"\mathrm{softsign}'(x) = \frac{1}{(1 + |x|)^2}",
        notes=(
            "Shaped like tanh but approaches its limits polynomially rather than "
            "exponentially, so it saturates more gently. It is cheap (no exponential) and "
            "was studied as a tanh replacement; it is rarely used today."
        ),
        references=(
            "Glorot & Bengio, Understanding the difficulty of training deep feedforward neural networks, 2010",
        ),
        torch="torch.nn.Softsign",
        kinks_impl=_zero,
        f_df_impl=F.softsign_f_df,
    ),
    # -- ReLU family -------------------------------------------------------------------
    Activation(
        "relu", "ReLU", "relu", F.relu, F.d_relu,
        r"\mathrm{ReLU}(x) = \max(0, x)",
        r"\mathrm{ReLU}'(x) = \begin{cases} 1 & x > 0 \\ 0 & x \le 0 \end{cases}",
        notes=(
            "The default hidden-layer activation, and a single comparison to compute. Where "
            "it is active its slope is exactly 1, so the slopes do not shrink the gradient; "
            "whether the gradient keeps its size through many layers depends on the weights: "
            "with He initialisation it does (chi = sigma_w^2 / 2 = 1 per layer), with Xavier "
            "its variance halves at every layer (see the Depth tab). For a given input about "
            "half of the units output exactly zero, which makes representations sparse. The "
            "price: it is hard-saturating on the left, so a unit whose input is negative for "
            "every training example gets no gradient. In the first hidden layer, whose inputs "
            "are the fixed data, such a unit stays dead; in a deeper layer it can come back "
            "when the layers below change its inputs. A large learning rate can silence much "
            "of a network this way. It also does not compress, so a badly scaled "
            "initialisation makes activations grow or shrink geometrically with depth (He "
            "initialisation fixes the scale)."
        ),
        references=(
            "Nair & Hinton, Rectified linear units improve restricted Boltzmann machines, 2010",
            "Glorot, Bordes & Bengio, Deep sparse rectifier neural networks, 2011",
            "Krizhevsky, Sutskever & Hinton, ImageNet classification with deep convolutional neural networks, 2012",
        ),
        torch="torch.nn.ReLU",
        kinks_impl=_zero,
    ),
    Activation(
        "leaky_relu", "Leaky ReLU", "relu", F.leaky_relu, F.d_leaky_relu,
        r"\mathrm{LeakyReLU}(x) = \begin{cases} x & x > 0 \\ a\,x & x \le 0 \end{cases}",
        r"\mathrm{LeakyReLU}'(x) = \begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases}",
        params=(Param("negative_slope", 0.01, 0.0, 1.0, step=0.001,
                      doc="slope a for negative inputs"),),
        notes=(
            "ReLU with a small slope a on the negative side, so a unit that is switched off "
            "still receives a little gradient and can recover: leaky units cannot die. The "
            "slope is a fixed hyper-parameter (PyTorch default 0.01)."
        ),
        references=(
            "Maas, Hannun & Ng, Rectifier nonlinearities improve neural network acoustic models, 2013",
        ),
        torch="torch.nn.LeakyReLU",
        kinks_impl=_zero,
    ),
    Activation(
        "prelu", "PReLU", "relu", F.prelu, F.d_prelu,
        r"\mathrm{PReLU}(x) = \begin{cases} x & x > 0 \\ a\,x & x \le 0 \end{cases}",
        r"\mathrm{PReLU}'(x) = \begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases}",
        params=(Param("init", 0.25, -1.0, 1.0, doc="initial value of the learned slope a"),),
        notes=(
            "Leaky ReLU whose negative slope a is learned with the weights (one per layer or "
            "per channel). The curve shows it at its initial value. Together with He "
            "initialisation it trained the first network reported to beat a human on ImageNet "
            "classification: 4.94% top-5 error against the 5.1% estimated for a single human "
            "annotator."
        ),
        references=(
            "He, Zhang, Ren & Sun, Delving deep into rectifiers, 2015",
        ),
        torch="torch.nn.PReLU",
        kinks_impl=_zero,
    ),
    Activation(
        "rrelu", "RReLU", "relu", F.rrelu, F.d_rrelu,
        r"\mathrm{RReLU}(x) = \begin{cases} x & x > 0 \\ a\,x & x \le 0 \end{cases},\ a \sim U(l, u)",
        r"\mathrm{RReLU}'(x) = \begin{cases} 1 & x > 0 \\ a & x \le 0 \end{cases}",
        params=(
            Param("lower", 1.0 / 8.0, 0.0, 1.0, step=0.005, doc="lower bound l of the random slope"),
            Param("upper", 1.0 / 3.0, 0.0, 1.0, step=0.005, doc="upper bound u of the random slope"),
        ),
        notes=(
            "Leaky ReLU with a random negative slope drawn from U(lower, upper) for every "
            "element during training, which acts as a regulariser; at evaluation the slope "
            "is fixed to the mean (lower + upper) / 2, which is the curve shown here."
        ),
        references=(
            "Xu, Wang, Chen & Li, Empirical evaluation of rectified activations in convolutional network, 2015",
        ),
        torch="torch.nn.RReLU",
        kinks_impl=_zero,
        constraint=_rrelu_rule,
    ),
    Activation(
        "elu", "ELU", "relu", F.elu, F.d_elu,
        r"\mathrm{ELU}(x) = \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases}",
        r"\mathrm{ELU}'(x) = \begin{cases} 1 & x > 0 \\ \mathrm{ELU}(x) + \alpha & x \le 0 \end{cases}",
        params=(Param("alpha", 1.0, 0.0, 10.0, doc="value the function approaches as x -> -inf is -alpha"),),
        notes=(
            "Identity for positive inputs and a smooth exponential approach to -alpha for "
            "negative ones. The negative outputs pull the mean activation towards zero, "
            "which speeds up learning, and the left side saturates softly, which makes the "
            "unit robust to noise; its gradient there never reaches exactly zero, so units "
            "do not die. Costs an exponential."
        ),
        references=(
            "Clevert, Unterthiner & Hochreiter, Fast and accurate deep network learning by exponential linear units (ELUs), 2016",
        ),
        torch="torch.nn.ELU",
        kinks_impl=_zero,
        f_df_impl=F.elu_f_df,
    ),
    Activation(
        "selu", "SELU", "relu", F.selu, F.d_selu,
        r"\mathrm{SELU}(x) = \lambda \begin{cases} x & x > 0 \\ \alpha\,(e^{x} - 1) & x \le 0 \end{cases}",
        r"\mathrm{SELU}'(x) = \lambda \begin{cases} 1 & x > 0 \\ \alpha\,e^{x} & x \le 0 \end{cases}",
        notes=(
            "A scaled ELU whose two constants (lambda = 1.0507, alpha = 1.6733) are chosen so "
            "that, with LeCun-normal weights, activations keep mean 0 and variance 1 from "
            "layer to layer: the network normalises itself without batch norm. The property "
            "holds for plain fully connected stacks; dropout and other layers break it "
            "(use alpha-dropout). It fixes the forward signal, not the gradient: the Depth tab "
            "shows the gradient's per-layer factor chi* slightly above 1 with LeCun init, so "
            "gradients still grow slowly towards the input."
        ),
        references=(
            "Klambauer, Unterthiner, Mayr & Hochreiter, Self-normalizing neural networks, 2017",
        ),
        torch="torch.nn.SELU",
        kinks_impl=_zero,
        f_df_impl=F.selu_f_df,
    ),
    Activation(
        "celu", "CELU", "relu", F.celu, F.d_celu,
        r"\mathrm{CELU}(x) = \max(0, x) + \min\bigl(0, \alpha\,(e^{x/\alpha} - 1)\bigr)",
        r"\mathrm{CELU}'(x) = \begin{cases} 1 & x > 0 \\ e^{x/\alpha} & x \le 0 \end{cases}",
        params=(Param("alpha", 1.0, 0.01, 10.0, doc="scale of the negative part (must be > 0)"),),
        notes=(
            "ELU reparametrised so that its derivative is continuous at 0 for every alpha "
            "(ELU's is only for alpha = 1). For alpha = 1 CELU and ELU coincide."
        ),
        references=(
            "Barron, Continuously differentiable exponential linear units, 2017",
        ),
        torch="torch.nn.CELU",
        kinks_impl=_zero,
        f_df_impl=F.celu_f_df,
    ),
    Activation(
        "relu6", "ReLU6", "relu", F.relu6, F.d_relu6,
        r"\mathrm{ReLU6}(x) = \min\bigl(\max(0, x), 6\bigr)",
        r"\mathrm{ReLU6}'(x) = \begin{cases} 1 & 0 < x < 6 \\ 0 & \text{otherwise} \end{cases}",
        notes=(
            "ReLU capped at 6. The bounded output suits low-precision (fixed-point) "
            "arithmetic on mobile hardware, as in MobileNet. It is hard-saturating on both "
            "sides, so units can die on the left and also stop learning when pushed above 6."
        ),
        references=(
            "Krizhevsky, Convolutional deep belief networks on CIFAR-10, 2010",
            "Sandler et al., MobileNetV2: Inverted residuals and linear bottlenecks, 2018",
        ),
        torch="torch.nn.ReLU6",
        kinks_impl=lambda: [0.0, 6.0],
    ),
    # -- smooth ReLU-like --------------------------------------------------------------
    Activation(
        "gelu", "GELU", "smooth", F.gelu, F.d_gelu,
        r"\mathrm{GELU}(x) = x\,\Phi(x) = \frac{x}{2}\left(1 + \mathrm{erf}\frac{x}{\sqrt{2}}\right)",
        r"\mathrm{GELU}'(x) = \Phi(x) + x\,\varphi(x)",
        notes=(
            "Weights the input by the probability that a standard normal variable is below "
            "it. A smooth, slightly non-monotonic ReLU (minimum -0.17 at x = -0.75); used in "
            "BERT and the GPT family (the original Transformer used ReLU, and PyTorch's "
            "TransformerEncoderLayer still defaults to it)."
        ),
        references=(
            "Hendrycks & Gimpel, Gaussian error linear units (GELUs), 2016",
        ),
        torch="torch.nn.GELU(approximate='none')",
    ),
    Activation(
        "gelu_tanh", "GELU (tanh)", "smooth", F.gelu_tanh, F.d_gelu_tanh,
        r"\mathrm{GELU}_{\tanh}(x) = \frac{x}{2}\left(1 + \tanh\left(\sqrt{2/\pi}\,(x + 0.044715\,x^{3})\right)\right)",
        r"\mathrm{GELU}_{\tanh}'(x) = \frac{1}{2}(1 + \tanh u) + \frac{x}{2}\,(1 - \tanh^2 u)\,\sqrt{2/\pi}\,(1 + 0.134145\,x^{2})",
        notes=(
            "The tanh approximation of GELU, used in OpenAI's GPT and GPT-2 code and in later "
            "versions of Google's BERT code (the first BERT release used the exact erf form); "
            "it differs from exact GELU by less than 5e-4 and avoids erf."
        ),
        references=(
            "Hendrycks & Gimpel, Gaussian error linear units (GELUs), 2016",
        ),
        torch="torch.nn.GELU(approximate='tanh')",
    ),
    Activation(
        "silu", "SiLU", "smooth", F.silu, F.d_silu,
        r"\mathrm{SiLU}(x) = x\,\sigma(x)",
        r"\mathrm{SiLU}'(x) = \sigma(x)\,\bigl(1 + x\,(1 - \sigma(x))\bigr)",
        notes=(
            "The input times its own sigmoid (Swish with beta = 1). Smooth, unbounded above, "
            "bounded below with a small negative dip (minimum -0.278 at x = -1.28), and "
            "non-monotonic. Hendrycks & Gimpel named it SiLU (2016) and Elfwing et al. used it "
            "in reinforcement learning (2017); Ramachandran et al. (2017) later found the same "
            "function, as Swish, by automated search, where it matched or beat ReLU in deep "
            "models."
        ),
        references=(
            "Hendrycks & Gimpel, Gaussian error linear units (GELUs), 2016",
            "Elfwing, Uchibe & Doya, Sigmoid-weighted linear units for neural network function approximation in reinforcement learning, 2017",
            "Ramachandran, Zoph & Le, Searching for activation functions, 2017",
        ),
        torch="torch.nn.SiLU",
    ),
    Activation(
        "swish", "Swish", "smooth", F.swish, F.d_swish,
        r"\mathrm{Swish}_{\beta}(x) = x\,\sigma(\beta x)",
        r"\mathrm{Swish}_{\beta}'(x) = \sigma(\beta x) + \beta x\,\sigma(\beta x)\,\bigl(1 - \sigma(\beta x)\bigr)",
        params=(Param("beta", 1.0, 0.0, 10.0, doc="sharpness; 0 gives x/2, large beta approaches ReLU"),),
        notes=(
            "SiLU with a sharpness beta (PyTorch has no separate Swish: beta = 1 is nn.SiLU). "
            "It interpolates between the linear function x/2 (beta = 0) and ReLU (beta -> inf)."
        ),
        references=(
            "Ramachandran, Zoph & Le, Searching for activation functions, 2017",
        ),
        torch="x * torch.sigmoid(beta * x)",
    ),
    Activation(
        "mish", "Mish", "smooth", F.mish, F.d_mish,
        r"\mathrm{Mish}(x) = x\,\tanh\bigl(\mathrm{softplus}(x)\bigr)",
        r"\mathrm{Mish}'(x) = \tanh(s) + x\,\sigma(x)\,(1 - \tanh^2 s),\ s = \mathrm{softplus}(x)",
        notes=(
            "A smooth, self-gated activation close to Swish, with a slightly deeper negative "
            "dip (minimum -0.309 at x = -1.19). Used in YOLOv4; costs more to compute than "
            "ReLU."
        ),
        references=(
            "Misra, Mish: A self regularized non-monotonic activation function, 2019",
        ),
        torch="torch.nn.Mish",
    ),
    Activation(
        "softplus", "Softplus", "smooth", F.softplus, F.d_softplus,
        r"\mathrm{softplus}(x) = \frac{1}{\beta}\log\bigl(1 + e^{\beta x}\bigr)",
        r"\mathrm{softplus}'(x) = \sigma(\beta x)",
        params=(
            Param("beta", 1.0, 0.0, 20.0, min_open=True, step=0.05, doc="sharpness (must be > 0)"),
            Param("threshold", 20.0, 0.0, 100.0, min_open=True, step=0.5,
                  doc="above beta*x > threshold the function returns x"),
        ),
        notes=(
            "A smooth ReLU whose derivative is the sigmoid. It never outputs exactly zero, so "
            "it gives up ReLU's sparsity, and in practice it has not beaten ReLU. Useful "
            "where a strictly positive output is needed (variances, rates)."
        ),
        references=(
            "Dugas et al., Incorporating second-order functional knowledge for better option pricing, 2001",
            "Glorot, Bordes & Bengio, Deep sparse rectifier neural networks, 2011",
        ),
        torch="torch.nn.Softplus",
    ),
    # -- hard approximations -----------------------------------------------------------
    Activation(
        "hardtanh", "Hardtanh", "hard", F.hardtanh, F.d_hardtanh,
        r"\mathrm{Hardtanh}(x) = \min\bigl(\max(x, a), b\bigr)",
        r"\mathrm{Hardtanh}'(x) = \begin{cases} 1 & a < x < b \\ 0 & \text{otherwise} \end{cases}",
        params=(
            Param("min_val", -1.0, -10.0, 10.0, step=0.05, doc="lower clip a"),
            Param("max_val", 1.0, -10.0, 10.0, step=0.05, doc="upper clip b"),
        ),
        notes=(
            "A piecewise-linear tanh: identity between the clips, flat outside. Cheap, but "
            "hard-saturating on both sides, so a unit pushed past a clip for every input stops "
            "learning."
        ),
        references=(
            "Collobert, Large scale machine learning, PhD thesis, 2004",
        ),
        torch="torch.nn.Hardtanh",
        kinks_impl=lambda min_val, max_val: [min_val, max_val],
        constraint=_hardtanh_rule,
    ),
    Activation(
        "hardsigmoid", "Hardsigmoid", "hard", F.hardsigmoid, F.d_hardsigmoid,
        r"\mathrm{Hardsigmoid}(x) = \min\bigl(\max(0, x/6 + 1/2), 1\bigr)",
        r"\mathrm{Hardsigmoid}'(x) = \begin{cases} 1/6 & -3 < x < 3 \\ 0 & \text{otherwise} \end{cases}",
        notes=(
            "A piecewise-linear stand-in for the sigmoid, cheap on mobile hardware "
            "(MobileNetV3). Flat beyond +-3."
        ),
        references=(
            "Howard et al., Searching for MobileNetV3, 2019",
        ),
        torch="torch.nn.Hardsigmoid",
        kinks_impl=lambda: [-3.0, 3.0],
    ),
    Activation(
        "hardswish", "Hardswish", "hard", F.hardswish, F.d_hardswish,
        r"\mathrm{Hardswish}(x) = x\,\frac{\mathrm{ReLU6}(x + 3)}{6}",
        r"\mathrm{Hardswish}'(x) = \begin{cases} 0 & x \le -3 \\ x/3 + 1/2 & -3 < x < 3 \\ 1 & x \ge 3 \end{cases}",
        notes=(
            "Swish with the sigmoid replaced by Hardsigmoid: nearly the same curve, no "
            "exponential. Used in MobileNetV3. Its minimum is -0.375 at x = -1.5; below -3 it "
            "is flat zero, so units can die."
        ),
        references=(
            "Howard et al., Searching for MobileNetV3, 2019",
        ),
        torch="torch.nn.Hardswish",
        kinks_impl=lambda: [-3.0, 3.0],
    ),
    # -- other -------------------------------------------------------------------------
    Activation(
        "linear", "Linear (identity)", "other", F.linear, F.d_linear,
        r"f(x) = x",
        r"f'(x) = 1",
        notes=(
            "No activation. A stack of linear layers is itself one linear map, however deep, "
            "which is why hidden layers need a non-linearity. It is the right output for "
            "regression."
        ),
        references=(),
        torch="torch.nn.Identity",
    ),
    Activation(
        "step", "Step (Heaviside)", "other", F.step, F.d_step,
        r"H(x) = \begin{cases} 1 & x \ge 0 \\ 0 & x < 0 \end{cases}",
        r"H'(x) = 0 \quad (x \ne 0)",
        notes=(
            "The threshold unit of the perceptron. Its derivative is zero everywhere it "
            "exists, so gradient descent gets no signal through it; this is why smooth "
            "sigmoids replaced it once networks were trained by back-propagation."
        ),
        references=(
            "McCulloch & Pitts, A logical calculus of the ideas immanent in nervous activity, 1943",
            "Rosenblatt, The perceptron, 1958",
        ),
        torch="torch.heaviside(x, torch.tensor(1.0))",
        kinks_impl=_zero,
    ),
]

BUILTIN: Mapping[str, Activation] = MappingProxyType({a.id: a for a in _ENTRIES})
