#!/usr/bin/python3
"""A client of the Translate service that is not .NET: Debian's python3-grpcio, with message classes that
Debian's protoc generates from the project's .proto. Checks health, calls Process, ProcessStream and GetInfo,
and a bad request, against a running server.

usage: client.py ADDRESS SAMPLE_FILE      (ADDRESS like 127.0.0.1:50051)
Exits 0 when every check passes; prints what it saw.
"""
import os
import subprocess
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PROTOS = os.path.join(HERE, "..", "..", "protos")


def generate(out_dir):
    """Message classes only: Debian's protoc has no gRPC plugin for Python, so stubs are written by hand below.
    translate.proto imports google/api/annotations.proto (its HTTP rules), bundled under protos/, which imports
    google/protobuf/descriptor.proto from Debian's libprotobuf-dev (/usr/include, where protoc looks by itself).
    The generated google/api package joins Debian's google namespace package (python3-protobuf)."""
    subprocess.run(["protoc", f"--proto_path={PROTOS}", f"--python_out={out_dir}", "translate/v1/translate.proto",
                    "google/api/annotations.proto", "google/api/http.proto"], check=True)
    subprocess.run(["protoc", f"--proto_path={HERE}", f"--python_out={out_dir}", "health.proto"], check=True)
    sys.path.insert(0, out_dir)


def check(condition, message):
    if not condition:
        print(f"FAIL: {message}")
        sys.exit(1)
    print(f"ok: {message}")


def main():
    address, sample_path = sys.argv[1], sys.argv[2]
    with tempfile.TemporaryDirectory() as out_dir:
        generate(out_dir)
        import grpc
        import health_pb2
        from translate.v1 import translate_pb2 as pb

        channel = grpc.insecure_channel(address)
        health = channel.unary_unary("/grpc.health.v1.Health/Check",
                                     request_serializer=health_pb2.HealthCheckRequest.SerializeToString,
                                     response_deserializer=health_pb2.HealthCheckResponse.FromString)
        deadline = time.time() + 120
        status = None
        while time.time() < deadline:
            try:
                status = health(health_pb2.HealthCheckRequest(service="translate.v1.Translate"), timeout=5).status
                if status == health_pb2.HealthCheckResponse.SERVING:
                    break
            except grpc.RpcError:
                pass
            time.sleep(0.5)
        check(status == health_pb2.HealthCheckResponse.SERVING, "health reports SERVING for translate.v1.Translate")

        def unary(name, request_type):
            return channel.unary_unary(f"/translate.v1.Translate/{name}",
                                       request_serializer=request_type.SerializeToString,
                                       response_deserializer=pb.DocumentResult.FromString)

        with open(sample_path, encoding="utf-8") as f:
            text = f.read()
        result = unary("Process", pb.ProcessRequest)(pb.ProcessRequest(document=pb.Document(id="xi-kim", text=text)), timeout=60)
        check(result.id == "xi-kim", "Process echoes the document id")
        check("Asia Xi" in result.text and "Posted November" in result.text, "Process splits 'AsiaXi' and 'PostedNovember'")
        untranslated = [e for e in result.edits if e.kind == pb.EDIT_KIND_UNTRANSLATED]
        check(len(untranslated) == 1, "one untranslated edit")
        edit = untranslated[0]
        # Offsets are code points: Python strings index by code point, so the slice must be the caption.
        check(text[edit.start:edit.start + edit.length] == "XI Jinping et Kim Jong Un ensemble en 2019.",
              f"the untranslated edit's offsets ({edit.start}, {edit.length}) slice the French caption")
        check(edit.reason != "", f"the edit carries a reason: {edit.reason}")
        # 120: the server's default max_words (SummaryLimits.DefaultMaxWords); 3: its default max_sentences.
        check(0 < result.summary.word_count <= 120, f"a summary of {result.summary.word_count} words")
        check(0 < len(result.summary.sentences) <= 3, f"a summary of {len(result.summary.sentences)} sentences")
        shorter = unary("Process", pb.ProcessRequest)(
            pb.ProcessRequest(document=pb.Document(id="xi-kim", text=text), summary=pb.SummaryOptions(max_words=60)), timeout=60)
        check(0 < shorter.summary.word_count <= 60, f"max_words 60 gives a summary of {shorter.summary.word_count} words")

        stream = channel.stream_stream("/translate.v1.Translate/ProcessStream",
                                       request_serializer=pb.ProcessRequest.SerializeToString,
                                       response_deserializer=pb.DocumentResult.FromString)
        requests = [pb.ProcessRequest(document=pb.Document(id=f"doc-{i}", text=f"Article {i}.PostedMonday the news came.")) for i in range(3)]
        requests.append(pb.ProcessRequest(document=pb.Document(id="empty", text="")))
        results = {r.id: r for r in stream(iter(requests), timeout=60)}
        check(sorted(results) == ["doc-0", "doc-1", "doc-2", "empty"], "ProcessStream answers every document by id")
        check(results["empty"].error.code == grpc.StatusCode.INVALID_ARGUMENT.value[0], "the empty document's result carries INVALID_ARGUMENT")

        try:
            unary("Clean", pb.CleanRequest)(pb.CleanRequest(document=pb.Document(id="blank", text="   ")), timeout=30)
            check(False, "blank text is refused")
        except grpc.RpcError as error:
            check(error.code() == grpc.StatusCode.INVALID_ARGUMENT, f"blank text is INVALID_ARGUMENT: {error.details()}")

        info = channel.unary_unary("/translate.v1.Translate/GetInfo",
                                   request_serializer=pb.GetInfoRequest.SerializeToString,
                                   response_deserializer=pb.ServiceInfo.FromString)(pb.GetInfoRequest(), timeout=30)
        check(any(m.name == "minilm-l6-v2" and m.ready for m in info.models), "GetInfo lists the MiniLM model as ready")
        print("python client: all checks passed")


if __name__ == "__main__":
    main()
