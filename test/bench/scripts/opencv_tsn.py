"""OpenCV alone: cv2.VideoCapture decodes, cv2.dnn runs a TSN RGB ONNX model, in sequence.

Every frame is grabbed; the first at or after each sample time (one per --interval seconds,
at its middle) is retrieved, resized to 340x256, centre-cropped to 224, mean-subtracted
([104, 117, 123], BGR) and scored in batches of 8. Prints one JSON line: {"snippets": n}.
Exit code 3: cv2 is missing (the bench skips the case).
"""
import argparse
import json
import sys

parser = argparse.ArgumentParser()
parser.add_argument("video")
parser.add_argument("model")
parser.add_argument("--interval", type=float, default=1.0)
args = parser.parse_args()

try:
    import cv2
    import numpy as np
except ImportError as err:
    print(f"skipped: {err}", file=sys.stderr)
    sys.exit(3)

MEAN = np.array([104, 117, 123], dtype=np.float32)
net = cv2.dnn.readNetFromONNX(args.model)
capture = cv2.VideoCapture(args.video)
next_sec = args.interval / 2
batch = []
count = 0


def flush():
    global batch, count
    if batch:
        net.setInput(np.stack(batch))
        net.forward()
        count += len(batch)
        batch = []


while capture.grab():
    t = capture.get(cv2.CAP_PROP_POS_MSEC) / 1000
    if t < next_sec:
        continue
    ok, bgr = capture.retrieve()
    if not ok:
        break
    img = cv2.resize(bgr, (340, 256), interpolation=cv2.INTER_LINEAR)
    crop = img[16:240, 58:282].astype(np.float32) - MEAN
    batch.append(crop.transpose(2, 0, 1))
    while next_sec <= t:
        next_sec += args.interval
    if len(batch) == 8:
        flush()
flush()
print(json.dumps({"snippets": count}))
