import { describe, expect, it } from 'vitest';
import { labelHotkey, SHORTCUTS, type KeyLike } from '../../../../renderer/src/lib/shortcuts.ts';

/**
 * Every key event a keyboard can send that a shortcut could mean: each key the map names,
 * every letter, digit and punctuation key, with every combination of modifiers.
 */
function everyKeyEvent(): KeyLike[] {
  const keys = new Set<string>([
    ...'abcdefghijklmnopqrstuvwxyz',
    ...'ABCDEFGHIJKLMNOPQRSTUVWXYZ',
    ...'0123456789',
    ...' ,.<>/?;:\'"[]{}()\\|`~!@#$%^&*-_=+',
    ...['Enter', 'Escape', 'Tab', 'Delete', 'Backspace', 'ArrowLeft', 'ArrowRight'],
    ...['ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown'],
  ]);
  const events: KeyLike[] = [];
  for (const key of keys) {
    for (let m = 0; m < 16; m++) {
      events.push({
        key,
        ctrlKey: (m & 1) !== 0,
        metaKey: (m & 2) !== 0,
        shiftKey: (m & 4) !== 0,
        altKey: (m & 8) !== 0,
      });
    }
  }
  return events;
}

const describeEvent = (e: KeyLike) =>
  `${e.ctrlKey ? 'Ctrl+' : ''}${e.metaKey ? 'Meta+' : ''}${e.altKey ? 'Alt+' : ''}${e.shiftKey ? 'Shift+' : ''}${e.key}`;

describe('the editor keyboard map', () => {
  it('has no key that triggers two commands (the label keys 1–9 included)', () => {
    for (const e of everyKeyEvent()) {
      const commands = SHORTCUTS.filter((s) => s.match(e)).map((s) => s.command);
      if (labelHotkey(e) !== null) commands.push('relabel' as never);
      expect(commands.length, `${describeEvent(e)} → ${commands.join(', ')}`).toBeLessThanOrEqual(
        1,
      );
    }
  });

  it('reaches every command from some key, and names each command once', () => {
    const events = everyKeyEvent();
    for (const s of SHORTCUTS) {
      expect(
        events.some((e) => s.match(e)),
        s.command,
      ).toBe(true);
    }
    expect(new Set(SHORTCUTS.map((s) => s.command)).size).toBe(SHORTCUTS.length);
  });

  it('keeps Enter for creating from marks and Ctrl+Enter for the next video', () => {
    const plain = { key: 'Enter', ctrlKey: false, metaKey: false, shiftKey: false, altKey: false };
    expect(SHORTCUTS.filter((s) => s.match(plain)).map((s) => s.command)).toEqual([
      'createFromMarks',
    ]);
    expect(
      SHORTCUTS.filter((s) => s.match({ ...plain, ctrlKey: true })).map((s) => s.command),
    ).toEqual(['reviewedNextVideo']);
  });
});
