"""An Open Inference Protocol (KServe v2) client written as a Triton/KServe user would, with stubs the test generates
from protos/inference/grpc_service.proto. Compares ModelInfer with melo.v1 for the same images and reports the errors.

Usage: oip_client.py STUBS_DIR ADDRESS TASK PIXELS_FILE IMAGE... ; PIXELS_FILE holds the first image preprocessed
(FP32 little endian, [3,H,W]). Prints one JSON object.
"""
import json
import os
import struct
import sys

sys.path.insert(0, sys.argv[1])

import grpc  # noqa: E402
from inference import grpc_service_pb2 as pb, grpc_service_pb2_grpc as pb_grpc  # noqa: E402
from melo.v1 import diagnosis_pb2, diagnosis_pb2_grpc  # noqa: E402


def bytes_elements(blobs):
    """BYTES raw contents: each element is a 4-byte little-endian length, then its bytes."""
    return b"".join(struct.pack("<I", len(b)) + b for b in blobs)


def probabilities(response):
    output = response.outputs[0]
    rows, classes = output.shape
    values = struct.unpack("<%df" % (rows * classes), response.raw_output_contents[0])
    return [list(values[r * classes:(r + 1) * classes]) for r in range(rows)]


def error_of(call):
    try:
        call()
        return "OK"
    except grpc.RpcError as error:
        return error.code().name


class BearerToken(grpc.UnaryUnaryClientInterceptor):
    """Sends the gateway's token (MELO_TOKEN) as authorization metadata on every call, as standard clients are set up."""

    def __init__(self, token):
        self.header = ("authorization", "Bearer " + token)

    def intercept_unary_unary(self, continuation, details, request):
        # grpc passes a namedtuple of the call's details; a copy with one more header goes on.
        details = details._replace(metadata=list(details.metadata or []) + [self.header])
        return continuation(details, request)


def main():
    address, task, pixels_file, paths = sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5:]
    images = [open(p, "rb").read() for p in paths]
    pixels = open(pixels_file, "rb").read()
    size = int((len(pixels) // 4 // 3) ** 0.5)
    with grpc.insecure_channel(address) as plain:
        channel = grpc.intercept_channel(plain, BearerToken(os.environ["MELO_TOKEN"]))
        oip = pb_grpc.GRPCInferenceServiceStub(channel)
        melo = diagnosis_pb2_grpc.DiagnosisServiceStub(channel)
        image_input = pb.ModelInferRequest.InferInputTensor(name="image", datatype="BYTES", shape=[len(images)])
        raw = oip.ModelInfer(pb.ModelInferRequest(model_name=task, id="req-1", inputs=[image_input],
                                                  raw_input_contents=[bytes_elements(images)]), timeout=120)
        typed_input = pb.ModelInferRequest.InferInputTensor(name="image", datatype="BYTES", shape=[1],
                                                            contents=pb.InferTensorContents(bytes_contents=images[:1]))
        typed = oip.ModelInfer(pb.ModelInferRequest(model_name=task, inputs=[typed_input]), timeout=60)
        tensor_input = pb.ModelInferRequest.InferInputTensor(name="pixel_values", datatype="FP32", shape=[1, 3, size, size])
        tensor = oip.ModelInfer(pb.ModelInferRequest(model_name=task, inputs=[tensor_input], raw_input_contents=[pixels]), timeout=60)
        reference = melo.Diagnose(diagnosis_pb2.DiagnoseRequest(items=[
            diagnosis_pb2.DiagnosisItem(id=str(i), task=task, image=image) for i, image in enumerate(images)]), timeout=120)
        metadata = oip.ModelMetadata(pb.ModelMetadataRequest(name=task), timeout=30)

        def infer(tensor, raw=None, model=task):
            request = pb.ModelInferRequest(model_name=model, inputs=[tensor])
            if raw is not None:
                request.raw_input_contents.append(raw)
            return lambda: oip.ModelInfer(request, timeout=60)

        result = {
            "live": oip.ServerLive(pb.ServerLiveRequest()).live,
            "ready": oip.ServerReady(pb.ServerReadyRequest()).ready,
            "server": oip.ServerMetadata(pb.ServerMetadataRequest()).name,
            "model_ready": oip.ModelReady(pb.ModelReadyRequest(name=task)).ready,
            "unknown_model_ready": oip.ModelReady(pb.ModelReadyRequest(name="no-such-task")).ready,
            "metadata": {
                "name": metadata.name,
                "inputs": [[t.name, t.datatype, list(t.shape)] for t in metadata.inputs],
                "outputs": [[t.name, t.datatype, list(t.shape)] for t in metadata.outputs],
                "labels": json.loads(metadata.parameters["labels"].string_param),
            },
            "raw": {"id": raw.id, "model": raw.model_name, "version": raw.model_version,
                    "output": [raw.outputs[0].name, raw.outputs[0].datatype, list(raw.outputs[0].shape)],
                    "labels": json.loads(raw.outputs[0].parameters["labels"].string_param),
                    "probabilities": probabilities(raw)},
            "typed": probabilities(typed),
            "tensor": probabilities(tensor),
            "melo_v1": [[p.probability for p in a.result.probabilities] for a in reference.answers],
            "errors": {
                "unknown_model": error_of(infer(typed_input, model="no-such-task")),
                "unknown_model_metadata": error_of(lambda: oip.ModelMetadata(pb.ModelMetadataRequest(name="no-such-task"))),
                "wrong_datatype": error_of(infer(pb.ModelInferRequest.InferInputTensor(
                    name="image", datatype="FP32", shape=[1], contents=pb.InferTensorContents(fp32_contents=[1.0])))),
                "wrong_shape": error_of(infer(pb.ModelInferRequest.InferInputTensor(name="image", datatype="BYTES", shape=[2, 2]),
                                              bytes_elements(images[:1] * 4))),
                "count_mismatch": error_of(infer(pb.ModelInferRequest.InferInputTensor(name="image", datatype="BYTES", shape=[3]),
                                                 bytes_elements(images[:1]))),
                "wrong_tensor_size": error_of(infer(pb.ModelInferRequest.InferInputTensor(
                    name="pixel_values", datatype="FP32", shape=[1, 3, 8, 8]), b"\0" * (3 * 8 * 8 * 4))),
                "unknown_input": error_of(infer(pb.ModelInferRequest.InferInputTensor(name="pixels", datatype="FP32", shape=[1]))),
                "bad_image": error_of(infer(pb.ModelInferRequest.InferInputTensor(name="image", datatype="BYTES", shape=[1]),
                                            bytes_elements([b"not an image"]))),
                "cut_prefix": error_of(infer(pb.ModelInferRequest.InferInputTensor(name="image", datatype="BYTES", shape=[1]),
                                             struct.pack("<I", 1000) + b"short")),
            },
        }
    print(json.dumps(result, separators=(",", ":")))


if __name__ == "__main__":
    main()
