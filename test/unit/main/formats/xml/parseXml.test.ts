import { mkdtempSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ActionlineError } from '../../../../../main/base/errors.ts';
import {
  childNamed,
  childrenNamed,
  parseXmlText,
  wholeNumberAttribute,
} from '../../../../../main/formats/xml/parseXml.ts';
import { MAX_XML_BYTES, readImportXml } from '../../../../../main/formats/xml/readImportXml.ts';

/**
 * The XML reader of CVAT and ELAN imports: elements in order with paths, the predefined and
 * numeric entities decoded, and the attacks an XML parser must not fall for refused with one
 * line naming the file.
 */

function refusal(text: string): string {
  try {
    parseXmlText(text, 'in.xml');
  } catch (err) {
    expect(err).toBeInstanceOf(ActionlineError);
    expect((err as ActionlineError).code).toBe('BAD_FORMAT');
    return (err as Error).message;
  }
  throw new Error('expected a refusal');
}

describe('parseXmlText', () => {
  it('gives elements in document order, with attributes, text and paths', () => {
    const root = parseXmlText(
      '<?xml version="1.0" encoding="UTF-8"?>\n<doc v="1"><a n="x &amp; y &#65;&#x42;">one &lt; two<![CDATA[ <c> ]]></a><b/><a n="2"/></doc>',
      'in.xml',
    );
    expect(root.name).toBe('doc');
    expect(root.attributes).toEqual({ v: '1' });
    expect(root.children.map((c) => c.path)).toEqual([
      '/doc[1]/a[1]',
      '/doc[1]/b[1]',
      '/doc[1]/a[2]',
    ]);
    const first = childNamed(root, 'a')!;
    expect(first.attributes.n).toBe('x & y AB');
    expect(first.text).toBe('one < two <c> ');
    expect(childrenNamed(root, 'a')).toHaveLength(2);
    expect(childNamed(root, 'missing')).toBeNull();
  });

  it('refuses entity declarations (billion laughs) and external entities, naming the file', () => {
    const laughs =
      '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;">]><lolz>&lol2;</lolz>';
    const external =
      '<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><r>&x;</r>';
    for (const text of [laughs, external]) {
      const message = refusal(text);
      expect(message).toMatch(/^in\.xml: has a DOCTYPE/);
      expect(message).not.toContain('root:');
    }
  });

  it('leaves an undeclared entity as written, expanding nothing', () => {
    expect(parseXmlText('<r>&foo;</r>', 'in.xml').text).toBe('&foo;');
  });

  it('names the line and column of malformed XML, and refuses two roots or none', () => {
    expect(refusal('<a>\n<b></a>')).toMatch(/^in\.xml: not well-formed XML at line 2, column \d+/);
    expect(refusal('')).toMatch(/^in\.xml: /);
    expect(refusal('<a/><b/>')).toMatch(/^in\.xml: /);
  });

  it('reads whole-number attributes and names the attribute path of a bad one', () => {
    const root = parseXmlText('<r><s ms="1500" bad="1.5"/></r>', 'in.xml');
    const slot = childNamed(root, 's')!;
    expect(wholeNumberAttribute(slot, 'ms', 'in.xml')).toBe(1500);
    expect(() => wholeNumberAttribute(slot, 'bad', 'in.xml')).toThrow(
      'in.xml: /r[1]/s[1]@bad: expected a whole number ≥ 0, found "1.5"',
    );
    expect(() => wholeNumberAttribute(slot, 'none', 'in.xml')).toThrow(
      'in.xml: /r[1]/s[1]@none: missing',
    );
  });
});

describe('readImportXml', () => {
  it('refuses XML past its own limit before reading it (the tree would outgrow the heap)', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'actionline-xml-'));
    const big = path.join(dir, 'big.xml');
    writeFileSync(big, '<a/>');
    truncateSync(big, MAX_XML_BYTES + 1024 * 1024); // sparse: nothing is written
    await expect(readImportXml(big)).rejects.toThrow(
      `${big}: 65.0 MiB is larger than the 64.0 MiB`,
    );
    const small = path.join(dir, 'small.xml');
    writeFileSync(small, '<r><s/></r>');
    expect((await readImportXml(small)).children).toHaveLength(1);
  });
});
