/**
 * The part of CanvasRenderingContext2D the timeline draws with. Declared here (not taken
 * from the DOM lib) so draw functions run in Node tests against a recording fake, and so a
 * real 2D context, an OffscreenCanvas context or a fake all fit.
 */

/** Anything drawImage accepts: ImageBitmap, canvas, OffscreenCanvas, video, image. */
export type TimelineImage = object;

export interface TimelineContext2D {
  fillStyle: string | object;
  strokeStyle: string | object;
  lineWidth: number;
  globalAlpha: number;
  font: string;
  textAlign: 'left' | 'right' | 'center' | 'start' | 'end';
  textBaseline: 'top' | 'hanging' | 'middle' | 'alphabetic' | 'ideographic' | 'bottom';
  imageSmoothingEnabled: boolean;
  save(): void;
  restore(): void;
  beginPath(): void;
  closePath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  rect(x: number, y: number, w: number, h: number): void;
  clip(): void;
  fill(): void;
  stroke(): void;
  fillRect(x: number, y: number, w: number, h: number): void;
  strokeRect(x: number, y: number, w: number, h: number): void;
  clearRect(x: number, y: number, w: number, h: number): void;
  fillText(text: string, x: number, y: number): void;
  setLineDash(segments: number[]): void;
  drawImage(image: TimelineImage, dx: number, dy: number, dw: number, dh: number): void;
  drawImage(
    image: TimelineImage,
    sx: number,
    sy: number,
    sw: number,
    sh: number,
    dx: number,
    dy: number,
    dw: number,
    dh: number,
  ): void;
}

/** A horizontal band of the canvas that one layer draws into. */
export interface BandRect {
  topPx: number;
  heightPx: number;
}
