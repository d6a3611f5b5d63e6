import { describe, expect, it } from 'vitest';
import { basicAuthorized, parseBasic } from '../../../../main/mlbackend/basicAuth.ts';

const header = (text: string) => `Basic ${Buffer.from(text).toString('base64')}`;
const expected = { user: 'ls', password: 'p:ss wörd' };

describe('Basic auth', () => {
  it('splits at the first colon, so a password may hold colons', () => {
    expect(parseBasic(header('ls:p:ss wörd'))).toEqual(expected);
    expect(parseBasic(header('no colon'))).toBeNull();
    expect(parseBasic('Bearer abc')).toBeNull();
    expect(parseBasic(undefined)).toBeNull();
  });

  it('lets in the right user and password only', () => {
    expect(basicAuthorized(header('ls:p:ss wörd'), expected)).toBe(true);
    expect(basicAuthorized(header('ls:p:ss word'), expected)).toBe(false);
    expect(basicAuthorized(header('LS:p:ss wörd'), expected)).toBe(false);
    expect(basicAuthorized(header(':'), expected)).toBe(false);
    expect(basicAuthorized(undefined, expected)).toBe(false);
  });
});
