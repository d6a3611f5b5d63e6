import {
  BlobField,
  BlobShapeField,
  BnParamField,
  LayerField,
  NetField,
  V1LayerField,
  v1TypeById,
} from './caffeFields.ts';
import { ProtoMessage } from './protoReader.ts';

/** One weight blob: its dims as stored (shape, or legacy num/channels/height/width) and data. */
export interface Blob {
  dims: number[];
  data: Float32Array;
}

export interface TrainedLayer {
  name: string;
  /** V2 type string; V1 enum values are mapped to their V2 names. */
  type: string;
  blobs: Blob[];
  /** bn_param.eps stored with a TSN-fork BN layer, when present (informational). */
  bnEps?: number;
}

/**
 * Reads the trained layers of a binary caffemodel (NetParameter): `layer` (field 100) and
 * the V1 `layers` (field 2), keyed by layer name. Blob data are copied out of `bytes`.
 */
export function readCaffemodel(bytes: Uint8Array): Map<string, TrainedLayer> {
  let net: ProtoMessage;
  try {
    net = new ProtoMessage(bytes);
  } catch (err) {
    throw new Error(`not a caffemodel (binary NetParameter): ${(err as Error).message}`);
  }
  const layers = new Map<string, TrainedLayer>();
  for (const l of net.messages(NetField.layer)) {
    const bn = l.message(LayerField.bnParam);
    const eps = bn?.float(BnParamField.eps);
    const layer: TrainedLayer = {
      name: l.string(LayerField.name) ?? '',
      type: l.string(LayerField.type) ?? '',
      blobs: l.messages(LayerField.blobs).map(readBlob),
      ...(eps === undefined ? {} : { bnEps: eps }),
    };
    layers.set(layer.name, layer);
  }
  for (const l of net.messages(NetField.layersV1)) {
    const typeId = l.int(V1LayerField.type) ?? 0;
    const layer: TrainedLayer = {
      name: l.string(V1LayerField.name) ?? '',
      type: v1TypeById(typeId) ?? `V1 type ${typeId}`,
      blobs: l.messages(V1LayerField.blobs).map(readBlob),
    };
    if (!layers.has(layer.name)) layers.set(layer.name, layer);
  }
  if (layers.size === 0 && bytes.length > 0) {
    throw new Error('not a caffemodel: no layers found (is it a prototxt or another format?)');
  }
  return layers;
}

function readBlob(b: ProtoMessage): Blob {
  const shape = b.message(BlobField.shape);
  const legacy = [BlobField.num, BlobField.channels, BlobField.height, BlobField.width].map(
    (f) => b.int(f) ?? 1,
  );
  const dims = shape ? shape.ints(BlobShapeField.dim) : legacy;
  const data = b.has(BlobField.data) ? b.floats(BlobField.data) : b.doubles(BlobField.doubleData);
  return { dims, data };
}
