#!/usr/bin/env python3
"""Trains the small byte-level BPE fixture of the BPE exactness tests (GPT-2 byte-to-unicode, BART's special tokens).

usage: train_bpe.py CORPUS OUT_DIR [MERGES]
Writes vocab.json, merges.txt and tokenizer.json (Hugging Face tokenizers format, as BartTokenizerFast saves it:
ByteLevel pre-tokenizer without prefix space, BPE model, ByteLevel decoder, no post-processor). The training
pre-tokenization approximates GPT-2's regex with Python's re (the model only needs to be a valid BPE; exactness is
tested against Hugging Face on whatever merges it has).
"""
import collections, json, re, sys

def bytes_to_unicode():
    bs = list(range(ord("!"), ord("~") + 1)) + list(range(ord("¡"), ord("¬") + 1)) + list(range(ord("®"), ord("ÿ") + 1))
    cs = bs[:]
    n = 0
    for b in range(256):
        if b not in bs:
            bs.append(b)
            cs.append(256 + n)
            n += 1
    return dict(zip(bs, map(chr, cs)))

def main():
    corpus, out, merges_wanted = sys.argv[1], sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 600
    byte_map = bytes_to_unicode()
    words = collections.Counter()
    with open(corpus, encoding="utf-8") as f:
        for line in f:
            for token in re.findall(r"'s|'t|'re|'ve|'m|'ll|'d| ?[^\W\d_]+| ?\d+| ?[^\s\w]+|\s+", line):
                words["".join(byte_map[b] for b in token.encode("utf-8"))] += 1
    words = dict(words.most_common(6000))
    specials = ["<s>", "<pad>", "</s>", "<unk>"]
    vocab = {s: i for i, s in enumerate(specials)}
    for b in range(256):
        vocab[byte_map[b]] = len(vocab)
    splits = {w: list(w) for w in words}
    merges = []
    for _ in range(merges_wanted):
        pairs = collections.Counter()
        for w, count in words.items():
            symbols = splits[w]
            for a, b in zip(symbols, symbols[1:]):
                pairs[(a, b)] += count
        if not pairs:
            break
        best = max(pairs.items(), key=lambda item: (item[1], item[0]))[0]
        merges.append(best)
        merged = best[0] + best[1]
        vocab.setdefault(merged, len(vocab))
        for w in words:
            symbols = splits[w]
            i, result = 0, []
            while i < len(symbols):
                if i + 1 < len(symbols) and symbols[i] == best[0] and symbols[i + 1] == best[1]:
                    result.append(merged)
                    i += 2
                else:
                    result.append(symbols[i])
                    i += 1
            splits[w] = result
    vocab["<mask>"] = len(vocab)
    with open(f"{out}/vocab.json", "w", encoding="utf-8") as f:
        json.dump(vocab, f, ensure_ascii=False)
    with open(f"{out}/merges.txt", "w", encoding="utf-8") as f:
        f.write("#version: 0.2\n")
        for a, b in merges:
            f.write(f"{a} {b}\n")
    added = [{"id": vocab[s], "content": s, "single_word": False, "lstrip": s == "<mask>", "rstrip": False, "normalized": False, "special": True}
             for s in specials + ["<mask>"]]
    tokenizer = {
        "version": "1.0", "truncation": None, "padding": None, "added_tokens": added, "normalizer": None,
        "pre_tokenizer": {"type": "ByteLevel", "add_prefix_space": False, "trim_offsets": True, "use_regex": True},
        "post_processor": None,
        "decoder": {"type": "ByteLevel", "add_prefix_space": True, "trim_offsets": True, "use_regex": True},
        "model": {"type": "BPE", "dropout": None, "unk_token": None, "continuing_subword_prefix": "", "end_of_word_suffix": "",
                  "fuse_unk": False, "byte_fallback": False, "vocab": vocab, "merges": [f"{a} {b}" for a, b in merges]},
    }
    with open(f"{out}/tokenizer.json", "w", encoding="utf-8") as f:
        json.dump(tokenizer, f, ensure_ascii=False, indent=1)

main()
