/**
 * Adam (Kingma & Ba, 2015) over one flat parameter array, with the L2 penalty added to the
 * gradient of the entries it applies to (the weights, not the biases).
 */
export class Adam {
  private readonly m: Float64Array;
  private readonly v: Float64Array;
  private readonly learningRate: number;
  private readonly beta1 = 0.9;
  private readonly beta2 = 0.999;
  private readonly epsilon = 1e-8;
  private step = 0;

  constructor(size: number, learningRate: number) {
    this.m = new Float64Array(size);
    this.v = new Float64Array(size);
    this.learningRate = learningRate;
  }

  /** params -= lr · m̂ / (√v̂ + ε) for gradient + l2 · params on [0, penalised), gradient after. */
  update(params: Float64Array, gradient: Float64Array, l2: number, penalised: number): void {
    this.step++;
    const { m, v, beta1, beta2 } = this;
    const lr = (this.learningRate * Math.sqrt(1 - beta2 ** this.step)) / (1 - beta1 ** this.step);
    for (let i = 0; i < params.length; i++) {
      const g = i < penalised ? gradient[i]! + l2 * params[i]! : gradient[i]!;
      const mi = beta1 * m[i]! + (1 - beta1) * g;
      const vi = beta2 * v[i]! + (1 - beta2) * g * g;
      m[i] = mi;
      v[i] = vi;
      params[i] = params[i]! - (lr * mi) / (Math.sqrt(vi) + this.epsilon);
    }
  }
}
