#!/usr/bin/python3
"""The engine against a lean PyTorch eager loop with a key/value cache (what transformers' generate() does on CPU),
in ONE run, on the same weights and inputs, both on 2 threads, interleaved so that the noise of a shared machine hits
both; then the machine's limits. Ids must be equal for a comparison to count (docs/BENCHMARKS.md, issue 15).

    /usr/bin/python3 models/realsize/build.py marian --eos-unreachable
    dotnet build tools/Translate.Benchmarks -c Release
    /usr/bin/python3 models/realsize/bench.py marian [--quick] [--rounds N] [--warmup-rounds N] [--engine key=value ...] [--only a,b]
    ... --baseline <checkout of an earlier commit, with tools/Translate.Benchmarks built>   (before/after, same run)
    /usr/bin/python3 models/realsize/quantize.py ~/.cache/translate/realsize/marian-noeos && \
    /usr/bin/python3 models/realsize/bench.py marian --int8     (fp32 against int8 engine, greedy batches of 32)
    ... --int8 --int8-against <another int8 copy>              (and that copy in the same rounds, ids compared)

Engine settings (--engine): decoder=Auto|Merged|Split, threads=2, spinning=true|false, optimization=ORT_ENABLE_ALL,
model=<folder> (e.g. the int8 copy). Scenarios: greedy1 (greedy, one sentence at a time), greedy32 (greedy, batches
of 32), beam32 (num_beams 4, batches of 32); every output runs to max_new_tokens (EOS unreachable).

Before the timed rounds, --warmup-rounds (default 1) untimed rounds run every scenario once on every side, as a
server's steady state would have them: a process's first batch of a new shape pays for its memory (ONNX Runtime's
arena and the .NET heap grow, about 900 MB of fresh pages for the first beam batch of 128 rows: 183,000 page faults,
2 s of system time), and later batches reuse it. PyTorch gets the same rounds. --warmup-rounds 0 measures cold.
"""
import json
import os
import random
import subprocess
import sys
import time

THREADS = 2
os.environ.setdefault("OMP_NUM_THREADS", str(THREADS))
os.environ.setdefault("OPENBLAS_NUM_THREADS", str(THREADS))

import numpy as np  # noqa: E402
import torch  # noqa: E402
import torch.nn.functional as F  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", ".."))
sys.path.insert(0, HERE)
import build  # noqa: E402

torch.set_num_threads(THREADS)
NEG_INF = float("-inf")


# ---------------------------------------------------------------------------------------------------------
# PyTorch reference: transformers' greedy and beam search with the cache (past_key_values), eager, no_grad
# ---------------------------------------------------------------------------------------------------------


class Settings:
    def __init__(self, gen, max_new_tokens, beams):
        self.start = gen["decoder_start_token_id"]
        self.eos = gen["eos_token_id"]
        self.pad = gen["pad_token_id"]
        self.max_length = 1 + max_new_tokens
        self.beams = beams
        self.bad = [b[0] for b in gen.get("bad_words_ids", []) if len(b) == 1 and b[0] != self.eos]
        self.min_length = gen.get("min_length", 0)
        self.forced_eos = gen.get("forced_eos_token_id")
        self.forced_bos = gen.get("forced_bos_token_id")
        self.length_penalty = gen.get("length_penalty", 1.0)
        self.early_stopping = gen.get("early_stopping", False)
        assert gen.get("no_repeat_ngram_size", 0) == 0 and gen.get("repetition_penalty", 1.0) == 1.0, "not in this reference"


def process(s, scores, cur_len):
    """transformers' processors (bad words, min length, forced BOS/EOS) on a (rows, vocab) tensor, in place."""
    for b in s.bad:
        scores[:, b] = NEG_INF
    if cur_len < s.min_length:
        scores[:, s.eos] = NEG_INF
    if s.forced_bos is not None and cur_len == 1:
        scores.fill_(NEG_INF)
        scores[:, s.forced_bos] = 0
    if s.forced_eos is not None and cur_len == s.max_length - 1:
        scores.fill_(NEG_INF)
        scores[:, s.forced_eos] = 0
    return scores


def pad_batch(rows, pad):
    n = max(len(r) for r in rows)
    ids = torch.tensor([r + [pad] * (n - len(r)) for r in rows])
    mask = torch.tensor([[1] * len(r) + [0] * (n - len(r)) for r in rows])
    return ids, mask


def torch_greedy(model, s, rows, encoder_pad):
    with torch.no_grad():
        ids, mask = pad_batch(rows, encoder_pad)
        enc = model.encode(ids, mask)
        out = torch.full((len(rows), 1), s.start, dtype=torch.long)
        unfinished = torch.ones(len(rows), dtype=torch.bool)
        past = None
        while True:
            logits, past = model.decode(out[:, -1:], enc, mask, past)
            scores = process(s, logits[:, -1, :], out.shape[1])
            token = torch.argmax(scores, dim=-1)
            token = torch.where(unfinished, token, torch.full_like(token, s.pad))
            out = torch.cat([out, token[:, None]], 1)
            unfinished &= token != s.eos
            if not bool(unfinished.any()) or out.shape[1] >= s.max_length:
                break
    result = []
    for r in out.tolist():  # strip the padding of finished rows (after their EOS)
        if s.eos in r[1:]:
            r = r[:r.index(s.eos, 1) + 1]
        result.append(r)
    return result


def torch_beam(model, s, rows, encoder_pad):
    """BeamSearchScorer semantics; the cache (self and cross) is reordered with index_select, as _reorder_cache."""
    B, K = len(rows), s.beams
    with torch.no_grad():
        ids, mask = pad_batch(rows, encoder_pad)
        enc = model.encode(ids, mask).repeat_interleave(K, dim=0)
        mask = mask.repeat_interleave(K, dim=0)
        seqs = [[s.start] for _ in range(B * K)]
        beam_scores = torch.zeros(B, K)
        beam_scores[:, 1:] = -1e9
        beam_scores = beam_scores.view(-1)
        hyps = [build.fx.Hyps(K, s.length_penalty, s.early_stopping, s.max_length) for _ in range(B)]
        done = [False] * B
        past = None
        last = torch.full((B * K, 1), s.start, dtype=torch.long)
        while True:
            logits, past = model.decode(last, enc, mask, past)
            lp = F.log_softmax(logits[:, -1, :], dim=-1)
            cur_len = len(seqs[0])
            lp = process(s, lp, cur_len)
            V = lp.shape[-1]
            scores = (lp + beam_scores[:, None]).view(B, K * V)
            top_s, top_t = torch.topk(scores, 2 * K, dim=1, largest=True, sorted=True)
            top_s, top_t = top_s.tolist(), top_t.tolist()
            new_scores, new_tok, new_src = [], [], []
            for b in range(B):
                if done[b]:
                    new_scores += [0.0] * K
                    new_tok += [s.pad] * K
                    new_src += [b * K] * K
                    continue
                j = 0
                for rank in range(2 * K):
                    tok, src, sc = top_t[b][rank] % V, b * K + top_t[b][rank] // V, top_s[b][rank]
                    if tok == s.eos:
                        if rank < K:
                            hyps[b].add(seqs[src] + [tok], sc, cur_len)
                    else:
                        new_scores.append(sc)
                        new_tok.append(tok)
                        new_src.append(src)
                        j += 1
                    if j == K:
                        break
                done[b] = done[b] or hyps[b].is_done(top_s[b][0], cur_len)
            beam_scores = torch.tensor(new_scores)
            seqs = [seqs[src] + [tok] for src, tok in zip(new_src, new_tok)]
            if all(done) or len(seqs[0]) >= s.max_length:
                break
            index = torch.tensor(new_src)
            past = [tuple(t.index_select(0, index) for t in layer) for layer in past]
            last = torch.tensor(new_tok)[:, None]
        out = []
        for b in range(B):
            if not done[b]:
                for k in range(K):
                    hyps[b].add(seqs[b * K + k], beam_scores[b * K + k].item(), len(seqs[b * K + k]) - 1)
            best = 0
            for i in range(1, len(hyps[b].beams)):
                if hyps[b].beams[i][0] >= hyps[b].beams[best][0]:
                    best = i
            out.append(hyps[b].beams[best][1])
        return out


def torch_run(model, gen, encoder_pad, inputs, batch, beams, max_new_tokens):
    s = Settings(gen, max_new_tokens, beams)
    started = time.perf_counter()
    out = []
    for first in range(0, len(inputs), batch):
        rows = inputs[first:first + batch]
        out += torch_greedy(model, s, rows, encoder_pad) if beams == 1 else torch_beam(model, s, rows, encoder_pad)
    return time.perf_counter() - started, out


# ---------------------------------------------------------------------------------------------------------
# The engine, through tools/Translate.Benchmarks --realsize-server
# ---------------------------------------------------------------------------------------------------------


class Engine:
    def __init__(self, root=ROOT):
        dll = os.path.join(root, "tools", "Translate.Benchmarks", "bin", "Release", "net10.0", "Translate.Benchmarks.dll")
        if not os.path.exists(dll):
            sys.exit("build the engine side first: dotnet build tools/Translate.Benchmarks -c Release")
        env = dict(os.environ, DOTNET_gcServer="0")
        self.process = subprocess.Popen(["dotnet", dll, "--realsize-server"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                        text=True, env=env, bufsize=1)

    def ask(self, **command):
        self.process.stdin.write(json.dumps(command) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            sys.exit("the engine process ended (exit %s)" % self.process.wait())
        answer = json.loads(line)
        if "error" in answer:
            sys.exit("engine: " + answer["error"])
        return answer

    def close(self):
        self.process.stdin.close()
        self.process.wait()


# ---------------------------------------------------------------------------------------------------------
# Machine limits
# ---------------------------------------------------------------------------------------------------------


def weight_counts(cfg, model):
    """Multiply-adds per generated token by part, and bytes of weights a decoder step reads (fp32)."""
    d = cfg["d_model"]
    V = cfg.get("decoder_vocab_size", cfg["vocab_size"])
    sd = model.state_dict()
    dec = enc = cross_kv = 0
    for name, t in sd.items():
        if t.dim() != 2 or "shared" in name or "pos" in name or "relative_attention_bias" in name or "lm_head" in name:
            continue
        if name.startswith(("dec_layers", "dec.")):
            if ("encoder_attn.k_proj" in name or "encoder_attn.v_proj" in name or ".ca.k." in name or ".ca.v." in name):
                cross_kv += t.numel()
            else:
                dec += t.numel()
        else:
            enc += t.numel()
    lm_head = V * d
    return {"decoder_step_weights": dec, "lm_head": lm_head, "cross_kv_per_source_token": cross_kv,
            "encoder_per_source_token": enc, "bytes_read_per_step_fp32": 4 * (dec + lm_head)}


def one_op_model(path, node, k, n, initializers, opsets):
    """A model of one op from a [m, k] input "a" to a [m, n] output "y" (the kernel timings' models)."""
    import onnx
    from onnx import helper, TensorProto
    graph = helper.make_graph([node], node.op_type,
                              [helper.make_tensor_value_info("a", TensorProto.FLOAT, ["m", k])],
                              [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["m", n])], initializer=initializers)
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid(domain, version) for domain, version in opsets])
    model.ir_version = 7
    onnx.save(model, path)


def sgemm_model(path, k, n):
    from onnx import helper, numpy_helper
    w = numpy_helper.from_array(np.random.RandomState(0).uniform(-1, 1, (k, n)).astype(np.float32), "w")
    one_op_model(path, helper.make_node("MatMul", ["a", "w"], ["y"]), k, n, [w], [("", 14)])


def int8_matmul_model(path, k, n):
    """One DynamicQuantizeMatMul [m, k] x int8 [k, n], as models/realsize/quantize.py writes a weight."""
    from onnx import helper, numpy_helper
    import quantize
    q, scale = quantize.quantize_weight(np.random.RandomState(0).uniform(-1, 1, (k, n)).astype(np.float32))
    inits = [numpy_helper.from_array(q, "wq"), numpy_helper.from_array(scale, "ws"), numpy_helper.from_array(np.zeros_like(q[0]), "wz")]
    node = helper.make_node("DynamicQuantizeMatMul", ["a", "wq", "ws", "wz"], ["y"], domain="com.microsoft")
    one_op_model(path, node, k, n, inits, [("", 14), ("com.microsoft", 1)])


def int8_kernel_ceiling(engine, cfg, out_dir, m=32):
    """The int8 kernel's own speed-up over fp32 on the decoder step's weight shapes at m rows (one MatMul model each,
    best of the repeats), and the step's ceiling: the fp32 export's weight products' time over the int8 copy's (as
    quantize.py writes it: a self-attention's q, k and v as one product). The rest of the step (attention, layer norms,
    the cache) is not sped up by int8, so the whole step cannot pass this ratio."""
    d, ffn, layers = cfg["d_model"], cfg["decoder_ffn_dim"], cfg["decoder_layers"]
    vocab = cfg.get("decoder_vocab_size", cfg["vocab_size"])
    # A decoder step's weight products, (k, n): how many the fp32 export runs, how many the int8 copy runs.
    # Self-attention q, k, v, out and cross-attention q, out [d, d] (cross-attention k, v run once, on the encoder's
    # output); the FFN's two; the lm head.
    shapes = {"self-attention q, k, v together": ((d, 3 * d), 0, layers), "attention projection": ((d, d), 6 * layers, 3 * layers),
              "ffn in": ((d, ffn), layers, layers), "ffn out": ((ffn, d), layers, layers), "lm head": ((d, vocab), 1, 1)}
    fp32_total = int8_total = 0.0
    rows = []
    for name, ((k, n), fp32_count, int8_count) in shapes.items():
        times = {}
        for kind, make in (("fp32", sgemm_model), ("int8", int8_matmul_model)):
            path = os.path.join(out_dir, "kernel-%s-%d-%d.onnx" % (kind, k, n))
            if not os.path.exists(path):
                make(path, k, n)
            times[kind] = engine.ask(cmd="sgemm", model=path, m=m, k=k, threads=THREADS, repeats=10 if n > 8192 else 200)["seconds"]
        fp32_total += fp32_count * times["fp32"]
        int8_total += int8_count * times["int8"]
        rows.append((name, k, n, fp32_count, int8_count, times["fp32"], times["int8"]))
    print("\nint8 kernel against fp32 on the decoder step's weight shapes, %d rows (one MatMul each, best of the repeats):" % m)
    print("| product | shape | a step: fp32 export / int8 copy | fp32 | int8 | int8 speed-up |")
    print("|---|---|---:|---:|---:|---:|")
    for name, k, n, fc, ic, f, i in rows:
        print("| %s | %d x %d | %d / %d | %.0f us | %.0f us | %.2fx |" % (name, k, n, fc, ic, f * 1e6, i * 1e6, f / i))
    print("| all of a step's weight products | | | %.2f ms | %.2f ms | **%.2fx** (the ceiling for the whole step) |" % (
        fp32_total * 1e3, int8_total * 1e3, fp32_total / int8_total))
    return fp32_total / int8_total


def machine_limits(engine, out_dir):
    limits = {}
    bw = engine.ask(cmd="bandwidth", megabytes=1024, threads=THREADS)
    limits["read_bandwidth_gb_s"] = bw["gb_per_s"]
    m, k, n = 512, 2048, 4096
    path = os.path.join(out_dir, "sgemm-%d-%d.onnx" % (k, n))
    if not os.path.exists(path):
        sgemm_model(path, k, n)
    ort = engine.ask(cmd="sgemm", model=path, m=m, k=k, threads=THREADS, repeats=20)
    limits["ort_sgemm_gflops"] = 2 * m * k * n / ort["seconds"] / 1e9
    a, b = torch.rand(m, k), torch.rand(k, n)
    best = 1e9
    for _ in range(20):
        t = time.perf_counter()
        torch.mm(a, b)
        best = min(best, time.perf_counter() - t)
    limits["torch_sgemm_gflops"] = 2 * m * k * n / best / 1e9
    limits["sgemm_shape"] = [m, k, n]
    return limits


# ---------------------------------------------------------------------------------------------------------


def make_inputs(count, vocab, pad, eos, seed, low=12, high=40):
    r = random.Random(seed)
    rows = []
    for _ in range(count):
        n = r.randint(low, high)
        # Ids clear of the special ones (0 to 2 in every family, and Marian's pad, the last id).
        rows.append([r.randint(3, vocab - 2) for _ in range(n - 1)] + [eos])
    return rows


def compare(a, b):
    same = sum(1 for x, y in zip(a, b) if x == y)
    first = None
    for i, (x, y) in enumerate(zip(a, b)):
        if x != y:
            pos = next((j for j, (p, q) in enumerate(zip(x, y)) if p != q), min(len(x), len(y)))
            first = {"row": i, "position": pos}
            break
    return same, first


def int8_run(folder, int8_folder, inputs, rounds, warmup_rounds, engine_settings, other_int8=None):
    """fp32 against int8 engine, greedy in batches of 32, interleaved: speed ratio, token agreement, first divergence.
    other_int8: another int8 copy (e.g. one written by an earlier quantize.py) in the same rounds, its ids compared."""
    fp32, int8 = Engine(), Engine()
    other = Engine() if other_int8 else None
    for engine, model in ((fp32, folder), (int8, int8_folder)) + (((other, other_int8),) if other else ()):
        load = engine.ask(cmd="load", model=model, threads=THREADS, **engine_settings)
        print("%s loaded in %.1f s (%s)" % (model, load["load_seconds"], load["runtime"]), flush=True)
        engine.ask(cmd="generate", inputs=inputs[:2], batch=2, beams=1, max_new_tokens=4)
        for _ in range(warmup_rounds):
            engine.ask(cmd="generate", inputs=inputs, batch=32, beams=1, max_new_tokens=64)
    times = {"fp32": [], "int8": []}
    for round_ in range(rounds):
        a = fp32.ask(cmd="generate", inputs=inputs, batch=32, beams=1, max_new_tokens=64)
        b = int8.ask(cmd="generate", inputs=inputs, batch=32, beams=1, max_new_tokens=64)
        times["fp32"].append(a["seconds"])
        times["int8"].append(b["seconds"])
        tokens = sum(len(r) - 1 for r in a["ids"])
        agree = sum(1 for x, y in zip(a["ids"], b["ids"]) for p, q in zip(x[1:], y[1:]) if p == q)
        # Tokens up to each row's first divergence (after it the prefixes differ, so later tokens are not comparable).
        prefix = sum(next((j for j, (p, q) in enumerate(zip(x[1:], y[1:])) if p != q), len(x) - 1) for x, y in zip(a["ids"], b["ids"]))
        same, first = compare(a["ids"], b["ids"])
        print("round %d greedy32 fp32 %.1f tok/s  int8 %.1f tok/s  int8/fp32 %.2f  tokens equal %d/%d (%.1f%%), "
              "common prefix %.1f%%, rows equal %d/%d, first divergence %s" % (
                  round_ + 1, tokens / a["seconds"], tokens / b["seconds"], a["seconds"] / b["seconds"], agree, tokens,
                  100 * agree / tokens, 100 * prefix / tokens, same, len(inputs), first), flush=True)
        if other:
            c = other.ask(cmd="generate", inputs=inputs, batch=32, beams=1, max_new_tokens=64)
            times.setdefault("other", []).append(c["seconds"])
            print("        %s %.1f tok/s: int8 / it %.2fx, int8/fp32 %.2f, ids equal to int8's %d/%d" % (
                other_int8, tokens / c["seconds"], c["seconds"] / b["seconds"], a["seconds"] / c["seconds"],
                compare(b["ids"], c["ids"])[0], len(inputs)), flush=True)
    print("best of %d: int8 / fp32 = %.2f" % (rounds, min(times["fp32"]) / min(times["int8"])))
    if other:
        print("best of %d: %s / fp32 = %.2f" % (rounds, other_int8, min(times["fp32"]) / min(times["other"])))
        other.close()
    with open(os.path.join(folder, "config.json")) as f:
        int8_kernel_ceiling(fp32, json.load(f), folder)
    fp32.close()
    int8.close()


def main():
    argv = sys.argv[1:]
    name = next((a for a in argv if not a.startswith("--") and "=" not in a), "marian")
    quick = "--quick" in argv
    engine_only = "--engine-only" in argv  # development: no PyTorch, no comparison
    rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 1
    warmup_rounds = int(argv[argv.index("--warmup-rounds") + 1]) if "--warmup-rounds" in argv else 1
    only = argv[argv.index("--only") + 1].split(",") if "--only" in argv else ["greedy1", "greedy32", "beam32"]
    engine_settings = {}
    if "--engine" in argv:
        for kv in argv[argv.index("--engine") + 1:]:
            if kv.startswith("--"):
                break
            k, v = kv.split("=", 1)
            engine_settings[k] = v.lower() == "true" if v.lower() in ("true", "false") else (int(v) if v.isdigit() else v)
    folder = build.folder(name, True)
    if not os.path.exists(os.path.join(folder, "build-info.json")):
        sys.exit("build the model first: /usr/bin/python3 models/realsize/build.py %s --eos-unreachable" % name)
    cfg, model = build.load(folder)
    with open(os.path.join(folder, "generation_config.json")) as f:
        gen = json.load(f)
    vocab = cfg.get("decoder_vocab_size", cfg["vocab_size"])
    encoder_pad = cfg["pad_token_id"]
    max_new = 64
    scenarios = {"greedy1": (16 if quick else 24, 1, 1), "greedy32": (32 if quick else 96, 32, 1), "beam32": (32, 32, 4)}
    inputs = make_inputs(max(v[0] for v in scenarios.values()), vocab, gen["pad_token_id"], gen["eos_token_id"], 15)

    if "--int8" in argv:
        int8_run(folder, folder + "-int8", inputs[:scenarios["greedy32"][0]], rounds, warmup_rounds, engine_settings,
                 argv[argv.index("--int8-against") + 1] if "--int8-against" in argv else None)
        return
    engine = Engine()
    model_folder = engine_settings.pop("model", folder)
    load = engine.ask(cmd="load", model=model_folder, threads=THREADS, **engine_settings)
    print("engine loaded in %.1f s (%s; decoder %s)" % (load["load_seconds"], load["runtime"], load["decoder"]), flush=True)
    # Warm-up: one short run each side.
    engine.ask(cmd="generate", inputs=inputs[:2], batch=2, beams=1, max_new_tokens=4)
    others = []
    if "--baseline" in argv:
        # Other builds or settings of the engine, run in the same rounds (before/after): a comma-separated list of
        # checkouts with tools/Translate.Benchmarks built, each optionally followed by @key=value;key=value settings.
        for spec in argv[argv.index("--baseline") + 1].split(","):
            root, _, extra = spec.partition("@")
            settings = dict(engine_settings)
            for kv in filter(None, extra.split(";")):
                k, v = kv.split("=", 1)
                settings[k] = v.lower() == "true" if v.lower() in ("true", "false") else (int(v) if v.isdigit() else v)
            other = Engine(root)
            o_load = other.ask(cmd="load", **dict({"model": model_folder, "threads": THREADS}, **settings))
            print("baseline %s loaded in %.1f s (%s)" % (spec, o_load["load_seconds"], o_load["runtime"]), flush=True)
            other.ask(cmd="generate", inputs=inputs[:2], batch=2, beams=1, max_new_tokens=4)
            others.append((spec, other))
    torch_run(model, gen, encoder_pad, inputs[:2], 2, 1, 4)
    for round_ in range(warmup_rounds):
        clock = time.perf_counter()
        for key in only:
            count, batch, beams = scenarios[key]
            for side in [engine] + [other for _, other in others]:
                side.ask(cmd="generate", inputs=inputs[:count], batch=batch, beams=beams, max_new_tokens=max_new)
            if not engine_only:
                torch_run(model, gen, encoder_pad, inputs[:count], batch, beams, max_new)
        print("warm-up round %d (untimed): %.0f s" % (round_ + 1, time.perf_counter() - clock), flush=True)

    results = {k: {"engine": [], "torch": []} for k in only}
    for round_ in range(rounds):
        for key in only:
            count, batch, beams = scenarios[key]
            rows = inputs[:count]
            e = engine.ask(cmd="generate", inputs=rows, batch=batch, beams=beams, max_new_tokens=max_new)
            results[key]["engine"].append(e["seconds"])
            for spec, other in others:
                b = other.ask(cmd="generate", inputs=rows, batch=batch, beams=beams, max_new_tokens=max_new)
                results[key].setdefault(spec, []).append(b["seconds"])
                print("round %d %-8s %s %.1f tok/s, this engine %.1f tok/s: this / that %.2fx, ids equal %d/%d" % (
                    round_ + 1, key, spec, sum(len(r) - 1 for r in b["ids"]) / b["seconds"], sum(len(r) - 1 for r in e["ids"]) / e["seconds"],
                    b["seconds"] / e["seconds"], compare(e["ids"], b["ids"])[0], count), flush=True)
            if engine_only:
                n = sum(len(r) - 1 for r in e["ids"])
                print("round %d %-8s engine %7.1f tok/s (%d rows), %.1f tokens a CPU-second" % (round_ + 1, key, n / e["seconds"], count, n / e["cpu_seconds"]), flush=True)
                with open("/tmp/realsize-engine-%s.json" % key, "w") as f:
                    json.dump(e["ids"], f)
                continue
            t_seconds, t_ids = torch_run(model, gen, encoder_pad, rows, batch, beams, max_new)
            tokens = sum(len(r) - 1 for r in t_ids)
            same, first = compare(e["ids"], t_ids)
            results[key]["torch"].append(t_seconds)
            results[key].update(tokens=tokens, rows=count, equal=same, first_difference=first)
            print("round %d %-8s engine %7.1f tok/s  torch %7.1f tok/s  ratio %.2f  ids equal %d/%d%s" % (
                round_ + 1, key, tokens / e["seconds"], tokens / t_seconds, t_seconds / e["seconds"], same, count,
                "" if first is None else " first difference %s" % first), flush=True)

    for spec, other in others:
        other.close()
        for key in only:
            r = results[key]
            n = scenarios[key][0] * max_new
            print("%-8s %s: %.1f tok/s, this engine %.1f tok/s, this / that, best of %d: %.2fx" % (
                key, spec, n / min(r[spec]), n / min(r["engine"]), rounds, min(r[spec]) / min(r["engine"])))
    if engine_only:
        engine.close()
        return
    counts = weight_counts(cfg, model)
    limits = machine_limits(engine, folder)
    memory = engine.ask(cmd="memory")
    engine.close()
    bw_ceiling = limits["read_bandwidth_gb_s"] * 1e9 / counts["bytes_read_per_step_fp32"]
    src = sum(len(r) for r in inputs[:scenarios["greedy32"][0]]) / scenarios["greedy32"][0]
    macs = counts["decoder_step_weights"] + counts["lm_head"] + (counts["encoder_per_source_token"] + counts["cross_kv_per_source_token"]) * src / max_new
    peak = max(limits["ort_sgemm_gflops"], limits["torch_sgemm_gflops"])
    flop_ceiling = peak * 1e9 / (2 * macs)
    print("\nmachine: read bandwidth %.1f GB/s (C#, %d threads), sgemm %s on %d threads: ORT %.1f GFLOP/s, torch %.1f GFLOP/s" % (
        limits["read_bandwidth_gb_s"], THREADS, limits["sgemm_shape"], THREADS, limits["ort_sgemm_gflops"], limits["torch_sgemm_gflops"]))
    print("model: %.1f MB of fp32 weights read per decoder step -> batch-1 ceiling %.1f tok/s" % (counts["bytes_read_per_step_fp32"] / 1e6, bw_ceiling))
    print("       %.1f M multiply-adds per generated token (encoder amortised over %d tokens from %.1f source tokens) -> batch-32 ceiling %.0f tok/s" % (
        macs / 1e6, max_new, src, flop_ceiling))
    print("\n| scenario | tokens | engine tok/s | PyTorch tok/s | engine / PyTorch | ids equal | engine / machine limit |")
    print("|---|---|---|---|---|---|---|")
    summary = {}
    for key in only:
        r = results[key]
        e, t = min(r["engine"]), min(r["torch"])
        ceiling = bw_ceiling if key == "greedy1" else flop_ceiling
        limit = "%.0f%% of %.0f" % (100 * r["tokens"] / e / ceiling, ceiling) if key != "beam32" else "%.0f%% of %.0f" % (100 * r["tokens"] * 4 / e / ceiling, ceiling)
        print("| %s | %d | %.1f | %.1f | %.2f | %d/%d | %s |" % (key, r["tokens"], r["tokens"] / e, r["tokens"] / t, t / e, r["equal"], r["rows"], limit))
        summary[key] = dict(r, engine_tok_s=r["tokens"] / e, torch_tok_s=r["tokens"] / t)
    print("(best of %d rounds; beam: output tokens a second, the limit counts the 4 beams' rows)" % rounds)
    print("engine peak working set %.0f MB" % (memory["peak_working_set_bytes"] / 1e6))
    with open(os.path.join(folder, "bench-last.json"), "w") as f:
        json.dump({"results": summary, "limits": limits, "counts": counts, "engine": load, "memory": memory}, f, indent=1)


if __name__ == "__main__":
    main()
