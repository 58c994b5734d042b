"""Generated command lines for every verb, and the rules every run must obey.

Shared by ``tests/test_cli_fuzz.py`` (a few hundred cases in the suite) and
``tests/benchmarks/bench_cli_fuzz.py`` (thousands).  A case is a list of arguments in which
``@OUT:<kind>:<ext>`` and ``@DATA:<kind>`` stand for paths made in a scratch folder just before
the run (:func:`materialise`): good names, wrong extensions, missing folders, names too long,
folders, files used as folders, names with a newline.

The rules (:func:`problems`): exit status 0 or 2; no traceback; a failure is one line starting
``error:``; a success prints nothing on stderr but ``warning:`` lines; no file is left in the
output folder except the output of a successful run, and never a temporary ``.part`` file.

To fuzz a new verb, add one entry to :data:`VERBS` (and to :data:`IN_PROCESS` if it needs no
Qt): a function returning the strategy of its argument lists.
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import traceback
from pathlib import Path

from hypothesis import strategies as st

# -- vocabularies --------------------------------------------------------------------------

IDS = ["relu", "tanh", "sigmoid", "leaky_relu", "gelu", "elu", "softplus", "selu", "hardtanh",
       "step", "linear", "prelu", "rrelu", "mish", "relux", "RELU", "", "custom:x", "-", "relu,tanh",
       "relu,,tanh", "tanh,relu,gelu", "ü", "a\nb", "x" * 300]
FLOATS = ["0", "1", "-1", "0.5", "2", "1e-3", "1e-5", "10", "1e308", "1e309", "nan", "inf", "-inf",
          "abc", "", "1,5", "0x10", " 2 ", "-0", "5e-324", "11", "0.9", "0.95"]
INTS = ["0", "1", "2", "3", "4", "-1", "abc", "2.5", "99999999999999999999", "", "8", "1e3"]
SMALL_INTS = ["1", "2", "3", "0", "-1", "x", "", "1.0"]
EXPRS = ["x*sigmoid(1.5*x)", "x*sigmoid(b*x)", "-(1.58e-248^x)", "leaky_relu(x^723.85, b)",
         "where(x < x, x, x)^723.7", "where(x != x, 1e-3, x)^(1^x)", "sqrt(-x)", "exp(710)",
         "1/x", "log(x)", "sqrt(x-100)", "__import__('os')", "x^", "(" * 70 + "x" + ")" * 70,
         "b*x + a", "", "x" * 1001, "9^9^9^9", "max(x)", "where(x > 0, x)", "gelu(x, 3)",
         "leaky_relu(x, 20)", "x\n+1", "é", "relu(x) - relu(x - 1)"]
PARAMS = ["negative_slope=0.1", "negative_slope=2", "alpha=1", "alpha=0", "b=2", "b=1e309",
          "beta=0", "beta=2", "alpha=abc", "alpha", "=1", "b=nan", "a=-11", "threshold=20",
          "lower=0.5", "upper=0.1", "x=1", "inplace=1"]
JUNK = ["--bogus", "-x", "--", "-", "--help", "-h", "--points", "--range", "-p", "--expr",
        "--output", "-o", "--json", "nan", "--layers=3", "--epochs=2", "--size=300x200", "\x7f"]
SIZES = ["400x300", "200x150", "199x150", "8001x300", "300", "axb", "", "300x200x1", "0x0",
         "-400x300", "640X480"]

OUT_KINDS = ["ok", "ok", "ok", "ext", "noext", "missing", "long", "folder", "file_dir",
             "newline", "empty", "dash"]
DATA_KINDS = ["ok", "ok", "bad", "empty", "missing", "folder", "header_only", "one_class",
              "nan", "huge_label"]


GOOD_IDS = ["relu", "tanh", "sigmoid", "leaky_relu", "gelu", "elu", "softplus", "selu", "silu"]


def _pick(good, bad=()):
    """A value: good ones four times as likely as bad ones."""
    return st.sampled_from(list(good) * 4 + list(bad))


def _opt(flag, good, bad=()):
    return st.tuples(st.just(flag), _pick(good, bad)).map(list)


def _out(good_exts, bad_exts=()):
    kinds = st.sampled_from(["ok"] * 8 + OUT_KINDS)
    return st.tuples(st.sampled_from(["-o", "-o", "--output"]), kinds, _pick(good_exts, bad_exts)).map(
        lambda t: [t[0], f"@OUT:{t[1]}:{t[2]}"])


def _junk():
    return st.sampled_from(JUNK + IDS + FLOATS).map(lambda s: [s])


def _assemble(head, positional, options, out):
    """[head] + positional + some options (shuffled) + usually one output; now and then a
    stray token or a second output."""
    chunk = st.one_of(*options) if options else st.nothing()
    body = st.lists(chunk, max_size=5)
    junk = st.sampled_from([0] * 6 + [1, 2]).flatmap(lambda k: st.lists(_junk(), min_size=k, max_size=k))
    outs = st.sampled_from([1] * 8 + [0, 2]).flatmap(lambda k: st.lists(out, min_size=k, max_size=k))
    return st.tuples(positional, body, junk, outs, st.randoms(use_true_random=False)).map(
        lambda t: _join(head, t[0], t[1], t[2], t[3], t[4]))


def _join(head, positional, body, junk, outs, rnd):
    chunks = [[p] for p in positional] + body + junk
    rnd.shuffle(chunks)
    if outs:
        chunks.append(outs[0])   # the output usually last, as people type it
        for extra in outs[1:]:   # a second -o somewhere (argparse keeps the last)
            chunks.insert(rnd.randrange(len(chunks) + 1), extra)
    return [*head, *[a for c in chunks for a in c]]


def _one_id():
    """Usually one good id; sometimes none, two, or a bad one."""
    return st.one_of(_pick(GOOD_IDS).map(lambda i: [i]), _pick(GOOD_IDS).map(lambda i: [i]),
                     _pick(GOOD_IDS).map(lambda i: [i]), st.lists(st.sampled_from(IDS), max_size=2))


def _range():
    good = ["-6", "-1", "0", "-3"], ["6", "1", "3", "0.5"]
    return st.tuples(st.just("--range"), _pick(good[0], FLOATS), _pick(good[1], FLOATS)).map(list)


def list_args():
    return st.lists(st.sampled_from(["--json", "--json", "--help", "--bogus", "relu", "-o", "x"]),
                    max_size=2).map(lambda rest: ["list", *rest])


def curve_args(images: bool = False):
    good_exts = ["csv"] + (["png", "svg"] if images else [])
    return _assemble(
        ["curve"], st.one_of(_one_id(), st.lists(_pick(GOOD_IDS, IDS), max_size=3)),
        [st.lists(_opt("--expr", EXPRS[:2] + ["x*tanh(softplus(x))", "relu(x) - relu(x - 1)"], EXPRS),
                  min_size=1, max_size=2).map(lambda cs: [a for c in cs for a in c]),
         _opt("-p", PARAMS[:1] + PARAMS[4:5], PARAMS), _opt("--param", ["negative_slope=0.2"], PARAMS),
         _range(),
         _opt("--points", ["2", "3", "11", "101", "1201"], ["1", "0", "-5", "abc", "1000001", "1e3"]),
         _opt("--size", ["400x300", "640x400"], SIZES)],
        _out(good_exts, ["txt", "CSV", "png" if not images else "jpg"]))


def depth_args():
    return _assemble(
        ["depth", "--layers", "3"], _one_id(),
        [_opt("--layers", ["1", "2", "5"], SMALL_INTS + ["1001", "1000"]),
         _opt("--width", ["1", "4", "16", "64"], ["0", "4097", "abc"]),
         _opt("--batch", ["1", "4", "16", "64"], ["0", "4097", "-2"]),
         _opt("--init", ["xavier", "he", "lecun"], ["custom", "uniform", "HE", ""]),
         st.tuples(_opt("--init", ["custom"]), _opt("--sigma-w", ["0.5", "1", "2", "10"], FLOATS)).map(
             lambda t: t[0] + t[1]),
         _opt("--sigma-w", ["0.5", "1.5"], FLOATS), _opt("--sigma-b", ["0", "0.1", "1"], FLOATS),
         _opt("--mode", ["sim", "theory"], ["exact", ""]),
         _opt("--arch", ["plain", "residual", "residual-ln", "batchnorm"], ["resnet", ""]),
         _opt("--branch-scale", ["1", "0.5", "1/sqrtL"], ["0", "1.5", "-1", "nan", "x"]),
         _opt("--weights", ["gaussian", "orthogonal"], ["uniform", ""]),
         _opt("--seed", ["0", "1", "7"], INTS + ["18446744073709551616"]),
         _opt("-p", ["negative_slope=0.1", "alpha=0.5"], PARAMS)],
        _out(["csv"], ["png", "txt"]))


def train_args():
    return _assemble(
        ["train", "--epochs", "2", "--points", "40", "--hidden", "4"], _one_id(),
        [_opt("--epochs", ["1", "2", "3"], SMALL_INTS + ["100001"]),
         _opt("--dataset", ["moons", "circles", "spiral", "xor", "blobs"], ["gaussian", "mnist", ""]),
         st.tuples(st.just("--data"), _pick(DATA_KINDS[:1], DATA_KINDS)).map(lambda t: ["--data", f"@DATA:{t[1]}"]),
         _opt("--points", ["4", "40", "10"], ["3", "100001", "abc"]),
         _opt("--noise", ["0", "0.1", "0.5"], FLOATS), _opt("--classes", ["2", "3"], ["1", "17", "x"]),
         _opt("--test-fraction", ["0", "0.2", "0.5"], FLOATS),
         _opt("--hidden", ["4", "4,4", "2,3,2"], ["0", "257", "1,2,3,4,5,6,7,8,9", "a", "", "4,,4", " 3 "]),
         _opt("--init", ["he", "xavier", "lecun", "uniform"], ["custom"]),
         _opt("--optimizer", ["sgd", "momentum", "adam"], ["rmsprop", "lbfgs"]),
         _opt("--lr", ["0.1", "1", "10", "1e-5"], FLOATS), _opt("--momentum", ["0.9", "0"], FLOATS),
         _opt("--batch-size", ["1", "8", "100000"], INTS), _opt("--l2", ["0", "0.01", "1"], FLOATS),
         _opt("--seed", ["0", "3"], INTS), _opt("--dtype", ["float32", "float64"], ["float16"]),
         _opt("-p", ["negative_slope=0.1"], PARAMS)],
        _out(["csv"], ["txt"]))


def screenshot_args():
    return _assemble(
        ["screenshot", "--size", "400x300"], st.just([]),
        [_opt("--tab", ["curves", "depth", "softmax", "learn"], ["training", "nope"]),
         _opt("--function", GOOD_IDS, IDS), _opt("--expr", EXPRS[:2], EXPRS),
         _opt("--preset", ["nope"]), _opt("--epochs", ["0", "1", "-1"]),
         st.just(["--network"]), _opt("--lang", ["en", "zh_CN"], ["fr"]),
         _opt("--theme", ["light", "dark"], ["blue"]), _opt("--size", ["400x300", "200x150"], SIZES)],
        _out(["png"], ["jpg"]))


def phase_args():
    return _assemble(
        ["phase", "--grid", "4"], _one_id(),
        [_opt("--grid", ["2", "3", "5"], SMALL_INTS + ["1001", "abc"]),
         st.tuples(st.just("--sigma-w2"), _pick(["0.5", "1"], FLOATS), _pick(["2", "4.5"], FLOATS)).map(list),
         st.tuples(st.just("--sigma-b2"), _pick(["0", "0.05"], FLOATS), _pick(["0.1", "0.3"], FLOATS)).map(list),
         _opt("--show", ["xi_corr", "xi_grad", "chi", "q_star"], ["xi", ""]),
         _opt("--expr", EXPRS[:2], EXPRS), _opt("-p", ["negative_slope=0.1"], PARAMS),
         _opt("--size", ["400x300"], SIZES)],
        _out(["csv"], ["txt", "jpg"]))


def jacobian_args():
    return _assemble(
        ["jacobian", "--layers", "2", "--width", "8"], _one_id(),
        [_opt("--layers", ["1", "2", "3"], SMALL_INTS + ["501"]),
         _opt("--width", ["1", "4", "8"], ["0", "2001", "abc"]),
         _opt("--init", ["gaussian", "orthogonal"], ["he", ""]),
         _opt("--sigma-w2", ["1", "2"], FLOATS), _opt("--sigma-b2", ["0", "0.05"], FLOATS),
         _opt("--samples", ["1", "2"], SMALL_INTS + ["100000"]), _opt("--seed", ["0", "1"], INTS),
         _opt("--expr", EXPRS[:2], EXPRS), _opt("-p", ["negative_slope=0.1"], PARAMS)],
        _out(["csv"], ["txt"]))


def trainability_args():
    return _assemble(
        ["trainability", "--quiet", "--sigma-w2", "1", "--depths", "1", "--width", "4",
         "--steps", "2", "--points", "20"], _one_id(),
        [st.tuples(st.just("--sigma-w2"), _pick(["1", "2"], FLOATS)).map(list),
         st.tuples(st.just("--depths"), _pick(["1", "2"], SMALL_INTS)).map(list),
         _opt("--width", ["2", "4"], ["0", "abc", "-1"]), _opt("--steps", ["1", "2"], SMALL_INTS),
         _opt("--lr", ["0.01", "0.1"], FLOATS), _opt("--batch", ["4", "8"], INTS),
         _opt("--data", ["moons", "xor", "gauss"], ["mnist", ""]),
         _opt("--points", ["10", "20"], ["0", "1", "abc"]), _opt("--seed", ["0"], INTS),
         _opt("-p", ["negative_slope=0.1"], PARAMS)],
        _out(["csv"], ["txt"]))


def fit_args():
    return _assemble(
        ["fit", "--epochs", "2", "--points", "20", "--hidden", "4", "--grid", "11"], _one_id(),
        [_opt("--target", ["sin", "abs", "step", "plane"], ["cos", ""]),
         _opt("--expr", ["x^2 - relu(x)", "x1*x2", "sin(x)"], EXPRS),
         st.tuples(st.just("--data"), _pick(DATA_KINDS[:1], DATA_KINDS)).map(lambda t: ["--data", f"@DATA:{t[1]}"]),
         _opt("--function-expr", EXPRS[:2], EXPRS),
         _range(), _opt("--points", ["4", "20"], ["0", "1", "abc", "100001"]),
         _opt("--noise", ["0", "0.1"], FLOATS), _opt("--test-fraction", ["0", "0.2"], FLOATS),
         _opt("--hidden", ["4", "2,2"], ["0", "1,2,3,4", "a", ""]),
         _opt("--init", ["he", "gaussian"], ["custom"]), _opt("--optimizer", ["sgd", "adam"], ["lbfgs"]),
         _opt("--lr", ["0.01", "1"], FLOATS), _opt("--batch-size", ["0", "4"], INTS),
         _opt("--l2", ["0", "0.01"], FLOATS), _opt("--epochs", ["1", "3"], SMALL_INTS),
         _opt("--seed", ["0"], INTS), _opt("--grid", ["2", "11"], SMALL_INTS),
         _opt("-p", ["negative_slope=0.1"], PARAMS)],
        _out(["csv"], ["txt"]))


VERBS = {
    "list": list_args,
    "curve": curve_args,
    "depth": depth_args,
    "train": train_args,
    "screenshot": screenshot_args,
    "phase": phase_args,
    "jacobian": jacobian_args,
    "trainability": trainability_args,
    "fit": fit_args,
}
IN_PROCESS = {"list", "curve", "depth", "train", "phase", "jacobian", "trainability", "fit"}   # the others run in a fresh interpreter
if os.path.exists(Path(__file__).resolve().parents[1] / "act_explorer" / "commands" / "properties.py"):
    VERBS["properties"] = lambda: _assemble(  # the properties verb prints the card
        ["properties"], _one_id(),
        [_opt("--expr", EXPRS[:2], EXPRS), _opt("-p", ["negative_slope=0.1"], PARAMS),
         st.just(["--json"]), _opt("--lang", ["en", "zh_CN"], ["fr", ""]), _range()],
        st.sampled_from([[]] * 9 + [["-o", "x.json"]]))    # it prints; -o is refused
    IN_PROCESS.add("properties")


# -- paths ---------------------------------------------------------------------------------

def materialise(args: list[str], root: Path) -> tuple[list[str], Path | None]:
    """Replace the @OUT/@DATA placeholders by real paths under ``root`` (made here); return the
    arguments and the output path argparse will use (the last -o), or None."""
    out_dir, fix = root / "out", root / "fixtures"
    out_dir.mkdir()
    fix.mkdir()
    (fix / "plain.txt").write_text("a file, not a folder\n")
    real, target = [], None
    for i, a in enumerate(args):
        if a.startswith("@OUT:"):
            _, kind, ext = a.split(":")
            a = _out_path(kind, ext, out_dir, fix)
            if i > 0 and args[i - 1] in ("-o", "--output"):
                target = Path(a)
        elif a.startswith("@DATA:"):
            a = _data_path(a.split(":")[1], fix)
        real.append(a)
    return real, target


def _out_path(kind: str, ext: str, out_dir: Path, fix: Path) -> str:
    name = f"result.{ext}"
    if kind == "ok":
        return str(out_dir / name)
    if kind == "ext":
        return str(out_dir / "result.dat")
    if kind == "noext":
        return str(out_dir / "result")
    if kind == "missing":
        return str(out_dir / "no-such-folder" / name)
    if kind == "long":
        return str(out_dir / ("n" * 300 + "." + ext))
    if kind == "folder":
        (out_dir / f"folder.{ext}").mkdir(exist_ok=True)
        return str(out_dir / f"folder.{ext}")
    if kind == "file_dir":
        return str(fix / "plain.txt" / name)
    if kind == "newline":
        return str(out_dir / f"two\nlines.{ext}")
    if kind == "empty":
        return ""
    if kind == "dash":
        return "-"
    raise AssertionError(kind)


def _data_path(kind: str, fix: Path) -> str:
    p = fix / f"data-{kind}.csv"
    rows = {
        "ok": "x1,x2,label\n" + "".join(f"{i % 7 * 0.3},{i % 5 * 0.2},{i % 2}\n" for i in range(40)),
        "bad": "x1,x2,label\n1,2,0\n1,abc,1\n",
        "empty": "",
        "header_only": "x1,x2,label\n",
        "one_class": "".join(f"{i},{i},0\n" for i in range(20)),
        "nan": "".join(f"{i},nan,{i % 2}\n" for i in range(20)),
        "huge_label": "".join(f"{i},{i},{i * 1000}\n" for i in range(20)),
    }
    if kind == "missing":
        return str(fix / "missing.csv")
    if kind == "folder":
        (fix / "folder.csv").mkdir(exist_ok=True)
        return str(fix / "folder.csv")
    p.write_text(rows[kind])
    return str(p)


# -- running and judging -------------------------------------------------------------------

def run_in_process(args: list[str], cwd: Path) -> tuple[object, str, str]:
    """``act_explorer.cli.main(args)`` run in ``cwd`` with stdout/stderr captured: (exit
    code, out, err).  An exception that escapes is returned as the code ``"exception"`` with
    its traceback."""
    from act_explorer.cli import main

    out, err = io.StringIO(), io.StringIO()
    with contextlib.chdir(cwd), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = main(list(args))
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
        except BaseException:  # noqa: BLE001 - the point is to see it
            code = "exception"
            err.write(traceback.format_exc())
    return code, out.getvalue(), err.getvalue()


def run_subprocess(args: list[str], cwd: Path, timeout: float = 300) -> tuple[object, str, str]:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    res = subprocess.run([sys.executable, "-m", "act_explorer", *args], capture_output=True,
                         text=True, env=env, timeout=timeout, cwd=cwd)
    return res.returncode, res.stdout, res.stderr


def problems(code, stderr: str, root: Path, target: Path | None) -> list[str]:
    """What is wrong with a run (empty if nothing)."""
    found = []
    if code not in (0, 2):
        found.append(f"exit status {code!r}")
    if "Traceback" in stderr:
        found.append("traceback on stderr")
    lines = stderr.splitlines()
    if code == 2:
        if len(lines) != 1 or not lines[0].startswith("error:"):
            found.append(f"not one error: line: {stderr!r}")
    elif code == 0 and any(not ln.startswith("warning:") for ln in lines):
        found.append(f"stderr on success: {stderr!r}")
    left = sorted(p for p in (root / "out").rglob("*") if p.is_file())
    expected = [target] if (code == 0 and target in left) else []
    extra = [p for p in left if p not in expected]
    if extra:
        found.append(f"files left behind: {[p.name[:40] for p in extra]}")
    if any(p.name.endswith(".part") for p in root.rglob("*")):
        found.append("a temporary .part file is left")
    return found
