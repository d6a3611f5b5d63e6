import { GraphBuilder } from '../onnx/graphBuilder.ts';
import { FLT_EPSILON, type Tvl1Params } from './tvl1Params.ts';

/**
 * One pyramid level of OpenCV's TV-L1 (tvl1flow.cpp procOneScale) as an ONNX graph, so that
 * onnxruntime runs the solver on the models' execution provider. main/flow/onnxTvl1.ts
 * builds the pyramid and resizes the flow between levels in JS (cheap, once per level) and
 * runs this graph once per level; the graph has symbolic H×W, so one session serves all
 * levels and frame sizes.
 *
 * Inputs:  I0, I1 [1,1,H,W] grey levels 0–255 · flow_in [1,2,H,W] (u1, u2) ·
 *          coords [1,H,W,2] the pixel coordinates (x, y) · norm [2] = (2/(W−1), 2/(H−1)) ·
 *          stop [] = float(ε²·W·H), OpenCV's scaledEpsilon.
 * Output:  flow [1,2,H,W].
 *
 * Structure (three nested ONNX Loops, trip counts from the parameters, so the graph stays
 * small and the stopping rule is OpenCV's exactly):
 *   warp Loop (warps):   GridSample(I1, ∂xI1, ∂yI1) at x + u (bicubic A = −0.75 like
 *                        INTER_CUBIC, zero padding like BORDER_CONSTANT, align_corners = 1 so
 *                        that the grid holds pixel coordinates scaled to [−1, 1]);
 *                        grad = |∇I1w|², rho_c = I1w − ∇I1w·u − I0
 *     outer Loop (outerIterations, while error > stop): median filter of u, then
 *       inner Loop (innerIterations, while error > stop): thresholding → v; divergence of p
 *       (backward differences, zero outside); u = v + θ·div p; error = Σ(Δu)²; forward
 *       gradient of u (zero on the last row/column); p = (p + τ/θ·∇u) / (1 + τ/θ·|∇u|).
 * The dual variables carry (p11, p21) as one [1,2,H,W] tensor (x components, for u1 and
 * u2) and (p12, p22) as another, so each step is one broadcast op for both flow components.
 *
 * Only exact operations: gradients, divergence and shifts are Pad/Slice/Sub (no Conv, whose
 * GPU kernels may run in TF32); the median is a 5×5 gather of 25 Slices, TopK(13 smallest)
 * and ReduceMax — the 13th smallest of 25 is the median, bit-exact, border replicated by an
 * edge Pad as cv::medianBlur does. Every op is float32 in the order main/flow/tvl1.ts
 * rounds its steps, so the engines differ only by GridSample's and ReduceSum's internal
 * rounding.
 */
export const TVL1_OPSET = 17;

const BIG = Number.MAX_SAFE_INTEGER;

export function buildTvl1LevelGraph(params: Tvl1Params): Uint8Array {
  const g = new GraphBuilder('actionline_tvl1_level');
  const f32 = (name: string, v: number) => g.floats(name, [v], []);
  const c = {
    half: f32('c_half', 0.5),
    one: f32('c_one', 1),
    zero: f32('c_zero', 0),
    lt: f32('c_lt', Math.fround(params.lambda * params.theta)),
    negLt: f32('c_neg_lt', -Math.fround(params.lambda * params.theta)),
    taut: f32('c_taut', Math.fround(params.tau / params.theta)),
    theta: f32('c_theta', Math.fround(params.theta)),
    fltEps: f32('c_flt_eps', FLT_EPSILON),
    fltMax: f32('c_flt_max', 3.4028234663852886e38),
    trueValue: g.initializer('c_true', { dims: [], type: 'bool', data: Uint8Array.of(1) }),
    warps: g.int64s('c_warps', [params.warps], []),
    outer: g.int64s('c_outer', [params.outerIterations], []),
    inner: g.int64s('c_inner', [params.innerIterations], []),
    channelAxis: g.int64s('c_axis1', [1]),
    axisW: g.int64s('c_axis3', [3]),
    axisH: g.int64s('c_axis2', [2]),
    axesHW: g.int64s('c_axes23', [2, 3]),
    i0: g.int64s('c_i0', [0]),
    i1: g.int64s('c_i1', [1]),
    i3: g.int64s('c_i3', [3]),
    iMinus1: g.int64s('c_im1', [-1]),
    iBig: g.int64s('c_big', [BIG]),
    padLeft: g.int64s('c_pad_left', [0, 0, 0, 1, 0, 0, 0, 0]),
    padTop: g.int64s('c_pad_top', [0, 0, 1, 0, 0, 0, 0, 0]),
    padRight: g.int64s('c_pad_right', [0, 0, 0, 0, 0, 0, 0, 1]),
    padBottom: g.int64s('c_pad_bottom', [0, 0, 0, 0, 0, 0, 1, 0]),
    padEdge1: g.int64s('c_pad_edge1', [0, 0, 1, 1, 0, 0, 1, 1]),
  };
  const r = (params.medianFiltering - 1) / 2;
  const topK =
    params.medianFiltering > 1
      ? g.int64s('c_topk', [(params.medianFiltering * params.medianFiltering + 1) / 2])
      : '';
  const padMedian =
    params.medianFiltering > 1 ? g.int64s('c_pad_median', [0, 0, r, r, 0, 0, r, r]) : '';
  const medianStarts: string[] = [];
  const medianEnds: string[] = [];
  const k = params.medianFiltering;
  for (let dy = 0; dy < k && k > 1; dy++) {
    for (let dx = 0; dx < k; dx++) {
      medianStarts.push(g.int64s(`c_med_s${dy}_${dx}`, [dy, dx]));
      medianEnds.push(
        g.int64s(`c_med_e${dy}_${dx}`, [
          dy === k - 1 ? BIG : dy - (k - 1),
          dx === k - 1 ? BIG : dx - (k - 1),
        ]),
      );
    }
  }

  const I0 = g.input('I0', [1, 1, 'H', 'W']);
  const I1 = g.input('I1', [1, 1, 'H', 'W']);
  const flowIn = g.input('flow_in', [1, 2, 'H', 'W']);
  const coords = g.input('coords', [1, 'H', 'W', 2]);
  const norm = g.input('norm', [2]);
  const stop = g.input('stop', []);

  // centeredGradient(I1): replicate-padded central differences, 0.5·(next − previous).
  const I1pad = g.node('Pad', [I1, c.padEdge1], { mode: 'edge' });
  const inner = (x: string, starts: string, ends: string) =>
    g.node('Slice', [x, starts, ends, c.axesHW]);
  const s12 = g.int64s('c_s12', [1, 2]);
  const s10 = g.int64s('c_s10', [1, 0]);
  const s21 = g.int64s('c_s21', [2, 1]);
  const s01 = g.int64s('c_s01', [0, 1]);
  const eM1Big = g.int64s('c_em1big', [-1, BIG]);
  const eM1M2 = g.int64s('c_em1m2', [-1, -2]);
  const eBigM1 = g.int64s('c_ebigm1', [BIG, -1]);
  const eM2M1 = g.int64s('c_em2m1', [-2, -1]);
  const I1x = g.node('Mul', [
    g.node('Sub', [inner(I1pad, s12, eM1Big), inner(I1pad, s10, eM1M2)]),
    c.half,
  ]);
  const I1y = g.node('Mul', [
    g.node('Sub', [inner(I1pad, s21, eBigM1), inner(I1pad, s01, eM2M1)]),
    c.half,
  ]);
  const I1stack = g.node('Concat', [I1, I1x, I1y], { axis: 1 });
  const P0 = g.node('ConstantOfShape', [g.node('Shape', [flowIn])]);

  // ---- inner iteration -------------------------------------------------------------
  const ib = new GraphBuilder('tvl1_inner', { valuePrefix: 'in_' });
  ib.input('in_iter', [], 'int64');
  ib.input('in_cond', [], 'bool');
  const U = ib.input('in_U', [1, 2, 'H', 'W']);
  const P1 = ib.input('in_P1', [1, 2, 'H', 'W']);
  const P2 = ib.input('in_P2', [1, 2, 'H', 'W']);
  ib.input('in_err', []);
  // Values of the warp body (outer scope), named below.
  const W = {
    IxIy: 'wb_IxIy',
    rhoC: 'wb_rhoC',
    lg: 'wb_lg',
    negLg: 'wb_neg_lg',
    gradOk: 'wb_grad_ok',
    gradSafe: 'wb_grad_safe',
  };
  {
    const t = ib.node('ReduceSum', [ib.node('Mul', [W.IxIy, U]), c.channelAxis], { keepdims: 1 });
    const rho = ib.node('Add', [W.rhoC, t]);
    const fiIn = ib.node('Where', [
      W.gradOk,
      ib.node('Div', [ib.node('Neg', [rho]), W.gradSafe]),
      c.zero,
    ]);
    const fi = ib.node('Where', [
      ib.node('Less', [rho, W.negLg]),
      c.lt,
      ib.node('Where', [ib.node('Greater', [rho, W.lg]), c.negLt, fiIn]),
    ]);
    const V = ib.node('Add', [U, ib.node('Mul', [fi, W.IxIy])]);
    const prevX = ib.node('Slice', [
      ib.node('Pad', [P1, c.padLeft], { mode: 'constant' }),
      c.i0,
      c.iMinus1,
      c.axisW,
    ]);
    const prevY = ib.node('Slice', [
      ib.node('Pad', [P2, c.padTop], { mode: 'constant' }),
      c.i0,
      c.iMinus1,
      c.axisH,
    ]);
    const div = ib.node('Add', [ib.node('Sub', [P1, prevX]), ib.node('Sub', [P2, prevY])]);
    const Un = ib.node('Add', [V, ib.node('Mul', [c.theta, div])], {}, 'in_U_next');
    const e = ib.node('Sub', [Un, U]);
    const err = ib.node('ReduceSum', [ib.node('Mul', [e, e])], { keepdims: 0 }, 'in_err_next');
    ib.node('Greater', [err, stop], {}, 'in_cond_next');
    const forward = (axis: string, pad: string) =>
      ib.node('Pad', [
        ib.node('Sub', [
          ib.node('Slice', [Un, c.i1, c.iBig, axis]),
          ib.node('Slice', [Un, c.i0, c.iMinus1, axis]),
        ]),
        pad,
      ]);
    const Ux = forward(c.axisW, c.padRight);
    const Uy = forward(c.axisH, c.padBottom);
    const gnorm = ib.node('Sqrt', [
      ib.node('Add', [ib.node('Mul', [Ux, Ux]), ib.node('Mul', [Uy, Uy])]),
    ]);
    const ng = ib.node('Add', [c.one, ib.node('Mul', [c.taut, gnorm])]);
    ib.node('Div', [ib.node('Add', [P1, ib.node('Mul', [c.taut, Ux])]), ng], {}, 'in_P1_next');
    ib.node('Div', [ib.node('Add', [P2, ib.node('Mul', [c.taut, Uy])]), ng], {}, 'in_P2_next');
  }
  ib.output('in_cond_next', [], 'bool');
  ib.output('in_U_next', [1, 2, 'H', 'W']);
  ib.output('in_P1_next', [1, 2, 'H', 'W']);
  ib.output('in_P2_next', [1, 2, 'H', 'W']);
  ib.output('in_err_next', []);

  // ---- outer iteration: median filter, then the inner loop ---------------------------
  const ob = new GraphBuilder('tvl1_outer', { valuePrefix: 'ou_' });
  ob.input('ou_iter', [], 'int64');
  const oCond = ob.input('ou_cond', [], 'bool');
  let oU = ob.input('ou_U', [1, 2, 'H', 'W']);
  const oP1 = ob.input('ou_P1', [1, 2, 'H', 'W']);
  const oP2 = ob.input('ou_P2', [1, 2, 'H', 'W']);
  const oErr = ob.input('ou_err', []);
  if (k > 1) {
    const padded = ob.node('Pad', [oU, padMedian], { mode: 'edge' });
    const taps = medianStarts.map((s, i) =>
      ob.node('Slice', [padded, s, medianEnds[i]!, c.axesHW]),
    );
    const stack = ob.node('Concat', taps, { axis: 0 }); // [k², 2, H, W]
    const [smallest] = ob.nodeWithOutputs('TopK', [stack, topK], 2, { axis: 0, largest: 0 });
    oU = ob.node('ReduceMax', [smallest!], { axes: [0], keepdims: 1 });
  }
  ob.nodeWithOutputs(
    'Loop',
    [c.inner, oCond, oU, oP1, oP2, oErr],
    ['ou_U_next', 'ou_P1_next', 'ou_P2_next', 'ou_err_next'],
    { body: { graph: ib } },
  );
  ob.node('Greater', ['ou_err_next', stop], {}, 'ou_cond_next');
  ob.output('ou_cond_next', [], 'bool');
  ob.output('ou_U_next', [1, 2, 'H', 'W']);
  ob.output('ou_P1_next', [1, 2, 'H', 'W']);
  ob.output('ou_P2_next', [1, 2, 'H', 'W']);
  ob.output('ou_err_next', []);

  // ---- warp: sample I1 and its gradients at x + u, then the outer loop ---------------
  const wb = new GraphBuilder('tvl1_warp', { valuePrefix: 'wb_' });
  wb.input('wb_iter', [], 'int64');
  const wCond = wb.input('wb_cond', [], 'bool');
  const wU = wb.input('wb_U', [1, 2, 'H', 'W']);
  const wP1 = wb.input('wb_P1', [1, 2, 'H', 'W']);
  const wP2 = wb.input('wb_P2', [1, 2, 'H', 'W']);
  {
    const mapped = wb.node('Add', [coords, wb.node('Transpose', [wU], { perm: [0, 2, 3, 1] })]);
    const grid = wb.node('Sub', [wb.node('Mul', [mapped, norm]), c.one]);
    const sampled = wb.node('GridSample', [I1stack, grid], {
      align_corners: 1,
      mode: params.interpolation === 'cubic' ? 'bicubic' : 'bilinear',
      padding_mode: 'zeros',
    });
    const [I1w, Ix, Iy] = wb.nodeWithOutputs('Split', [sampled], 3, { axis: 1 });
    wb.node('Slice', [sampled, c.i1, c.i3, c.channelAxis], {}, W.IxIy);
    const [u1, u2] = wb.nodeWithOutputs('Split', [wU], 2, { axis: 1 });
    const grad = wb.node('Add', [wb.node('Mul', [Ix!, Ix!]), wb.node('Mul', [Iy!, Iy!])]);
    wb.node(
      'Sub',
      [
        wb.node('Sub', [
          wb.node('Sub', [I1w!, wb.node('Mul', [Ix!, u1!])]),
          wb.node('Mul', [Iy!, u2!]),
        ]),
        I0,
      ],
      {},
      W.rhoC,
    );
    wb.node('Mul', [c.lt, grad], {}, W.lg);
    wb.node('Neg', [W.lg], {}, W.negLg);
    wb.node('Greater', [grad, c.fltEps], {}, W.gradOk);
    wb.node('Where', [W.gradOk, grad, c.one], {}, W.gradSafe);
  }
  wb.nodeWithOutputs(
    'Loop',
    [c.outer, c.trueValue, wU, wP1, wP2, c.fltMax],
    ['wb_U_next', 'wb_P1_next', 'wb_P2_next', 'wb_err_last'],
    { body: { graph: ob } },
  );
  wb.node('Identity', [wCond], {}, 'wb_cond_next');
  wb.output('wb_cond_next', [], 'bool');
  wb.output('wb_U_next', [1, 2, 'H', 'W']);
  wb.output('wb_P1_next', [1, 2, 'H', 'W']);
  wb.output('wb_P2_next', [1, 2, 'H', 'W']);

  g.nodeWithOutputs('Loop', [c.warps, '', flowIn, P0, P0], ['flow', 'p1_last', 'p2_last'], {
    body: { graph: wb },
  });
  g.output('flow', [1, 2, 'H', 'W']);
  return g.toBytes({
    opsetVersion: TVL1_OPSET,
    docString: 'Actionline TV-L1 optical flow, one pyramid level (models/flow/tvl1Graph.ts)',
  });
}
