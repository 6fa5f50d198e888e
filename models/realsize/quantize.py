#!/usr/bin/python3
"""Dynamic int8 quantization of an Optimum export, by graph surgery with python3-onnx only (onnxruntime's Python
quantizer is not on these machines).

    /usr/bin/python3 models/realsize/quantize.py <model folder> [<output folder>]     (default: <folder>-int8)

Every MatMul whose second input is a 2-D float initializer [K, N] (the projections, the feed-forward layers and the
lm head) becomes ONNX Runtime's contrib op com.microsoft.DynamicQuantizeMatMul: the weight stored as int8, symmetric,
one scale per output column (zero point 0); the activation quantized to uint8 at run time, per tensor, by the op.
A bias Add right after the MatMul (an initializer [N] or [1, N], or an Identity of one) moves into the op. Ops that read the
same activation (q, k, v) then become one op with the weights side by side and a Split (same outputs bit for bit: the
activation is quantized per tensor). Works inside the merged decoder's If
branches (the weights live in the outer graph there). Embeddings (Gather) and the attention's activation-by-activation
MatMuls stay float. The other files of the folder (config, tokenizer) are copied.
"""
import os
import shutil
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper

FILES = ["encoder_model.onnx", "decoder_model.onnx", "decoder_with_past_model.onnx", "decoder_model_merged.onnx"]


def subgraphs(graph):
    yield graph
    for node in graph.node:
        for attribute in node.attribute:
            if attribute.type == onnx.AttributeProto.GRAPH:
                yield from subgraphs(attribute.g)
            for g in attribute.graphs:
                yield from subgraphs(g)


def quantize_weight(w):
    """int8 symmetric per output column: scale = max |w[:, n]| / 127."""
    scale = np.abs(w).max(axis=0) / 127.0
    scale[scale == 0] = 1.0
    q = np.clip(np.rint(w / scale), -127, 127).astype(np.int8)
    return q, scale.astype(np.float32)


def quantize_model(path_in, path_out):
    model = onnx.load(path_in)
    top = model.graph
    initializers = {}
    for graph in subgraphs(top):
        for init in graph.initializer:
            initializers[init.name] = (graph, init)
    uses = {}
    for graph in subgraphs(top):
        for node in graph.node:
            for name in node.input:
                uses.setdefault(name, []).append((graph, node))
    identities = {}  # output of an Identity of an initializer -> the initializer
    for graph in subgraphs(top):
        for node in graph.node:
            if node.op_type == "Identity" and node.input[0] in initializers:
                identities[node.output[0]] = node.input[0]
    done = {}
    replaced = 0
    for graph in subgraphs(top):
        nodes = list(graph.node)
        new_nodes = []
        skip = set()
        consumers = {}
        for node in nodes:
            for name in node.input:
                consumers.setdefault(name, []).append(node)
        for node in nodes:
            if id(node) in skip:
                continue
            if node.op_type != "MatMul" or node.input[1] not in initializers:
                new_nodes.append(node)
                continue
            owner, init = initializers[node.input[1]]
            w = numpy_helper.to_array(init)
            if w.ndim != 2 or w.dtype != np.float32:
                new_nodes.append(node)
                continue
            if init.name not in done:
                q, scale = quantize_weight(w)
                base = init.name.replace("/", "_").replace(":", "_")
                qi = numpy_helper.from_array(q, base + "_int8")
                si = numpy_helper.from_array(scale, base + "_scale")
                zi = numpy_helper.from_array(np.zeros_like(q[0]), base + "_zero")
                owner.initializer.extend([qi, si, zi])
                done[init.name] = (qi.name, si.name, zi.name)
            qn, sn, zn = done[init.name]
            inputs = [node.input[0], qn, sn, zn]
            output = node.output[0]
            # A bias Add right after (its only consumer) moves into the op.
            followers = consumers.get(output, [])
            if len(followers) == 1 and followers[0].op_type == "Add":
                add = followers[0]
                other = add.input[1] if add.input[0] == output else add.input[0]
                # torch.onnx gives equal biases one initializer and each use an Identity of it (random weights'
                # zero biases; tied ones in real exports): look through the Identity.
                if other not in initializers and other in identities:
                    other = identities[other]
                if other in initializers:
                    b = numpy_helper.to_array(initializers[other][1])
                    if b.ndim == 2 and b.shape[0] == 1 and b.shape[1] == w.shape[1]:
                        # Marian's and BART's final_logits_bias [1, vocabulary]: the same broadcast as [vocabulary].
                        flat = other + "_flat"
                        if flat not in initializers:
                            owner_b = initializers[other][0]
                            owner_b.initializer.append(numpy_helper.from_array(b.reshape(-1), flat))
                            initializers[flat] = (owner_b, owner_b.initializer[-1])
                        other, b = flat, b.reshape(-1)
                    if b.ndim == 1 and b.shape[0] == w.shape[1]:
                        inputs.append(other)
                        output = add.output[0]
                        skip.add(id(add))
            new_nodes.append(helper.make_node("DynamicQuantizeMatMul", inputs, [output], name=(node.name or "matmul") + "_int8",
                                              domain="com.microsoft"))
            replaced += 1
        del graph.node[:]
        graph.node.extend(new_nodes)
    fused = fuse_shared_inputs(model, top)
    # Float weights no graph reads any more.
    used = set()
    for graph in subgraphs(top):
        for node in graph.node:
            used.update(node.input)
    for graph in subgraphs(top):
        keep = [i for i in graph.initializer if i.name in used]
        del graph.initializer[:]
        graph.initializer.extend(keep)
    if not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    onnx.save(model, path_out)
    return replaced, fused


def fuse_shared_inputs(model, top):
    """DynamicQuantizeMatMuls that read the same activation (a self-attention's q, k and v; the cross-attention's keys
    and values of every layer, from the encoder's output) become one, with the weights side by side, and a Split.
    The op quantizes its activation per tensor, so each column sees the same uint8 activation and the same int8
    weights and scale as before: the outputs are the same bit for bit, with one quantization of the activation
    instead of several and one wider product (the int8 kernel gains more on wide ones). Returns how many ops went."""
    arrays = {}
    owners = {}
    for graph in subgraphs(top):
        for init in graph.initializer:
            owners[init.name] = graph
    opset = next(o.version for o in model.opset_import if o.domain in ("", "ai.onnx"))
    cache = {}
    removed = 0

    def array(name):
        if name not in arrays:
            arrays[name] = numpy_helper.to_array(next(i for i in owners[name].initializer if i.name == name))
        return arrays[name]

    for graph in subgraphs(top):
        groups = {}
        for node in graph.node:
            if node.op_type == "DynamicQuantizeMatMul" and node.domain == "com.microsoft" and all(n in owners for n in node.input[1:]):
                groups.setdefault((node.input[0], len(node.input), array(node.input[1]).shape[0]), []).append(node)
        replace = {}
        drop = set()
        for (activation, arity, _), members in groups.items():
            if len(members) < 2:
                continue
            key = tuple(tuple(m.input[1:]) for m in members)
            if key not in cache:
                owner = owners[members[0].input[1]]
                base = members[0].input[1] + "_fused%d" % len(cache)
                parts = [np.concatenate([array(m.input[j]) for m in members], axis=-1) for j in range(1, arity)]
                names = [base + suffix for suffix in ("", "_scale", "_zero", "_bias")[:arity - 1]]
                owner.initializer.extend(numpy_helper.from_array(a, n) for a, n in zip(parts, names))
                sizes = numpy_helper.from_array(np.array([array(m.input[1]).shape[1] for m in members], dtype=np.int64), base + "_split")
                owner.initializer.append(sizes)
                cache[key] = (names, sizes.name, [array(m.input[1]).shape[1] for m in members])
            names, sizes_name, sizes = cache[key]
            out = members[0].output[0] + "_fused"
            fused = helper.make_node("DynamicQuantizeMatMul", [activation] + names, [out], name=(members[0].name or "matmul") + "_fused",
                                     domain="com.microsoft")
            outputs = [m.output[0] for m in members]
            if opset >= 13:
                split = helper.make_node("Split", [out, sizes_name], outputs, axis=-1, name=fused.name + "_split")
            else:
                split = helper.make_node("Split", [out], outputs, axis=-1, split=sizes, name=fused.name + "_split")
            replace[id(members[0])] = [fused, split]
            drop.update(id(m) for m in members[1:])
            removed += len(members) - 1
        if replace:
            nodes = []
            for node in graph.node:
                if id(node) in drop:
                    continue
                nodes.extend(replace.get(id(node), [node]))
            del graph.node[:]
            graph.node.extend(nodes)
    return removed


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    src = os.path.abspath(sys.argv[1].rstrip("/"))
    dst = sys.argv[2] if len(sys.argv) > 2 else src + "-int8"
    os.makedirs(os.path.join(dst, "onnx"), exist_ok=True)
    for name in os.listdir(src):
        if os.path.isfile(os.path.join(src, name)) and not name.endswith((".pt", ".onnx")) and not name.startswith("bench-"):
            shutil.copy(os.path.join(src, name), os.path.join(dst, name))
    for f in FILES:
        path = os.path.join(src, "onnx", f)
        if os.path.exists(path):
            n, fused = quantize_model(path, os.path.join(dst, "onnx", f))
            print("%s: %d MatMuls -> DynamicQuantizeMatMul (%d of them folded into others that read the same activation), %.0f MB -> %.0f MB" % (
                f, n, fused, os.path.getsize(path) / 1e6, os.path.getsize(os.path.join(dst, "onnx", f)) / 1e6), flush=True)
    print(dst)


if __name__ == "__main__":
    main()
