#!/usr/bin/python3
"""Build random-weight seq2seq models with the real dimensions of opus-mt-fr-en, distilbart-cnn-6-6 and flan-t5-small,
exported in the Optimum layout, for speed and memory benchmarks (docs/BENCHMARKS.md, issue 15). Not committed:
built on demand into ${XDG_CACHE_HOME:-~/.cache}/translate/realsize/<name>[-noeos].

Run with Debian's Python (torch 1.13 + onnx 1.12 live only there):
    /usr/bin/python3 models/realsize/build.py marian [bart t5] [--eos-unreachable] [--force] [--print-dir]
    /usr/bin/python3 models/realsize/build.py marian --varying-lengths --greedy 64    (the load generator's translator)
    /usr/bin/python3 models/realsize/build.py marian --varying-lengths --greedy 64 --masked-decoder
        (the same model, its decoder_with_past taking a self-attention mask and position ids: <folder>-masked)

The architectures are the ones of models/fixtures/generate.py (an independent PyTorch implementation of the three
families and Optimum's export and decoder merge), reused here; flan-t5 adds T5 v1.1's gated-GELU feed-forward and
untied lm head. Weights: Marian and BART embeddings normal(0, init_std 0.02) as transformers' _init_weights, projections
normal(0, fan_in^-0.5) (unit gain, so that outputs depend on the input), biases 0, LayerNorm 1/0; T5 the per-matrix
scales of T5PreTrainedModel._init_weights (factor 1.0). With --eos-unreachable the EOS logit is pushed down (Marian/BART:
final_logits_bias[eos] = -1e4; T5, which has no logits bias: lm_head row of eos = -mean row, scaled), so every
output runs to max_new_tokens: fixed-length benchmarks. With --varying-lengths the EOS row is fitted so that greedy outputs
end near the input's length (varying lengths, as a trained translator's: what continuous batching is for);
--greedy L writes generation_config.json with num_beams 1 and max_length L. The folder also holds weights.pt (the PyTorch state dict),
so that a benchmark's PyTorch reference runs on exactly the exported weights.
"""
import json
import math
import os
import shutil
import sys
import time

import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = os.path.dirname(os.path.abspath(__file__))
FIXTURES = os.path.join(HERE, "..", "fixtures")
sys.path.insert(0, FIXTURES)
for _module in ("regex", "sentencepiece"):
    # Needed by the fixtures' tokenizer training only, which this script does not run; absent on some machines.
    try:
        __import__(_module)
    except ImportError:
        import types
        sys.modules[_module] = types.SimpleNamespace(compile=lambda *a, **k: None)
import generate as fx  # noqa: E402  (the fixtures' model code and Optimum export)

torch.set_num_threads(2)


def cache_root():
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "translate", "realsize")


def folder(name, eos_unreachable, varying_lengths=False, greedy=None):
    suffix = "-noeos" if eos_unreachable else ""
    if varying_lengths:
        suffix += "-lengths"
    if greedy:
        suffix += "-greedy%d" % greedy
    return os.path.join(cache_root(), name + suffix)


# ---------------------------------------------------------------------------------------------------------
# Flan-T5 (T5 v1.1): gated-GELU feed-forward (wi_0, wi_1, gelu_new), untied lm head without d_model^-0.5 rescale
# ---------------------------------------------------------------------------------------------------------


class GatedT5Block(fx.T5Block):
    def __init__(self, c, has_bias, decoder):
        super().__init__(c, has_bias, decoder)
        del self.wi
        self.wi_0 = nn.Linear(c["d_model"], c["d_ff"], bias=False)
        self.wi_1 = nn.Linear(c["d_model"], c["d_ff"], bias=False)

    def forward(self, h, self_pb, enc_h=None, cross_pb=None, past=None):
        a, self_kv = self.sa(self.sa_ln(h), self_pb, past=None if past is None else past[0:2])
        h = h + a
        kv = self_kv
        if self.decoder:
            a, cross_kv = self.ca(self.ca_ln(h), cross_pb, kv_states=enc_h, past=None if past is None else past[2:4], cross=True)
            h = h + a
            kv = self_kv + cross_kv
        x = self.ff_ln(h)
        h = h + self.wo(F.gelu(self.wi_0(x), approximate="tanh") * self.wi_1(x))
        return h, kv


class FlanT5(fx.T5):
    def __init__(self, c):
        nn.Module.__init__(self)
        self.c = c
        self.shared = nn.Embedding(c["vocab_size"], c["d_model"])
        self.enc = nn.ModuleList([GatedT5Block(c, i == 0, False) for i in range(c["num_layers"])])
        self.enc_final = fx.T5LayerNorm(c["d_model"], c["layer_norm_epsilon"])
        self.dec = nn.ModuleList([GatedT5Block(c, i == 0, True) for i in range(c["num_decoder_layers"])])
        self.dec_final = fx.T5LayerNorm(c["d_model"], c["layer_norm_epsilon"])
        self.lm_head = nn.Linear(c["d_model"], c["vocab_size"], bias=False)

    def decode(self, input_ids, enc_h, enc_mask, past=None):
        past_len = 0 if past is None else past[0][0].shape[2]
        h = self.shared(input_ids)
        n = input_ids.shape[1]
        pb = self.dec[0].sa.compute_bias(n, n + past_len, past_len) + fx.causal_bias(n, past_len, h.dtype)
        cross_pb = fx.enc_mask_bias(enc_mask, h.dtype)
        presents = []
        for i, b in enumerate(self.dec):
            h, kv = b(h, pb, enc_h, cross_pb, None if past is None else past[i])
            presents.append(kv)
        return self.lm_head(self.dec_final(h)), presents


# ---------------------------------------------------------------------------------------------------------
# Initialisation as transformers' _init_weights
# ---------------------------------------------------------------------------------------------------------


def init_bart_like(model, std, pad, seed):
    g = torch.Generator().manual_seed(seed)
    with torch.no_grad():
        for name, p in sorted(model.named_parameters()):
            if "layer_norm" in name or "ln_emb" in name:
                p.fill_(1.0 if name.endswith("weight") else 0.0)
            elif p.dim() == 2 and ("shared" in name or "pos" in name):
                p.copy_(torch.randn(p.shape, generator=g) * std)
            elif p.dim() == 2:
                # Unit-gain projections (std fan_in^-0.5, about trained opus-mt's scale): with init_std 0.02 here
                # the cross-attention barely reaches the residual stream and every input generates the same token.
                p.copy_(torch.randn(p.shape, generator=g) * p.shape[1] ** -0.5)
            else:
                p.zero_()
        model.shared.weight[pad].zero_()  # nn.Embedding padding_idx
        model.final_logits_bias.zero_()


def init_t5(model, c, seed):
    g = torch.Generator().manual_seed(seed)
    d, dkv, h, dff = c["d_model"], c["d_kv"], c["num_heads"], c["d_ff"]
    scale = {".q.": (d * dkv) ** -0.5, ".k.": d ** -0.5, ".v.": d ** -0.5, ".o.": (h * dkv) ** -0.5,
             "wi_0": d ** -0.5, "wi_1": d ** -0.5, ".wo.": dff ** -0.5, "relative_attention_bias": d ** -0.5,
             "shared": 1.0, "lm_head": 1.0}
    with torch.no_grad():
        for name, p in sorted(model.named_parameters()):
            if p.dim() == 1:
                p.fill_(1.0)
                continue
            std = next(s for key, s in scale.items() if key in name)
            p.copy_(torch.randn(p.shape, generator=g) * std)


# ---------------------------------------------------------------------------------------------------------
# The three models
# ---------------------------------------------------------------------------------------------------------


def marian():
    V = 61587  # the figure for the opus-mt-fr-en export measured there
    pad = V - 1
    cfg = {
        "_name_or_path": "translate-realsize/random-opus-mt-fr-en", "architectures": ["MarianMTModel"],
        "model_type": "marian", "activation_function": "swish", "activation_dropout": 0.0, "attention_dropout": 0.0,
        "dropout": 0.0, "add_bias_logits": False, "add_final_layer_norm": False, "normalize_before": False,
        "normalize_embedding": False, "static_position_embeddings": True, "scale_embedding": True,
        "share_encoder_decoder_embeddings": True, "tie_word_embeddings": True,
        "d_model": 512, "encoder_layers": 6, "decoder_layers": 6, "encoder_attention_heads": 8,
        "decoder_attention_heads": 8, "encoder_ffn_dim": 2048, "decoder_ffn_dim": 2048, "num_hidden_layers": 6,
        "encoder_layerdrop": 0.0, "decoder_layerdrop": 0.0, "init_std": 0.02,
        "max_position_embeddings": 512, "vocab_size": V, "decoder_vocab_size": V,
        "pad_token_id": pad, "decoder_start_token_id": pad, "eos_token_id": 0, "bos_token_id": 0,
        "forced_eos_token_id": 0, "bad_words_ids": [[pad]], "num_beams": 4, "max_length": 512,
        "is_encoder_decoder": True, "use_cache": True, "torch_dtype": "float32", "transformers_version": "4.40.0",
    }
    gen = {"bad_words_ids": [[pad]], "bos_token_id": 0, "decoder_start_token_id": pad, "eos_token_id": 0,
           "forced_eos_token_id": 0, "max_length": 512, "num_beams": 4, "pad_token_id": pad,
           "transformers_version": "4.40.0"}
    model = fx.BartLike(cfg)
    init_bart_like(model, cfg["init_std"], pad, 15)
    return cfg, gen, model


def bart():
    V = 50264
    cfg = {
        "_name_or_path": "translate-realsize/random-distilbart-cnn-6-6", "architectures": ["BartForConditionalGeneration"],
        "model_type": "bart", "activation_function": "gelu", "activation_dropout": 0.0, "attention_dropout": 0.0,
        "dropout": 0.0, "add_bias_logits": False, "add_final_layer_norm": False, "normalize_before": False,
        "normalize_embedding": True, "static_position_embeddings": False, "scale_embedding": False,
        "d_model": 1024, "encoder_layers": 6, "decoder_layers": 6, "encoder_attention_heads": 16,
        "decoder_attention_heads": 16, "encoder_ffn_dim": 4096, "decoder_ffn_dim": 4096, "num_hidden_layers": 6,
        "encoder_layerdrop": 0.0, "decoder_layerdrop": 0.0, "init_std": 0.02,
        "max_position_embeddings": 1024, "vocab_size": V,
        "bos_token_id": 0, "pad_token_id": 1, "eos_token_id": 2, "decoder_start_token_id": 2,
        "forced_bos_token_id": 0, "forced_eos_token_id": 2, "no_repeat_ngram_size": 3, "min_length": 56,
        "length_penalty": 2.0, "num_beams": 4, "max_length": 142, "early_stopping": True,
        "is_encoder_decoder": True, "use_cache": True, "torch_dtype": "float32", "transformers_version": "4.40.0",
    }
    gen = {"bos_token_id": 0, "decoder_start_token_id": 2, "early_stopping": True, "eos_token_id": 2,
           "forced_bos_token_id": 0, "forced_eos_token_id": 2, "length_penalty": 2.0, "max_length": 142,
           "min_length": 56, "no_repeat_ngram_size": 3, "num_beams": 4, "pad_token_id": 1,
           "transformers_version": "4.40.0"}
    model = fx.BartLike(cfg)
    init_bart_like(model, cfg["init_std"], 1, 16)
    return cfg, gen, model


def t5():
    # flan-t5-small's config.json on the Hub: 6 heads of d_kv 64 (inner 384), 8 + 8 layers, gated-gelu d_ff 1024.
    cfg = {
        "_name_or_path": "translate-realsize/random-flan-t5-small", "architectures": ["T5ForConditionalGeneration"],
        "model_type": "t5", "d_model": 512, "d_kv": 64, "d_ff": 1024, "num_layers": 8, "num_decoder_layers": 8,
        "num_heads": 6, "relative_attention_num_buckets": 32, "relative_attention_max_distance": 128,
        "dropout_rate": 0.0, "layer_norm_epsilon": 1e-6, "initializer_factor": 1.0, "feed_forward_proj": "gated-gelu",
        "is_gated_act": True, "dense_act_fn": "gelu_new", "tie_word_embeddings": False, "n_positions": 512,
        "vocab_size": 32128, "pad_token_id": 0, "eos_token_id": 1, "decoder_start_token_id": 0,
        "is_encoder_decoder": True, "use_cache": True, "torch_dtype": "float32", "transformers_version": "4.40.0",
    }
    gen = {"decoder_start_token_id": 0, "eos_token_id": 1, "pad_token_id": 0, "transformers_version": "4.40.0"}
    model = FlanT5(cfg)
    init_t5(model, cfg, 17)
    return cfg, gen, model


MODELS = {"marian": marian, "bart": bart, "t5": t5}


def make_eos_unreachable(model, cfg):
    eos = cfg["eos_token_id"]
    with torch.no_grad():
        if isinstance(model, FlanT5):
            # No logits bias: the eos row points away from the average row, so its logit sits far below the others.
            rows = model.lm_head.weight
            rows[eos] = -rows.mean(0) / rows.mean(0).norm() * rows.norm(dim=1).mean() * 4
        else:
            model.final_logits_bias[0, eos] = -1e4


def set_output_lengths(model, cfg, gen, seed=15, rows=64, steps=64, slope=2.0):
    """Make outputs end at varying lengths that follow the input's, as a trained translator's do (a random model's
    EOS logit is one of 60k and is never the largest, so every output would run to max_length). The EOS row of the
    output layer (untied from the embeddings for this, so that the source's EOS embedding stays as it was) and its
    logits bias are fitted by least squares on random inputs of 12 to 40 tokens, so that
    at step t of a row whose target length is T the EOS logit sits slope * (t - T) above the best other logit: EOS
    becomes the greedy choice near T = the input's length plus or minus 3. Returns (target, actual) output lengths on those inputs."""
    eos, pad, start = cfg["eos_token_id"], cfg["pad_token_id"], gen["decoder_start_token_id"]
    vocab = cfg.get("decoder_vocab_size", cfg["vocab_size"])
    r = torch.Generator().manual_seed(seed)
    lengths = torch.randint(12, 41, (rows,), generator=r)
    targets = (lengths + torch.randint(-3, 4, (rows,), generator=r)).clamp(4, steps - 4)
    ids = torch.full((rows, 40), pad, dtype=torch.long)
    mask = torch.zeros((rows, 40), dtype=torch.long)
    for i, n in enumerate(lengths.tolist()):
        ids[i, :n - 1] = torch.randint(3, vocab - 2, (n - 1,), generator=r)
        ids[i, n - 1] = eos
        mask[i, :n] = 1

    def greedy(with_eos):
        enc = model.encode(ids, mask)
        tokens = torch.full((rows, 1), start, dtype=torch.long)
        past, best_other, ended = None, [], torch.full((rows,), steps, dtype=torch.long)
        model.capture = []
        for step in range(steps):
            logits, past = model.decode(tokens[:, -1:], enc, mask, past)
            logits = logits[:, -1].clone()
            logits[:, pad] = float("-inf")
            others = logits.clone()
            others[:, eos] = float("-inf")
            best_other.append(others.max(1).values)
            choice = logits.argmax(1) if with_eos else others.argmax(1)
            ended[(choice == eos) & (ended == steps)] = step + 1
            tokens = torch.cat([tokens, choice[:, None]], 1)
        hidden = torch.stack(model.capture, 1)  # rows x steps x d
        model.capture = None
        return hidden, torch.stack(best_other, 1), ended

    with torch.no_grad():
        # One fit is enough: the decoder never reads EOS, so its hidden states do not move with the fitted row.
        hidden, best_other, _ = greedy(False)
        step_of = torch.arange(1, steps + 1, dtype=torch.float32)[None, :]
        want = best_other + slope * (step_of - targets[:, None].float())
        x = torch.cat([hidden.reshape(-1, hidden.shape[-1]), torch.ones(rows * steps, 1)], 1).double()
        y = want.reshape(-1, 1).double()
        ridge = 1e-3 * torch.eye(x.shape[1], dtype=torch.float64)
        w = torch.linalg.solve(x.T @ x + ridge, x.T @ y).float()[:, 0]
        model.lm_head_weight = nn.Parameter(model.shared.weight.detach().clone())
        model.lm_head_weight[eos] = w[:-1]
        model.final_logits_bias[0, eos] = w[-1]
        _, _, ended = greedy(True)
    return list(zip(targets.tolist(), ended.tolist()))


def tokenizer_files(name, out, vocab_size):
    """The fixture's tokenizer files (small trained tokenizers): the benchmarks feed ids; --text works, with few pieces."""
    src = os.path.join(FIXTURES, name)
    files = {"marian": ["source.spm", "target.spm", "tokenizer_config.json"],
             "bart": ["vocab.json", "merges.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"],
             "t5": ["spiece.model", "tokenizer_config.json", "special_tokens_map.json"]}[name]
    for f in files:
        shutil.copy(os.path.join(src, f), os.path.join(out, f))
    if name == "marian":
        # The fixture's pieces, then unused fillers, with <pad> last: the real vocabulary's size and pad id.
        with open(os.path.join(src, "vocab.json"), encoding="utf-8") as f:
            vocab = json.load(f)
        del vocab["<pad>"]
        while len(vocab) < vocab_size - 1:
            vocab["<unused%d>" % len(vocab)] = len(vocab)
        vocab["<pad>"] = vocab_size - 1
        fx.write_json(os.path.join(out, "vocab.json"), vocab)


def build(name, eos_unreachable, force, varying_lengths=False, greedy=None):
    out = folder(name, eos_unreachable, varying_lengths, greedy)
    if os.path.exists(os.path.join(out, "build-info.json")) and not force:
        print("[%s] up to date: %s" % (name, out))
        return out
    started = time.time()
    cfg, gen, model = MODELS[name]()
    if eos_unreachable:
        make_eos_unreachable(model, cfg)
    model.eval()
    if greedy:
        gen.update(num_beams=1, max_length=greedy)
    ended = None
    if varying_lengths:
        ended = set_output_lengths(model, cfg, gen)
        print("[%s] output lengths (target, greedy) on 64 random inputs of 12 to 40 tokens: %s" % (name, ended))
    os.makedirs(out, exist_ok=True)
    fx.write_json(os.path.join(out, "config.json"), cfg)
    fx.write_json(os.path.join(out, "generation_config.json"), gen)
    tokenizer_files(name, out, cfg["vocab_size"])
    torch.save(model.state_dict(), os.path.join(out, "weights.pt"))
    heads = cfg.get("decoder_attention_heads", cfg.get("num_heads"))
    layers = cfg.get("decoder_layers", cfg.get("num_decoder_layers"))
    head_size = cfg.get("d_kv", cfg["d_model"] // heads)
    fx.export_all(model, layers, heads, head_size, cfg["d_model"], os.path.join(out, "onnx"))
    sizes = {f: os.path.getsize(os.path.join(out, "onnx", f)) for f in sorted(os.listdir(os.path.join(out, "onnx")))}
    info = {"name": name, "eos_unreachable": eos_unreachable, "varying_lengths": varying_lengths, "calibration_lengths": ended,
            "greedy_max_length": greedy, "parameters": sum(p.numel() for p in model.parameters()),
            "onnx_bytes": sizes, "torch": torch.__version__, "seconds": round(time.time() - started, 1)}
    fx.write_json(os.path.join(out, "build-info.json"), info)
    print("[%s] built in %.0f s: %s (%d parameters, onnx %s MB)" % (
        name, info["seconds"], out, info["parameters"], {k: round(v / 1e6) for k, v in sizes.items()}))
    return out


def masked(out):
    """<out>-masked: the model of out with a decoder_with_past that takes decoder_attention_mask and
    decoder_position_ids (fx.export_masked_past), so that rows of different past lengths share a run (continuous
    batching, docs/BATCHING.md); no merged decoder. The other files are hard links to out's."""
    target = out + "-masked"
    if os.path.exists(os.path.join(target, "build-info.json")):
        print("[masked] up to date: %s" % target)
        return target
    started = time.time()
    cfg, model = load(out)
    os.makedirs(os.path.join(target, "onnx"), exist_ok=True)
    for root, _, files in os.walk(out):
        for f in files:
            rel = os.path.relpath(os.path.join(root, f), out)
            if rel in ("build-info.json", os.path.join("onnx", "decoder_model_merged.onnx"), os.path.join("onnx", "decoder_with_past_model.onnx")):
                continue
            dst = os.path.join(target, rel)
            if not os.path.exists(dst):
                os.link(os.path.join(root, f), dst)
    layers = cfg.get("decoder_layers", cfg.get("num_decoder_layers"))
    fx.export_masked_past(model, layers, os.path.join(target, "onnx", "decoder_with_past_model.onnx"))
    with open(os.path.join(out, "build-info.json")) as f:
        info = json.load(f)
    info.update(masked_decoder=True, masked_seconds=round(time.time() - started, 1))
    fx.write_json(os.path.join(target, "build-info.json"), info)
    print("[masked] built in %.0f s: %s" % (info["masked_seconds"], target))
    return target


def load(out):
    """The PyTorch model of a built folder, with its exported weights (for references and benchmarks)."""
    with open(os.path.join(out, "config.json")) as f:
        cfg = json.load(f)
    name = cfg["model_type"]
    model = {"marian": fx.BartLike, "bart": fx.BartLike, "t5": FlanT5}[name](cfg)
    state = torch.load(os.path.join(out, "weights.pt"))
    if "lm_head_weight" in state:
        model.lm_head_weight = nn.Parameter(state["lm_head_weight"])
    model.load_state_dict(state)
    model.eval()
    return cfg, model


def main():
    names = [a for a in sys.argv[1:] if not a.startswith("--") and not a.isdigit()] or ["marian"]
    for name in names:
        if name not in MODELS:
            sys.exit("unknown model '%s'; choose from %s" % (name, ", ".join(MODELS)))
    eos = "--eos-unreachable" in sys.argv
    varying_lengths = "--varying-lengths" in sys.argv
    if varying_lengths and (eos or "t5" in names):
        sys.exit("--varying-lengths needs a logits bias (marian or bart) and a reachable EOS")
    greedy = int(sys.argv[sys.argv.index("--greedy") + 1]) if "--greedy" in sys.argv else None
    for name in names:
        out = build(name, eos, "--force" in sys.argv, varying_lengths, greedy)
        if "--masked-decoder" in sys.argv:
            out = masked(out)
        if "--print-dir" in sys.argv:
            print(out)


if __name__ == "__main__":
    main()
