/**
 * A parser for the protobuf text format as Caffe's prototxt files use it, schema-free:
 * `name: value`, `name { … }` / `name: { … }` / `name < … >`, `name: [v, …]` lists, `#`
 * comments, quoted strings with C escapes, adjacent strings concatenated, optional `,`/`;`
 * separators. Values keep their lexical kind so the reader can tell an enum (MAX) from a
 * string ("MAX"); numbers are parsed when asked for.
 */
export type TextScalar = { kind: 'string' | 'ident' | 'number'; text: string };
export type TextValue = TextScalar | TextMessage;

export class TextMessage {
  readonly fields: { name: string; value: TextValue; line: number }[] = [];

  all(name: string): TextValue[] {
    return this.fields.filter((f) => f.name === name).map((f) => f.value);
  }

  has(name: string): boolean {
    return this.fields.some((f) => f.name === name);
  }

  message(name: string): TextMessage | undefined {
    return this.messages(name).at(-1);
  }

  messages(name: string): TextMessage[] {
    return this.all(name).filter((v): v is TextMessage => v instanceof TextMessage);
  }

  /** The last value of a scalar field as text (enum names and strings alike). */
  string(name: string): string | undefined {
    return this.strings(name).at(-1);
  }

  strings(name: string): string[] {
    return this.all(name).flatMap((v) => (v instanceof TextMessage ? [] : [v.text]));
  }

  number(name: string): number | undefined {
    return this.numbers(name).at(-1);
  }

  numbers(name: string): number[] {
    return this.strings(name).map((t) => parseNumber(t, name));
  }

  bool(name: string): boolean | undefined {
    const t = this.string(name);
    if (t === undefined) return undefined;
    if (t === 'true' || t === 't' || t === '1' || t === 'True') return true;
    if (t === 'false' || t === 'f' || t === '0' || t === 'False') return false;
    throw new Error(`${name}: expected true or false, got "${t}"`);
  }
}

function parseNumber(text: string, field: string): number {
  const t = text.toLowerCase().replace(/f$/, '');
  if (t === 'inf' || t === 'infinity') return Infinity;
  if (t === '-inf' || t === '-infinity') return -Infinity;
  if (t === 'nan') return NaN;
  const n = /^-?0x[0-9a-f]+$/.test(t) ? Number.parseInt(t, 16) : Number(t);
  if (t === '' || !Number.isFinite(n)) throw new Error(`${field}: "${text}" is not a number`);
  return n;
}

interface Token {
  kind: 'string' | 'ident' | 'number' | 'punct';
  text: string;
  line: number;
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  t: '\t',
  r: '\r',
  '\\': '\\',
  "'": "'",
  '"': '"',
  a: '\x07',
  b: '\b',
  f: '\f',
  v: '\v',
  '?': '?',
};

// Sticky: matched at the tokenizer's position without slicing the text.
const NUMBER =
  /[-+]?(?:0[xX][0-9a-fA-F]+|(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?[fF]?)(?![A-Za-z0-9_])/y;
const IDENT = /[-+]?[A-Za-z_][A-Za-z0-9_.]*/y;

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let line = 1;
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (c === '\n') {
      line++;
      i++;
    } else if (/\s/.test(c)) i++;
    else if (c === '#') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (c === '"' || c === "'") {
      let s = '';
      const start = line;
      i++;
      while (text[i] !== c) {
        if (i >= text.length || text[i] === '\n') {
          throw new Error(`line ${start}: unterminated string`);
        }
        if (text[i] === '\\') {
          const e = text[i + 1] ?? '';
          const octal = /^[0-7]{1,3}/.exec(text.slice(i + 1, i + 4)); // short slices only
          if (octal) {
            s += String.fromCharCode(Number.parseInt(octal[0], 8));
            i += 1 + octal[0].length;
          } else if (e === 'x') {
            const hex = /^[0-9a-fA-F]{1,2}/.exec(text.slice(i + 2, i + 4))?.[0] ?? '';
            s += String.fromCharCode(Number.parseInt(hex || '0', 16));
            i += 2 + hex.length;
          } else {
            s += ESCAPES[e] ?? e;
            i += 2;
          }
        } else s += text[i++];
      }
      i++;
      const prev = tokens.at(-1);
      // Adjacent string literals concatenate, as in C (only whitespace/comments between).
      if (prev?.kind === 'string') prev.text += s;
      else tokens.push({ kind: 'string', text: s, line: start });
    } else if ('{}<>[]:,;'.includes(c)) {
      tokens.push({ kind: 'punct', text: c, line });
      i++;
    } else {
      NUMBER.lastIndex = i;
      IDENT.lastIndex = i;
      const num = NUMBER.exec(text);
      const m = num ?? IDENT.exec(text);
      if (!m) throw new Error(`line ${line}: unexpected character "${c}"`);
      const word = m[0];
      const kind = num || /^[-+]?(inf|infinity|nan)$/i.test(word) ? 'number' : 'ident';
      tokens.push({ kind, text: word.replace(/^\+/, ''), line });
      i += word.length;
    }
  }
  return tokens;
}

/** Parses prototxt text into a TextMessage; errors give the line number. */
export function parsePrototxt(text: string): TextMessage {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = () => tokens[pos];
  const fail = (message: string): never => {
    const t = peek() ?? tokens.at(-1);
    throw new Error(`prototxt line ${t?.line ?? 1}: ${message}`);
  };
  const take = (text?: string): Token => {
    const t = tokens[pos];
    if (!t) return fail(`unexpected end of file${text ? ` (expected "${text}")` : ''}`);
    if (text !== undefined && t.text !== text) fail(`expected "${text}", got "${t.text}"`);
    pos++;
    return t;
  };
  const scalar = (): TextScalar => {
    const t = take();
    if (t.kind === 'punct') fail(`expected a value, got "${t.text}"`);
    return { kind: t.kind as TextScalar['kind'], text: t.text };
  };

  const parseBody = (close: string | null): TextMessage => {
    const msg = new TextMessage();
    for (;;) {
      const t = peek();
      if (!t) {
        if (close) fail(`missing "${close}"`);
        return msg;
      }
      if (close && t.text === close && t.kind === 'punct') {
        pos++;
        return msg;
      }
      if (t.kind === 'punct' && (t.text === ',' || t.text === ';')) {
        pos++;
        continue;
      }
      if (t.kind !== 'ident') fail(`expected a field name, got "${t.text}"`);
      pos++;
      const name = t.text;
      const colon = peek()?.text === ':' && peek()?.kind === 'punct';
      if (colon) pos++;
      const next = peek();
      if (next?.kind === 'punct' && (next.text === '{' || next.text === '<')) {
        pos++;
        msg.fields.push({ name, value: parseBody(next.text === '{' ? '}' : '>'), line: t.line });
      } else if (next?.kind === 'punct' && next.text === '[') {
        pos++;
        while (peek()?.text !== ']') {
          const p = peek();
          if (p?.kind === 'punct' && (p.text === '{' || p.text === '<')) {
            pos++;
            msg.fields.push({ name, value: parseBody(p.text === '{' ? '}' : '>'), line: t.line });
          } else msg.fields.push({ name, value: scalar(), line: t.line });
          if (peek()?.text === ',') pos++;
        }
        take(']');
      } else {
        if (!colon) fail(`expected ":" after "${name}"`);
        msg.fields.push({ name, value: scalar(), line: t.line });
      }
    }
  };
  return parseBody(null);
}
