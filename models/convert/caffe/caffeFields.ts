/**
 * Field numbers of the subset of caffe.proto (BVLC Caffe, src/caffe/proto/caffe.proto, and
 * the TSN fork github.com/yjxiong/caffe) that the caffemodel reader decodes. Only weights
 * are read from the binary file; every layer parameter comes from the deploy prototxt, as
 * Caffe itself does when it copies trained weights into a deploy net.
 */
export const NetField = { name: 1, layersV1: 2, layer: 100 } as const;

export const LayerField = { name: 1, type: 2, bottom: 3, top: 4, blobs: 7, bnParam: 137 } as const;

/** V1LayerParameter (`layers`): the type is an enum, numbers differ from LayerParameter. */
export const V1LayerField = { bottom: 2, top: 3, name: 4, type: 5, blobs: 6 } as const;

export const BlobField = {
  num: 1,
  channels: 2,
  height: 3,
  width: 4,
  data: 5,
  shape: 7,
  doubleData: 8,
} as const;

export const BlobShapeField = { dim: 1 } as const;

/** The TSN fork's BNParameter: only eps matters at inference. */
export const BnParamField = { eps: 4 } as const;

/** V1LayerParameter.LayerType: the enum's name (used in V1 prototxt) → the V2 type string. */
export const V1_LAYER_TYPES: Record<string, { id: number; type: string }> = {
  ABSVAL: { id: 35, type: 'AbsVal' },
  ACCURACY: { id: 1, type: 'Accuracy' },
  ARGMAX: { id: 30, type: 'ArgMax' },
  BNLL: { id: 2, type: 'BNLL' },
  CONCAT: { id: 3, type: 'Concat' },
  CONTRASTIVE_LOSS: { id: 37, type: 'ContrastiveLoss' },
  CONVOLUTION: { id: 4, type: 'Convolution' },
  DATA: { id: 5, type: 'Data' },
  DECONVOLUTION: { id: 39, type: 'Deconvolution' },
  DROPOUT: { id: 6, type: 'Dropout' },
  DUMMY_DATA: { id: 32, type: 'DummyData' },
  EUCLIDEAN_LOSS: { id: 7, type: 'EuclideanLoss' },
  ELTWISE: { id: 25, type: 'Eltwise' },
  EXP: { id: 38, type: 'Exp' },
  FLATTEN: { id: 8, type: 'Flatten' },
  HDF5_DATA: { id: 9, type: 'HDF5Data' },
  HDF5_OUTPUT: { id: 10, type: 'HDF5Output' },
  HINGE_LOSS: { id: 28, type: 'HingeLoss' },
  IM2COL: { id: 11, type: 'Im2col' },
  IMAGE_DATA: { id: 12, type: 'ImageData' },
  INFOGAIN_LOSS: { id: 13, type: 'InfogainLoss' },
  INNER_PRODUCT: { id: 14, type: 'InnerProduct' },
  LRN: { id: 15, type: 'LRN' },
  MEMORY_DATA: { id: 29, type: 'MemoryData' },
  MULTINOMIAL_LOGISTIC_LOSS: { id: 16, type: 'MultinomialLogisticLoss' },
  MVN: { id: 34, type: 'MVN' },
  POOLING: { id: 17, type: 'Pooling' },
  POWER: { id: 26, type: 'Power' },
  RELU: { id: 18, type: 'ReLU' },
  SIGMOID: { id: 19, type: 'Sigmoid' },
  SIGMOID_CROSS_ENTROPY_LOSS: { id: 27, type: 'SigmoidCrossEntropyLoss' },
  SILENCE: { id: 36, type: 'Silence' },
  SOFTMAX: { id: 20, type: 'Softmax' },
  SOFTMAX_LOSS: { id: 21, type: 'SoftmaxWithLoss' },
  SPLIT: { id: 22, type: 'Split' },
  SLICE: { id: 33, type: 'Slice' },
  TANH: { id: 23, type: 'TanH' },
  WINDOW_DATA: { id: 24, type: 'WindowData' },
  THRESHOLD: { id: 31, type: 'Threshold' },
};

export function v1TypeById(id: number): string | undefined {
  return Object.values(V1_LAYER_TYPES).find((t) => t.id === id)?.type;
}
