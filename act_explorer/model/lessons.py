"""The Learn panel's lessons, in English and Simplified Chinese.

Each lesson explains one idea the app demonstrates and names a "show me" action: which tab
to open and what to set up there.  The text is light HTML (paragraphs, emphasis, lists, one
table) so the window can show it in a QTextBrowser; the actions are plain data the window
interprets, so this module stays free of Qt.

Figures the lessons quote are computed, not typed: a body holds ``{name}`` fields that
:meth:`Lesson.text` fills from :func:`lesson_figures` (the app's own depth theory, data sets,
functions and the tables quoted from papers, kept as data: :mod:`.lesson_figures`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .lesson_figures import GLOROT_2011, fill, figure, lesson_figures  # noqa: F401  (exported as before)

__all__ = ["Lesson", "LESSONS", "LANGUAGES", "GLOROT_2011", "get", "lesson_figures"]

LANGUAGES = ("en", "zh_CN")


@dataclass(frozen=True)
class Lesson:
    key: str
    title: dict[str, str]
    body: dict[str, str]
    show_me: dict[str, object]          # {"tab": ..., plus what to set up}
    show_me_label: dict[str, str]
    references: tuple[str, ...] = field(default_factory=tuple)

    def text(self, lang: str) -> tuple[str, str]:
        """Title and body in ``lang`` (English if missing), with the computed figures in."""
        lang = lang if lang in self.title else "en"
        return self.title[lang], fill(self.body[lang], lang)


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        key="nonlinearity",
        title={"en": "Why a network needs a non-linearity",
               "zh_CN": "为什么网络需要非线性激活"},
        body={
            "en": (
                "<p>A layer computes an affine map <i>Wx + b</i>. Stack two of them and you get "
                "<i>W₂(W₁x + b₁) + b₂</i>, which is again a single affine map. However many layers "
                "you add, a network without activations can only draw straight decision "
                "boundaries.</p>"
                "<p>An activation function bends the signal between layers. With it, a network with "
                "one hidden layer can already approximate any continuous function on a compact set "
                "(a closed, bounded region) as closely as wanted — the universal approximation "
                "theorem — and deeper networks often do so with far fewer units.</p>"
                "<p><b>ReLU is piecewise linear, yet not linear.</b> Each side of the kink is a "
                "straight line, but the whole is not: ReLU(−1) + ReLU(1) = 1 while ReLU(−1 + 1) = 0. "
                "Units with different weights and biases put their kinks in different places, so a "
                "ReLU network computes a function made of many linear pieces, which can follow a "
                "curved boundary as closely as needed.</p>"
                "<p><b>Show me</b> trains the same network on the two-moons data twice: once with the "
                "identity (its boundary is a straight line; on these training points the best "
                "straight line is right for {line_acc} of them) and once with ReLU.</p>"
            ),
            "zh_CN": (
                "<p>每一层计算的是仿射变换 <i>Wx + b</i>。两层叠在一起得到 "
                "<i>W₂(W₁x + b₁) + b₂</i>，它仍然只是一个仿射变换。没有激活函数，层数再多，网络也只能画出直线形状的"
                "决策边界。</p>"
                "<p>激活函数在层与层之间使信号弯折。有了它，只含一个隐藏层的网络就能在紧集（有界闭区域）上以任意精度"
                "逼近任意连续函数（万能逼近定理），而更深的网络往往只需少得多的神经元就能做到。</p>"
                "<p><b>ReLU 是分段线性的，但不是线性的。</b>折点两侧各是一条直线，整体却不是：ReLU(−1) + ReLU(1) = 1，"
                "而 ReLU(−1 + 1) = 0。权重和偏置不同的神经元把折点放在不同位置，所以 ReLU 网络计算的是由许多线性片段"
                "拼成的函数，可以按需要贴近一条弯曲的边界。</p>"
                "<p><b>演示</b>会在“双月”数据上把同一个网络训练两次：一次用恒等函数（边界是直线；在这些训练点上，"
                "最好的直线也只能分对 {line_acc}），一次用 ReLU。</p>"
            ),
        },
        show_me={"tab": "training", "preset": "linear_vs_relu"},
        show_me_label={"en": "Show me: identity vs ReLU on two moons",
                       "zh_CN": "演示：双月数据上的恒等函数与 ReLU"},
        references=(
            "Cybenko, Approximation by superpositions of a sigmoidal function, 1989",
            "Hornik, Approximation capabilities of multilayer feedforward networks, 1991",
            "Leshno, Lin, Pinkus & Schocken, Multilayer feedforward networks with a nonpolynomial activation function can approximate any function, 1993",
        ),
    ),
    Lesson(
        key="saturation",
        title={"en": "Saturation and vanishing gradients",
               "zh_CN": "饱和与梯度消失"},
        body={
            "en": (
                "<p>A function <i>saturates on the right</i> when its slope tends to zero as "
                "x → +∞, and <i>on the left</i> when it does so as x → −∞. Saturation is "
                "<i>soft</i> when the slope only approaches zero (sigmoid, tanh) and <i>hard</i> when "
                "it is exactly zero beyond some point (ReLU for x &lt; 0).</p>"
                "<p>Back-propagation multiplies the gradient, at every layer it crosses, by the "
                "slopes f′(z) and by the transposed weights. The sigmoid's slope is at most "
                "{sig_max}, and from the last of ten layers back to the first the gradient crosses "
                "nine of them, so the slopes alone contribute at most {sig_max}⁹ ≈ {sig_pow9}. "
                "The weights multiply each step as well, so this is not a limit on the gradient: "
                "in the mean-field theory the gradient RMS reaching layer 1 of 10 is {sig_xavier10} "
                "of the last layer's with Xavier init, and {sig_he10} with He init — more than "
                "the slopes' product. Either way the first layers barely learn: this is the "
                "<i>vanishing gradient</i>. Units pushed far into a flat region make it worse.</p>"
                "<p>ReLU's slope is exactly 1 wherever it is active, so the slopes do not shrink "
                "the gradient; with the right initialisation (He) it neither vanishes nor "
                "explodes, while with Xavier init its variance halves at every layer.</p>"
                "<p>The opposite, an <i>exploding gradient</i>, comes when slopes times weights "
                "exceed 1 per layer, as often in recurrent networks. The usual remedy is "
                "<i>gradient clipping</i>: when the gradient's norm exceeds a threshold, rescale it "
                "down to that threshold before the update (PyTorch: "
                "torch.nn.utils.clip_grad_norm_).</p>"
                "<p><b>Show me</b> opens the depth panel with sigmoid and Xavier initialisation over "
                "10 layers, next to ReLU with He initialisation.</p>"
            ),
            "zh_CN": (
                "<p>当 x → +∞ 时导数趋于 0，称函数<i>右饱和</i>；当 x → −∞ 时导数趋于 0，称<i>左饱和</i>。"
                "导数只是逐渐逼近 0 的叫<i>软饱和</i>（sigmoid、tanh）；超过某个点后导数恰好等于 0 的叫"
                "<i>硬饱和</i>（ReLU 在 x &lt; 0 时）。</p>"
                "<p>反向传播每经过一层，都要把梯度乘以该层的导数 f′(z)，再乘以转置的权重。sigmoid 的导数最大只有 "
                "{sig_max}；从十层网络的最后一层传回第一层要经过九个这样的因子，所以仅导数一项至多贡献 "
                "{sig_max}⁹ ≈ {sig_pow9}。权重也会在每一步相乘，所以这并不是梯度的上限：按平均场理论，"
                "Xavier 初始化时到达第 1 层（共 10 层）的梯度 RMS 是最后一层的 {sig_xavier10}，He 初始化时是 "
                "{sig_he10}——比导数的乘积还大。无论哪种，前面几层都几乎学不动，这就是<i>梯度消失</i>。"
                "如果神经元落在平坦区域深处，情况更糟。</p>"
                "<p>ReLU 在激活区域的导数恰好为 1，所以导数本身不会使梯度缩小；配合合适的初始化（He），梯度既不消失"
                "也不爆炸，而用 Xavier 初始化时梯度的方差每层减半。</p>"
                "<p>相反的情况是<i>梯度爆炸</i>：每层的导数乘权重大于 1 时就会出现，循环网络中尤其常见。常用的对策是"
                "<i>梯度裁剪</i>：当梯度的范数超过某个阈值时，先把它按比例缩小到该阈值再更新参数（PyTorch 中为 "
                "torch.nn.utils.clip_grad_norm_）。</p>"
                "<p><b>演示</b>打开深度面板：10 层 sigmoid + Xavier 初始化，与 ReLU + He 初始化对比。</p>"
            ),
        },
        show_me={"tab": "depth", "function": "sigmoid", "compare": ["relu"], "init": "xavier",
                 "inits": {"relu": "he"}, "depth": 10},
        show_me_label={"en": "Show me: sigmoid vs ReLU through 10 layers",
                       "zh_CN": "演示：10 层 sigmoid 与 ReLU 的梯度"},
        references=(
            "Hochreiter, Untersuchungen zu dynamischen neuronalen Netzen, 1991",
            "Glorot & Bengio, Understanding the difficulty of training deep feedforward neural networks, 2010",
            "Gulcehre et al., Noisy activation functions, 2016 (the soft/hard saturation vocabulary)",
            "Pascanu, Mikolov & Bengio, On the difficulty of training recurrent neural networks, 2013 (gradient clipping)",
        ),
    ),
    Lesson(
        key="zero_centred",
        title={"en": "Zero-centred outputs", "zh_CN": "输出的零均值（零中心化）"},
        body={
            "en": (
                "<p>The gradient of a unit's weights is its error signal times its inputs. If every "
                "input is positive — as it is when the layer before uses sigmoid or ReLU — then, "
                "for any one example, all the weight gradients of the unit share one sign, the sign "
                "of its error signal. The weights can only all grow or all shrink together on that "
                "example, so reaching a target that needs some up and some down takes a zig-zag "
                "path. Summed over a minibatch, examples with error signals of both signs can mix "
                "the signs, which softens the effect but does not remove the bias.</p>"
                "<p>tanh produces outputs that average to zero (E[tanh(z)] = 0 for z ~ N(0, 1)), "
                "which avoids this and is one reason tanh trains faster than sigmoid in hidden "
                "layers. ELU's negative outputs only pull the mean closer to zero: E[ELU(z)] = "
                "{elu_mean}, against {relu_mean} for ReLU, so ELU is not zero-centred. SELU's "
                "constants bring the mean to 0 at its fixed point (with LeCun init). The "
                "properties card shows E[f(z)] for every function.</p>"
                "<p><b>Show me</b> overlays sigmoid and tanh in the curves tab.</p>"
            ),
            "zh_CN": (
                "<p>一个神经元权重的梯度等于它的误差信号乘以它的输入。如果所有输入都是正的（前一层用 sigmoid 或 "
                "ReLU 时正是如此），那么对任一个样本，这个神经元所有权重的梯度符号都相同，都等于误差信号的符号："
                "在这个样本上权重只能一起变大或一起变小，要到达“有的增、有的减”的目标只能走“之”字形路线。"
                "在一个小批量上求和时，误差信号正负不同的样本会使符号混合，这会减弱这种效应，但不会消除这种偏向。</p>"
                "<p>tanh 的输出均值为 0（z ~ N(0, 1) 时 E[tanh(z)] = 0），避免了这个问题，这也是隐藏层里 tanh "
                "通常比 sigmoid 训练得快的原因之一。ELU 的负输出只是把均值拉得更接近 0：E[ELU(z)] = {elu_mean}，"
                "ReLU 则为 {relu_mean}，所以 ELU 并不以零为中心。SELU 的常数使它在不动点处（配合 LeCun 初始化）"
                "均值为 0。属性卡片为每个函数给出 E[f(z)]。</p>"
                "<p><b>演示</b>在曲线页叠加显示 sigmoid 和 tanh。</p>"
            ),
        },
        show_me={"tab": "curves", "function": "tanh", "overlays": ["sigmoid"]},
        show_me_label={"en": "Show me: sigmoid and tanh", "zh_CN": "演示：sigmoid 与 tanh"},
        references=(
            "LeCun, Bottou, Orr & Mueller, Efficient BackProp, 1998",
            "Clevert, Unterthiner & Hochreiter, Fast and accurate deep network learning by exponential linear units (ELUs), 2016",
        ),
    ),
    Lesson(
        key="dead_relu",
        title={"en": "Sparsity and dead ReLUs", "zh_CN": "稀疏激活与死亡神经元"},
        body={
            "en": (
                "<p>ReLU outputs exactly zero for negative inputs, so for any one example about "
                "half of the units are silent at initialisation. This <i>sparse activation</i> is "
                "cheap and often helps.</p>"
                "<p>The flip side: a unit whose pre-activation is negative for <i>every</i> "
                "training example has f′ = 0 on all of them and receives no gradient — it is "
                "<i>dead</i>. A large learning rate is the usual cause: one big step pushes the "
                "bias far negative. In the first hidden layer the unit's inputs are the data, "
                "which do not change, so it stays dead. In a deeper layer its inputs are the "
                "outputs of the layers below, which keep learning, so a dead unit there can come "
                "back to life; the network view marks such units.</p>"
                "<p>Only functions with a flat zero-gradient region (ReLU, ReLU6, the hard "
                "functions) can die. Leaky ReLU and PReLU keep a fixed slope on the left; ELU, "
                "SELU, GELU and SiLU have a slope that is never exactly zero, but it becomes tiny "
                "far to the left (GELU′(−6) ≈ {gelu_d6}), so a unit pushed that far barely "
                "learns.</p>"
                "<p><b>Show me</b> trains a ReLU network on two moons with a learning rate that is "
                "too high and counts the dead units per layer; try the leaky ReLU preset next.</p>"
            ),
            "zh_CN": (
                "<p>ReLU 对负输入输出恰好为 0，所以初始化时对任一样本大约一半的神经元处于静默状态。这种<i>稀疏激活</i>"
                "计算便宜，而且往往有益。</p>"
                "<p>代价是：如果某个神经元对<i>所有</i>训练样本的预激活都是负的，它在这些样本上的导数都为 0，得不到任何"
                "梯度——它“死”了（<i>死亡神经元</i>）。最常见的原因是学习率过大：一步迈得太大，把偏置推到很负的位置。"
                "第一个隐藏层的输入就是数据，数据不会变，所以这样的神经元会一直死下去；更深的层的输入是前面各层的输出，"
                "而前面各层还在学习，所以那里的死亡神经元可能复活。网络视图会标出这样的神经元。</p>"
                "<p>只有存在“导数恒为 0 的平坦区域”的函数（ReLU、ReLU6、各种 hard 函数）才可能死亡。Leaky ReLU 和 "
                "PReLU 在左侧保留一个固定斜率；ELU、SELU、GELU、SiLU 的导数从不恰好为 0，但在左侧很远处会变得极小"
                "（GELU′(−6) ≈ {gelu_d6}），被推到那里的神经元几乎学不动。</p>"
                "<p><b>演示</b>用过大的学习率在双月数据上训练 ReLU 网络，并按层统计死亡神经元；接着试试 Leaky ReLU 预设。</p>"
            ),
        },
        show_me={"tab": "training", "preset": "dying_relu"},
        show_me_label={"en": "Show me: dying ReLU (learning rate too high)",
                       "zh_CN": "演示：学习率过大导致 ReLU 死亡"},
        references=(
            "Glorot, Bordes & Bengio, Deep sparse rectifier neural networks, 2011",
            "Maas, Hannun & Ng, Rectifier nonlinearities improve neural network acoustic models, 2013",
            "Lu, Shin, Su & Karniadakis, Dying ReLU and initialization: theory and numerical examples, 2019",
        ),
    ),
    Lesson(
        key="relu_story",
        title={"en": "Why ReLU took over, and where it comes from",
               "zh_CN": "ReLU 为何胜出，又从何而来"},
        body={
            "en": (
                "<p><b>Biology.</b> In rate models of neurons (Dayan &amp; Abbott 2001) a neuron's "
                "firing rate is zero below a threshold and grows above it: one-sided, like ReLU, "
                "where sigmoid and tanh are not. Cortical firing is also sparse: energy estimates "
                "put the share of neurons active at the same time at about 1–4% (Lennie 2003, "
                "quoted by Glorot et al.). The analogy has limits: real firing rates level off at "
                "a maximum, neurons send spikes rather than numbers, and a ReLU layer at "
                "initialisation silences about half of its units, not 96–99%. The case for ReLU "
                "rests on how networks train with it.</p>"
                "<p><b>Training without pre-training.</b> Glorot, Bordes &amp; Bengio (2011) trained "
                "deep rectifier networks purely supervised, without the unsupervised layer-wise "
                "pre-training deep networks needed at the time. Test error (%), no pre-training; "
                "the rectifier is lowest on {glorot_best} of {glorot_cols} data sets:</p>"
                "{glorot_table}"
                "<p><b>Speed.</b> Krizhevsky, Sutskever &amp; Hinton (2012) report that a four-layer "
                "convolutional network with ReLU reached 25% training error on CIFAR-10 six times "
                "faster than the same network with tanh.</p>"
                "<p><b>The kink at 0.</b> ReLU has no derivative at x = 0 (the slope is 0 on the "
                "left, 1 on the right). Gradient descent needs a value there; any number in [0, 1] "
                "is a valid <i>subgradient</i>. PyTorch uses 0 for ReLU (and ReLU6 uses 0 at 0 and "
                "at 6; leaky ReLU the negative slope), which the curves tab shows. An input of "
                "exactly 0 is rare in floating point, so the choice seldom matters.</p>"
                "<p><b>Show me</b> overlays ReLU and its smooth cousin softplus, the third row of the "
                "table.</p>"
            ),
            "zh_CN": (
                "<p><b>生物学。</b>在神经元的发放率模型中（Dayan &amp; Abbott 2001），输入低于阈值时发放率为 0，"
                "高于阈值后随输入增大：单侧抑制，和 ReLU 一样，而 sigmoid、tanh 都不是这样。大脑皮层的发放也是稀疏的："
                "按能量消耗估计，同时处于激活状态的神经元约占 1–4%（Lennie 2003，Glorot 等人引用）。这个类比有局限："
                "真实的发放率会在某个最大值处饱和，神经元发出的是脉冲而不是数值，而初始化时一层 ReLU 大约让一半"
                "神经元静默，而不是 96–99%。支持 ReLU 的理由在于用它训练网络的效果。</p>"
                "<p><b>无需预训练。</b>Glorot、Bordes 和 Bengio（2011）以纯监督方式训练深层整流网络，不用当时深层网络"
                "所需的逐层无监督预训练。下表为不做预训练时的测试错误率（%），整流网络在 {glorot_cols} 个数据集中的 "
                "{glorot_best} 个上最低：</p>"
                "{glorot_table}"
                "<p><b>速度。</b>Krizhevsky、Sutskever 和 Hinton（2012）报告：一个四层卷积网络用 ReLU 在 CIFAR-10 "
                "上达到 25% 训练错误率的速度，是同一网络用 tanh 时的六倍。</p>"
                "<p><b>0 处的折点。</b>ReLU 在 x = 0 处不可导（左侧斜率为 0，右侧为 1）。梯度下降在那里需要一个值；"
                "[0, 1] 中的任何数都是合法的<i>次梯度</i>。PyTorch 对 ReLU 取 0（ReLU6 在 0 和 6 处都取 0，Leaky ReLU "
                "取负半轴斜率），曲线页显示的正是这些值。浮点运算中输入恰好为 0 的情况很少见，所以这个选择很少有影响。</p>"
                "<p><b>演示</b>叠加显示 ReLU 和它的平滑版本 softplus，也就是表中的第三行。</p>"
            ),
        },
        show_me={"tab": "curves", "function": "relu", "overlays": ["softplus"]},
        show_me_label={"en": "Show me: ReLU and softplus", "zh_CN": "演示：ReLU 与 softplus"},
        references=(
            "Dayan & Abbott, Theoretical Neuroscience: Computational and Mathematical Modeling of Neural Systems, 2001",
            "Lennie, The cost of cortical computation, 2003",
            "Glorot, Bordes & Bengio, Deep sparse rectifier neural networks, AISTATS 2011",
            "Krizhevsky, Sutskever & Hinton, ImageNet classification with deep convolutional neural networks, 2012",
        ),
    ),
    Lesson(
        key="relu_growth",
        title={"en": "ReLU does not compress: activations grow or shrink with depth",
               "zh_CN": "ReLU 不压缩幅度：激活值随深度增长或衰减"},
        body={
            "en": (
                "<p>sigmoid and tanh squash every input into a bounded interval, so however deep "
                "the network, activations stay bounded. ReLU passes positive values through "
                "unchanged. Each layer therefore multiplies the typical size of the activations by "
                "a factor set by the weight scale: σ_w²/2 in variance.</p>"
                "<p>With σ_w² = 2 (He initialisation) the factor is exactly 1 and the signal keeps "
                "its size through hundreds of layers. With Xavier's σ_w² = 1 the variance halves at "
                "every layer (the RMS is multiplied by √½ ≈ 0.71); with a larger scale it explodes. "
                "The mean-field theory in the depth panel predicts the same factor, χ = σ_w²/2, "
                "for the gradient's variance: with Xavier init the gradient RMS reaching layer 1 of "
                "30 is {relu_xavier30} of the last layer's.</p>"
                "<p><b>Show me</b> opens the depth panel with ReLU and Xavier initialisation over 30 "
                "layers.</p>"
            ),
            "zh_CN": (
                "<p>sigmoid 和 tanh 会把输入压缩到有界区间里，所以不论网络多深，激活值都不会失控。ReLU 则让正值原样"
                "通过，因此每一层都会把激活值的典型大小乘上一个由权重尺度决定的系数：方差乘以 σ_w²/2。</p>"
                "<p>当 σ_w² = 2（He 初始化）时系数恰好为 1，信号可以穿过几百层而保持大小；用 Xavier 的 σ_w² = 1 时"
                "方差每层减半（RMS 乘以 √½ ≈ 0.71）；尺度再大就会爆炸。深度面板中的平均场理论对梯度的方差给出同样的"
                "系数 χ = σ_w²/2：Xavier 初始化时，到达第 1 层（共 30 层）的梯度 RMS 是最后一层的 {relu_xavier30}。</p>"
                "<p><b>演示</b>打开深度面板：30 层 ReLU + Xavier 初始化。</p>"
            ),
        },
        show_me={"tab": "depth", "function": "relu", "init": "xavier", "depth": 30},
        show_me_label={"en": "Show me: ReLU with Xavier init, 30 layers",
                       "zh_CN": "演示：30 层 ReLU + Xavier 初始化"},
        references=(
            "He, Zhang, Ren & Sun, Delving deep into rectifiers, 2015",
            "Poole et al., Exponential expressivity in deep neural networks through transient chaos, 2016",
            "Schoenholz et al., Deep information propagation, 2017",
        ),
    ),
    Lesson(
        key="order_chaos",
        title={"en": "Order, chaos and the edge between",
               "zh_CN": "有序、混沌与两者之间的边界"},
        body={
            "en": (
                "<p>Mean-field theory follows a wide random network at initialisation, with weights "
                "W ~ N(0, σ_w²/fan_in) and biases b ~ N(0, σ_b²). The variance of the "
                "pre-activations settles, layer after layer, to a fixed point q*, and "
                "χ = σ_w² E[φ′(√q* z)²] is the factor by which the gradient's <i>variance</i> "
                "changes per layer. With χ &lt; 1 the network is in the <b>ordered phase</b>: "
                "the gradient vanishes with depth and any two inputs end up looking alike (their "
                "correlation goes to 1). With χ &gt; 1 it is in the <b>chaotic phase</b>: the "
                "gradient explodes and nearby inputs are torn apart. The <b>critical line</b> "
                "χ = 1 separates the two.</p>"
                "<p>For tanh with σ_b² = 0.05 the critical line lies at σ_w² = {tanh_crit05} "
                "(the app finds it by root finding). How far information about the inputs reaches "
                "is the correlation depth scale ξ_c: {tanh_xic_1} layers at σ_w² = 1 (ordered), "
                "{tanh_xic_4} at σ_w² = 4 (chaotic), and it diverges at the line. Schoenholz et al. "
                "found that such networks train only up to about 6ξ_c layers: at σ_w² = 1 that "
                "is {tanh_six_xic_1} layers. These are predictions for infinitely wide networks at "
                "initialisation; the Trainability view trains small ones to check the picture.</p>"
                "<p>Being critical fixes the <i>mean</i> squared singular value of the "
                "input–output Jacobian (χ<sup>L</sup> = 1), not their spread. Free probability "
                "(Pennington, Schoenholz &amp; Ganguli 2017) predicts the variance of the squared "
                "singular values of wide networks: L(μ₂/μ₁² − 1 − s₁) at criticality, with "
                "μ_k = E[φ′(√q* z)<sup>2k</sup>] and s₁ = −1 for Gaussian, 0 for orthogonal "
                "weights. ReLU's slope is 0 or 1, so μ₂/μ₁² = 2 whatever q*: at its only critical "
                "point (σ_w², σ_b²) = (2, 0), with 16 layers, the variance is {relu_jac_gauss16} "
                "with Gaussian and {relu_jac_orth16} with orthogonal weights. Orthogonal weights "
                "halve it, but it still grows in proportion to depth: <b>neither Gaussian nor "
                "orthogonal weights make a deep ReLU network isometric</b>. tanh's slope is close to 1 near 0, so on the "
                "critical line with a small σ_b² (small q*) μ₂/μ₁² is close to 1: at "
                "σ_b² = 0.001 and 16 layers the variance is {tanh_jac_orth16} with orthogonal "
                "weights against {tanh_jac_gauss16} with Gaussian ones (at σ_b² = 0.05: "
                "{tanh_jac_orth16_05}). <b>Orthogonal weights at criticality bring tanh close to "
                "dynamical isometry</b>: the spread goes to 0 as σ_b², and with it q*, goes to 0. "
                "With Gaussian weights s₁ = −1 alone adds L to it.</p>"
                "<p><b>Show me</b> opens the Phase tab with tanh and the marker on the critical "
                "line at σ_b² = 0.05; drag it and watch the Depth tab follow. The Jacobian "
                "spectrum view compares Gaussian and orthogonal weights at that point.</p>"
            ),
            "zh_CN": (
                "<p>平均场理论研究初始化时的宽随机网络：权重 W ~ N(0, σ_w²/fan_in)，偏置 b ~ N(0, σ_b²)。"
                "预激活的方差逐层收敛到一个不动点 q*，而 χ = σ_w² E[φ′(√q* z)²] 是梯度的<i>方差</i>每经过一层"
                "所乘的系数。χ &lt; 1 时网络处于<b>有序相</b>：随着深度增加出现梯度消失，任意两个输入最终看起来一样"
                "（它们的相关系数趋于 1）。χ &gt; 1 时网络处于<b>混沌相</b>：出现梯度爆炸，相近的输入被迅速拉开。"
                "两者之间以<b>临界线</b> χ = 1 为界。</p>"
                "<p>对 tanh，σ_b² = 0.05 时临界线位于 σ_w² = {tanh_crit05}（由本程序用求根算法求得）。"
                "输入信息能传多深由相关深度尺度 ξ_c 描述：σ_w² = 1（有序）时为 {tanh_xic_1} 层，"
                "σ_w² = 4（混沌）时为 {tanh_xic_4} 层，在临界线上发散。Schoenholz 等人发现这类网络只能训练到约 "
                "6ξ_c 层：σ_w² = 1 时即 {tanh_six_xic_1} 层。这些都是对无限宽网络在初始化时的预测；"
                "“可训练性”视图会实际训练一些小网络来检验。</p>"
                "<p>处于临界只固定了输入–输出雅可比矩阵奇异值平方的<i>均值</i>（χ<sup>L</sup> = 1），"
                "并不限制它们的离散程度。自由概率论（Pennington、Schoenholz 与 Ganguli 2017）给出宽网络奇异值平方的"
                "方差：在临界处为 L(μ₂/μ₁² − 1 − s₁)，其中 μ_k = E[φ′(√q* z)<sup>2k</sup>]，高斯权重 s₁ = −1，"
                "正交权重 s₁ = 0。ReLU 的斜率只取 0 或 1，因此无论 q* 如何都有 μ₂/μ₁² = 2：在它唯一的临界点 "
                "(σ_w², σ_b²) = (2, 0)、16 层时，方差用高斯权重为 {relu_jac_gauss16}，用正交权重为 "
                "{relu_jac_orth16}。正交权重使它减半，但它仍与深度成正比增长：<b>高斯权重和正交权重都不能让深层 "
                "ReLU 网络达到等距</b>。tanh 在 0 附近的斜率接近 1，所以在临界线上取较小的 σ_b²（q* 较小）时 μ₂/μ₁² "
                "接近 1：σ_b² = 0.001、16 层时，正交权重的方差为 {tanh_jac_orth16}，高斯权重为 "
                "{tanh_jac_gauss16}（σ_b² = 0.05 时正交权重为 {tanh_jac_orth16_05}）。<b>临界处的正交初始化"
                "让 tanh 接近动力等距</b>：随着 σ_b²（以及 q*）趋于 0，这一方差趋于 0。而用高斯权重时，仅 s₁ = −1 "
                "一项就给方差加上 L。</p>"
                "<p><b>演示</b>打开“相图”页：tanh，标记位于 σ_b² = 0.05 处的临界线上；拖动标记，深度页的设置会"
                "随之改变。“雅可比谱”视图可在该点比较高斯权重与正交权重。</p>"
            ),
        },
        show_me={"tab": "phase", "function": "tanh", "view": "diagram", "sigma_b2": 0.05,
                 "preset": "critical"},
        show_me_label={"en": "Show me: tanh on the critical line",
                       "zh_CN": "演示：临界线上的 tanh"},
        references=(
            "Poole, Lahiri, Raghu, Sohl-Dickstein & Ganguli, Exponential expressivity in deep "
            "neural networks through transient chaos, NeurIPS 2016",
            "Schoenholz, Gilmer, Ganguli & Sohl-Dickstein, Deep information propagation, ICLR 2017",
            "Pennington, Schoenholz & Ganguli, Resurrecting the sigmoid in deep learning through "
            "dynamical isometry: theory and practice, NeurIPS 2017",
            "Saxe, McClelland & Ganguli, Exact solutions to the nonlinear dynamics of learning in "
            "deep linear neural networks, ICLR 2014",
        ),
    ),
    Lesson(
        key="softmax",
        title={"en": "Softmax for classification", "zh_CN": "分类用的 softmax"},
        body={
            "en": (
                "<p>A classifier's last layer produces one score (logit) per class. Softmax turns "
                "them into positive numbers that sum to one, pᵢ = exp(zᵢ) / Σⱼ exp(zⱼ), so they "
                "can be read as class probabilities; the largest logit still wins.</p>"
                "<p>Trained with cross-entropy, −log p<sub>target</sub>, the gradient with respect "
                "to the logits is simply p − onehot(target). With two classes softmax reduces to "
                "the sigmoid of the difference of the two logits, which is why a binary classifier "
                "can end in a single sigmoid unit.</p>"
                "<p>In code, subtract the largest logit before exponentiating: the result is the "
                "same, but exp no longer overflows for logits like 1000.</p>"
                "<p><b>Show me</b> opens the softmax panel.</p>"
            ),
            "zh_CN": (
                "<p>分类器的最后一层为每个类别输出一个分数（logit）。softmax 把它们变成和为 1 的正数，"
                "pᵢ = exp(zᵢ) / Σⱼ exp(zⱼ)，可以当作各类别的概率来读，而最大的 logit 依然对应最大的概率。</p>"
                "<p>配合交叉熵损失 −log p<sub>target</sub> 训练时，对 logit 的梯度就是 p − onehot(target)。"
                "只有两个类别时，softmax 就等于两个 logit 之差的 sigmoid，这就是二分类器可以只用一个 sigmoid "
                "输出单元的原因。</p>"
                "<p>编程时先减去最大的 logit 再取指数：结果不变，但像 1000 这样的 logit 不会再让 exp 溢出。</p>"
                "<p><b>演示</b>打开 softmax 面板。</p>"
            ),
        },
        show_me={"tab": "softmax", "logits": [2.0, 1.0, 0.1]},
        show_me_label={"en": "Show me: softmax of 2.0, 1.0, 0.1",
                       "zh_CN": "演示：2.0、1.0、0.1 的 softmax"},
        references=(
            "Bridle, Probabilistic interpretation of feedforward classification network outputs, 1990",
            "Goodfellow, Bengio & Courville, Deep Learning, ch. 6.2, 2016",
        ),
    ),
    Lesson(
        key="sum_of_activations",
        title={"en": "A network is a sum of activation functions",
               "zh_CN": "网络是激活函数的叠加"},
        body={
            "en": (
                "<p>Take one input x, one hidden layer of H units and a linear output. The network "
                "computes <i>f(x) = c + Σⱼ vⱼ·φ(wⱼx + bⱼ)</i>: a constant plus H copies of the "
                "activation φ, each stretched by wⱼ, shifted by bⱼ and scaled by the output weight "
                "vⱼ. Training does nothing but move and resize these copies.</p>"
                "<p>For ReLU every copy is a hinge that bends at x = −bⱼ/wⱼ, so the sum is a "
                "polygon: straight between the hinges and straight beyond the outermost ones, with "
                "at most H + 1 linear pieces. tanh copies are smooth steps; GELU and SiLU copies are "
                "soft hinges. With enough units such sums approximate any continuous function on a "
                "closed interval as closely as wanted: Cybenko proved it for sigmoidal φ, Hornik "
                "for continuous, bounded, non-constant φ, and Leshno et al. for every φ that is not a "
                "polynomial, ReLU included.</p>"
                "<p>Depth changes the count: composing layers of ReLU units, some networks have a "
                "number of linear regions that grows exponentially with the number of layers, far "
                "more than one layer of the same number of units can have (Montúfar et al.).</p>"
                "<p><b>Show me</b> fits a sine on [−π, π] with {fit_units} ReLU units. After "
                "{fit_epochs} epochs of Adam the fit has {fit_pieces} linear pieces (at most "
                "{fit_bound}) and a training mean squared error of {fit_mse}. Hover a unit's curve "
                "or its kink mark to read its v, w and b.</p>"
            ),
            "zh_CN": (
                "<p>考虑一个输入 x、一个含 H 个神经元的隐藏层和线性输出。网络计算的是 "
                "<i>f(x) = c + Σⱼ vⱼ·φ(wⱼx + bⱼ)</i>：一个常数加上 H 个激活函数 φ 的副本，每个副本被 wⱼ "
                "拉伸、被 bⱼ 平移，再乘以输出权重 vⱼ。训练所做的，只是移动这些副本、改变它们的大小。</p>"
                "<p>对 ReLU 来说，每个副本都是一个在 x = −bⱼ/wⱼ 处弯折的“折角”，所以它们的和是一条折线："
                "折点之间是直线，最外侧折点之外也是直线，最多有 H + 1 段。tanh 的副本是平滑的台阶，GELU 和 SiLU "
                "的副本是柔和的折角。只要神经元足够多，这样的和可以在闭区间上以任意精度逼近任意连续函数：Cybenko "
                "对 sigmoid 型的 φ 证明了这一点，Hornik 推广到连续、有界且非常数的 φ，Leshno 等人推广到一切非多项式的 "
                "φ，ReLU 也包括在内。</p>"
                "<p>深度会改变片段的数目：把若干层 ReLU 神经元复合起来，有些网络的线性区域数随层数呈指数增长，"
                "远多于同样多的神经元排成一层时所能达到的数目（Montúfar 等人）。</p>"
                "<p><b>演示</b>用 {fit_units} 个 ReLU 神经元在 [−π, π] 上拟合正弦。用 Adam 训练 "
                "{fit_epochs} 轮后，拟合曲线有 {fit_pieces} 段直线（最多 {fit_bound} 段），"
                "训练集上的均方误差为 {fit_mse}。把鼠标停在某个神经元的曲线或它的折点标记上，可以读出它的 "
                "v、w 和 b。</p>"
            ),
        },
        show_me={"tab": "fit", "preset": "relu_polygon_sin"},
        show_me_label={"en": "Show me: eight ReLU units fit a sine",
                       "zh_CN": "演示：八个 ReLU 神经元拟合正弦"},
        references=(
            "Cybenko, Approximation by superpositions of a sigmoidal function, 1989",
            "Hornik, Approximation capabilities of multilayer feedforward networks, 1991",
            "Leshno, Lin, Pinkus & Schocken, Multilayer feedforward networks with a nonpolynomial activation function can approximate any function, 1993",
            "Montúfar, Pascanu, Cho & Bengio, On the number of linear regions of deep neural networks, 2014",
        ),
    ),
    Lesson(
        key="deep_gradients",
        title={"en": "How deep networks keep their gradients",
               "zh_CN": "深层网络如何保住梯度"},
        body={
            "en": (
                "<p>A plain deep network multiplies the gradient by a factor at every layer, so "
                "unless that factor is exactly 1 (a critical initialisation) the gradient vanishes "
                "or explodes geometrically with depth. Deep networks that train well add three "
                "tools, which the depth panel simulates beside the mean-field theory where there "
                "is one.</p>"
                "<p><b>Residual connections</b> (He et al. 2016): each block adds its branch to "
                "its input, z<sub>l</sub> = z<sub>l−1</sub> + α·(W<sub>l</sub> f(z<sub>l−1</sub>) "
                "+ b<sub>l</sub>). Going back, the identity path passes the gradient on unchanged "
                "and the branch adds to it. But the branch adds variance too: with ReLU, He "
                "initialisation and α = 1 the gradient's variance is multiplied by 1 + σ_w²/2 = "
                "{res_chi_relu} in every block, and in the mean-field theory the gradient RMS at "
                "layer 1 of 50 is {res_a1_50} × the last layer's: it explodes. With the branches "
                "scaled by α = 1/√L it is {res_sqrt_50}. Fixup (Zhang, Dauphin &amp; Ma 2019) and "
                "SkipInit (De &amp; Smith 2020) start each branch small or at zero for the same "
                "reason, each in its own way.</p>"
                "<p><b>Normalisation.</b> LayerNorm (Ba, Kiros &amp; Hinton 2016) in front of each "
                "branch gives it an input of variance 1 while the stream keeps growing, so each "
                "block's share of the gradient falls as 1/l and the gradient grows only as a power "
                "of the depth: {resln_50} at layer 1 of 50 in the mean field (ReLU, He init). "
                "BatchNorm (Ioffe &amp; Szegedy 2015) in a network without skip connections does "
                "not fix the gradient at initialisation: Yang et al. (2019) show that it makes it "
                "explode whatever σ_w; for ReLU its RMS grows ×{bn_relu_rms} per layer in the limit "
                "of infinite width and batch.</p>"
                "<p><b>Orthogonal weights</b> (Saxe, McClelland &amp; Ganguli 2014) with σ_w = 1 keep "
                "the length of every vector they multiply, so in a linear network the gradient "
                "keeps its size at any depth. With a nonlinearity they change how widely the gradients spread, "
                "not their mean-field average.</p>"
                "<p><b>Show me</b> opens the depth panel with a 50-layer residual ReLU network, "
                "α = 1/√L. Untick 1/√L, or choose the plain or BatchNorm network, to compare.</p>"
            ),
            "zh_CN": (
                "<p>普通的深层网络在每一层都把梯度乘上一个系数，所以除非这个系数恰好为 1（临界初始化），"
                "梯度都会随深度按几何级数消失或爆炸。能训练得好的深层网络加入了三种工具，深度面板把它们的"
                "模拟和平均场理论（在有理论的情形）画在一起。</p>"
                "<p><b>残差连接</b>（He 等人，2016）：每个残差块把分支的输出加到它的输入上，"
                "z<sub>l</sub> = z<sub>l−1</sub> + α·(W<sub>l</sub> f(z<sub>l−1</sub>) + b<sub>l</sub>)。"
                "反向传播时，恒等路径把梯度原样传回，分支再加上自己的一份。但分支也会增加方差：用 ReLU、He "
                "初始化且 α = 1 时，每个残差块都把梯度的方差乘以 1 + σ_w²/2 = {res_chi_relu}；按平均场理论，"
                "50 层中第 1 层的梯度 RMS 是最后一层的 {res_a1_50} 倍——梯度爆炸。把分支按 α = 1/√L 缩放后，"
                "这个比值是 {res_sqrt_50}。Fixup（Zhang、Dauphin 与 Ma，2019）和 SkipInit（De 与 Smith，"
                "2020）出于同样的原因，各自用不同的办法让每个分支在开始时很小或为零。</p>"
                "<p><b>归一化。</b>在每个分支前加层归一化（Ba、Kiros 与 Hinton，2016），分支的输入方差就是 1，"
                "而主干的方差不断增长，所以每个残差块在梯度中的份额按 1/l 减小，梯度只随深度按幂律增长："
                "按平均场理论，50 层中第 1 层是最后一层的 {resln_50} 倍（ReLU，He 初始化）。在没有跳跃连接的"
                "网络里，批归一化（Ioffe 与 Szegedy，2015）在初始化时并不能保住梯度：Yang 等人（2019）证明，"
                "无论 σ_w 取多少，它都会使梯度爆炸；对 ReLU，在宽度和批大小都趋于无穷的极限下，梯度 RMS "
                "每层乘以 {bn_relu_rms}。</p>"
                "<p><b>正交权重</b>（Saxe、McClelland 与 Ganguli，2014）在 σ_w = 1 时保持所乘每个向量的长度，所以在线性网络"
                "中，梯度在任意深度都保持大小。有非线性时，它改变的是各梯度分散的程度，而不是平均场意义下的"
                "平均值。</p>"
                "<p><b>演示</b>打开深度面板：50 层残差 ReLU 网络，α = 1/√L。取消勾选 1/√L，或改选普通网络、"
                "批归一化网络，即可对比。</p>"
            ),
        },
        show_me={"tab": "depth", "function": "relu", "compare": [], "init": "he", "depth": 50,
                 "arch": "residual", "branch_scale": "1/sqrtL", "weights": "gaussian"},
        show_me_label={"en": "Show me: a 50-layer residual ReLU network",
                       "zh_CN": "演示：50 层残差 ReLU 网络"},
        references=(
            "He, Zhang, Ren & Sun, Deep residual learning for image recognition, 2016",
            "Ioffe & Szegedy, Batch normalization: accelerating deep network training by reducing "
            "internal covariate shift, 2015",
            "Ba, Kiros & Hinton, Layer normalization, 2016",
            "Yang, Pennington, Rao, Sohl-Dickstein & Schoenholz, A mean field theory of batch "
            "normalization, 2019",
            "Saxe, McClelland & Ganguli, Exact solutions to the nonlinear dynamics of learning in "
            "deep linear neural networks, 2014",
            "Zhang, Dauphin & Ma, Fixup initialization: residual learning without normalization, 2019",
            "De & Smith, Batch normalization biases residual blocks towards the identity function "
            "in deep networks, 2020",
        ),
    ),
    Lesson(
        key="choosing",
        title={"en": "How to choose an activation", "zh_CN": "如何选择激活函数"},
        body={
            "en": (
                "<ul>"
                "<li><b>Hidden layers: start with ReLU</b> and He initialisation. It is cheap, "
                "does not saturate for positive inputs and works well almost everywhere.</li>"
                "<li><b>If units die</b> (the training panel counts them), lower the learning rate, "
                "or try leaky ReLU (or PReLU) or maxout: a maxout unit always passes the gradient "
                "to its winning piece (see the Softmax &amp; maxout tab), at k times the weights. "
                "ELU and SELU are smooth alternatives.</li>"
                "<li><b>Transformers and large models</b> mostly use GELU or SiLU/Swish: smooth, "
                "slightly non-monotonic, a little better in practice, a little more "
                "expensive.</li>"
                "<li><b>Avoid sigmoid and tanh in deep hidden stacks</b>; tanh is fine in "
                "shallow nets. Both stay inside recurrent cells: an LSTM (Hochreiter &amp; "
                "Schmidhuber 1997) or a GRU (Cho et al. 2014) uses sigmoids as <i>gates</i> — "
                "a number in (0, 1) saying how much to let through, forget or update (the "
                "forget gate came with Gers et al. 2000) — and tanh for the candidate values, in "
                "(−1, 1).</li>"
                "<li><b>Output layer:</b> sigmoid for a yes/no answer or independent labels, "
                "softmax when exactly one of K classes is right, and <i>no activation</i> (linear) "
                "for regression.</li>"
                "</ul>"
                "<p><b>Show me</b> trains ReLU and tanh side by side on the same data and initial "
                "weights.</p>"
            ),
            "zh_CN": (
                "<ul>"
                "<li><b>隐藏层：先用 ReLU</b>，配合 He 初始化。它计算便宜，正区间不饱和，几乎在哪里都好用。</li>"
                "<li><b>如果出现死亡神经元</b>（训练面板会统计），降低学习率，或者试试 Leaky ReLU（或 PReLU）或 "
                "Maxout：Maxout 单元总会把梯度传给获胜的那一段（见“Softmax 与 Maxout”页），代价是 k 倍的权重。"
                "ELU、SELU 是平滑的替代选择。</li>"
                "<li><b>Transformer 等大模型</b>多用 GELU 或 SiLU/Swish：平滑、略微非单调，实践中稍好一些，"
                "计算也稍贵一些。</li>"
                "<li><b>深层隐藏层避免使用 sigmoid 和 tanh</b>；浅层网络用 tanh 没有问题。循环单元里两者都还在用："
                "LSTM（Hochreiter 与 Schmidhuber 1997）和 GRU（Cho 等人 2014）用 sigmoid 作<i>门</i>——"
                "一个 (0, 1) 之间的数，决定放行、遗忘或更新多少（遗忘门由 Gers 等人在 2000 年加入）——"
                "用 tanh 计算取值在 (−1, 1) 之间的候选值。</li>"
                "<li><b>输出层</b>：是/否问题或多个相互独立的标签用 sigmoid，K 个类别中恰有一个正确时用 softmax，"
                "回归问题<i>不用激活函数</i>（线性输出）。</li>"
                "</ul>"
                "<p><b>演示</b>在相同的数据和初始权重下并排训练 ReLU 与 tanh。</p>"
            ),
        },
        show_me={"tab": "training", "preset": "relu_vs_tanh"},
        show_me_label={"en": "Show me: ReLU vs tanh speed", "zh_CN": "演示：ReLU 与 tanh 的训练速度"},
        references=(
            "Krizhevsky, Sutskever & Hinton, ImageNet classification with deep convolutional neural networks, 2012",
            "Goodfellow, Warde-Farley, Mirza, Courville & Bengio, Maxout networks, 2013",
            "Hochreiter & Schmidhuber, Long short-term memory, 1997",
            "Gers, Schmidhuber & Cummins, Learning to forget: continual prediction with LSTM, 2000",
            "Cho et al., Learning phrase representations using RNN encoder-decoder for statistical machine translation, 2014",
            "Ramachandran, Zoph & Le, Searching for activation functions, 2017",
            "Hendrycks & Gimpel, Gaussian error linear units (GELUs), 2016",
        ),
    ),
)


def get(key: str) -> Lesson:
    for lesson in LESSONS:
        if lesson.key == key:
            return lesson
    raise KeyError(key)
