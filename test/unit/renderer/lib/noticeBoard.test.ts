import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MAX_NOTICES, NoticeBoard, type Notice } from '../../../../renderer/src/lib/noticeBoard.ts';

let shown: readonly Notice[] = [];
let board: NoticeBoard;
const kinds = () => shown.map((n) => n.kind);

beforeEach(() => {
  vi.useFakeTimers();
  shown = [];
  board = new NoticeBoard((list) => (shown = list));
});

afterEach(() => {
  vi.useRealTimers();
});

describe('NoticeBoard lifetimes', () => {
  it('lets info fade after 4 s and a warning after 10 s', () => {
    board.push('info', 'exported labels.json');
    board.push('warning', '1 video(s) have no subset');
    vi.advanceTimersByTime(3_999);
    expect(kinds()).toEqual(['info', 'warning']);
    vi.advanceTimersByTime(1);
    expect(kinds()).toEqual(['warning']);
    vi.advanceTimersByTime(5_999);
    expect(kinds()).toEqual(['warning']);
    vi.advanceTimersByTime(1);
    expect(shown).toEqual([]);
  });

  it('keeps an error until it is dismissed, however long', () => {
    board.push('error', 'cannot write /nowhere/labels.json');
    vi.advanceTimersByTime(10 * 60_000);
    expect(kinds()).toEqual(['error']);
    board.dismiss(shown[0]!.id);
    expect(shown).toEqual([]);
  });

  it('does not fade a notice while it is held, and gives it its whole time after', () => {
    board.push('warning', 'read me slowly');
    const { id } = shown[0]!;
    vi.advanceTimersByTime(9_000);
    board.hold(id);
    vi.advanceTimersByTime(60_000);
    expect(kinds()).toEqual(['warning']);
    board.release(id);
    vi.advanceTimersByTime(9_999);
    expect(kinds()).toEqual(['warning']);
    vi.advanceTimersByTime(1);
    expect(shown).toEqual([]);
  });
});

describe('NoticeBoard repeats and limits', () => {
  it('counts a repeated notice instead of stacking it, and restarts its time', () => {
    board.push('warning', 'same words');
    vi.advanceTimersByTime(8_000);
    board.push('warning', 'same words');
    board.push('info', 'same words'); // another kind: its own notice
    expect(shown.map((n) => [n.kind, n.count])).toEqual([
      ['warning', 2],
      ['info', 1],
    ]);
    vi.advanceTimersByTime(9_000);
    expect(kinds()).toEqual(['warning']);
  });

  it('moves a repeated notice to the end, keeping its id', () => {
    board.push('error', 'first');
    const { id } = shown[0]!;
    board.push('error', 'second');
    board.push('error', 'first');
    expect(shown.map((n) => [n.text, n.count])).toEqual([
      ['second', 1],
      ['first', 2],
    ]);
    expect(shown[1]!.id).toBe(id);
  });

  it('drops the oldest info, then warnings, before any error', () => {
    board.push('error', 'e1');
    board.push('warning', 'w1');
    board.push('info', 'i1');
    for (let i = 2; i <= MAX_NOTICES; i++) board.push('error', `e${i}`);
    expect(shown.map((n) => n.text)).toEqual(['e1', 'e2', 'e3', 'e4', 'e5']);
    board.push('error', 'e6');
    expect(shown.map((n) => n.text)).toEqual(['e2', 'e3', 'e4', 'e5', 'e6']);
  });
});
