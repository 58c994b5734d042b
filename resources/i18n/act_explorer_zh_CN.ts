<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="zh_CN">
<context>
    <name>CurvePlots</name>
    <message>
        <source>Lowest x shown</source>
        <translation>显示的最小 x</translation>
    </message>
    <message>
        <source>Highest x shown</source>
        <translation>显示的最大 x</translation>
    </message>
    <message>
        <source>x from</source>
        <translation>x 从</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Reset view</source>
        <translation>重置视图</translation>
    </message>
    <message>
        <source>Show x from -6 to 6 and fit y to the curves</source>
        <translation>显示 x 从 -6 到 6，并让 y 轴适应曲线</translation>
    </message>
    <message>
        <source>Activation f(x)</source>
        <translation>激活函数 f(x)</translation>
    </message>
    <message>
        <source>Derivative f′(x)</source>
        <translation>导数 f′(x)</translation>
    </message>
    <message>
        <source>Move the mouse over a plot to read values.</source>
        <translation>把鼠标移到图上即可读数。</translation>
    </message>
    <message>
        <source>Crosshair readout</source>
        <translation>十字准线读数</translation>
    </message>
</context>
<context>
    <name>DepthControls</name>
    <message>
        <source>Functions simulated</source>
        <translation>模拟的函数</translation>
    </message>
    <message>
        <source>Depth (number of layers)</source>
        <translation>深度（层数）</translation>
    </message>
    <message>
        <source>Number of layers L. The network is simulated once, {n} layers deep; moving this slider shows its first L layers without recomputing.</source>
        <translation>层数 L。网络只模拟一次，共 {n} 层；拖动此滑块显示其前 L 层，无需重新计算。</translation>
    </message>
    <message>
        <source>Depth L</source>
        <translation>深度 L</translation>
    </message>
    <message>
        <source>Width (units per layer)</source>
        <translation>宽度（每层神经元数）</translation>
    </message>
    <message>
        <source>Units per layer (the layers are square).</source>
        <translation>每层的神经元数（各层大小相同）。</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>Batch (inputs)</source>
        <translation>批大小（输入数）</translation>
    </message>
    <message>
        <source>Random inputs sent through the network; a unit is dead when f′ = 0 for all of them.</source>
        <translation>送入网络的随机输入；若神经元对所有输入都有 f′ = 0，则视为死亡。</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Xavier / Glorot (σ_w² = 1)</source>
        <translation>Xavier / Glorot（σ_w² = 1）</translation>
    </message>
    <message>
        <source>He / Kaiming (σ_w² = 2)</source>
        <translation>He / Kaiming（σ_w² = 2）</translation>
    </message>
    <message>
        <source>LeCun (σ_w² = 1)</source>
        <translation>LeCun（σ_w² = 1）</translation>
    </message>
    <message>
        <source>custom σ_w</source>
        <translation>自定义 σ_w</translation>
    </message>
    <message>
        <source>Weight initialisation</source>
        <translation>权重初始化</translation>
    </message>
    <message>
        <source>Weights W ~ N(0, σ_w²/fan_in). He uses 2/(1 + a²) for a leaky slope a.</source>
        <translation>权重 W ~ N(0, σ_w²/fan_in)。对负斜率为 a 的 leaky 函数，He 初始化使用 2/(1 + a²)。</translation>
    </message>
    <message>
        <source>Init</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>Weight scale σ_w (log scale)</source>
        <translation>权重尺度 σ_w（对数刻度）</translation>
    </message>
    <message>
        <source>Weight scale σ_w; moving it switches to the custom init.</source>
        <translation>权重尺度 σ_w；拖动它会切换为自定义初始化。</translation>
    </message>
    <message>
        <source>Weight scale σ_w</source>
        <translation>权重尺度 σ_w</translation>
    </message>
    <message>
        <source>Weight scale σ_w; changing it switches to the custom init.</source>
        <translation>权重尺度 σ_w；修改它会切换为自定义初始化。</translation>
    </message>
    <message>
        <source>σ_w</source>
        <translation>σ_w</translation>
    </message>
    <message>
        <source>Bias scale σ_b</source>
        <translation>偏置尺度 σ_b</translation>
    </message>
    <message>
        <source>Biases b ~ N(0, σ_b²).</source>
        <translation>偏置 b ~ N(0, σ_b²)。</translation>
    </message>
    <message>
        <source>σ_b</source>
        <translation>σ_b</translation>
    </message>
    <message>
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>The same seed gives the same random weights and inputs, for every function.</source>
        <translation>相同的种子对每个函数都给出相同的随机权重和输入。</translation>
    </message>
    <message>
        <source>Re-roll</source>
        <translation>重新抽取</translation>
    </message>
    <message>
        <source>Draw a new random network (a new seed)</source>
        <translation>生成一个新的随机网络（新的种子）</translation>
    </message>
    <message>
        <source>New random seed</source>
        <translation>新的随机种子</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Problem with the settings</source>
        <translation>设置有问题</translation>
    </message>
    <message>
        <source>Simulating… %p%</source>
        <translation>模拟中… %p%</translation>
    </message>
    <message>
        <source>Simulation progress</source>
        <translation>模拟进度</translation>
    </message>
    <message>
        <source>What the plots show</source>
        <translation>图中显示的内容</translation>
    </message>
    <message>
        <source>Critical weight scale</source>
        <translation>临界权重尺度</translation>
    </message>
    <message>
        <source>Use</source>
        <translation>使用</translation>
    </message>
    <message>
        <source>Set σ_w to the critical value (custom init)</source>
        <translation>把 σ_w 设为临界值（自定义初始化）</translation>
    </message>
    <message>
        <source>Use the critical σ_w</source>
        <translation>使用临界 σ_w</translation>
    </message>
    <message>
        <source>Network architecture</source>
        <translation>网络结构</translation>
    </message>
    <message>
        <source>plain: z_l = W_l f(z_{l−1}) + b_l. residual: z_l = z_{l−1} + α (W_l f(z_{l−1}) + b_l). residual + LayerNorm: the branch reads LayerNorm(z_{l−1}). BatchNorm: f(BatchNorm(z_l)) with the batch&apos;s statistics. Compared functions get the same network.</source>
        <translation>普通：z_l = W_l f(z_{l−1}) + b_l。残差：z_l = z_{l−1} + α (W_l f(z_{l−1}) + b_l)。残差 + 层归一化：分支读取 LayerNorm(z_{l−1})。批归一化：f(BatchNorm(z_l))，使用本批数据的统计量。对比的各函数使用同一个网络。</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Branch scale α</source>
        <translation>分支缩放 α</translation>
    </message>
    <message>
        <source>Each residual block adds α × its branch to the stream (residual networks only).</source>
        <translation>每个残差块把 α × 分支输出加到主干上（仅用于残差网络）。</translation>
    </message>
    <message>
        <source>1/√L</source>
        <translation>1/√L</translation>
    </message>
    <message>
        <source>Branch scale 1/√L</source>
        <translation>分支缩放 1/√L</translation>
    </message>
    <message>
        <source>α = 1/√L for a network of L layers: every depth is then another network, so a depth change simulates again.</source>
        <translation>L 层网络取 α = 1/√L：于是每个深度都是另一个网络，改变深度会重新模拟。</translation>
    </message>
    <message>
        <source>Branch α</source>
        <translation>分支 α</translation>
    </message>
    <message>
        <source>Gaussian</source>
        <translation>高斯</translation>
    </message>
    <message>
        <source>orthogonal</source>
        <translation>正交</translation>
    </message>
    <message>
        <source>Weight distribution</source>
        <translation>权重分布</translation>
    </message>
    <message>
        <source>Gaussian: W ~ N(0, σ_w²/W). Orthogonal: σ_w times a random orthogonal matrix (Saxe et al. 2014), the same σ_w as the init gives.</source>
        <translation>高斯：W ~ N(0, σ_w²/W)。正交：σ_w 乘以一个随机正交矩阵（Saxe 等人，2014），σ_w 与初始化给出的相同。</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>plain</source>
        <translation>普通</translation>
    </message>
    <message>
        <source>residual</source>
        <translation>残差</translation>
    </message>
    <message>
        <source>residual + LayerNorm</source>
        <translation>残差 + 层归一化</translation>
    </message>
    <message>
        <source>BatchNorm</source>
        <translation>批归一化</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:#555&apos;&gt;Solid lines: one random network (Monte Carlo). Dashed: the mean-field theory. Dotted grey: the product of the largest slopes, (max|f′|)&lt;sup&gt;L−l&lt;/sup&gt;: it bounds the product of the slopes f′ only, not the gradient, which also passes through the weights. Tick functions in the Functions list to compare them on the same random network.&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:#555&apos;&gt;实线：一个随机网络（蒙特卡罗）。虚线：平均场理论。灰色点线：最大斜率之积 (max|f′|)&lt;sup&gt;L−l&lt;/sup&gt;：它只是各层导数 f′ 之积的上界，不是梯度的上界，因为梯度还要乘以权重。在“函数”列表中勾选函数，可在同一个随机网络上比较它们。&lt;/span&gt;</translation>
    </message>
    <message>
        <source>type σ_w</source>
        <translation>输入 σ_w</translation>
    </message>
    <message>
        <source>σ_w given by the {init} preset for this function; changing it switches to the custom init.</source>
        <translation>此函数在 {init} 预设下的 σ_w；修改它会切换为自定义初始化。</translation>
    </message>
    <message>
        <source>Weight scale σ_w (custom init).</source>
        <translation>权重尺度 σ_w（自定义初始化）。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Function:&lt;/b&gt; {f}</source>
        <translation>&lt;b&gt;函数：&lt;/b&gt;{f}</translation>
    </message>
    <message>
        <source>compared with {list}</source>
        <translation>对比：{list}</translation>
    </message>
</context>
<context>
    <name>DepthPanel</name>
    <message>
        <source>&lt;span style=&apos;color:{col}&apos;&gt;■&lt;/span&gt; {name}: gradient RMS at layer 1 = {ratio} × the last layer&apos;s (theory {tratio}); χ* = {chi}, {regime}</source>
        <translation>&lt;span style=&apos;color:{col}&apos;&gt;■&lt;/span&gt; {name}：第 1 层的梯度 RMS = 最后一层的 {ratio} 倍（理论值 {tratio}）；χ* = {chi}，{regime}</translation>
    </message>
    <message>
        <source>The plots still show the last valid settings.</source>
        <translation>图中仍显示上一次有效设置的结果。</translation>
    </message>
    <message>
        <source>The simulation failed: {msg}</source>
        <translation>模拟失败：{msg}</translation>
    </message>
    <message>
        <source>{init}, orthogonal</source>
        <translation>{init}，正交</translation>
    </message>
    <message>
        <source>&lt;i&gt;Simulating the random network…&lt;/i&gt;</source>
        <translation>&lt;i&gt;正在模拟随机网络…&lt;/i&gt;</translation>
    </message>
    <message>
        <source>⚠ The activations overflow at layer {n}: the weights are too large for this function.</source>
        <translation>⚠ 激活值在第 {n} 层溢出：对这个函数来说权重太大了。</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{col}&apos;&gt;■&lt;/span&gt; {name}: gradient RMS at layer 1 = {ratio} × the last layer&apos;s (theory {tratio})</source>
        <translation>&lt;span style=&apos;color:{col}&apos;&gt;■&lt;/span&gt; {name}：第 1 层的梯度 RMS = 最后一层的 {ratio} 倍（理论值 {tratio}）</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>&lt;b&gt;Edge of chaos&lt;/b&gt; (χ* = 1) for σ_b = {sb}: σ_w ≈ {sw}</source>
        <translation>&lt;b&gt;混沌边缘&lt;/b&gt;（χ* = 1），σ_b = {sb} 时：σ_w ≈ {sw}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Edge of chaos&lt;/b&gt; (χ* = 1) for σ_b = {sb}: finding σ_w…</source>
        <translation>&lt;b&gt;混沌边缘&lt;/b&gt;（χ* = 1），σ_b = {sb} 时：正在求 σ_w…</translation>
    </message>
    <message>
        <source>&lt;b&gt;Edge of chaos:&lt;/b&gt; no σ_w between 0.1 and {hi} makes χ* = 1 for σ_b = {sb}.</source>
        <translation>&lt;b&gt;混沌边缘：&lt;/b&gt;σ_b = {sb} 时，0.1 到 {hi} 之间没有能使 χ* = 1 的 σ_w。</translation>
    </message>
    <message>
        <source>&lt;b&gt;Edge of chaos:&lt;/b&gt; the critical σ_w could not be found.</source>
        <translation>&lt;b&gt;混沌边缘：&lt;/b&gt;未能求出临界 σ_w。</translation>
    </message>
</context>
<context>
    <name>DepthPlots</name>
    <message>
        <source>Depth plots</source>
        <translation>深度图表</translation>
    </message>
    <message>
        <source>Gradient RMS per layer</source>
        <translation>各层梯度均方根</translation>
    </message>
    <message>
        <source>layer</source>
        <translation>层</translation>
    </message>
    <message>
        <source>gradient RMS (last layer = 1)</source>
        <translation>梯度均方根（最后一层 = 1）</translation>
    </message>
    <message>
        <source>Activation RMS</source>
        <translation>激活值均方根</translation>
    </message>
    <message>
        <source>RMS of f(h)</source>
        <translation>f(h) 的均方根</translation>
    </message>
    <message>
        <source>Activation mean / RMS</source>
        <translation>激活值均值 / 均方根</translation>
    </message>
    <message>
        <source>mean ÷ RMS (0 = centred)</source>
        <translation>均值 ÷ 均方根（0 = 零均值）</translation>
    </message>
    <message>
        <source>Dead and saturated units</source>
        <translation>死亡与饱和的神经元</translation>
    </message>
    <message>
        <source>fraction</source>
        <translation>比例</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>死亡</translation>
    </message>
    <message>
        <source>saturated</source>
        <translation>饱和</translation>
    </message>
    <message>
        <source>Fit to the data</source>
        <translation>适应数据</translation>
    </message>
    <message>
        <source>simulation</source>
        <translation>模拟</translation>
    </message>
    <message>
        <source>theory (mean field)</source>
        <translation>理论（平均场）</translation>
    </message>
    <message>
        <source>product of max slopes (max|f′|)^(L−l)</source>
        <translation>最大斜率之积 (max|f′|)^(L−l)</translation>
    </message>
    <message>
        <source>overflow</source>
        <translation>溢出</translation>
    </message>
    <message>
        <source>vanishing</source>
        <translation>梯度消失</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>临界</translation>
    </message>
    <message>
        <source>exploding</source>
        <translation>梯度爆炸</translation>
    </message>
    <message>
        <source>Xavier</source>
        <translation>Xavier</translation>
    </message>
    <message>
        <source>He</source>
        <translation>He</translation>
    </message>
    <message>
        <source>LeCun</source>
        <translation>LeCun</translation>
    </message>
    <message>
        <source>custom (σ_w = {s})</source>
        <translation>自定义（σ_w = {s}）</translation>
    </message>
</context>
<context>
    <name>ExportMenu</name>
    <message>
        <source>Export history as CSV…</source>
        <translation>将训练记录导出为 CSV…</translation>
    </message>
    <message>
        <source>Export data as CSV…</source>
        <translation>将数据导出为 CSV…</translation>
    </message>
    <message>
        <source>Export plots as PNG…</source>
        <translation>将图导出为 PNG…</translation>
    </message>
    <message>
        <source>Export plots as SVG…</source>
        <translation>将图导出为 SVG…</translation>
    </message>
    <message>
        <source>Copy image</source>
        <translation>复制图像</translation>
    </message>
</context>
<context>
    <name>FitControls</name>
    <message>
        <source>sin(x)</source>
        <translation>sin(x)</translation>
    </message>
    <message>
        <source>|x|</source>
        <translation>|x|</translation>
    </message>
    <message>
        <source>step(x)</source>
        <translation>阶跃 step(x)</translation>
    </message>
    <message>
        <source>x²</source>
        <translation>x²</translation>
    </message>
    <message>
        <source>x³</source>
        <translation>x³</translation>
    </message>
    <message>
        <source>sawtooth</source>
        <translation>锯齿波</translation>
    </message>
    <message>
        <source>Gaussian bump</source>
        <translation>高斯凸起</translation>
    </message>
    <message>
        <source>plane (x₁ + x₂)/2</source>
        <translation>平面 (x₁ + x₂)/2</translation>
    </message>
    <message>
        <source>multi-Gaussian (x₁, x₂)</source>
        <translation>多高斯 (x₁, x₂)</translation>
    </message>
    <message>
        <source>typed f(x) or f(x1, x2)</source>
        <translation>输入的 f(x) 或 f(x1, x2)</translation>
    </message>
    <message>
        <source>CSV file (x,y)</source>
        <translation>CSV 文件 (x,y)</translation>
    </message>
    <message>
        <source>as fast as possible</source>
        <translation>尽可能快</translation>
    </message>
    <message>
        <source>1 epoch per second</source>
        <translation>每秒 1 轮</translation>
    </message>
    <message>
        <source>{n} epochs per second</source>
        <translation>每秒 {n} 轮</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Lesson</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Set up a lesson: its data, network and training</source>
        <translation>按课程设置数据、网络和训练</translation>
    </message>
    <message>
        <source>Network of the lesson</source>
        <translation>课程中的网络</translation>
    </message>
    <message>
        <source>The lesson compares networks: pick the one to train</source>
        <translation>本课比较几个网络：选择要训练的那一个</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>About this lesson</source>
        <translation>关于本课</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Start or pause training</source>
        <translation>开始或暂停训练</translation>
    </message>
    <message>
        <source>Train until the epoch budget (Pause to stop)</source>
        <translation>一直训练到设定的轮数（点“暂停”停止）</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Train one epoch</source>
        <translation>训练一轮</translation>
    </message>
    <message>
        <source>Train exactly one more epoch</source>
        <translation>再训练恰好一轮</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Reset the network</source>
        <translation>重置网络</translation>
    </message>
    <message>
        <source>New initial weights from the seed: back to epoch 0</source>
        <translation>按种子重新生成初始权重：回到第 0 轮</translation>
    </message>
    <message>
        <source>Training speed</source>
        <translation>训练速度</translation>
    </message>
    <message>
        <source>Epoch budget</source>
        <translation>轮数上限</translation>
    </message>
    <message>
        <source>Start trains until this epoch</source>
        <translation>“开始”会一直训练到这一轮</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Fit readouts</source>
        <translation>拟合读数</translation>
    </message>
    <message>
        <source>Training diverged</source>
        <translation>训练发散</translation>
    </message>
    <message>
        <source>Problem with the settings</source>
        <translation>设置有问题</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>Target function</source>
        <translation>目标函数</translation>
    </message>
    <message>
        <source>Load CSV…</source>
        <translation>载入 CSV…</translation>
    </message>
    <message>
        <source>Load a CSV file</source>
        <translation>载入 CSV 文件</translation>
    </message>
    <message>
        <source>Fit the points of a CSV file of x,y rows</source>
        <translation>拟合 CSV 文件中的 x,y 数据点</translation>
    </message>
    <message>
        <source>Target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>Typed target</source>
        <translation>输入的目标函数</translation>
    </message>
    <message>
        <source>A function of x (e.g. x^2 - relu(x)), or of x1 and x2 for a target over the plane (e.g. sin(x1)*x2)</source>
        <translation>x 的函数（如 x^2 - relu(x)），或平面上关于 x1、x2 的函数（如 sin(x1)*x2）</translation>
    </message>
    <message>
        <source>f =</source>
        <translation>f =</translation>
    </message>
    <message>
        <source>CSV file in use</source>
        <translation>正在使用的 CSV 文件</translation>
    </message>
    <message>
        <source>Start of the range</source>
        <translation>区间起点</translation>
    </message>
    <message>
        <source>End of the range</source>
        <translation>区间终点</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>区间</translation>
    </message>
    <message>
        <source>to</source>
        <translation>到</translation>
    </message>
    <message>
        <source>Number of points</source>
        <translation>数据点数</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>Standard deviation of Gaussian noise added to the targets</source>
        <translation>加到目标值上的高斯噪声的标准差</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>点数</translation>
    </message>
    <message>
        <source>noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>Test fraction</source>
        <translation>测试集比例</translation>
    </message>
    <message>
        <source>Fraction of the points held out for testing</source>
        <translation>留作测试的数据点比例</translation>
    </message>
    <message>
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Seed of the noise, the split, the initial weights and the shuffling</source>
        <translation>噪声、训练/测试划分、初始权重和打乱顺序所用的随机种子</translation>
    </message>
    <message>
        <source>Test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Hidden layer sizes</source>
        <translation>隐藏层大小</translation>
    </message>
    <message>
        <source>Units per hidden layer, separated by commas, e.g. 8 or 16,16 (1 to {n} layers of at most {m} units). With one hidden layer every unit&apos;s contribution is drawn</source>
        <translation>每个隐藏层的神经元数，用逗号分隔，例如 8 或 16,16（1 到 {n} 层，每层最多 {m} 个神经元）。只有一个隐藏层时，会画出每个神经元的贡献</translation>
    </message>
    <message>
        <source>Hidden</source>
        <translation>隐藏层</translation>
    </message>
    <message>
        <source>Activation of the hidden layers</source>
        <translation>隐藏层的激活函数</translation>
    </message>
    <message>
        <source>“From list” fits with the function selected in the Functions list. Parameters are always the ones set in the Functions dock</source>
        <translation>“来自列表”表示用函数列表中选中的函数来拟合。参数始终取函数面板中设定的值</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>He / Kaiming</source>
        <translation>He / Kaiming</translation>
    </message>
    <message>
        <source>Xavier / Glorot</source>
        <translation>Xavier / Glorot</translation>
    </message>
    <message>
        <source>LeCun</source>
        <translation>LeCun</translation>
    </message>
    <message>
        <source>Gaussian N(0, 1)</source>
        <translation>高斯分布 N(0, 1)</translation>
    </message>
    <message>
        <source>uniform ±0.5 (Playground)</source>
        <translation>均匀分布 ±0.5（Playground）</translation>
    </message>
    <message>
        <source>Weight initialisation</source>
        <translation>权重初始化</translation>
    </message>
    <message>
        <source>Init</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>Optimiser</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>SGD</source>
        <translation>SGD</translation>
    </message>
    <message>
        <source>SGD with momentum</source>
        <translation>带动量的 SGD</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Applies at once, also while training</source>
        <translation>立即生效，训练过程中也是</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>mom.</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Minibatch size; 0 = full batch (one step per epoch)</source>
        <translation>小批量大小；0 表示全批量（每轮一步）</translation>
    </message>
    <message>
        <source>L2 weight decay</source>
        <translation>L2 权重衰减</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>L2</source>
        <translation>L2</translation>
    </message>
    <message>
        <source>(none)</source>
        <translation>（无）</translation>
    </message>
    <message>
        <source>From list: {name}</source>
        <translation>来自列表：{name}</translation>
    </message>
    <message>
        <source>File: {name}</source>
        <translation>文件：{name}</translation>
    </message>
    <message>
        <source>The settings differ from the lesson&apos;s now.</source>
        <translation>现在的设置已与本课不同。</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>&lt;b&gt;Epoch {epoch}&lt;/b&gt; / {budget}</source>
        <translation>&lt;b&gt;第 {epoch} 轮&lt;/b&gt; / {budget}</translation>
    </message>
    <message>
        <source>training…</source>
        <translation>训练中…</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>MSE: train {train}, test {test}</source>
        <translation>均方误差：训练 {train}，测试 {test}</translation>
    </message>
    <message>
        <source>Dead units: {dead} of {units}</source>
        <translation>死亡神经元：{units} 个中有 {dead} 个</translation>
    </message>
    <message>
        <source>Linear pieces of the fit: {n} (at most {bound} for one hidden layer of {h} units)</source>
        <translation>拟合曲线的线性片段：{n} 段（一个含 {h} 个神经元的隐藏层最多 {bound} 段）</translation>
    </message>
    <message>
        <source>Linear pieces are counted for one hidden layer only</source>
        <translation>只对单个隐藏层统计线性片段</translation>
    </message>
    <message>
        <source>Training diverged in epoch {epoch} ({why}); the network of epoch {back} is shown. Lower the learning rate.</source>
        <translation>训练在第 {epoch} 轮发散（{why}）；显示的是第 {back} 轮的网络。请降低学习率。</translation>
    </message>
    <message>
        <source>Load points</source>
        <translation>载入数据点</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>CSV 文件 (*.csv *.txt);;所有文件 (*)</translation>
    </message>
</context>
<context>
    <name>FitPanel</name>
    <message>
        <source>Could not use the file: {msg}</source>
        <translation>无法使用该文件：{msg}</translation>
    </message>
    <message>
        <source>Training stopped: {msg}</source>
        <translation>训练已停止：{msg}</translation>
    </message>
</context>
<context>
    <name>FitPlots</name>
    <message>
        <source>Fit plots</source>
        <translation>拟合图</translation>
    </message>
    <message>
        <source>The fit and its units</source>
        <translation>拟合曲线及其各神经元</translation>
    </message>
    <message>
        <source>End of the data range: beyond it the network extrapolates</source>
        <translation>数据范围的端点：在它之外网络是在外推</translation>
    </message>
    <message>
        <source>Prediction over the plane</source>
        <translation>平面上的预测</translation>
    </message>
    <message>
        <source>Units of hidden layer 1</source>
        <translation>第 1 隐藏层的神经元</translation>
    </message>
    <message>
        <source>Loss (MSE)</source>
        <translation>损失（均方误差）</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>training points</source>
        <translation>训练点</translation>
    </message>
    <message>
        <source>test points</source>
        <translation>测试点</translation>
    </message>
    <message>
        <source>target</source>
        <translation>目标</translation>
    </message>
    <message>
        <source>fit</source>
        <translation>拟合</translation>
    </message>
    <message>
        <source>units v·φ(wx + b)</source>
        <translation>神经元 v·φ(wx + b)</translation>
    </message>
    <message>
        <source>kinks</source>
        <translation>折点</translation>
    </message>
</context>
<context>
    <name>FunctionInits</name>
    <message>
        <source>Xavier</source>
        <translation>Xavier</translation>
    </message>
    <message>
        <source>He</source>
        <translation>He</translation>
    </message>
    <message>
        <source>LeCun</source>
        <translation>LeCun</translation>
    </message>
    <message>
        <source>custom σ_w</source>
        <translation>自定义 σ_w</translation>
    </message>
    <message>
        <source>Init per function:</source>
        <translation>各函数的初始化：</translation>
    </message>
    <message>
        <source>Compared functions can each have their own initialisation; “as Init” uses the Init above.</source>
        <translation>对比的各个函数可以分别使用自己的初始化；“同初始化”表示使用上面的“初始化”设置。</translation>
    </message>
    <message>
        <source>as Init ({init})</source>
        <translation>同初始化（{init}）</translation>
    </message>
    <message>
        <source>Initialisation of {name}</source>
        <translation>{name} 的初始化</translation>
    </message>
</context>
<context>
    <name>FunctionList</name>
    <message>
        <source>Search functions…</source>
        <translation>搜索函数…</translation>
    </message>
    <message>
        <source>Search functions</source>
        <translation>搜索函数</translation>
    </message>
    <message>
        <source>Functions</source>
        <translation>函数</translation>
    </message>
    <message>
        <source>Click a function to make it current; tick it to overlay it.</source>
        <translation>单击函数将其设为当前函数；勾选可叠加显示。</translation>
    </message>
    <message>
        <source>Type f(x), e.g. x*sigmoid(1.5*x)</source>
        <translation>输入 f(x)，例如 x*sigmoid(1.5*x)</translation>
    </message>
    <message>
        <source>Type a function of x</source>
        <translation>输入关于 x 的函数</translation>
    </message>
    <message>
        <source>An expression in x with + - * / ^, numbers, parameters (any other name) and exp log log1p sqrt abs sin cos tanh erf sigmoid softplus relu max min where, or any catalogue id such as gelu(x).</source>
        <translation>关于 x 的表达式，可使用 + - * / ^、数字、参数（其他任意名字）以及 exp log log1p sqrt abs sin cos tanh erf sigmoid softplus relu max min where，或任意内置函数 id，例如 gelu(x)。</translation>
    </message>
    <message>
        <source>Add</source>
        <translation>添加</translation>
    </message>
    <message>
        <source>Remove {name}</source>
        <translation>移除 {name}</translation>
    </message>
</context>
<context>
    <name>HelpActions</name>
    <message>
        <source>&amp;Lessons</source>
        <translation>课程(&amp;L)</translation>
    </message>
    <message>
        <source>Open the Learn tab: short lessons with a Show me button</source>
        <translation>打开“学习”页：附“演示”按钮的短课程</translation>
    </message>
    <message>
        <source>&amp;Keyboard shortcuts</source>
        <translation>键盘快捷键(&amp;K)</translation>
    </message>
</context>
<context>
    <name>LearnPanel</name>
    <message>
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Lesson text</source>
        <translation>课程内容</translation>
    </message>
    <message>
        <source>Show me</source>
        <translation>演示</translation>
    </message>
    <message>
        <source>References</source>
        <translation>参考文献</translation>
    </message>
</context>
<context>
    <name>LessonNotes</name>
    <message>
        <source>data set</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>points</source>
        <translation>点数</translation>
    </message>
    <message>
        <source>noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>classes</source>
        <translation>类别数</translation>
    </message>
    <message>
        <source>test fraction</source>
        <translation>测试集比例</translation>
    </message>
    <message>
        <source>seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>CSV file</source>
        <translation>CSV 文件</translation>
    </message>
    <message>
        <source>hidden layers</source>
        <translation>隐藏层</translation>
    </message>
    <message>
        <source>activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>per-layer activations</source>
        <translation>逐层激活函数</translation>
    </message>
    <message>
        <source>compared functions</source>
        <translation>对比的函数</translation>
    </message>
    <message>
        <source>init</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>optimiser</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>L2</source>
        <translation>L2</translation>
    </message>
    <message>
        <source>epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>from the list</source>
        <translation>来自列表</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>He</source>
        <translation>He</translation>
    </message>
    <message>
        <source>Xavier</source>
        <translation>Xavier</translation>
    </message>
    <message>
        <source>LeCun</source>
        <translation>LeCun</translation>
    </message>
    <message>
        <source>uniform ±0.5</source>
        <translation>均匀分布 ±0.5</translation>
    </message>
    <message>
        <source>SGD</source>
        <translation>SGD</translation>
    </message>
    <message>
        <source>SGD with momentum</source>
        <translation>带动量的 SGD</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>two moons</source>
        <translation>双月</translation>
    </message>
    <message>
        <source>circles</source>
        <translation>同心圆</translation>
    </message>
    <message>
        <source>spiral</source>
        <translation>螺旋</translation>
    </message>
    <message>
        <source>XOR</source>
        <translation>XOR</translation>
    </message>
    <message>
        <source>Gaussian blobs</source>
        <translation>高斯团簇</translation>
    </message>
    <message>
        <source>Nothing to change: the settings already were the lesson&apos;s.</source>
        <translation>无需改动：当前设置已与本课一致。</translation>
    </message>
    <message>
        <source>Changed: {changes}.</source>
        <translation>已更改：{changes}。</translation>
    </message>
    <message>
        <source>{function} {param} = {value} (default {default})</source>
        <translation>{function} 的 {param} = {value}（默认 {default}）</translation>
    </message>
    <message>
        <source>the weights are not finite</source>
        <translation>权重出现非有限值</translation>
    </message>
    <message>
        <source>the loss is not finite</source>
        <translation>损失出现非有限值</translation>
    </message>
    <message>
        <source>Training diverged in epoch {epoch} ({reason}) with {values}; kept the network from epoch {kept}.</source>
        <translation>训练在第 {epoch} 轮发散（{reason}），当时的取值：{values}；已保留第 {kept} 轮的网络。</translation>
    </message>
    <message>
        <source>Try a smaller learning rate or the functions&apos; default parameters.</source>
        <translation>可尝试更小的学习率，或把函数参数恢复为默认值。</translation>
    </message>
    <message>
        <source>Try a smaller learning rate.</source>
        <translation>可尝试更小的学习率。</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>Activation Explorer</source>
        <translation>激活函数探索器</translation>
    </message>
    <message>
        <source>Functions</source>
        <translation>函数</translation>
    </message>
    <message>
        <source>Curves</source>
        <translation>曲线</translation>
    </message>
    <message>
        <source>Depth</source>
        <translation>深度</translation>
    </message>
    <message>
        <source>Phase</source>
        <translation>相图</translation>
    </message>
    <message>
        <source>Training</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>拟合</translation>
    </message>
    <message>
        <source>Softmax &amp;&amp; maxout</source>
        <translation>Softmax 与 Maxout</translation>
    </message>
    <message>
        <source>Learn</source>
        <translation>学习</translation>
    </message>
    <message>
        <source>Ready</source>
        <translation>就绪</translation>
    </message>
    <message>
        <source>&amp;File</source>
        <translation>文件(&amp;F)</translation>
    </message>
    <message>
        <source>&amp;Open session…</source>
        <translation>打开会话(&amp;O)…</translation>
    </message>
    <message>
        <source>&amp;Save session…</source>
        <translation>保存会话(&amp;S)…</translation>
    </message>
    <message>
        <source>Open &amp;recent</source>
        <translation>最近打开(&amp;R)</translation>
    </message>
    <message>
        <source>Export plot as &amp;PNG…</source>
        <translation>将图导出为 &amp;PNG…</translation>
    </message>
    <message>
        <source>Export plot as &amp;SVG…</source>
        <translation>将图导出为 &amp;SVG…</translation>
    </message>
    <message>
        <source>Export data as &amp;CSV…</source>
        <translation>将数据导出为 &amp;CSV…</translation>
    </message>
    <message>
        <source>&amp;Copy image</source>
        <translation>复制图像(&amp;C)</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>退出(&amp;Q)</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>视图(&amp;V)</translation>
    </message>
    <message>
        <source>&amp;Language</source>
        <translation>语言(&amp;L)</translation>
    </message>
    <message>
        <source>System</source>
        <translation>跟随系统</translation>
    </message>
    <message>
        <source>&amp;Theme</source>
        <translation>主题(&amp;T)</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>浅色</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>深色</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>帮助(&amp;H)</translation>
    </message>
    <message>
        <source>&amp;About Activation Explorer</source>
        <translation>关于激活函数探索器(&amp;A)</translation>
    </message>
    <message>
        <source>About Activation Explorer</source>
        <translation>关于激活函数探索器</translation>
    </message>
    <message>
        <source>&lt;b&gt;Activation Explorer&lt;/b&gt; {v}&lt;br&gt;See what an activation function does to a neural network: curves, gradients through depth, dying units.</source>
        <translation>&lt;b&gt;激活函数探索器&lt;/b&gt; {v}&lt;br&gt;看看激活函数对神经网络做了什么：曲线、随深度传播的梯度、死亡的神经元。</translation>
    </message>
    <message>
        <source>Image copied to the clipboard</source>
        <translation>图像已复制到剪贴板</translation>
    </message>
    <message>
        <source>Plots</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Network diagram</source>
        <translation>网络结构图</translation>
    </message>
    <message>
        <source>Picture:</source>
        <translation>图像：</translation>
    </message>
    <message>
        <source>PNG image (*.png)</source>
        <translation>PNG 图像 (*.png)</translation>
    </message>
    <message>
        <source>SVG image (*.svg)</source>
        <translation>SVG 图像 (*.svg)</translation>
    </message>
    <message>
        <source>CSV table (*.csv)</source>
        <translation>CSV 表格 (*.csv)</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>导出</translation>
    </message>
    <message>
        <source>Saved {path}</source>
        <translation>已保存 {path}</translation>
    </message>
    <message>
        <source>Export failed</source>
        <translation>导出失败</translation>
    </message>
    <message>
        <source>Could not write {path}:
{reason}</source>
        <translation>无法写入 {path}：
{reason}</translation>
    </message>
    <message>
        <source>{s}× screen — {w} px wide</source>
        <translation>屏幕的 {s} 倍 —— 宽 {w} 像素</translation>
    </message>
    <message>
        <source>PNG resolution</source>
        <translation>PNG 分辨率</translation>
    </message>
    <message>
        <source>Resolution:</source>
        <translation>分辨率：</translation>
    </message>
    <message>
        <source>Opened {path}</source>
        <translation>已打开 {path}</translation>
    </message>
    <message>
        <source>Save session</source>
        <translation>保存会话</translation>
    </message>
    <message>
        <source>Activation Explorer session (*.actx)</source>
        <translation>激活函数探索器会话 (*.actx)</translation>
    </message>
    <message>
        <source>Could not save the session</source>
        <translation>无法保存会话</translation>
    </message>
    <message>
        <source>Open session</source>
        <translation>打开会话</translation>
    </message>
    <message>
        <source>Activation Explorer session (*.actx);;All files (*)</source>
        <translation>激活函数探索器会话 (*.actx);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Could not open the session</source>
        <translation>无法打开会话</translation>
    </message>
    <message>
        <source>{reason}

Nothing was changed.</source>
        <translation>{reason}

当前状态没有任何改动。</translation>
    </message>
</context>
<context>
    <name>MaxoutPage</name>
    <message>
        <source>Pieces k</source>
        <translation>分段数 k</translation>
    </message>
    <message>
        <source>Number of pieces</source>
        <translation>分段数</translation>
    </message>
    <message>
        <source>Pieces wᵢ·x + bᵢ</source>
        <translation>分段 wᵢ·x + bᵢ</translation>
    </message>
    <message>
        <source>slope w</source>
        <translation>斜率 w</translation>
    </message>
    <message>
        <source>intercept b</source>
        <translation>截距 b</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>Leaky ReLU</source>
        <translation>Leaky ReLU</translation>
    </message>
    <message>
        <source>|x|</source>
        <translation>|x|</translation>
    </message>
    <message>
        <source>A maxout unit outputs the largest of k linear functions of its input, so it can learn its own piecewise-linear, convex activation: two pieces already give ReLU, leaky ReLU or |x|. Its slope f′(x) is the slope of the winning piece, which can be 0 (the ReLU preset on the left). It does not die for another reason: every piece is learned, and the winning piece always receives the gradient (∂f/∂piece = 1), so even a flat piece keeps being trained and can tilt, where a ReLU&apos;s zero side is a constant. The price is k times the weights.</source>
        <translation>Maxout 单元输出其输入的 k 个线性函数中最大的那个，因此可以学到自己的分段线性凸激活函数：两段就能得到 ReLU、Leaky ReLU 或 |x|。它的斜率 f′(x) 就是获胜那一段的斜率，可能为 0（ReLU 预设的左侧）。它不会死亡另有原因：每一段都是学出来的，而获胜的那一段总能收到梯度（∂f/∂段 = 1），所以即使是平的一段也会继续被训练、可以倾斜；而 ReLU 的零侧是一个常数。代价是 k 倍的权重。</translation>
    </message>
    <message>
        <source>Here f′(x) is never 0: the input always gets some gradient.</source>
        <translation>这里 f′(x) 处处不为 0：输入总能得到一些梯度。</translation>
    </message>
    <message>
        <source>Here f′(x) = 0 everywhere: every piece is flat, so the input gets no gradient, though the winning piece&apos;s own weights still do.</source>
        <translation>这里 f′(x) 处处为 0：每一段都是平的，所以输入得不到梯度，但获胜那一段自己的权重仍然能得到梯度。</translation>
    </message>
    <message>
        <source>Here f′(x) = 0 for {where}: there the input gets no gradient, but the winning flat piece&apos;s own weights still do.</source>
        <translation>这里 {where} 时 f′(x) = 0：在那里输入得不到梯度，但获胜的那条平线段自己的权重仍然能得到梯度。</translation>
    </message>
    <message>
        <source>Maxout f(x) = maxᵢ (wᵢx + bᵢ)</source>
        <translation>Maxout f(x) = maxᵢ (wᵢx + bᵢ)</translation>
    </message>
    <message>
        <source>f′(x): slope of the winning piece</source>
        <translation>f′(x)：胜出分段的斜率</translation>
    </message>
    <message>
        <source>slope</source>
        <translation>斜率</translation>
    </message>
    <message>
        <source>intercept</source>
        <translation>截距</translation>
    </message>
    <message>
        <source>Cost: a layer of maxout units with k = {k} pieces has {k}× the weights and multiply-adds of the same layer of ReLU units.</source>
        <translation>代价：一层 k = {k} 段的 maxout 单元，其权重数和乘加运算量是同样一层 ReLU 单元的 {k} 倍。</translation>
    </message>
</context>
<context>
    <name>NetworkView</name>
    <message>
        <source>pre-activation z</source>
        <translation>预激活 z</translation>
    </message>
    <message>
        <source>log₁₀|∂L/∂z|</source>
        <translation>log₁₀|∂L/∂z|</translation>
    </message>
    <message>
        <source>Layer {l}</source>
        <translation>第 {l} 层</translation>
    </message>
    <message>
        <source>{d}/{n} dead</source>
        <translation>{d}/{n} 死亡</translation>
    </message>
    <message>
        <source>{s} sat.</source>
        <translation>{s} 饱和</translation>
    </message>
    <message>
        <source>∂L/∂z = 0: {p:.0%}</source>
        <translation>∂L/∂z = 0：{p:.0%}</translation>
    </message>
    <message>
        <source>Network diagram and histograms</source>
        <translation>网络结构图与直方图</translation>
    </message>
    <message>
        <source>Click a unit to enlarge its map</source>
        <translation>单击神经元可放大它的输出图</translation>
    </message>
    <message>
        <source>Histograms at epoch</source>
        <translation>直方图所示轮次</translation>
    </message>
    <message>
        <source>Epoch shown in the histograms</source>
        <translation>直方图显示的轮次</translation>
    </message>
    <message>
        <source>Drag to look back at the histograms of earlier epochs</source>
        <translation>拖动以回看之前轮次的直方图</translation>
    </message>
    <message>
        <source>&lt;b&gt;Input x{i}&lt;/b&gt;&lt;br&gt;the map shows x{i} over the plane</source>
        <translation>&lt;b&gt;输入 x{i}&lt;/b&gt;&lt;br&gt;图中显示 x{i} 在平面上的取值</translation>
    </message>
    <message>
        <source>&lt;b&gt;Output: class {k}&lt;/b&gt;&lt;br&gt;probability of class {k} on the plane: {lo:.3g} to {hi:.3g}</source>
        <translation>&lt;b&gt;输出：类别 {k}&lt;/b&gt;&lt;br&gt;平面上类别 {k} 的概率：{lo:.3g} 到 {hi:.3g}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Layer {l}&lt;/b&gt; ({act}), {n} units, shown as a summary strip&lt;br&gt;alive {a} · dead {d} · saturated {s}</source>
        <translation>&lt;b&gt;第 {l} 层&lt;/b&gt;（{act}），{n} 个神经元，以汇总条显示&lt;br&gt;存活 {a} · 死亡 {d} · 饱和 {s}</translation>
    </message>
    <message>
        <source>&lt;b&gt;Layer {l}, unit {u}&lt;/b&gt; ({act})</source>
        <translation>&lt;b&gt;第 {l} 层，第 {u} 个神经元&lt;/b&gt;（{act}）</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{c}&apos;&gt;&lt;b&gt;dead&lt;/b&gt; since epoch {e}&lt;/span&gt;: f′(z) = 0 for every training input, so it gets no gradient</source>
        <translation>&lt;span style=&apos;color:{c}&apos;&gt;自第 {e} 轮起&lt;b&gt;死亡&lt;/b&gt;&lt;/span&gt;：对所有训练输入都有 f′(z) = 0，因此得不到任何梯度</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{c}&apos;&gt;&lt;b&gt;saturated&lt;/b&gt;&lt;/span&gt;: |f′(z)| below 1% of its maximum for every training input</source>
        <translation>&lt;span style=&apos;color:{c}&apos;&gt;&lt;b&gt;饱和&lt;/b&gt;&lt;/span&gt;：对所有训练输入，|f′(z)| 都低于其最大值的 1%</translation>
    </message>
    <message>
        <source>alive</source>
        <translation>存活</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{c}&apos;&gt;&lt;b&gt;came back&lt;/b&gt;&lt;/span&gt;: dead from epoch {a}, alive again at epoch {b}, because the layers below changed its inputs</source>
        <translation>&lt;span style=&apos;color:{c}&apos;&gt;&lt;b&gt;已复活&lt;/b&gt;&lt;/span&gt;：从第 {a} 轮起死亡，第 {b} 轮重新激活，因为前面各层改变了它的输入</translation>
    </message>
    <message>
        <source>over {n} of the {t} training inputs</source>
        <translation>基于 {t} 个训练输入中的 {n} 个</translation>
    </message>
    <message>
        <source>over the {n} training inputs</source>
        <translation>基于全部 {n} 个训练输入</translation>
    </message>
    <message>
        <source>pre-activation z {over}: {lo:.4g} to {hi:.4g}</source>
        <translation>预激活 z（{over}）：{lo:.4g} 到 {hi:.4g}</translation>
    </message>
    <message>
        <source>zero gradient, f′(z) = 0: {p:.1%} of them</source>
        <translation>梯度为零（f′(z) = 0）：占 {p:.1%}</translation>
    </message>
    <message>
        <source>bias b = {b:.4g}</source>
        <translation>偏置 b = {b:.4g}</translation>
    </message>
    <message>
        <source>(epoch {e})</source>
        <translation>（第 {e} 轮）</translation>
    </message>
    <message>
        <source>&lt;b&gt;Input&lt;/b&gt;&lt;br&gt;{n} features</source>
        <translation>&lt;b&gt;输入&lt;/b&gt;&lt;br&gt;{n} 个特征</translation>
    </message>
    <message>
        <source>&lt;b&gt;Output&lt;/b&gt;&lt;br&gt;{n} classes</source>
        <translation>&lt;b&gt;输出&lt;/b&gt;&lt;br&gt;{n} 个类别</translation>
    </message>
    <message>
        <source>&lt;b&gt;Layer {l}&lt;/b&gt;&lt;br&gt;{act}</source>
        <translation>&lt;b&gt;第 {l} 层&lt;/b&gt;&lt;br&gt;{act}</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{c}&apos;&gt;{d} dead&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:{c}&apos;&gt;{d} 个死亡&lt;/span&gt;</translation>
    </message>
    <message>
        <source>{n} units</source>
        <translation>{n} 个神经元</translation>
    </message>
    <message>
        <source>Input x{i}</source>
        <translation>输入 x{i}</translation>
    </message>
    <message>
        <source>Output: P(class {k})</source>
        <translation>输出：P(类别 {k})</translation>
    </message>
    <message>
        <source>Layer {l}, unit {u}: h = f(z)</source>
        <translation>第 {l} 层第 {u} 个神经元：h = f(z)</translation>
    </message>
    <message>
        <source>from {lo:.3g} to {hi:.3g}</source>
        <translation>从 {lo:.3g} 到 {hi:.3g}</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{b}&apos;&gt;━&lt;/span&gt; positive weight &amp;nbsp; &lt;span style=&apos;color:{o}&apos;&gt;━&lt;/span&gt; negative (thicker = larger |w|)&lt;br&gt;maps: each unit&apos;s output over the input plane (blue +, white 0, orange −)&lt;br&gt;&lt;span style=&apos;color:{r}&apos;&gt;✕ †N&lt;/span&gt; dead since epoch N &amp;nbsp;·&amp;nbsp; &lt;span style=&apos;color:{a}&apos;&gt;┅&lt;/span&gt; saturated &amp;nbsp;·&amp;nbsp; &lt;span style=&apos;color:{g}&apos;&gt;◯ †N↺M&lt;/span&gt; died at epoch N, back at M</source>
        <translation>&lt;span style=&apos;color:{b}&apos;&gt;━&lt;/span&gt; 正权重 &amp;nbsp; &lt;span style=&apos;color:{o}&apos;&gt;━&lt;/span&gt; 负权重（越粗 |w| 越大）&lt;br&gt;小图：每个神经元在输入平面上的输出（蓝 +，白 0，橙 −）&lt;br&gt;&lt;span style=&apos;color:{r}&apos;&gt;✕ †N&lt;/span&gt; 自第 N 轮起死亡 &amp;nbsp;·&amp;nbsp; &lt;span style=&apos;color:{a}&apos;&gt;┅&lt;/span&gt; 饱和 &amp;nbsp;·&amp;nbsp; &lt;span style=&apos;color:{g}&apos;&gt;◯ †N↺M&lt;/span&gt; 第 N 轮死亡，第 M 轮复活</translation>
    </message>
    <message>
        <source>epoch {e} (now)</source>
        <translation>第 {e} 轮（当前）</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{c}&apos;&gt;{s} sat.&lt;/span&gt;</source>
        <translation>&lt;span style=&apos;color:{c}&apos;&gt;{s} 个饱和&lt;/span&gt;</translation>
    </message>
    <message>
        <source>epoch {e}</source>
        <translation>第 {e} 轮</translation>
    </message>
</context>
<context>
    <name>ParamEditor</name>
    <message>
        <source>This function has no parameters.</source>
        <translation>该函数没有参数。</translation>
    </message>
    <message>
        <source>Reset to defaults</source>
        <translation>恢复默认值</translation>
    </message>
    <message>
        <source>Parameters of &lt;b&gt;{name}&lt;/b&gt;</source>
        <translation>&lt;b&gt;{name}&lt;/b&gt; 的参数</translation>
    </message>
</context>
<context>
    <name>PhaseControls</name>
    <message>
        <source>Function shown</source>
        <translation>所显示的函数</translation>
    </message>
    <message>
        <source>Weight variance σ_w²</source>
        <translation>权重方差 σ_w²</translation>
    </message>
    <message>
        <source>Weights W ~ N(0, σ_w²/fan_in). Sets the Depth tab to a custom init with σ_w = √σ_w².</source>
        <translation>权重 W ~ N(0, σ_w²/fan_in)。会把深度页设为自定义初始化，σ_w = √σ_w²。</translation>
    </message>
    <message>
        <source>Bias variance σ_b²</source>
        <translation>偏置方差 σ_b²</translation>
    </message>
    <message>
        <source>Biases b ~ N(0, σ_b²). Sets the Depth tab&apos;s σ_b = √σ_b².</source>
        <translation>偏置 b ~ N(0, σ_b²)。会把深度页的 σ_b 设为 √σ_b²。</translation>
    </message>
    <message>
        <source>σ_w²</source>
        <translation>σ_w²</translation>
    </message>
    <message>
        <source>σ_b²</source>
        <translation>σ_b²</translation>
    </message>
    <message>
        <source>ξ_c, correlation depth scale</source>
        <translation>ξ_c，相关深度尺度</translation>
    </message>
    <message>
        <source>|ξ_∇|, gradient depth scale</source>
        <translation>|ξ_∇|，梯度深度尺度</translation>
    </message>
    <message>
        <source>χ, gradient factor per layer</source>
        <translation>χ，每层的梯度系数</translation>
    </message>
    <message>
        <source>q*, fixed-point variance</source>
        <translation>q*，不动点方差</translation>
    </message>
    <message>
        <source>Quantity shown</source>
        <translation>显示的量</translation>
    </message>
    <message>
        <source>Colour</source>
        <translation>着色</translation>
    </message>
    <message>
        <source>σ_w² from</source>
        <translation>σ_w² 从</translation>
    </message>
    <message>
        <source>σ_w² to</source>
        <translation>σ_w² 到</translation>
    </message>
    <message>
        <source>σ_b² from</source>
        <translation>σ_b² 从</translation>
    </message>
    <message>
        <source>σ_b² to</source>
        <translation>σ_b² 到</translation>
    </message>
    <message>
        <source>Grid cells per axis</source>
        <translation>每个轴的网格数</translation>
    </message>
    <message>
        <source>Grid</source>
        <translation>网格</translation>
    </message>
    <message>
        <source>σ_w² values of the sweep</source>
        <translation>扫描的 σ_w² 取值</translation>
    </message>
    <message>
        <source>σ_w² values</source>
        <translation>σ_w² 取值</translation>
    </message>
    <message>
        <source>Depths of the sweep</source>
        <translation>扫描的深度</translation>
    </message>
    <message>
        <source>Depths L</source>
        <translation>深度 L</translation>
    </message>
    <message>
        <source>σ_b² of the sweep</source>
        <translation>扫描的 σ_b²</translation>
    </message>
    <message>
        <source>SGD steps</source>
        <translation>SGD 步数</translation>
    </message>
    <message>
        <source>Steps</source>
        <translation>步数</translation>
    </message>
    <message>
        <source>Width of the sweep&apos;s networks</source>
        <translation>扫描网络的宽度</translation>
    </message>
    <message>
        <source>Width</source>
        <translation>宽度</translation>
    </message>
    <message>
        <source>Layers of the network</source>
        <translation>网络层数</translation>
    </message>
    <message>
        <source>Layers L</source>
        <translation>层数 L</translation>
    </message>
    <message>
        <source>Width of the network</source>
        <translation>网络宽度</translation>
    </message>
    <message>
        <source>Gaussian</source>
        <translation>高斯</translation>
    </message>
    <message>
        <source>orthogonal</source>
        <translation>正交</translation>
    </message>
    <message>
        <source>Weight matrices</source>
        <translation>权重矩阵</translation>
    </message>
    <message>
        <source>Weights</source>
        <translation>权重</translation>
    </message>
    <message>
        <source>Random networks</source>
        <translation>随机网络数</translation>
    </message>
    <message>
        <source>Networks</source>
        <translation>网络数</translation>
    </message>
    <message>
        <source>Phase diagram</source>
        <translation>相图</translation>
    </message>
    <message>
        <source>Diagram</source>
        <translation>相图</translation>
    </message>
    <message>
        <source>Trainability sweep</source>
        <translation>可训练性扫描</translation>
    </message>
    <message>
        <source>Trainability</source>
        <translation>可训练性</translation>
    </message>
    <message>
        <source>Jacobian spectrum</source>
        <translation>雅可比谱</translation>
    </message>
</context>
<context>
    <name>PhasePanel</name>
    <message>
        <source>Gaussian</source>
        <translation>高斯</translation>
    </message>
    <message>
        <source>orthogonal</source>
        <translation>正交</translation>
    </message>
    <message>
        <source>Jacobian spectrum</source>
        <translation>雅可比谱</translation>
    </message>
    <message>
        <source>Xavier</source>
        <translation>Xavier</translation>
    </message>
    <message>
        <source>Xavier / Glorot: σ_w² = 2·fan_in/(fan_in + fan_out), 1 for square layers; σ_b² kept</source>
        <translation>Xavier / Glorot：σ_w² = 2·fan_in/(fan_in + fan_out)，方阵层为 1；σ_b² 保持不变</translation>
    </message>
    <message>
        <source>He</source>
        <translation>He</translation>
    </message>
    <message>
        <source>He / Kaiming: σ_w² = 2 (2/(1 + a²) for a leaky slope a); σ_b² kept</source>
        <translation>He / Kaiming：σ_w² = 2（负半轴斜率为 a 时为 2/(1 + a²)）；σ_b² 保持不变</translation>
    </message>
    <message>
        <source>LeCun</source>
        <translation>LeCun</translation>
    </message>
    <message>
        <source>LeCun: σ_w² = 1; σ_b² kept</source>
        <translation>LeCun：σ_w² = 1；σ_b² 保持不变</translation>
    </message>
    <message>
        <source>Critical</source>
        <translation>临界点</translation>
    </message>
    <message>
        <source>The point of the critical line χ = 1 at the current σ_b² (found by root finding)</source>
        <translation>当前 σ_b² 下临界线 χ = 1 上的点（用求根算法求得）</translation>
    </message>
    <message>
        <source>The point sets the Depth tab: custom init, σ_w = √σ_w², σ_b = √σ_b².</source>
        <translation>这个点会设置深度页：自定义初始化，σ_w = √σ_w²，σ_b = √σ_b²。</translation>
    </message>
    <message>
        <source>Run sweep</source>
        <translation>开始扫描</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>取消</translation>
    </message>
    <message>
        <source>Function: &lt;b&gt;{name}&lt;/b&gt; (choose it in the Functions list)</source>
        <translation>函数：&lt;b&gt;{name}&lt;/b&gt;（在函数列表中选择）</translation>
    </message>
    <message>
        <source>log₁₀ ξ_c (layers)</source>
        <translation>log₁₀ ξ_c（层）</translation>
    </message>
    <message>
        <source>log₁₀ |ξ_∇| (layers)</source>
        <translation>log₁₀ |ξ_∇|（层）</translation>
    </message>
    <message>
        <source>log₁₀ χ</source>
        <translation>log₁₀ χ</translation>
    </message>
    <message>
        <source>log₁₀ q*</source>
        <translation>log₁₀ q*</translation>
    </message>
    <message>
        <source>White line: the critical line χ = 1 (ordered phase to its left, chaotic to its right). {zero} q* = 0: every signal dies out; {inf} q* = ∞: no finite fixed point. Neither is coloured as a number. ξ_∇ = −1/ln χ is negative in the chaotic phase (the gradient grows); the colour shows |ξ_∇|. The depth scales grow without bound at the line: the colour scale ends at the 99th percentile of the cells, and cells above it take its top colour.</source>
        <translation>白线：临界线 χ = 1（左侧为有序相，右侧为混沌相）。{zero} q* = 0：所有信号逐层消失；{inf} q* = ∞：没有有限的不动点。这两种格子都不按数值着色。ξ_∇ = −1/ln χ 在混沌相中为负（梯度增长）；颜色表示 |ξ_∇|。深度尺度在临界线上无限增大：色标止于所有格子的第 99 百分位数，更大的值都用最顶端的颜色。</translation>
    </message>
    <message>
        <source>{f}: {q} over (σ_w², σ_b²)</source>
        <translation>{f}：(σ_w², σ_b²) 平面上的 {q}</translation>
    </message>
    <message>
        <source>σ_w² (weight variance × fan_in)</source>
        <translation>σ_w²（权重方差 × fan_in）</translation>
    </message>
    <message>
        <source>σ_b² (bias variance)</source>
        <translation>σ_b²（偏置方差）</translation>
    </message>
    <message>
        <source>{f}, width {w}, σ_b² = {b}: training accuracy after {n} SGD steps; red: L = 6ξ_c</source>
        <translation>{f}，宽度 {w}，σ_b² = {b}：{n} 步 SGD 后的训练准确率；红线：L = 6ξ_c</translation>
    </message>
    <message>
        <source>Trainability: press Run sweep</source>
        <translation>可训练性：请点击“开始扫描”</translation>
    </message>
    <message>
        <source>depth L (hidden layers)</source>
        <translation>深度 L（隐藏层数）</translation>
    </message>
    <message>
        <source>training accuracy</source>
        <translation>训练准确率</translation>
    </message>
    <message>
        <source>singular value of the input–output Jacobian</source>
        <translation>输入–输出雅可比矩阵的奇异值</translation>
    </message>
    <message>
        <source>count</source>
        <translation>个数</translation>
    </message>
    <message>
        <source>{f}, {L} layers, width {n}, {init} weights, σ_w² = {w}, σ_b² = {b}</source>
        <translation>{f}，{L} 层，宽度 {n}，{init}权重，σ_w² = {w}，σ_b² = {b}</translation>
    </message>
    <message>
        <source>σ_w² = {w}, σ_b² = {b}</source>
        <translation>σ_w² = {w}，σ_b² = {b}</translation>
    </message>
    <message>
        <source>q* = ∞ (no finite fixed point): nothing is defined</source>
        <translation>q* = ∞（没有有限的不动点）：各量均无定义</translation>
    </message>
    <message>
        <source>ordered</source>
        <translation>有序</translation>
    </message>
    <message>
        <source>chaotic</source>
        <translation>混沌</translation>
    </message>
    <message>
        <source>critical</source>
        <translation>临界</translation>
    </message>
    <message>
        <source>q* = {q}, χ = {chi}, ξ_∇ = {xg}, ξ_c = {xc}</source>
        <translation>q* = {q}，χ = {chi}，ξ_∇ = {xg}，ξ_c = {xc}</translation>
    </message>
    <message>
        <source>(q* = 0: χ and ξ_∇ are the limits as q → 0)</source>
        <translation>（q* = 0：χ 和 ξ_∇ 取 q → 0 时的极限）</translation>
    </message>
    <message>
        <source>Pointer: </source>
        <translation>指针处：</translation>
    </message>
    <message>
        <source>Marker: </source>
        <translation>标记处：</translation>
    </message>
    <message>
        <source>Computing the phase diagram…</source>
        <translation>正在计算相图…</translation>
    </message>
    <message>
        <source>Trains every (σ_w², L) network of the current function (width above, plain SGD, learning rate 0.01, batch 32) on the moons data and colours its final training accuracy. Schoenholz et al. (2017) found that networks train only up to L ≈ 6ξ_c. The default size takes a few minutes.</source>
        <translation>用当前函数为每个 (σ_w², L) 组合建一个网络（宽度见上，普通 SGD，学习率 0.01，批大小 32），在 moons 数据上训练，并按最终训练准确率着色。Schoenholz 等人（2017）发现网络只能训练到约 L ≈ 6ξ_c 层。默认规模需要几分钟。</translation>
    </message>
    <message>
        <source>Computing…</source>
        <translation>正在计算…</translation>
    </message>
    <message>
        <source>Squared singular values: mean {m}, variance {v} (per network, averaged over {n}).</source>
        <translation>奇异值的平方：均值 {m}，方差 {v}（每个网络的方差，对 {n} 个网络取平均）。</translation>
    </message>
    <message>
        <source>Free probability (wide networks): mean χ&lt;sup&gt;L&lt;/sup&gt; = {m}, variance {v}.</source>
        <translation>自由概率论（宽网络）：均值 χ&lt;sup&gt;L&lt;/sup&gt; = {m}，方差 {v}。</translation>
    </message>
    <message>
        <source>Free probability: no prediction here (no finite fixed point).</source>
        <translation>自由概率论：此处无预测（没有有限的不动点）。</translation>
    </message>
    <message>
        <source>{f} has no critical point at σ_b² = {b} (χ never reaches 1 with a finite fixed point)</source>
        <translation>{f} 在 σ_b² = {b} 处没有临界点（在不动点有限时 χ 达不到 1）</translation>
    </message>
</context>
<context>
    <name>PhaseRuns</name>
    <message>
        <source>Running {n} networks…</source>
        <translation>正在训练 {n} 个网络…</translation>
    </message>
    <message>
        <source>Done: {n} networks in {s} s.</source>
        <translation>完成：{n} 个网络，用时 {s} 秒。</translation>
    </message>
    <message>
        <source>Cancelled.</source>
        <translation>已取消。</translation>
    </message>
</context>
<context>
    <name>PropertiesCard</name>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>soft (f′ → 0 only in the limit)</source>
        <translation>软饱和（f′ 仅在极限处 → 0）</translation>
    </message>
    <message>
        <source>hard (f′ = 0 everywhere)</source>
        <translation>硬饱和（f′ 处处为 0）</translation>
    </message>
    <message>
        <source>hard (f′ = 0 for x &lt; {at})</source>
        <translation>硬饱和（x &lt; {at} 时 f′ = 0）</translation>
    </message>
    <message>
        <source>hard (f′ = 0 for x &gt; {at})</source>
        <translation>硬饱和（x &gt; {at} 时 f′ = 0）</translation>
    </message>
    <message>
        <source>smooth (no kinks)</source>
        <translation>光滑（无折点）</translation>
    </message>
    <message>
        <source>C¹: f′ continuous, f″ jumps</source>
        <translation>C¹：f′ 连续，f″ 跳变</translation>
    </message>
    <message>
        <source>continuous with kinks (f′ jumps)</source>
        <translation>连续但有折点（f′ 跳变）</translation>
    </message>
    <message>
        <source>discontinuous (f jumps)</source>
        <translation>不连续（f 跳变）</translation>
    </message>
    <message>
        <source>Range</source>
        <translation>值域</translation>
    </message>
    <message>
        <source>Zero-centred</source>
        <translation>零均值</translation>
    </message>
    <message>
        <source>Monotonic</source>
        <translation>单调</translation>
    </message>
    <message>
        <source>Smoothness</source>
        <translation>光滑性</translation>
    </message>
    <message>
        <source>Left saturation</source>
        <translation>左饱和</translation>
    </message>
    <message>
        <source>Right saturation</source>
        <translation>右饱和</translation>
    </message>
    <message>
        <source>Largest |f′|</source>
        <translation>最大 |f′|</translation>
    </message>
    <message>
        <source>f′(0)</source>
        <translation>f′(0)</translation>
    </message>
    <message>
        <source>Units can die</source>
        <translation>神经元可能死亡</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>最小值</translation>
    </message>
    <message>
        <source>For z ~ N(0,1)</source>
        <translation>z ~ N(0,1) 时</translation>
    </message>
    <message>
        <source>What the analysis found</source>
        <translation>分析结果</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>References</source>
        <translation>参考文献</translation>
    </message>
    <message>
        <source> (E[f(z)] = {m})</source>
        <translation>（E[f(z)] = {m}）</translation>
    </message>
    <message>
        <source> at x = {at}</source>
        <translation>，位于 x = {at}</translation>
    </message>
    <message>
        <source> — f′ = 0 on a whole half-line</source>
        <translation>——f′ 在整条半直线上为 0</translation>
    </message>
    <message>
        <source>{f} at x = {x}</source>
        <translation>{f}，位于 x = {x}</translation>
    </message>
    <message>
        <source>none (no interior minimum)</source>
        <translation>无（没有内部最小值）</translation>
    </message>
    <message>
        <source>E[f′] = {a}, E[f′²] = {b}</source>
        <translation>E[f′] = {a}，E[f′²] = {b}</translation>
    </message>
    <message>
        <source>{m}, approached as x → {at}{side} but not reached (f′({at}) = {f_at})</source>
        <translation>{m}，x → {at}{side} 时趋近但取不到（f′({at}) = {f_at}）</translation>
    </message>
    <message>
        <source>{m} everywhere</source>
        <translation>处处为 {m}</translation>
    </message>
    <message>
        <source>{m} (approached as x → {side})</source>
        <translation>{m}（x → {side} 时趋近）</translation>
    </message>
    <message>
        <source>{m} at x = {x}</source>
        <translation>{m}，位于 x = {x}</translation>
    </message>
    <message>
        <source>{m} for x &gt; {a}</source>
        <translation>{m}，当 x &gt; {a}</translation>
    </message>
    <message>
        <source>{m} for x &lt; {b}</source>
        <translation>{m}，当 x &lt; {b}</translation>
    </message>
    <message>
        <source>{m} for {a} &lt; x &lt; {b}</source>
        <translation>{m}，当 {a} &lt; x &lt; {b}</translation>
    </message>
    <message>
        <source>not defined for every x</source>
        <translation>并非对所有 x 都有定义</translation>
    </message>
    <message>
        <source>Defined</source>
        <translation>定义域</translation>
    </message>
    <message>
        <source>none: f takes no finite value</source>
        <translation>无：f 不取任何有限值</translation>
    </message>
    <message>
        <source>for every x</source>
        <translation>所有 x</translation>
    </message>
    <message>
        <source> (E[f(z)] undefined)</source>
        <translation>（E[f(z)] 无定义）</translation>
    </message>
    <message>
        <source>undefined: f is not defined for every x, and z ~ N(0,1) reaches every x</source>
        <translation>无定义：f 并非对所有 x 都有定义，而 z ~ N(0,1) 可取到任意 x</translation>
    </message>
    <message>
        <source>unbounded (|f′| → ∞ near x = {x})</source>
        <translation>无界（在 x = {x} 附近 |f′| → ∞）</translation>
    </message>
</context>
<context>
    <name>PropertiesReport</name>
    <message>
        <source>Range</source>
        <translation>值域</translation>
    </message>
    <message>
        <source>Defined</source>
        <translation>定义域</translation>
    </message>
    <message>
        <source>for every x</source>
        <translation>所有 x</translation>
    </message>
    <message>
        <source>Zero-centred</source>
        <translation>以零为中心</translation>
    </message>
    <message>
        <source>Monotonic</source>
        <translation>单调</translation>
    </message>
    <message>
        <source>Continuous</source>
        <translation>连续</translation>
    </message>
    <message>
        <source>Smoothness</source>
        <translation>光滑性</translation>
    </message>
    <message>
        <source>Left saturation</source>
        <translation>左饱和</translation>
    </message>
    <message>
        <source>Right saturation</source>
        <translation>右饱和</translation>
    </message>
    <message>
        <source>Largest |f′|</source>
        <translation>最大 |f′|</translation>
    </message>
    <message>
        <source>f′(0)</source>
        <translation>f′(0)</translation>
    </message>
    <message>
        <source>Units can die</source>
        <translation>神经元可能死亡</translation>
    </message>
    <message>
        <source>Minimum</source>
        <translation>最小值</translation>
    </message>
    <message>
        <source>For z ~ N(0,1)</source>
        <translation>z ~ N(0,1) 时</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>说明</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>是</translation>
    </message>
    <message>
        <source>no</source>
        <translation>否</translation>
    </message>
    <message>
        <source>none</source>
        <translation>无</translation>
    </message>
    <message>
        <source>undefined</source>
        <translation>无定义</translation>
    </message>
    <message>
        <source>E[f(z)] = {m}</source>
        <translation>E[f(z)] = {m}</translation>
    </message>
    <message>
        <source>E[f(z)] undefined</source>
        <translation>E[f(z)] 无定义</translation>
    </message>
    <message>
        <source>E[f] = {a}, E[f²] = {b}, E[f′] = {c}, E[f′²] = {d}</source>
        <translation>E[f] = {a}，E[f²] = {b}，E[f′] = {c}，E[f′²] = {d}</translation>
    </message>
    <message>
        <source>undefined: f is not defined for every x, and z ~ N(0,1) reaches every x</source>
        <translation>无定义：f 并非对所有 x 都有定义，而 z ~ N(0,1) 可取到任意 x</translation>
    </message>
    <message>
        <source>none: f takes no finite value</source>
        <translation>无：f 不取任何有限值</translation>
    </message>
    <message>
        <source>smooth (no kinks)</source>
        <translation>光滑（无折点）</translation>
    </message>
    <message>
        <source>C¹: f′ continuous, f″ jumps</source>
        <translation>C¹：f′ 连续，f″ 跳变</translation>
    </message>
    <message>
        <source>continuous with kinks (f′ jumps)</source>
        <translation>连续但有折点（f′ 跳变）</translation>
    </message>
    <message>
        <source>discontinuous (f jumps)</source>
        <translation>不连续（f 跳变）</translation>
    </message>
    <message>
        <source>not defined for every x</source>
        <translation>并非对所有 x 都有定义</translation>
    </message>
    <message>
        <source>{what} at x = {at}</source>
        <translation>{what}，位于 x = {at}</translation>
    </message>
    <message>
        <source>soft (f′ → 0 only in the limit)</source>
        <translation>软饱和（f′ 仅在极限处 → 0）</translation>
    </message>
    <message>
        <source>hard (f′ = 0 everywhere)</source>
        <translation>硬饱和（f′ 处处为 0）</translation>
    </message>
    <message>
        <source>hard (f′ = 0 for x &lt; {at})</source>
        <translation>硬饱和（x &lt; {at} 时 f′ = 0）</translation>
    </message>
    <message>
        <source>hard (f′ = 0 for x &gt; {at})</source>
        <translation>硬饱和（x &gt; {at} 时 f′ = 0）</translation>
    </message>
    <message>
        <source>{m} everywhere</source>
        <translation>处处为 {m}</translation>
    </message>
    <message>
        <source>{m} (approached as x → {side})</source>
        <translation>{m}（x → {side} 时趋近）</translation>
    </message>
    <message>
        <source>{m} at x = {x}</source>
        <translation>{m}，位于 x = {x}</translation>
    </message>
    <message>
        <source>{m}, approached as x → {x}{side} but not reached (f′({x}) = {v})</source>
        <translation>{m}，x → {x}{side} 时趋近但取不到（f′({x}) = {v}）</translation>
    </message>
    <message>
        <source>unbounded (|f′| → ∞ near x = {x})</source>
        <translation>无界（在 x = {x} 附近 |f′| → ∞）</translation>
    </message>
    <message>
        <source>{m} for x &gt; {a}</source>
        <translation>{m}，当 x &gt; {a}</translation>
    </message>
    <message>
        <source>{m} for x &lt; {b}</source>
        <translation>{m}，当 x &lt; {b}</translation>
    </message>
    <message>
        <source>{m} for {a} &lt; x &lt; {b}</source>
        <translation>{m}，当 {a} &lt; x &lt; {b}</translation>
    </message>
    <message>
        <source>yes — f′ = 0 on a whole half-line</source>
        <translation>是——f′ 在整条半直线上为 0</translation>
    </message>
    <message>
        <source>{f} at x = {x}</source>
        <translation>{f}，位于 x = {x}</translation>
    </message>
    <message>
        <source>none (no interior minimum)</source>
        <translation>无（没有内部最小值）</translation>
    </message>
    <message>
        <source>undefined everywhere (f is not a finite number for any x)</source>
        <translation>处处无定义（对任何 x，f 都不是有限数）</translation>
    </message>
    <message>
        <source>undefined {where}</source>
        <translation>{where}无定义</translation>
    </message>
    <message>
        <source> and in {n} more intervals</source>
        <translation>，另有 {n} 个区间无定义</translation>
    </message>
    <message>
        <source>at x = {a}</source>
        <translation>在 x = {a} 处</translation>
    </message>
    <message>
        <source>for x &lt; {b}</source>
        <translation>当 x &lt; {b} 时</translation>
    </message>
    <message>
        <source>for x ≤ {b}</source>
        <translation>当 x ≤ {b} 时</translation>
    </message>
    <message>
        <source>for x &gt; {a}</source>
        <translation>当 x &gt; {a} 时</translation>
    </message>
    <message>
        <source>for x ≥ {a}</source>
        <translation>当 x ≥ {a} 时</translation>
    </message>
    <message>
        <source>for {a} {lo_op} x {hi_op} {b}</source>
        <translation>当 {a} {lo_op} x {hi_op} {b} 时</translation>
    </message>
</context>
<context>
    <name>ResetDefaultsButton</name>
    <message>
        <source>Reset to defaults</source>
        <translation>恢复默认设置</translation>
    </message>
    <message>
        <source>Put every setting of this tab back to its default value (the settings are remembered between runs)</source>
        <translation>把本页的所有设置恢复为默认值（设置会在下次启动时保留）</translation>
    </message>
    <message>
        <source>Reset this tab&apos;s settings to their defaults</source>
        <translation>把本页设置恢复为默认值</translation>
    </message>
</context>
<context>
    <name>ShortcutsDialog</name>
    <message>
        <source>Keyboard shortcuts</source>
        <translation>键盘快捷键</translation>
    </message>
    <message>
        <source>Every shortcut of the window, read from its menus and actions.</source>
        <translation>窗口的全部快捷键，直接读取自菜单和操作。</translation>
    </message>
    <message>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <source>Shortcut</source>
        <translation>快捷键</translation>
    </message>
</context>
<context>
    <name>SoftmaxPage</name>
    <message>
        <source>Logits z</source>
        <translation>Logit z</translation>
    </message>
    <message>
        <source>Add logit</source>
        <translation>添加 logit</translation>
    </message>
    <message>
        <source>Remove logit</source>
        <translation>删除 logit</translation>
    </message>
    <message>
        <source>2.0, 1.0, 0.1</source>
        <translation>2.0, 1.0, 0.1</translation>
    </message>
    <message>
        <source>The example from the course slides</source>
        <translation>课件中的例子</translation>
    </message>
    <message>
        <source>1000, 1001</source>
        <translation>1000, 1001</translation>
    </message>
    <message>
        <source>Huge logits: the naive formula overflows, the stable one does not</source>
        <translation>极大的 logit：朴素公式会溢出，稳定形式不会</translation>
    </message>
    <message>
        <source>Temperature T</source>
        <translation>温度 T</translation>
    </message>
    <message>
        <source>Temperature (log scale)</source>
        <translation>温度（对数刻度）</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>温度</translation>
    </message>
    <message>
        <source>&lt;b&gt;Why classifiers end in softmax.&lt;/b&gt; It turns any real scores into positive numbers that sum to 1, so the outputs read as class probabilities, and it keeps their order. With the cross-entropy loss −log p&lt;sub&gt;target&lt;/sub&gt; the gradient with respect to the logits is simply p − onehot(target): large when the model is confidently wrong, small when it is right. Temperature T divides the logits: T &amp;lt; 1 sharpens the distribution, T &amp;gt; 1 flattens it. Subtracting the largest logit first changes nothing mathematically but keeps exp from overflowing.</source>
        <translation>&lt;b&gt;分类器为什么以 softmax 结尾。&lt;/b&gt;它把任意实数分数变成和为 1 的正数，输出因此可以当作类别概率来读，而且保持原来的大小顺序。配合交叉熵损失 −log p&lt;sub&gt;target&lt;/sub&gt;，对 logit 的梯度就是 p − onehot(target)：模型“自信地答错”时梯度大，答对时梯度小。logit 除以温度 T：T &amp;lt; 1 让分布更尖锐，T &amp;gt; 1 让分布更平坦。先减去最大的 logit 在数学上不改变结果，却能防止 exp 溢出。</translation>
    </message>
    <message>
        <source>Probabilities softmax(z / T)</source>
        <translation>概率 softmax(z / T)</translation>
    </message>
    <message>
        <source>class</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Jacobian ∂p_i/∂z_j = (diag(p) − p pᵀ)/T</source>
        <translation>雅可比矩阵 ∂p_i/∂z_j = (diag(p) − p pᵀ)/T</translation>
    </message>
    <message>
        <source>column j</source>
        <translation>第 j 列</translation>
    </message>
    <message>
        <source>row i</source>
        <translation>第 i 行</translation>
    </message>
    <message>
        <source>Two classes: softmax([x, 0])₀ is the sigmoid σ(x)</source>
        <translation>两个类别时：softmax([x, 0])₀ 就是 sigmoid σ(x)</translation>
    </message>
    <message>
        <source>sigmoid σ(x)</source>
        <translation>sigmoid σ(x)</translation>
    </message>
    <message>
        <source>softmax([x, 0])₀</source>
        <translation>softmax([x, 0])₀</translation>
    </message>
    <message>
        <source>Logit {i}</source>
        <translation>Logit {i}</translation>
    </message>
    <message>
        <source>p = [{p}] &amp;nbsp; (sum {s:.6g})</source>
        <translation>p = [{p}] &amp;nbsp;（总和 {s:.6g}）</translation>
    </message>
    <message>
        <source>&lt;span style=&apos;color:{c}&apos;&gt;Naive exp(z)/Σexp(z) gives [{n}]&lt;/span&gt; — exp overflows; subtracting max(z) first keeps it exact.</source>
        <translation>&lt;span style=&apos;color:{c}&apos;&gt;朴素公式 exp(z)/Σexp(z) 得到 [{n}]&lt;/span&gt;——exp 溢出了；先减去 max(z) 就能得到精确结果。</translation>
    </message>
</context>
<context>
    <name>SoftmaxPanel</name>
    <message>
        <source>Softmax</source>
        <translation>Softmax</translation>
    </message>
    <message>
        <source>Maxout</source>
        <translation>Maxout</translation>
    </message>
</context>
<context>
    <name>TrainingControls</name>
    <message>
        <source>as fast as possible</source>
        <translation>尽可能快</translation>
    </message>
    <message>
        <source>1 epoch per second</source>
        <translation>每秒 1 轮</translation>
    </message>
    <message>
        <source>{n} epochs per second</source>
        <translation>每秒 {n} 轮</translation>
    </message>
    <message>
        <source>Lessons</source>
        <translation>课程</translation>
    </message>
    <message>
        <source>Dying ReLU</source>
        <translation>ReLU 死亡</translation>
    </message>
    <message>
        <source>Leaky ReLU alive</source>
        <translation>Leaky ReLU 存活</translation>
    </message>
    <message>
        <source>Deep sigmoid</source>
        <translation>深层 sigmoid</translation>
    </message>
    <message>
        <source>ReLU vs tanh</source>
        <translation>ReLU 对比 tanh</translation>
    </message>
    <message>
        <source>Identity vs ReLU</source>
        <translation>恒等对比 ReLU</translation>
    </message>
    <message>
        <source>Lesson: {title}</source>
        <translation>课程：{title}</translation>
    </message>
    <message>
        <source>About this lesson</source>
        <translation>关于本课</translation>
    </message>
    <message>
        <source>Run</source>
        <translation>运行</translation>
    </message>
    <message>
        <source>Start</source>
        <translation>开始</translation>
    </message>
    <message>
        <source>Start or pause training</source>
        <translation>开始或暂停训练</translation>
    </message>
    <message>
        <source>Train until the epoch budget (Pause to stop)</source>
        <translation>一直训练到设定的轮数（点“暂停”停止）</translation>
    </message>
    <message>
        <source>Step</source>
        <translation>单步</translation>
    </message>
    <message>
        <source>Train one epoch</source>
        <translation>训练一轮</translation>
    </message>
    <message>
        <source>Train exactly one more epoch</source>
        <translation>再训练恰好一轮</translation>
    </message>
    <message>
        <source>Reset</source>
        <translation>重置</translation>
    </message>
    <message>
        <source>Reset the network</source>
        <translation>重置网络</translation>
    </message>
    <message>
        <source>New initial weights from the seed: back to epoch 0</source>
        <translation>按种子重新生成初始权重：回到第 0 轮</translation>
    </message>
    <message>
        <source>Training speed</source>
        <translation>训练速度</translation>
    </message>
    <message>
        <source>How many epochs to train per second</source>
        <translation>每秒训练多少轮</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>速度</translation>
    </message>
    <message>
        <source>Epoch budget</source>
        <translation>轮数上限</translation>
    </message>
    <message>
        <source>Start trains until this epoch</source>
        <translation>“开始”会一直训练到这一轮</translation>
    </message>
    <message>
        <source>Epochs</source>
        <translation>轮数</translation>
    </message>
    <message>
        <source>Training status</source>
        <translation>训练状态</translation>
    </message>
    <message>
        <source>Training diverged</source>
        <translation>训练发散</translation>
    </message>
    <message>
        <source>Problem with the settings</source>
        <translation>设置有问题</translation>
    </message>
    <message>
        <source>Data</source>
        <translation>数据</translation>
    </message>
    <message>
        <source>two moons</source>
        <translation>双月</translation>
    </message>
    <message>
        <source>circles</source>
        <translation>同心圆</translation>
    </message>
    <message>
        <source>spiral</source>
        <translation>螺旋</translation>
    </message>
    <message>
        <source>XOR</source>
        <translation>异或（XOR）</translation>
    </message>
    <message>
        <source>Gaussian blobs</source>
        <translation>高斯团簇</translation>
    </message>
    <message>
        <source>CSV file</source>
        <translation>CSV 文件</translation>
    </message>
    <message>
        <source>Data set</source>
        <translation>数据集</translation>
    </message>
    <message>
        <source>Load CSV…</source>
        <translation>载入 CSV…</translation>
    </message>
    <message>
        <source>Load a CSV file</source>
        <translation>载入 CSV 文件</translation>
    </message>
    <message>
        <source>Read points from a CSV file of x1,x2,label rows</source>
        <translation>从每行为 x1,x2,label 的 CSV 文件读取数据点</translation>
    </message>
    <message>
        <source>CSV file in use</source>
        <translation>正在使用的 CSV 文件</translation>
    </message>
    <message>
        <source>Number of points</source>
        <translation>数据点数</translation>
    </message>
    <message>
        <source>Number of classes</source>
        <translation>类别数</translation>
    </message>
    <message>
        <source>Classes of the spiral and Gaussian-blob data sets</source>
        <translation>螺旋和高斯团簇数据集的类别数</translation>
    </message>
    <message>
        <source>classes</source>
        <translation>类别</translation>
    </message>
    <message>
        <source>Points</source>
        <translation>点数</translation>
    </message>
    <message>
        <source>Noise</source>
        <translation>噪声</translation>
    </message>
    <message>
        <source>Standard deviation of the noise added to each coordinate</source>
        <translation>加到每个坐标上的噪声的标准差</translation>
    </message>
    <message>
        <source>Test fraction</source>
        <translation>测试集比例</translation>
    </message>
    <message>
        <source>Fraction of the points held out for testing</source>
        <translation>留作测试的数据点比例</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Random seed</source>
        <translation>随机种子</translation>
    </message>
    <message>
        <source>Seed of the data, the initial weights and the shuffling: the same seed gives the same run, and the same initial weights for every compared function</source>
        <translation>数据、初始权重和打乱顺序所用的种子：相同的种子得到相同的运行结果，对比的各个函数也使用相同的初始权重</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>种子</translation>
    </message>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Hidden layer sizes</source>
        <translation>隐藏层大小</translation>
    </message>
    <message>
        <source>Units per hidden layer, separated by commas, e.g. 16,16 (1 to {n} layers)</source>
        <translation>每个隐藏层的神经元数，用逗号分隔，例如 16,16（1 到 {n} 层）</translation>
    </message>
    <message>
        <source>Hidden</source>
        <translation>隐藏层</translation>
    </message>
    <message>
        <source>Activation of the hidden layers</source>
        <translation>隐藏层的激活函数</translation>
    </message>
    <message>
        <source>“From list” trains the function selected in the Functions list. Parameters are always the ones set in the Functions dock</source>
        <translation>“来自列表”表示训练函数列表中选中的函数。参数始终取自函数面板中的设置</translation>
    </message>
    <message>
        <source>per layer</source>
        <translation>逐层设置</translation>
    </message>
    <message>
        <source>A different activation per layer</source>
        <translation>每层使用不同的激活函数</translation>
    </message>
    <message>
        <source>Activation</source>
        <translation>激活函数</translation>
    </message>
    <message>
        <source>He / Kaiming</source>
        <translation>He / Kaiming</translation>
    </message>
    <message>
        <source>Xavier / Glorot</source>
        <translation>Xavier / Glorot</translation>
    </message>
    <message>
        <source>LeCun</source>
        <translation>LeCun</translation>
    </message>
    <message>
        <source>uniform ±0.5 (Playground)</source>
        <translation>均匀分布 ±0.5（Playground）</translation>
    </message>
    <message>
        <source>Weight initialisation</source>
        <translation>权重初始化</translation>
    </message>
    <message>
        <source>Init</source>
        <translation>初始化</translation>
    </message>
    <message>
        <source>Compare functions (2–{n})</source>
        <translation>对比函数（2–{n} 个）</translation>
    </message>
    <message>
        <source>Compare activation functions</source>
        <translation>对比激活函数</translation>
    </message>
    <message>
        <source>Train the same network - same data, same initial weights - once per function</source>
        <translation>用同一个网络（相同数据、相同初始权重）为每个函数各训练一次</translation>
    </message>
    <message>
        <source>Compared function {i}</source>
        <translation>对比函数 {i}</translation>
    </message>
    <message>
        <source>Function whose decision boundary is drawn</source>
        <translation>显示其决策边界的函数</translation>
    </message>
    <message>
        <source>Boundary of</source>
        <translation>边界来自</translation>
    </message>
    <message>
        <source>Optimiser</source>
        <translation>优化器</translation>
    </message>
    <message>
        <source>SGD</source>
        <translation>SGD</translation>
    </message>
    <message>
        <source>SGD with momentum</source>
        <translation>带动量的 SGD</translation>
    </message>
    <message>
        <source>Adam</source>
        <translation>Adam</translation>
    </message>
    <message>
        <source>Method</source>
        <translation>方法</translation>
    </message>
    <message>
        <source>Learning rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Applies at once, also while training</source>
        <translation>立即生效，训练过程中也是</translation>
    </message>
    <message>
        <source>Momentum</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>mom.</source>
        <translation>动量</translation>
    </message>
    <message>
        <source>Momentum coefficient (SGD with momentum)</source>
        <translation>动量系数（带动量的 SGD）</translation>
    </message>
    <message>
        <source>Rate</source>
        <translation>学习率</translation>
    </message>
    <message>
        <source>Batch size</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>Minibatch size; the training set&apos;s size or more is full batch</source>
        <translation>小批量大小；不小于训练集大小即为全批量</translation>
    </message>
    <message>
        <source>L2 weight decay</source>
        <translation>L2 权重衰减</translation>
    </message>
    <message>
        <source>L2 weight decay (applies at once)</source>
        <translation>L2 权重衰减（立即生效）</translation>
    </message>
    <message>
        <source>Batch</source>
        <translation>批大小</translation>
    </message>
    <message>
        <source>L2</source>
        <translation>L2</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>dead</source>
        <translation>死亡</translation>
    </message>
    <message>
        <source>&lt;b&gt;Epoch {epoch}&lt;/b&gt; / {budget}</source>
        <translation>&lt;b&gt;第 {epoch} 轮&lt;/b&gt; / {budget}</translation>
    </message>
    <message>
        <source>training…</source>
        <translation>训练中…</translation>
    </message>
    <message>
        <source>stopped</source>
        <translation>已停止</translation>
    </message>
    <message>
        <source>done</source>
        <translation>完成</translation>
    </message>
    <message>
        <source>Loss: mean cross-entropy on the training set. Train/test: accuracy. Dead: units whose slope is 0 for every training input. Start trains until the epoch budget; raise it to go on.</source>
        <translation>损失：训练集上的平均交叉熵。训练/测试：准确率。死亡：对所有训练输入斜率都为 0 的神经元。“开始”会训练到设定的轮数；调高轮数即可继续。</translation>
    </message>
    <message>
        <source>From list: {name}</source>
        <translation>来自列表：{name}</translation>
    </message>
    <message>
        <source>File: {name}</source>
        <translation>文件：{name}</translation>
    </message>
    <message>
        <source>Activation of hidden layer {i}</source>
        <translation>第 {i} 个隐藏层的激活函数</translation>
    </message>
    <message>
        <source>layer {i}</source>
        <translation>第 {i} 层</translation>
    </message>
    <message>
        <source>Pause</source>
        <translation>暂停</translation>
    </message>
    <message>
        <source>Load points</source>
        <translation>载入数据点</translation>
    </message>
    <message>
        <source>CSV files (*.csv *.txt);;All files (*)</source>
        <translation>CSV 文件 (*.csv *.txt);;所有文件 (*)</translation>
    </message>
    <message>
        <source>Pick different functions to compare</source>
        <translation>请选择不同的函数进行对比</translation>
    </message>
</context>
<context>
    <name>TrainingPanel</name>
    <message>
        <source>Network</source>
        <translation>网络</translation>
    </message>
    <message>
        <source>Could not use the file: {msg}</source>
        <translation>无法使用该文件：{msg}</translation>
    </message>
    <message>
        <source>Training stopped: {msg}</source>
        <translation>训练已停止：{msg}</translation>
    </message>
</context>
<context>
    <name>TrainingPlots</name>
    <message>
        <source>Training plots</source>
        <translation>训练图表</translation>
    </message>
    <message>
        <source>Decision boundary</source>
        <translation>决策边界</translation>
    </message>
    <message>
        <source>Loss (cross-entropy)</source>
        <translation>损失（交叉熵）</translation>
    </message>
    <message>
        <source>loss</source>
        <translation>损失</translation>
    </message>
    <message>
        <source>Accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>accuracy</source>
        <translation>准确率</translation>
    </message>
    <message>
        <source>Dead units</source>
        <translation>死亡神经元</translation>
    </message>
    <message>
        <source>epoch</source>
        <translation>轮次</translation>
    </message>
    <message>
        <source>units</source>
        <translation>个数</translation>
    </message>
    <message>
        <source>chance</source>
        <translation>随机猜测</translation>
    </message>
    <message>
        <source>Plots</source>
        <translation>图表</translation>
    </message>
    <message>
        <source>Network diagram</source>
        <translation>网络结构图</translation>
    </message>
    <message>
        <source>P(class 1)</source>
        <translation>P(类别 1)</translation>
    </message>
    <message>
        <source>predicted class</source>
        <translation>预测类别</translation>
    </message>
    <message>
        <source>Decision boundary: {what}</source>
        <translation>决策边界：{what}</translation>
    </message>
    <message>
        <source>Chance: loss ln {k} = {v:.3f}</source>
        <translation>随机猜测：损失 ln {k} = {v:.3f}</translation>
    </message>
    <message>
        <source>layer {n}</source>
        <translation>第 {n} 层</translation>
    </message>
    <message>
        <source>train</source>
        <translation>训练</translation>
    </message>
    <message>
        <source>test</source>
        <translation>测试</translation>
    </message>
    <message>
        <source>Dead units (total)</source>
        <translation>死亡神经元（总数）</translation>
    </message>
    <message>
        <source>Dead units per layer</source>
        <translation>每层死亡神经元</translation>
    </message>
</context>
<context>
    <name>TrainingPresets</name>
    <message>
        <source>Dying ReLU (lr too high)</source>
        <translation>ReLU 死亡（学习率过大）</translation>
    </message>
    <message>
        <source>ReLU on two moons with a learning rate of 2: large updates push units to where z &lt; 0 for every training input, and such a unit gets no gradient. In the first hidden layer, whose inputs are the fixed data, it stays dead; in the second, a dead unit can come back when the first layer changes its inputs. Watch the dead-units plot per layer.</source>
        <translation>在双月数据上用学习率 2 训练 ReLU：过大的更新把神经元推到对所有训练输入都有 z &lt; 0 的位置，这样的神经元得不到梯度。第一个隐藏层的输入是固定的数据，死亡神经元会一直死下去；第二层中的死亡神经元可能在第一层改变了它的输入后复活。请看按层统计的死亡神经元曲线。</translation>
    </message>
    <message>
        <source>Leaky ReLU keeps units alive</source>
        <translation>Leaky ReLU 让神经元保持存活</translation>
    </message>
    <message>
        <source>The same network and learning rate with leaky ReLU: its slope is never 0, so no unit can die.</source>
        <translation>同样的网络和学习率，换成 Leaky ReLU：它的斜率从不为 0，所以任何神经元都不会死亡。</translation>
    </message>
    <message>
        <source>Deep sigmoid barely learns</source>
        <translation>深层 sigmoid 几乎学不动</translation>
    </message>
    <message>
        <source>Six sigmoid layers with Xavier init: σ′ ≤ 0.25 and the weights do not make up for it, so the gradient reaching the first layers is small and the loss stays near ln 2 = 0.693 (chance). Try ReLU with He init on the same network.</source>
        <translation>六层 sigmoid，Xavier 初始化：σ′ ≤ 0.25，权重也弥补不了，所以到达前面几层的梯度很小，损失一直停在 ln 2 = 0.693（随机猜测）附近。在同一个网络上试试 ReLU + He 初始化。</translation>
    </message>
    <message>
        <source>Without a non-linearity the network is one affine map: its boundary is a straight line, and the best straight line classifies {line_acc} of these training points correctly. ReLU bends the boundary around the moons.</source>
        <translation>没有非线性，网络就只是一个仿射变换：决策边界是一条直线，而最好的直线也只能把这些训练点中的 {line_acc} 分对。ReLU 能让边界绕着两个月牙弯折。</translation>
    </message>
    <message>
        <source>ReLU vs tanh speed</source>
        <translation>ReLU 与 tanh 的训练速度</translation>
    </message>
    <message>
        <source>The same network, data and initial weights, trained with ReLU and with tanh: ReLU reaches a low loss in fewer epochs.</source>
        <translation>相同的网络、数据和初始权重，分别用 ReLU 和 tanh 训练：ReLU 用更少的轮数就达到了较低的损失。</translation>
    </message>
    <message>
        <source>Identity vs ReLU</source>
        <translation>恒等函数对比 ReLU</translation>
    </message>
</context>
<context>
    <name>UnitHover</name>
    <message>
        <source>unit {n}: {v}·{f}({w}·x {b})</source>
        <translation>神经元 {n}：{v}·{f}({w}·x {b})</translation>
    </message>
    <message>
        <source>kink at x = {x}</source>
        <translation>折点在 x = {x}</translation>
    </message>
    <message>
        <source>dead: φ′(wx + b) = 0 at every training point</source>
        <translation>死亡：在每个训练点上 φ′(wx + b) = 0</translation>
    </message>
    <message>
        <source>saturated: |φ′| &lt; 1% of its largest value at every training point</source>
        <translation>饱和：在每个训练点上 |φ′| 都小于其最大值的 1%</translation>
    </message>
</context>
<context>
    <name>catalogue</name>
    <message>
        <source>Saturating (sigmoid-like)</source>
        <translation>饱和型（类 sigmoid）</translation>
    </message>
    <message>
        <source>ReLU family</source>
        <translation>ReLU 家族</translation>
    </message>
    <message>
        <source>Smooth ReLU-like</source>
        <translation>平滑的类 ReLU 函数</translation>
    </message>
    <message>
        <source>Hard approximations</source>
        <translation>硬近似（分段线性）</translation>
    </message>
    <message>
        <source>Other</source>
        <translation>其他</translation>
    </message>
    <message>
        <source>Typed by you</source>
        <translation>自定义函数</translation>
    </message>
    <message>
        <source>Sigmoid</source>
        <translation>Sigmoid</translation>
    </message>
    <message>
        <source>Tanh</source>
        <translation>Tanh</translation>
    </message>
    <message>
        <source>A rescaled sigmoid, tanh(x) = 2 sigma(2x) - 1, with outputs in (-1, 1) centred on zero and a peak slope of 1. Zero-centred outputs make optimisation better behaved than with sigmoid, but both tails still saturate, so deep tanh stacks need careful initialisation (Xavier) or they stop passing gradient.</source>
        <translation>缩放平移后的 sigmoid：tanh(x) = 2σ(2x) − 1，输出在 (−1, 1) 之间、以零为中心，最大斜率为 1。零均值的输出让优化比 sigmoid 更顺利，但两端仍会饱和，所以深层 tanh 网络需要仔细初始化（Xavier），否则梯度传不过去。</translation>
    </message>
    <message>
        <source>Softsign</source>
        <translation>Softsign</translation>
    </message>
    <message>
        <source>Shaped like tanh but approaches its limits polynomially rather than exponentially, so it saturates more gently. It is cheap (no exponential) and was studied as a tanh replacement; it is rarely used today.</source>
        <translation>形状与 tanh 相似，但以多项式速度而不是指数速度趋近极限，饱和得更缓和。它计算便宜（无需指数运算），曾被当作 tanh 的替代品研究过，如今很少使用。</translation>
    </message>
    <message>
        <source>ReLU</source>
        <translation>ReLU</translation>
    </message>
    <message>
        <source>Leaky ReLU</source>
        <translation>Leaky ReLU</translation>
    </message>
    <message>
        <source>ReLU with a small slope a on the negative side, so a unit that is switched off still receives a little gradient and can recover: leaky units cannot die. The slope is a fixed hyper-parameter (PyTorch default 0.01).</source>
        <translation>在负半轴有一个小斜率 a 的 ReLU：被“关闭”的神经元仍能得到一点梯度并有机会恢复，所以 Leaky ReLU 神经元不会死亡。斜率是固定的超参数（PyTorch 默认 0.01）。</translation>
    </message>
    <message>
        <source>slope a for negative inputs</source>
        <translation>负输入一侧的斜率 a</translation>
    </message>
    <message>
        <source>PReLU</source>
        <translation>PReLU</translation>
    </message>
    <message>
        <source>initial value of the learned slope a</source>
        <translation>可学习斜率 a 的初始值</translation>
    </message>
    <message>
        <source>RReLU</source>
        <translation>RReLU</translation>
    </message>
    <message>
        <source>Leaky ReLU with a random negative slope drawn from U(lower, upper) for every element during training, which acts as a regulariser; at evaluation the slope is fixed to the mean (lower + upper) / 2, which is the curve shown here.</source>
        <translation>训练时每个元素的负半轴斜率都从 U(lower, upper) 中随机抽取的 Leaky ReLU，起到正则化作用；评估时斜率固定为均值 (lower + upper) / 2，也就是这里显示的曲线。</translation>
    </message>
    <message>
        <source>lower bound l of the random slope</source>
        <translation>随机斜率的下界 l</translation>
    </message>
    <message>
        <source>upper bound u of the random slope</source>
        <translation>随机斜率的上界 u</translation>
    </message>
    <message>
        <source>ELU</source>
        <translation>ELU</translation>
    </message>
    <message>
        <source>Identity for positive inputs and a smooth exponential approach to -alpha for negative ones. The negative outputs pull the mean activation towards zero, which speeds up learning, and the left side saturates softly, which makes the unit robust to noise; its gradient there never reaches exactly zero, so units do not die. Costs an exponential.</source>
        <translation>正输入时为恒等函数，负输入时以平滑的指数方式趋近 −alpha。负的输出把激活均值拉向零，从而加快学习；左侧软饱和使神经元对噪声更稳健；那里的梯度永远不会恰好为零，所以神经元不会死亡。需要计算一次指数。</translation>
    </message>
    <message>
        <source>value the function approaches as x -&gt; -inf is -alpha</source>
        <translation>x → −∞ 时函数趋近于 −alpha</translation>
    </message>
    <message>
        <source>SELU</source>
        <translation>SELU</translation>
    </message>
    <message>
        <source>CELU</source>
        <translation>CELU</translation>
    </message>
    <message>
        <source>ELU reparametrised so that its derivative is continuous at 0 for every alpha (ELU&apos;s is only for alpha = 1). For alpha = 1 CELU and ELU coincide.</source>
        <translation>对 ELU 重新参数化，使其导数对任意 alpha 都在 0 处连续（ELU 只有 alpha = 1 时才连续）。alpha = 1 时 CELU 与 ELU 相同。</translation>
    </message>
    <message>
        <source>scale of the negative part (must be &gt; 0)</source>
        <translation>负半部分的尺度（必须 &gt; 0）</translation>
    </message>
    <message>
        <source>ReLU6</source>
        <translation>ReLU6</translation>
    </message>
    <message>
        <source>ReLU capped at 6. The bounded output suits low-precision (fixed-point) arithmetic on mobile hardware, as in MobileNet. It is hard-saturating on both sides, so units can die on the left and also stop learning when pushed above 6.</source>
        <translation>在 6 处截断的 ReLU。有界的输出适合移动设备上的低精度（定点）运算，例如 MobileNet。它两侧都是硬饱和：左侧可能死亡，被推到 6 以上时也会停止学习。</translation>
    </message>
    <message>
        <source>GELU</source>
        <translation>GELU</translation>
    </message>
    <message>
        <source>GELU (tanh)</source>
        <translation>GELU（tanh 近似）</translation>
    </message>
    <message>
        <source>SiLU</source>
        <translation>SiLU</translation>
    </message>
    <message>
        <source>Squashes any input into (0, 1), so it reads as a probability; that is why the output unit of a binary classifier is usually a sigmoid. Inside a deep network it is a poor choice: its slope is at most 1/4, so on the way back every layer multiplies the gradient by a slope of at most 0.25, and by the weights as well (the Depth tab computes the factor per layer, sigma_w times the RMS of the slope, with the weights in); it saturates softly on both sides; and its output is never negative, so for any one example the weight gradients of a unit all share one sign.</source>
        <translation>把任意输入压缩到 (0, 1)，所以可以当作概率来读；这就是二分类器的输出单元通常用 sigmoid 的原因。在深层网络内部它不是好选择：它的斜率最大为 1/4，反向传播时每一层都要把梯度乘以一个至多 0.25 的斜率，还要乘以权重（深度页会算出计入权重后每层的系数：σ_w 乘以斜率的 RMS）；它两侧都软饱和；而且输出从不为负，所以对任一个样本，一个神经元所有权重的梯度符号都相同。</translation>
    </message>
    <message>
        <source>The default hidden-layer activation, and a single comparison to compute. Where it is active its slope is exactly 1, so the slopes do not shrink the gradient; whether the gradient keeps its size through many layers depends on the weights: with He initialisation it does (chi = sigma_w^2 / 2 = 1 per layer), with Xavier its variance halves at every layer (see the Depth tab). For a given input about half of the units output exactly zero, which makes representations sparse. The price: it is hard-saturating on the left, so a unit whose input is negative for every training example gets no gradient. In the first hidden layer, whose inputs are the fixed data, such a unit stays dead; in a deeper layer it can come back when the layers below change its inputs. A large learning rate can silence much of a network this way. It also does not compress, so a badly scaled initialisation makes activations grow or shrink geometrically with depth (He initialisation fixes the scale).</source>
        <translation>隐藏层的默认激活函数，计算只需一次比较。在激活区域它的斜率恰好为 1，所以斜率本身不会使梯度缩小；梯度能否在多层之间保持大小取决于权重：用 He 初始化时可以（每层 χ = σ_w²/2 = 1），用 Xavier 初始化时梯度的方差每层减半（见深度页）。对一个给定输入，大约一半神经元的输出恰好为 0，使表示变得稀疏。代价是：它左侧硬饱和，如果某个神经元对每个训练样本的输入都是负的，它就得不到梯度。第一个隐藏层的输入是固定的数据，这样的神经元会一直死下去；更深的层里，当前面各层改变了它的输入时，它可能复活。学习率过大可能让网络中很大一部分神经元这样沉寂下去。它也不压缩幅度，所以初始化尺度不当时，激活值会随深度按几何级数增长或衰减（He 初始化可以校正尺度）。</translation>
    </message>
    <message>
        <source>Leaky ReLU whose negative slope a is learned with the weights (one per layer or per channel). The curve shows it at its initial value. Together with He initialisation it trained the first network reported to beat a human on ImageNet classification: 4.94% top-5 error against the 5.1% estimated for a single human annotator.</source>
        <translation>负半轴斜率 a 与权重一起学习的 Leaky ReLU（每层或每个通道一个）。曲线显示的是它的初始值。它与 He 初始化一起训练出了首个据报道在 ImageNet 分类上超过人类的网络：top-5 错误率 4.94%，而对单个人类标注者估计的错误率为 5.1%。</translation>
    </message>
    <message>
        <source>A scaled ELU whose two constants (lambda = 1.0507, alpha = 1.6733) are chosen so that, with LeCun-normal weights, activations keep mean 0 and variance 1 from layer to layer: the network normalises itself without batch norm. The property holds for plain fully connected stacks; dropout and other layers break it (use alpha-dropout). It fixes the forward signal, not the gradient: the Depth tab shows the gradient&apos;s per-layer factor chi* slightly above 1 with LeCun init, so gradients still grow slowly towards the input.</source>
        <translation>缩放后的 ELU，两个常数（λ = 1.0507，α = 1.6733）的取值使得在 LeCun 正态初始化下，激活值逐层保持均值 0、方差 1：网络无需批归一化就能自我归一化。这一性质只对普通的全连接堆叠成立；dropout 和其他层会破坏它（应改用 alpha-dropout）。它固定的是前向信号，而不是梯度：深度页显示，用 LeCun 初始化时梯度的每层系数 χ* 略大于 1，所以梯度朝输入方向仍会缓慢增长。</translation>
    </message>
    <message>
        <source>Weights the input by the probability that a standard normal variable is below it. A smooth, slightly non-monotonic ReLU (minimum -0.17 at x = -0.75); used in BERT and the GPT family (the original Transformer used ReLU, and PyTorch&apos;s TransformerEncoderLayer still defaults to it).</source>
        <translation>用标准正态变量小于输入的概率给输入加权。一个平滑、略微非单调的 ReLU（在 x = −0.75 处取最小值 −0.17）；用于 BERT 和 GPT 系列（最初的 Transformer 用的是 ReLU，PyTorch 的 TransformerEncoderLayer 默认仍是 ReLU）。</translation>
    </message>
    <message>
        <source>The tanh approximation of GELU, used in OpenAI&apos;s GPT and GPT-2 code and in later versions of Google&apos;s BERT code (the first BERT release used the exact erf form); it differs from exact GELU by less than 5e-4 and avoids erf.</source>
        <translation>GELU 的 tanh 近似，用于 OpenAI 的 GPT 和 GPT-2 代码以及 Google BERT 代码的后续版本（BERT 的首个发布版本用的是精确的 erf 形式）；它与精确 GELU 的差别小于 5e-4，并且不需要计算 erf。</translation>
    </message>
    <message>
        <source>The input times its own sigmoid (Swish with beta = 1). Smooth, unbounded above, bounded below with a small negative dip (minimum -0.278 at x = -1.28), and non-monotonic. Hendrycks &amp; Gimpel named it SiLU (2016) and Elfwing et al. used it in reinforcement learning (2017); Ramachandran et al. (2017) later found the same function, as Swish, by automated search, where it matched or beat ReLU in deep models.</source>
        <translation>输入乘以它自己的 sigmoid（β = 1 的 Swish）。平滑，上无界，下有界并带一个小的负向凹陷（在 x = −1.28 处取最小值 −0.278），非单调。SiLU 这个名字来自 Hendrycks 与 Gimpel（2016），Elfwing 等人（2017）将它用于强化学习；Ramachandran 等人（2017）后来通过自动搜索以 Swish 之名找到了同一个函数，在深层模型中与 ReLU 持平或更好。</translation>
    </message>
    <message>
        <source>Swish</source>
        <translation>Swish</translation>
    </message>
    <message>
        <source>SiLU with a sharpness beta (PyTorch has no separate Swish: beta = 1 is nn.SiLU). It interpolates between the linear function x/2 (beta = 0) and ReLU (beta -&gt; inf).</source>
        <translation>带锐度参数 beta 的 SiLU（PyTorch 没有单独的 Swish：beta = 1 就是 nn.SiLU）。它在线性函数 x/2（beta = 0）与 ReLU（beta → ∞）之间过渡。</translation>
    </message>
    <message>
        <source>sharpness; 0 gives x/2, large beta approaches ReLU</source>
        <translation>锐度；为 0 时得到 x/2，beta 很大时趋近 ReLU</translation>
    </message>
    <message>
        <source>Mish</source>
        <translation>Mish</translation>
    </message>
    <message>
        <source>A smooth, self-gated activation close to Swish, with a slightly deeper negative dip (minimum -0.309 at x = -1.19). Used in YOLOv4; costs more to compute than ReLU.</source>
        <translation>与 Swish 相近的平滑自门控激活函数，负凹陷略深（在 x = −1.19 处取最小值 −0.309）。用于 YOLOv4；计算量比 ReLU 大。</translation>
    </message>
    <message>
        <source>Softplus</source>
        <translation>Softplus</translation>
    </message>
    <message>
        <source>A smooth ReLU whose derivative is the sigmoid. It never outputs exactly zero, so it gives up ReLU&apos;s sparsity, and in practice it has not beaten ReLU. Useful where a strictly positive output is needed (variances, rates).</source>
        <translation>平滑版的 ReLU，其导数就是 sigmoid。它从不输出恰好为零的值，因此放弃了 ReLU 的稀疏性，实践中也没有胜过 ReLU。适用于需要严格为正的输出的场合（方差、速率）。</translation>
    </message>
    <message>
        <source>sharpness (must be &gt; 0)</source>
        <translation>锐度（必须 &gt; 0）</translation>
    </message>
    <message>
        <source>above beta*x &gt; threshold the function returns x</source>
        <translation>当 beta*x &gt; threshold 时函数直接返回 x</translation>
    </message>
    <message>
        <source>Hardtanh</source>
        <translation>Hardtanh</translation>
    </message>
    <message>
        <source>A piecewise-linear tanh: identity between the clips, flat outside. Cheap, but hard-saturating on both sides, so a unit pushed past a clip for every input stops learning.</source>
        <translation>分段线性的 tanh：在两个截断值之间为恒等函数，之外为常数。计算便宜，但两侧硬饱和：如果某个神经元对所有输入都被推到截断值之外，它就停止学习。</translation>
    </message>
    <message>
        <source>lower clip a</source>
        <translation>下截断值 a</translation>
    </message>
    <message>
        <source>upper clip b</source>
        <translation>上截断值 b</translation>
    </message>
    <message>
        <source>Hardsigmoid</source>
        <translation>Hardsigmoid</translation>
    </message>
    <message>
        <source>A piecewise-linear stand-in for the sigmoid, cheap on mobile hardware (MobileNetV3). Flat beyond +-3.</source>
        <translation>sigmoid 的分段线性替代品，在移动设备上计算便宜（MobileNetV3）。在 ±3 之外为常数。</translation>
    </message>
    <message>
        <source>Hardswish</source>
        <translation>Hardswish</translation>
    </message>
    <message>
        <source>Swish with the sigmoid replaced by Hardsigmoid: nearly the same curve, no exponential. Used in MobileNetV3. Its minimum is -0.375 at x = -1.5; below -3 it is flat zero, so units can die.</source>
        <translation>把其中的 sigmoid 换成 Hardsigmoid 的 Swish：曲线几乎相同，无需指数运算。用于 MobileNetV3。最小值为 −0.375（x = −1.5 处）；−3 以下恒为零，所以神经元可能死亡。</translation>
    </message>
    <message>
        <source>Linear (identity)</source>
        <translation>线性（恒等）</translation>
    </message>
    <message>
        <source>No activation. A stack of linear layers is itself one linear map, however deep, which is why hidden layers need a non-linearity. It is the right output for regression.</source>
        <translation>不做激活。多层线性变换叠在一起仍然只是一个线性变换，无论多深都一样，这正是隐藏层需要非线性的原因。它是回归问题的正确输出层。</translation>
    </message>
    <message>
        <source>Step (Heaviside)</source>
        <translation>阶跃（Heaviside）</translation>
    </message>
    <message>
        <source>The threshold unit of the perceptron. Its derivative is zero everywhere it exists, so gradient descent gets no signal through it; this is why smooth sigmoids replaced it once networks were trained by back-propagation.</source>
        <translation>感知机的阈值单元。它的导数在有定义的地方处处为零，梯度下降无法通过它获得任何信号；正因如此，在用反向传播训练网络之后，它被平滑的 sigmoid 取代了。</translation>
    </message>
</context>
<context>
    <name>depth</name>
    <message>
        <source>With {function} and {init} init, the gradient RMS at layer 1 of {layers} is {ratio} × the last layer&apos;s, measured on one random network (mean-field theory: {theory}).</source>
        <translation>激活函数为 {function}、采用 {init} 初始化时，在一个随机网络上测得：{layers} 层中第 1 层的梯度 RMS 是最后一层的 {ratio} 倍（平均场理论：{theory}）。</translation>
    </message>
    <message>
        <source>With {function} and {init} init, the gradient RMS at layer 1 of {layers} is {ratio} × the last layer&apos;s in the mean-field theory.</source>
        <translation>激活函数为 {function}、采用 {init} 初始化时，按平均场理论，{layers} 层中第 1 层的梯度 RMS 是最后一层的 {ratio} 倍。</translation>
    </message>
    <message>
        <source>With {function} and {init} init, no gradient reaches the first of {layers} layers: a layer on the way passes none back.</source>
        <translation>激活函数为 {function}、采用 {init} 初始化时，没有梯度能到达 {layers} 层中的第 1 层：途中某一层完全没有把梯度传回来。</translation>
    </message>
    <message>
        <source>With {function} and {init} init, the last of {layers} layers has f′ = 0 for every input, so no gradient flows at all.</source>
        <translation>激活函数为 {function}、采用 {init} 初始化时，{layers} 层中的最后一层对每个输入都有 f′ = 0，所以根本没有梯度流动。</translation>
    </message>
    <message>
        <source>With {function} and {init} init, a single layer has no depth for the gradient to cross.</source>
        <translation>激活函数为 {function}、采用 {init} 初始化时，只有一层，梯度没有深度可穿越。</translation>
    </message>
    <message>
        <source>Mean field: at every layer the gradient&apos;s variance is multiplied by χ* = {chi} and its RMS by √χ* = {sqrt_chi}, so going back towards layer 1 the RMS falls e-fold every 2ξ = {xi2} layers (ξ = {xi} layers is the depth scale of the variance).</source>
        <translation>平均场：每经过一层，梯度的方差乘以 χ* = {chi}，RMS 乘以 √χ* = {sqrt_chi}；所以向第 1 层回传时，RMS 每 2ξ = {xi2} 层缩小为 1/e（ξ = {xi} 层是方差的深度尺度）。</translation>
    </message>
    <message>
        <source>Mean field: at every layer the gradient&apos;s variance is multiplied by χ* = {chi} and its RMS by √χ* = {sqrt_chi}, so going back towards layer 1 the RMS grows e-fold every 2ξ = {xi2} layers (ξ = {xi} layers is the depth scale of the variance).</source>
        <translation>平均场：每经过一层，梯度的方差乘以 χ* = {chi}，RMS 乘以 √χ* = {sqrt_chi}；所以向第 1 层回传时，RMS 每 2ξ = {xi2} 层增大为 e 倍（ξ = {xi} 层是方差的深度尺度）。</translation>
    </message>
    <message>
        <source>Mean field: χ* = {chi} (RMS factor √χ* = {sqrt_chi} per layer): the initialisation is critical, so the gradient neither vanishes nor explodes exponentially with depth.</source>
        <translation>平均场：χ* = {chi}（每层 RMS 系数 √χ* = {sqrt_chi}）：初始化处于临界状态，梯度既不会随深度指数式消失，也不会指数式爆炸。</translation>
    </message>
    <message>
        <source>Mean field: χ* = 0, so no gradient passes a layer at the fixed point.</source>
        <translation>平均场：χ* = 0，所以在不动点处没有梯度能穿过一层。</translation>
    </message>
    <message>
        <source>√χ* = σ_w × RMS of f′ = {sigma_w} × {rms_df}: the slopes contribute at most max|f′| = {max_df} per layer, and the weights multiply that by σ_w.</source>
        <translation>√χ* = σ_w × f′ 的 RMS = {sigma_w} × {rms_df}：每层中斜率至多贡献 max|f′| = {max_df}，权重再把它乘以 σ_w。</translation>
    </message>
    <message>
        <source>Forward: the pre-activations&apos; variance settles at q* = {q}. A forward fixed point (what self-normalisation means) fixes the size of the activations, not of the gradient, whose factor per layer is χ*.</source>
        <translation>前向：预激活的方差稳定在 q* = {q}。前向不动点（自归一化指的就是它）固定的是激活值的大小，而不是梯度的大小；梯度每层的系数是 χ*。</translation>
    </message>
    <message>
        <source>Forward: the activations fade away: q* = 0, and q is multiplied by {rate} per layer (q = {q_last} at layer {layers}).</source>
        <translation>前向：激活值逐渐消失：q* = 0，q 每层乘以 {rate}（第 {layers} 层 q = {q_last}）。</translation>
    </message>
    <message>
        <source>Forward: q* = 0, approached only slowly, as a power of depth (q = {q_last} at layer {layers}). χ = {chi_last} there and reaches χ* = {chi} only in the limit, so the gradient changes as a power of depth, not exponentially.</source>
        <translation>前向：q* = 0，但只是缓慢地、按深度的幂律趋近（第 {layers} 层 q = {q_last}）。该层 χ = {chi_last}，只在极限处才达到 χ* = {chi}，所以梯度随深度按幂律变化，而不是指数变化。</translation>
    </message>
    <message>
        <source>Forward: there is no finite fixed point: q is multiplied by {rate} per layer and grows without bound (q = {q_last} at layer {layers}).</source>
        <translation>前向：没有有限的不动点：q 每层乘以 {rate}，无限增长（第 {layers} 层 q = {q_last}）。</translation>
    </message>
    <message>
        <source>Forward: there is no finite fixed point: q grows without bound, but only as a power of depth (q = {q_last} at layer {layers}). χ = {chi_last} there and tends to χ* = {chi} only in the limit, so the gradient changes as a power of depth, not exponentially.</source>
        <translation>前向：没有有限的不动点：q 无限增长，但只按深度的幂律增长（第 {layers} 层 q = {q_last}）。该层 χ = {chi_last}，只在极限处才趋于 χ* = {chi}，所以梯度随深度按幂律变化，而不是指数变化。</translation>
    </message>
    <message>
        <source>Dotted grey: the product of the largest slopes, (max|f′|)^(L−l) = {product} at layer 1. It bounds only the product of the slopes f′, not the gradient, which also passes through the weights.</source>
        <translation>灰色点线：最大斜率之积，第 1 层处 (max|f′|)^(L−l) = {product}。它只是各层导数 f′ 之积的上界，不是梯度的上界，因为梯度还要乘以权重。</translation>
    </message>
    <message>
        <source>Dotted grey: the product of the largest slopes, (max|f′|)^(L−l) = {product} at layer 1. It bounds only the product of the slopes f′, not the gradient, which also passes through the weights: here the gradient at layer 1 ({ratio}) exceeds it.</source>
        <translation>灰色点线：最大斜率之积，第 1 层处 (max|f′|)^(L−l) = {product}。它只是各层导数 f′ 之积的上界，不是梯度的上界，因为梯度还要乘以权重：这里第 1 层的梯度（{ratio}）就超过了它。</translation>
    </message>
    <message>
        <source>With {function} and {init} init in a {arch} network, the gradient RMS at layer 1 of {layers} is {ratio} × the last layer&apos;s, measured on one random network (mean-field theory: {theory}).</source>
        <translation>激活函数为 {function}、采用 {init} 初始化时，在{arch}网络中，在一个随机网络上测得：{layers} 层中第 1 层的梯度 RMS 是最后一层的 {ratio} 倍（平均场理论：{theory}）。</translation>
    </message>
    <message>
        <source>With {function} and {init} init in a {arch} network, the gradient RMS at layer 1 of {layers} is {ratio} × the last layer&apos;s, measured on one random network. There is no mean-field theory for this case, so no theory line is drawn.</source>
        <translation>激活函数为 {function}、采用 {init} 初始化时，在{arch}网络中，在一个随机网络上测得：{layers} 层中第 1 层的梯度 RMS 是最后一层的 {ratio} 倍。这种情形没有平均场理论，所以不画理论线。</translation>
    </message>
    <message>
        <source>With {function} and {init} init in a {arch} network, the gradient RMS at layer 1 of {layers} is {ratio} × the last layer&apos;s in the mean-field theory.</source>
        <translation>激活函数为 {function}、采用 {init} 初始化时，在{arch}网络中，按平均场理论，{layers} 层中第 1 层的梯度 RMS 是最后一层的 {ratio} 倍。</translation>
    </message>
    <message>
        <source>With {function} and {init} init in a {arch} network, there is no mean-field theory of the gradient, so nothing is predicted.</source>
        <translation>激活函数为 {function}、采用 {init} 初始化时，{arch}网络没有梯度的平均场理论，所以不做预测。</translation>
    </message>
    <message>
        <source>Residual without scaling explodes: each block adds variance, so going back the gradient&apos;s RMS grows ×{rate} per layer on average here (mean field: √(1 + α²σ_w²E[f′²]) = {mf_rate} at layer 1). A branch scale α = 1/√L keeps the growth over the whole depth bounded.</source>
        <translation>不加缩放的残差网络会梯度爆炸：每个残差块都增加方差，所以反向传播时梯度的 RMS 在这里平均每层乘以 {rate}（平均场：第 1 层处 √(1 + α²σ_w²E[f′²]) = {mf_rate}）。分支缩放 α = 1/√L 能让整个深度上的增长保持有界。</translation>
    </message>
    <message>
        <source>The skip path carries the gradient: every block passes it back unchanged through the identity and adds only the branch&apos;s share, scaled by α = {alpha}, so the RMS changes ×{rate} per layer on average (mean field: {mf_rate} at layer 1).</source>
        <translation>跳跃连接承载了梯度：每个残差块通过恒等路径把梯度原样传回，只加上经 α = {alpha} 缩放的分支部分，所以 RMS 平均每层乘以 {rate}（平均场：第 1 层处为 {mf_rate}）。</translation>
    </message>
    <message>
        <source>LayerNorm feeds each branch an input of variance 1 while the stream&apos;s variance q keeps growing (q = {q_last} at layer {layers} in the mean field), so each block&apos;s share of the gradient falls as 1/q: the gradient grows as a power of the depth, not exponentially (×{rate} per layer on average here).</source>
        <translation>层归一化让每个分支的输入方差为 1，而主干的方差 q 不断增长（平均场中第 {layers} 层 q = {q_last}），所以每个残差块在梯度中所占的份额按 1/q 减小：梯度随深度按幂律增长，而不是指数增长（这里平均每层乘以 {rate}）。</translation>
    </message>
    <message>
        <source>BatchNorm at initialisation makes gradients explode, ×{rate} in RMS per layer on average here. Yang et al. (2019) predict ×√(π/(π−1)) = {mf_rate} for ReLU in the limit of infinite width and batch.</source>
        <translation>初始化时批归一化会使梯度爆炸：这里 RMS 平均每层乘以 {rate}。Yang 等人（2019）对 ReLU 在宽度和批大小都趋于无穷的极限下预测每层乘以 √(π/(π−1)) = {mf_rate}。</translation>
    </message>
    <message>
        <source>BatchNorm at initialisation makes gradients explode, ×{rate} in RMS per layer on average here (Yang et al. 2019 show this for every function; their rate is not computed here for {function}).</source>
        <translation>初始化时批归一化会使梯度爆炸：这里 RMS 平均每层乘以 {rate}（Yang 等人 2019 证明这对每个激活函数都成立；这里不计算他们对 {function} 给出的速率）。</translation>
    </message>
    <message>
        <source>With BatchNorm the gradient&apos;s RMS changes ×{rate} per layer on average here.</source>
        <translation>使用批归一化时，这里梯度的 RMS 平均每层乘以 {rate}。</translation>
    </message>
    <message>
        <source>Orthogonal weights (σ_w times an orthogonal matrix) keep the length of every vector they multiply; the mean-field line is the one of Gaussian weights, which have the same average gain.</source>
        <translation>正交权重（σ_w 乘以正交矩阵）保持所乘每个向量的长度；平均场理论线与高斯权重的相同，因为两者的平均增益相同。</translation>
    </message>
    <message>
        <source>With {function} and {init} init, the activations overflow (or stop being finite numbers) at layer {layer} of {layers}, so the gradient cannot be measured.</source>
        <translation>激活函数为 {function}、采用 {init} 初始化时，激活值在 {layers} 层中的第 {layer} 层溢出（不再是有限数），因此无法测量梯度。</translation>
    </message>
</context>
<context>
    <name>fileio</name>
    <message>
        <source>the file name is too long</source>
        <translation>文件名太长</translation>
    </message>
    <message>
        <source>permission denied</source>
        <translation>没有写入权限</translation>
    </message>
    <message>
        <source>the file system is read-only</source>
        <translation>文件系统是只读的</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>磁盘已满</translation>
    </message>
    <message>
        <source>the folder does not exist</source>
        <translation>文件夹不存在</translation>
    </message>
    <message>
        <source>it is a folder</source>
        <translation>这是一个文件夹</translation>
    </message>
    <message>
        <source>part of the path is a file, not a folder</source>
        <translation>路径中有一部分是文件，而不是文件夹</translation>
    </message>
    <message>
        <source>the name is not valid here</source>
        <translation>这个名称在此处无效</translation>
    </message>
    <message>
        <source>too many symbolic links</source>
        <translation>符号链接层数过多</translation>
    </message>
    <message>
        <source>nothing was written</source>
        <translation>没有写入任何内容</translation>
    </message>
</context>
<context>
    <name>properties</name>
    <message>
        <source>the largest slope, {m}, is not reached: it is approached as x → {at}{side}, while f′({at}) = {f_at}</source>
        <translation>最大斜率 {m} 取不到：它只在 x → {at}{side} 时趋近，而 f′({at}) = {f_at}</translation>
    </message>
    <message>
        <source>the slope keeps growing in the tails</source>
        <translation>斜率在两端持续增大</translation>
    </message>
    <message>
        <source>f′ is not finite at x = {x}</source>
        <translation>f′ 在 x = {x} 处不是有限值</translation>
    </message>
    <message>
        <source>|f′| grows without bound next to x = {x}</source>
        <translation>|f′| 在 x = {x} 附近无限增大</translation>
    </message>
</context>
</TS>
