import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { NetParameter } from './caffeNets.ts';

/**
 * A TSN-shaped stand-in Caffe model (data 3×224×224 → global average → fc_action): class 0
 * reads the red channel and class 1 the blue one, so a channel-order mistake shows in its
 * top class.
 */
export function standIn(dir: string, classes: number): { prototxt: string; weights: string } {
  const prototxt = path.join(dir, `deploy${classes}.prototxt`);
  writeFileSync(
    prototxt,
    `name: "stand-in"
input: "data"
input_dim: 1 input_dim: 3 input_dim: 224 input_dim: 224
layer { name: "global_pool" type: "Pooling" bottom: "data" top: "global_pool"
  pooling_param { pool: AVE global_pooling: true } }
layer { name: "fc_action" type: "InnerProduct" bottom: "global_pool" top: "fc_action"
  inner_product_param { num_output: ${classes} } }
`,
  );
  const w = new Float32Array(classes * 3);
  w[0 * 3 + 2] = 1 / 64; // class 0: BGR channel 2 (red)
  w[1 * 3 + 0] = 1 / 64; // class 1: BGR channel 0 (blue)
  const weights = path.join(dir, `model${classes}.caffemodel`);
  const bytes = NetParameter.encode({
    name: 'stand-in',
    layer: [
      {
        name: 'fc_action',
        type: 'InnerProduct',
        bottom: ['global_pool'],
        top: ['fc_action'],
        blobs: [
          { shape: { dim: [classes, 3] }, data: w },
          { shape: { dim: [classes] }, data: new Float32Array(classes) },
        ],
      },
    ],
  }).finish();
  writeFileSync(weights, bytes);
  return { prototxt, weights };
}
