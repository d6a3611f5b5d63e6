/**
 * Field numbers and enum values of the subset of onnx.proto (github.com/onnx/onnx,
 * onnx/onnx.proto) that Actionline writes. Copied exactly: a wrong number here produces a
 * file that onnxruntime rejects or, worse, misreads.
 */
export const ModelField = {
  irVersion: 1,
  producerName: 2,
  producerVersion: 3,
  domain: 4,
  modelVersion: 5,
  docString: 6,
  graph: 7,
  opsetImport: 8,
} as const;

export const OperatorSetIdField = { domain: 1, version: 2 } as const;

export const GraphField = {
  node: 1,
  name: 2,
  initializer: 5,
  docString: 10,
  input: 11,
  output: 12,
  valueInfo: 13,
} as const;

export const NodeField = {
  input: 1,
  output: 2,
  name: 3,
  opType: 4,
  attribute: 5,
  docString: 6,
  domain: 7,
} as const;

export const AttributeField = {
  name: 1,
  f: 2,
  i: 3,
  s: 4,
  t: 5,
  g: 6,
  floats: 7,
  ints: 8,
  strings: 9,
  type: 20,
} as const;

/** AttributeProto.AttributeType. */
export const AttributeType = {
  FLOAT: 1,
  INT: 2,
  STRING: 3,
  TENSOR: 4,
  GRAPH: 5,
  FLOATS: 6,
  INTS: 7,
  STRINGS: 8,
} as const;

export const TensorField = { dims: 1, dataType: 2, name: 8, rawData: 9, docString: 12 } as const;

/** TensorProto.DataType (the element types Actionline uses). */
export const DataType = {
  FLOAT: 1,
  UINT8: 2,
  INT8: 3,
  INT32: 6,
  INT64: 7,
  BOOL: 9,
  DOUBLE: 11,
} as const;

export const ValueInfoField = { name: 1, type: 2, docString: 3 } as const;
export const TypeField = { tensorType: 1 } as const;
export const TensorTypeField = { elemType: 1, shape: 2 } as const;
export const TensorShapeField = { dim: 1 } as const;
export const DimensionField = { dimValue: 1, dimParam: 2 } as const;
