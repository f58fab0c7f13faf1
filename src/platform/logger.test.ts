import { createLogger } from './logger';

function capture() {
  const lines: Array<Record<string, unknown>> = [];
  return {
    lines,
    destination: {
      write: (line: string) => {
        lines.push(JSON.parse(line));
      },
    },
  };
}

test('one JSON object per line with time, level, message, base and child fields', () => {
  const { lines, destination } = capture();
  const log = createLogger('info', { service: 'norae' }, destination).child({ request_id: 'r-1' });
  log.info('request', { status: 200 });
  log.debug('not shown at info');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatchObject({ level: 'info', msg: 'request', service: 'norae', request_id: 'r-1', status: 200 });
  expect(typeof lines[0].time).toBe('string');
});

test('errors are serialized with type, message and stack', () => {
  const { lines, destination } = capture();
  const err = Object.assign(new Error('boom'), { code: '22021' });
  createLogger('info', {}, destination).warn('write failed', { err });
  expect(lines[0].err).toMatchObject({
    type: 'Error',
    message: 'boom',
    code: '22021',
    stack: expect.stringContaining('boom'),
  });
});

test('authorization headers, tokens and passwords are redacted', () => {
  const { lines, destination } = capture();
  createLogger('info', {}, destination).info('login', {
    password: 'hunter22',
    token: 'abc',
    headers: { authorization: 'Bearer xyz', 'x-operator-token': 'op' },
    body: { password: 'p', refresh_token: 'r' },
    user: 'kept',
  });
  expect(lines[0]).toMatchObject({
    password: '[redacted]',
    token: '[redacted]',
    headers: { authorization: '[redacted]', 'x-operator-token': '[redacted]' },
    body: { password: '[redacted]', refresh_token: '[redacted]' },
    user: 'kept',
  });
  expect(JSON.stringify(lines[0])).not.toMatch(/hunter22|xyz|"abc"/);
});

test('silent writes nothing', () => {
  const { lines, destination } = capture();
  createLogger('silent', {}, destination).error('nothing');
  expect(lines).toEqual([]);
});
