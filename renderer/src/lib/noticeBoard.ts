/**
 * The notices' lifetimes, apart from Svelte so they can be tested with fake timers: info
 * fades after 4 s, a warning after 10 s, an error stays until it is dismissed. A notice the
 * pointer rests on does not fade until the pointer leaves. The same text of the same kind
 * again counts up (and restarts its time) instead of stacking a copy.
 */
export type NoticeKind = 'error' | 'warning' | 'info';

export interface Notice {
  id: number;
  kind: NoticeKind;
  text: string;
  /** How many times it was said; shown as "×n" from 2 on. */
  count: number;
}

/** Milliseconds a notice stays on screen; null: until dismissed. */
export const NOTICE_LIFETIME_MS: Readonly<Record<NoticeKind, number | null>> = {
  info: 4_000,
  warning: 10_000,
  error: null,
};

/** Beyond this many, the oldest info goes first, then the oldest warning, then errors. */
export const MAX_NOTICES = 5;

const EVICTION_ORDER: readonly NoticeKind[] = ['info', 'warning', 'error'];

export class NoticeBoard {
  #list: Notice[] = [];
  #nextId = 1;
  readonly #timers = new Map<number, ReturnType<typeof setTimeout>>();
  readonly #held = new Set<number>();
  readonly #onChange: (list: readonly Notice[]) => void;

  /** onChange receives a new array after every change (for `$state.raw`). */
  constructor(onChange: (list: readonly Notice[]) => void) {
    this.#onChange = onChange;
  }

  get list(): readonly Notice[] {
    return this.#list;
  }

  push(kind: NoticeKind, text: string): void {
    const same = this.#list.find((n) => n.kind === kind && n.text === text);
    const notice = same
      ? { ...same, count: same.count + 1 }
      : { id: this.#nextId++, kind, text, count: 1 };
    // Newest last: a repeated notice moves to the end, as if said again.
    let list = [...this.#list.filter((n) => n.id !== notice.id), notice];
    while (list.length > MAX_NOTICES) {
      const kindToDrop = EVICTION_ORDER.find((k) => list.some((n) => n.kind === k))!;
      const dropped = list.find((n) => n.kind === kindToDrop)!;
      this.#forget(dropped.id);
      list = list.filter((n) => n !== dropped);
    }
    this.#set(list);
    this.#startTimer(notice);
  }

  dismiss(id: number): void {
    if (!this.#list.some((n) => n.id === id)) return;
    this.#forget(id);
    this.#set(this.#list.filter((n) => n.id !== id));
  }

  /** The pointer is on the notice (or focus is in it): it does not fade meanwhile. */
  hold(id: number): void {
    this.#held.add(id);
    this.#clearTimer(id);
  }

  /** The pointer left: the notice gets its whole time again, so it can still be read. */
  release(id: number): void {
    this.#held.delete(id);
    const notice = this.#list.find((n) => n.id === id);
    if (notice) this.#startTimer(notice);
  }

  #startTimer(notice: Notice): void {
    this.#clearTimer(notice.id);
    const lifetimeMs = NOTICE_LIFETIME_MS[notice.kind];
    if (lifetimeMs === null || this.#held.has(notice.id)) return;
    this.#timers.set(
      notice.id,
      setTimeout(() => this.dismiss(notice.id), lifetimeMs),
    );
  }

  #clearTimer(id: number): void {
    clearTimeout(this.#timers.get(id));
    this.#timers.delete(id);
  }

  #forget(id: number): void {
    this.#clearTimer(id);
    this.#held.delete(id);
  }

  #set(list: Notice[]): void {
    this.#list = list;
    this.#onChange(list);
  }
}
