// TRUST_PROXY in production names the proxies (addresses, CIDR ranges): a hop count would let anyone who reaches the
// API's port pick their own address with X-Forwarded-For, so loadConfig refuses it there with a clear message.
import { ConfigError, loadConfig, trustProxyProblems } from '../../src/platform/config';

const problemsOf = (env: Record<string, string>) => {
  try {
    loadConfig(env);
    return [];
  } catch (err) {
    return err instanceof ConfigError ? err.problems : [String(err)];
  }
};

describe('TRUST_PROXY', () => {
  test('a hop count is refused in production, naming the variable and the value', () => {
    expect(problemsOf({ APP_ENV: 'production', TRUST_PROXY: '1' })).toEqual([
      'TRUST_PROXY must list the proxies\' addresses or CIDR ranges in production, not a hop count (got "1")',
    ]);
  });

  test('addresses and CIDR ranges (IPv4 and IPv6) are accepted in production, and "none" stays the default', () => {
    expect(loadConfig({ APP_ENV: 'production', TRUST_PROXY: '172.30.77.1, 10.0.0.0/8, fd00::/8' }).trustProxy).toEqual([
      '172.30.77.1',
      '10.0.0.0/8',
      'fd00::/8',
    ]);
    expect(loadConfig({ APP_ENV: 'production' }).trustProxy).toBe(false);
    expect(loadConfig({ APP_ENV: 'production', TRUST_PROXY: 'loopback' }).trustProxy).toEqual(['loopback']);
  });

  test('outside production a hop count still works (local proxies, tests)', () => {
    expect(loadConfig({ APP_ENV: 'local', TRUST_PROXY: '2' }).trustProxy).toBe(2);
  });

  test('entries that are not addresses, ranges or Express names are a config error, not a crash at start', () => {
    expect(trustProxyProblems('10.0.0.0/33, proxy.example, true, ::1/129', 'local')).toEqual([
      'TRUST_PROXY entries must be addresses, CIDR ranges, loopback, linklocal or uniquelocal (got "10.0.0.0/33")',
      'TRUST_PROXY entries must be addresses, CIDR ranges, loopback, linklocal or uniquelocal (got "proxy.example")',
      'TRUST_PROXY entries must be addresses, CIDR ranges, loopback, linklocal or uniquelocal (got "true")',
      'TRUST_PROXY entries must be addresses, CIDR ranges, loopback, linklocal or uniquelocal (got "::1/129")',
    ]);
    expect(trustProxyProblems('10.0.0.0/255.0.0.0, uniquelocal, 127.0.0.1/32', 'production')).toEqual([]);
  });
});
