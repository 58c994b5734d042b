"""The Learn panel's lessons, in English and Simplified Chinese.

Each lesson explains one idea the app demonstrates and names a "show me" action: which tab
to open and what to set up there.  The text is light HTML (paragraphs, emphasis, lists) so
the window can show it in a QTextBrowser; the actions are plain data the window interprets,
so this module stays free of Qt.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["Lesson", "LESSONS", "LANGUAGES", "get"]

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
        lang = lang if lang in self.title else "en"
        return self.title[lang], self.body[lang]


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
                "one hidden layer can already approximate any continuous function on a bounded "
                "region (the universal approximation theorem), and deeper networks do so with far "
                "fewer units.</p>"
                "<p><b>Show me</b> trains the same network on the two-moons data twice: once with the "
                "identity (a straight boundary, about 85% accuracy at best) and once with ReLU.</p>"
            ),
            "zh_CN": (
                "<p>每一层计算的是仿射变换 <i>Wx + b</i>。两层叠在一起得到 "
                "<i>W₂(W₁x + b₁) + b₂</i>，它仍然只是一个仿射变换。没有激活函数，层数再多，网络也只能画出直线形状的"
                "决策边界。</p>"
                "<p>激活函数在层与层之间把信号“掰弯”。有了它，只含一个隐藏层的网络就能在有界区域内逼近任意连续函数"
                "（万能逼近定理），而更深的网络只需少得多的神经元就能做到。</p>"
                "<p><b>演示</b>会在“双月”数据上把同一个网络训练两次：一次用恒等函数（边界是直线，准确率最多约 85%），"
                "一次用 ReLU。</p>"
            ),
        },
        show_me={"tab": "training", "preset": "linear_vs_relu"},
        show_me_label={"en": "Show me: identity vs ReLU on two moons",
                       "zh_CN": "演示：双月数据上的恒等函数与 ReLU"},
        references=(
            "Cybenko, Approximation by superpositions of a sigmoidal function, 1989",
            "Hornik, Approximation capabilities of multilayer feedforward networks, 1991",
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
                "<p>Back-propagation multiplies the gradient by f′(z) at every layer. The sigmoid's "
                "slope is at most 0.25, so even in the best case ten sigmoid layers scale the "
                "gradient by 0.25¹⁰ ≈ 1e-6: the first layers barely learn. This is the "
                "<i>vanishing gradient</i>. Units pushed far into a flat region make it worse.</p>"
                "<p>ReLU's slope is exactly 1 wherever it is active, so gradients pass through "
                "unchanged — with the right initialisation (He) they neither vanish nor "
                "explode.</p>"
                "<p><b>Show me</b> opens the depth panel with sigmoid and Xavier initialisation over "
                "10 layers, next to ReLU with He initialisation.</p>"
            ),
            "zh_CN": (
                "<p>当 x → +∞ 时导数趋于 0，称函数<i>右饱和</i>；当 x → −∞ 时导数趋于 0，称<i>左饱和</i>。"
                "导数只是逐渐逼近 0 的叫<i>软饱和</i>（sigmoid、tanh）；超过某个点后导数恰好等于 0 的叫"
                "<i>硬饱和</i>（ReLU 在 x &lt; 0 时）。</p>"
                "<p>反向传播在每一层都要把梯度乘以 f′(z)。sigmoid 的导数最大只有 0.25，所以即使在最理想的情况下，"
                "十层 sigmoid 也会把梯度缩小到 0.25¹⁰ ≈ 1e-6，前面几层几乎学不动，这就是<i>梯度消失</i>。"
                "如果神经元落在平坦区域深处，情况更糟。</p>"
                "<p>ReLU 在激活区域的导数恰好为 1，梯度可以“原汁原味”地传回去；配合合适的初始化（He），"
                "梯度既不消失也不爆炸。</p>"
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
        ),
    ),
    Lesson(
        key="zero_centred",
        title={"en": "Zero-centred outputs", "zh_CN": "输出的零均值（零中心化）"},
        body={
            "en": (
                "<p>The gradient of a unit's weights is its error signal times its inputs. If every "
                "input is positive — as it is when the layer below uses sigmoid or ReLU — then "
                "all the weight gradients of a unit share one sign in each step. The weights can "
                "only all grow or all shrink together, so reaching a target that needs some up and "
                "some down takes a zig-zag path.</p>"
                "<p>tanh (and, nearly, ELU and SELU) produce outputs that average around zero, "
                "which avoids this and is one reason tanh trains faster than sigmoid in hidden "
                "layers. The properties card shows E[f(z)] for z ~ N(0, 1) for every "
                "function.</p>"
                "<p><b>Show me</b> overlays sigmoid and tanh in the curves tab.</p>"
            ),
            "zh_CN": (
                "<p>一个神经元权重的梯度等于它的误差信号乘以它的输入。如果所有输入都是正的（下一层用 sigmoid 或 "
                "ReLU 时正是如此），那么每一步里这个神经元所有权重的梯度符号都相同：权重只能一起变大或一起变小，"
                "要到达“有的增、有的减”的目标只能走“之”字形路线。</p>"
                "<p>tanh（以及近似的 ELU、SELU）的输出均值在 0 附近，避免了这个问题，这也是隐藏层里 tanh 通常比 "
                "sigmoid 训练得快的原因之一。属性卡片为每个函数给出 z ~ N(0, 1) 时的 E[f(z)]。</p>"
                "<p><b>演示</b>在曲线页叠加显示 sigmoid 和 tanh。</p>"
            ),
        },
        show_me={"tab": "curves", "function": "tanh", "overlays": ["sigmoid"]},
        show_me_label={"en": "Show me: sigmoid and tanh", "zh_CN": "演示：sigmoid 与 tanh"},
        references=("LeCun, Bottou, Orr & Mueller, Efficient BackProp, 1998",),
    ),
    Lesson(
        key="dead_relu",
        title={"en": "Sparsity and dead ReLUs", "zh_CN": "稀疏激活与死亡神经元"},
        body={
            "en": (
                "<p>ReLU outputs exactly zero for negative inputs, so for any one example about "
                "half of the units are silent. This <i>sparse activation</i> is cheap and often "
                "helps.</p>"
                "<p>The flip side: a unit whose pre-activation is negative for <i>every</i> "
                "training example has f′ = 0 everywhere, receives no gradient, and never changes "
                "again — it is <i>dead</i>. A large learning rate is the usual cause: one big step "
                "pushes the bias far negative. Only functions with a flat zero-gradient region "
                "(ReLU, ReLU6, the hard functions) can die; leaky ReLU, PReLU, ELU, SELU, GELU "
                "and SiLU always keep a little gradient.</p>"
                "<p><b>Show me</b> trains a ReLU network on two moons with a learning rate that is "
                "too high and counts the dead units; try the leaky ReLU preset next.</p>"
            ),
            "zh_CN": (
                "<p>ReLU 对负输入输出恰好为 0，所以对任一样本大约一半的神经元处于静默状态。这种<i>稀疏激活</i>计算便宜，"
                "而且往往有益。</p>"
                "<p>代价是：如果某个神经元对<i>所有</i>训练样本的预激活都是负的，它的导数处处为 0，得不到任何梯度，"
                "从此再也不会改变——它“死”了（<i>死亡神经元</i>）。最常见的原因是学习率过大：一步迈得太大，把偏置"
                "推到很负的位置。只有存在“导数恒为 0 的平坦区域”的函数（ReLU、ReLU6、各种 hard 函数）才会死亡；"
                "Leaky ReLU、PReLU、ELU、SELU、GELU、SiLU 始终保留一点梯度。</p>"
                "<p><b>演示</b>用过大的学习率在双月数据上训练 ReLU 网络并统计死亡神经元；接着试试 Leaky ReLU 预设。</p>"
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
        key="relu_growth",
        title={"en": "ReLU does not compress: activations grow or shrink with depth",
               "zh_CN": "ReLU 不压缩幅度：激活值随深度增长或衰减"},
        body={
            "en": (
                "<p>sigmoid and tanh squash every input into a bounded interval, so however deep "
                "the network, activations stay bounded. ReLU passes positive values through "
                "unchanged. Each layer therefore multiplies the typical size of the activations by "
                "a factor set by the weight scale: about σ_w²/2 in variance.</p>"
                "<p>With σ_w² = 2 (He initialisation) the factor is exactly 1 and the signal keeps "
                "its size through hundreds of layers. With Xavier's σ_w² = 1 it halves at every "
                "layer; with a larger scale it explodes. The mean-field theory in the depth panel "
                "predicts the same factor, χ = σ_w²/2, for the gradients.</p>"
                "<p><b>Show me</b> opens the depth panel with ReLU and Xavier initialisation over 30 "
                "layers.</p>"
            ),
            "zh_CN": (
                "<p>sigmoid 和 tanh 会把输入压缩到有界区间里，所以不论网络多深，激活值都不会失控。ReLU 则让正值原样"
                "通过，因此每一层都会把激活值的典型大小乘上一个由权重尺度决定的系数：方差大约乘以 σ_w²/2。</p>"
                "<p>当 σ_w² = 2（He 初始化）时系数恰好为 1，信号可以穿过几百层而保持大小；用 Xavier 的 σ_w² = 1 时"
                "每层减半；尺度再大就会爆炸。深度面板中的平均场理论对梯度给出同样的系数 χ = σ_w²/2。</p>"
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
        key="choosing",
        title={"en": "How to choose an activation", "zh_CN": "如何选择激活函数"},
        body={
            "en": (
                "<ul>"
                "<li><b>Hidden layers: start with ReLU</b> and He initialisation. It is cheap, "
                "does not saturate for positive inputs and works well almost everywhere.</li>"
                "<li><b>If units die</b> (the training panel counts them), lower the learning rate "
                "or switch to leaky ReLU or PReLU; ELU or SELU are smooth alternatives.</li>"
                "<li><b>Transformers and large models</b> mostly use GELU or SiLU/Swish: smooth, "
                "slightly non-monotonic, a little better in practice, a little more "
                "expensive.</li>"
                "<li><b>Avoid sigmoid and tanh in deep hidden stacks</b>; tanh is fine in "
                "shallow nets and inside recurrent cells.</li>"
                "<li><b>Output layer:</b> sigmoid for a yes/no answer or independent labels, "
                "softmax for one-of-K classes, and <i>no activation</i> (linear) for "
                "regression.</li>"
                "</ul>"
                "<p><b>Show me</b> trains ReLU and tanh side by side on the same data and initial "
                "weights.</p>"
            ),
            "zh_CN": (
                "<ul>"
                "<li><b>隐藏层：先用 ReLU</b>，配合 He 初始化。它计算便宜，正区间不饱和，几乎在哪里都好用。</li>"
                "<li><b>如果出现死亡神经元</b>（训练面板会统计），降低学习率，或改用 Leaky ReLU、PReLU；"
                "ELU、SELU 是平滑的替代选择。</li>"
                "<li><b>Transformer 等大模型</b>多用 GELU 或 SiLU/Swish：平滑、略微非单调，实践中稍好一些，"
                "计算也稍贵一些。</li>"
                "<li><b>深层隐藏层避免使用 sigmoid 和 tanh</b>；浅层网络和循环单元内部用 tanh 没有问题。</li>"
                "<li><b>输出层</b>：是/否或多个独立标签用 sigmoid，K 选 1 的分类用 softmax，回归问题"
                "<i>不用激活函数</i>（线性输出）。</li>"
                "</ul>"
                "<p><b>演示</b>在相同的数据和初始权重下并排训练 ReLU 与 tanh。</p>"
            ),
        },
        show_me={"tab": "training", "preset": "relu_vs_tanh"},
        show_me_label={"en": "Show me: ReLU vs tanh speed", "zh_CN": "演示：ReLU 与 tanh 的训练速度"},
        references=(
            "Krizhevsky, Sutskever & Hinton, ImageNet classification with deep convolutional neural networks, 2012",
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
