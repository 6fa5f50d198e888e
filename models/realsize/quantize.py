#!/usr/bin/python3
"""Dynamic int8 quantization of an Optimum export, by graph surgery with python3-onnx only (onnxruntime's Python
quantizer is not on these machines).

    /usr/bin/python3 models/realsize/quantize.py <model folder> [<output folder>]     (default: <folder>-int8)

Every MatMul whose second input is a 2-D float initializer [K, N] (the projections, the feed-forward layers and the
lm head) becomes ONNX Runtime's contrib op com.microsoft.DynamicQuantizeMatMul: the weight stored as int8, symmetric,
one scale per output column (zero point 0); the activation quantized to uint8 at run time, per tensor, by the op.
A bias Add right after the MatMul (a 1-D initializer [N], or an Identity of one) moves into the op. Works inside the merged decoder's If
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
                    if b.ndim == 1 and b.shape[0] == w.shape[1]:
                        inputs.append(other)
                        output = add.output[0]
                        skip.add(id(add))
            new_nodes.append(helper.make_node("DynamicQuantizeMatMul", inputs, [output], name=(node.name or "matmul") + "_int8",
                                              domain="com.microsoft"))
            replaced += 1
        del graph.node[:]
        graph.node.extend(new_nodes)
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
    return replaced


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
            n = quantize_model(path, os.path.join(dst, "onnx", f))
            print("%s: %d MatMuls -> DynamicQuantizeMatMul, %.0f MB -> %.0f MB" % (
                f, n, os.path.getsize(path) / 1e6, os.path.getsize(os.path.join(dst, "onnx", f)) / 1e6), flush=True)
    print(dst)


if __name__ == "__main__":
    main()
