"""The script an ML engineer would write to pre-label a video with a TSN RGB ONNX model.

PyAV decodes every frame (thread_type AUTO); the first frame at or after each sample time
(one per --interval seconds, at its middle) is converted to BGR, resized to 340x256 with
cv2, centre-cropped to 224 and mean-subtracted, and batches of 8 go through a bounded queue
(4) to a second thread that runs the model: onnxruntime's CPU provider with default
options (--engine ort, the issue's script) or cv2.dnn (--engine dnn, where onnxruntime's
Python package cannot be installed). Prints one JSON line: {"snippets": n}.
Exit code 3: a module is missing (the bench prints the message and skips the case).
"""
import argparse
import json
import queue
import sys
import threading

parser = argparse.ArgumentParser()
parser.add_argument("video")
parser.add_argument("model")
parser.add_argument("--interval", type=float, default=1.0)
parser.add_argument("--engine", choices=["ort", "dnn"], default="ort")
args = parser.parse_args()

try:
    import av
    import cv2
    import numpy as np

    if args.engine == "ort":
        import onnxruntime
except ImportError as err:
    print(f"skipped: {err}", file=sys.stderr)
    sys.exit(3)

MEAN = np.array([104, 117, 123], dtype=np.float32)
BATCH = 8


def preprocess(bgr):
    img = cv2.resize(bgr, (340, 256), interpolation=cv2.INTER_LINEAR)
    y, x = (256 - 224) // 2, (340 - 224) // 2
    crop = img[y : y + 224, x : x + 224].astype(np.float32) - MEAN
    return crop.transpose(2, 0, 1)


def infer_loop(batches, done):
    if args.engine == "ort":
        session = onnxruntime.InferenceSession(args.model, providers=["CPUExecutionProvider"])
        name = session.get_inputs()[0].name
        run = lambda x: session.run(None, {name: x})[0]
    else:
        net = cv2.dnn.readNetFromONNX(args.model)

        def run(x):
            net.setInput(x)
            return net.forward()

    count = 0
    while True:
        batch = batches.get()
        if batch is None:
            break
        run(np.stack(batch))
        count += len(batch)
    done.append(count)


batches = queue.Queue(maxsize=4)
done = []
worker = threading.Thread(target=infer_loop, args=(batches, done))
worker.start()

container = av.open(args.video)
stream = container.streams.video[0]
stream.thread_type = "AUTO"
next_sec = args.interval / 2
pending = []
for frame in container.decode(stream):
    t = float(frame.pts * stream.time_base)
    if t < next_sec:
        continue
    pending.append(preprocess(frame.to_ndarray(format="bgr24")))
    while next_sec <= t:
        next_sec += args.interval
    if len(pending) == BATCH:
        batches.put(pending)
        pending = []
if pending:
    batches.put(pending)
batches.put(None)
worker.join()
print(json.dumps({"snippets": done[0]}))
