import { describe, expect, it } from 'vitest';
import { connectionOptions, redactUrl } from '../../../../main/queue/connection.ts';

describe('connectionOptions', () => {
  it('reads host, port, db, user and password from a redis:// URL', () => {
    expect(connectionOptions('redis://alice:s%40cret@10.0.0.5:6380/2', {})).toMatchObject({
      host: '10.0.0.5',
      port: 6380,
      db: 2,
      username: 'alice',
      password: 's@cret',
      maxRetriesPerRequest: null,
    });
  });

  it('turns on TLS for rediss:// and takes the password from REDIS_PASSWORD', () => {
    const o = connectionOptions('rediss://redis.internal', { REDIS_PASSWORD: 'pw' });
    expect(o).toMatchObject({ host: 'redis.internal', port: 6379, password: 'pw', tls: {} });
  });

  it('rejects what is not a Redis URL, without echoing the password', () => {
    expect(() => connectionOptions('localhost:6379', {})).toThrow(/redis:\/\//);
    expect(() => connectionOptions('http://u:pw@host', {})).toThrow(/must start with redis/);
    expect(() => connectionOptions('http://u:pw@host', {})).not.toThrow(/pw/);
    expect(() => connectionOptions('redis://host/abc', {})).toThrow(/database number/);
  });

  it('redacts passwords for display', () => {
    expect(redactUrl('redis://u:pw@host:1/0')).toBe('redis://u:***@host:1/0');
    expect(redactUrl('redis://host:1')).toBe('redis://host:1');
  });
});
