export interface Notice {
  id: number;
  kind: 'error' | 'warning' | 'info';
  text: string;
}

/** Messages for the user (errors from the main process, confirmations); newest last. */
class Notices {
  list = $state<Notice[]>([]);
  #nextId = 1;

  error(text: string): void {
    this.#push('error', text);
  }

  /** Something the user should know that did not stop the action (an export's notes). */
  warn(text: string): void {
    this.#push('warning', text);
  }

  info(text: string): void {
    this.#push('info', text);
  }

  dismiss(id: number): void {
    this.list = this.list.filter((n) => n.id !== id);
  }

  #push(kind: Notice['kind'], text: string): void {
    const notice = { id: this.#nextId++, kind, text };
    this.list = [...this.list.slice(-4), notice];
    if (kind === 'info') setTimeout(() => this.dismiss(notice.id), 4000);
  }
}

export const notices = new Notices();
