import { HEAD_INPUT, HEAD_OUTPUT } from '../../shared/heads/headManifest.ts';
import { GraphBuilder } from '../onnx/graphBuilder.ts';

/**
 * The ONNX graph of a project's head (issue 26): a linear softmax classifier over a snippet's
 * pooled backbone features. Its input is what main/learn/contextInput.ts builds from stored
 * features (the snippet's own values, then the means of its neighbours before and after), so
 * one graph serves the plan's snippets and the single frames edge refinement scores, whose
 * neighbours are plan snippets. The steps are main/learn/headProbabilities.ts's:
 *
 *   input [N, inputSize] → Sub mean → Div std → MatMul weights [inputSize, C] → Add bias
 *   → Softmax (axis −1) → probabilities [N, C]
 */
/** What the graph is made of: a trained head's numbers (main/learn/types.ts TrainedHead). */
export interface HeadGraphWeights {
  inputSize: number;
  classCount: number;
  mean: Float32Array;
  std: Float32Array;
  /** Row-major [input][class]. */
  weights: Float32Array;
  bias: Float32Array;
}

export function buildHeadGraph(head: HeadGraphWeights, name = 'actionline_head'): Uint8Array {
  const { inputSize, classCount } = head;
  const g = new GraphBuilder(name);
  const input = g.input(HEAD_INPUT, ['N', inputSize]);
  const centred = g.node('Sub', [input, g.floats('mean', head.mean, [inputSize])]);
  const scaled = g.node('Div', [centred, g.floats('std', head.std, [inputSize])]);
  const product = g.node('MatMul', [
    scaled,
    g.floats('weights', head.weights, [inputSize, classCount]),
  ]);
  const logits = g.node('Add', [product, g.floats('bias', head.bias, [classCount])]);
  g.node('Softmax', [logits], { axis: -1 }, HEAD_OUTPUT);
  g.output(HEAD_OUTPUT, ['N', classCount]);
  return g.toBytes();
}
