import { NoticeBoard, type Notice } from './noticeBoard.ts';

export type { Notice } from './noticeBoard.ts';

/**
 * Messages for the user (errors from the main process, confirmations); newest last. Their
 * lifetimes are NoticeBoard's: info and warnings fade, errors stay until dismissed.
 */
class Notices {
  list = $state.raw<readonly Notice[]>([]);
  readonly #board = new NoticeBoard((list) => (this.list = list));

  error(text: string): void {
    this.#board.push('error', text);
  }

  /** Something the user should know that did not stop the action (an export's notes). */
  warn(text: string): void {
    this.#board.push('warning', text);
  }

  info(text: string): void {
    this.#board.push('info', text);
  }

  dismiss(id: number): void {
    this.#board.dismiss(id);
  }

  /** While the pointer or focus is on a notice it does not fade. */
  hold(id: number): void {
    this.#board.hold(id);
  }

  release(id: number): void {
    this.#board.release(id);
  }
}

export const notices = new Notices();
